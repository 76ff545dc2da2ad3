package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.shm.ProcessStatus;
import io.procguard.shm.StatusTableReader;
import io.procguard.shm.WriterState;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's life as root sees it: real strace sessions on real processes, a watched process that
 * exits, unwatch, SIGTERM with watches active, and the socket rules (live daemon, stale socket). The
 * daemon runs in its own JVM; the clients run in-process as root.
 */
@Timeout(180)
@ExtendWith(NeedsTracing.class)
class DaemonLifecycleTest {
    @TempDir
    Path dir;

    private DaemonProcess daemon;
    private Process loop;
    private Process other;

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : new Process[] {loop, other}) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void jsonOutWritesTheStatusLinesOfEveryWatchToItsFileNotToStdout() throws Exception {
        Path statuses = dir.resolve("statuses.jsonl");
        daemon = DaemonProcess.start(dir, dir.resolve("s.sock"), "--score-interval", "100", "--json-out", statuses.toString());
        Process target = new ProcessBuilder("sh", "-c", "sleep 1; ls / > /dev/null; exit 0").start();
        CliRunner.Result watch = CliRunner.run("watch", "--socket", daemon.socket.toString(), Long.toString(target.pid()));
        assertThat(watch.exitCode()).as(watch.err()).isZero();
        assertThat(target.waitFor(30, TimeUnit.SECONDS)).isTrue();
        awaitList(l -> l.contains("\"state\":\"ended\""));
        assertThat(Files.readAllLines(statuses)).as(daemon.err())
                .anyMatch(l -> l.contains("\"event\":\"status\"") && l.contains("\"pid\":" + target.pid()));
        assertThat(Files.readString(dir.resolve("daemon.out"))).doesNotContain("\"event\":\"status\"");
    }

    @Test
    void anIdleWatchedProcessCountsAsOneLiveProcessBeforeItMakesACall() throws Exception {
        daemon = DaemonProcess.start(dir, dir.resolve("s.sock"), "--score-interval", "100");
        loop = new ProcessBuilder("sleep", "60").start(); // blocked in its sleep: no line in the trace until it wakes
        CliRunner.Result watch = CliRunner.run("watch", "--socket", daemon.socket.toString(), Long.toString(loop.pid()));
        assertThat(watch.exitCode()).as(watch.err()).isZero();
        String list = CliRunner.run("list", "--socket", daemon.socket.toString(), "--json").out();
        assertThat(list).contains("\"pid\":" + loop.pid()).contains("\"state\":\"watching\"").contains("\"processes\":1");
        assertThat(MonitorProcess.log(daemon.logs, loop.pid())).as("nothing traced yet").isEmpty();
    }

    @Test
    void watchedProcessThatExitsEndsItsWatchAndListSaysHow() throws Exception {
        daemon = DaemonProcess.start(dir, dir.resolve("s.sock"), "--score-interval", "100");
        Process target = new ProcessBuilder("sh", "-c", "sleep 1; ls / > /dev/null; exit 7").start();

        CliRunner.Result watch = CliRunner.run("watch", "--socket", daemon.socket.toString(), Long.toString(target.pid()));
        assertThat(watch.exitCode()).as(watch.err()).isZero();
        assertThat(target.waitFor(30, TimeUnit.SECONDS)).isTrue();

        String list = awaitList(l -> l.contains("\"state\":\"ended\""));
        assertThat(list).contains("\"pid\":" + target.pid()).contains("\"ending\":\"exited 7\"").contains("\"processes\":0");
        CliRunner.Result human = CliRunner.run("list", "--socket", daemon.socket.toString());
        assertThat(human.out()).contains("ID").contains("exited 7").contains(" sh");
        assertThat(MonitorProcess.log(daemon.logs, target.pid())).anyMatch(l -> l.contains("\"exit_code\":7"));
        assertThat(daemon.log()).anyMatch(l -> l.contains("\"event\":\"ended\"") && l.contains("exited 7"));
    }

    @Test
    void aWatchedProgramNamedWithTerminalEscapesCannotWriteThemThroughList() throws Exception {
        daemon = DaemonProcess.start(dir, dir.resolve("s.sock"), "--score-interval", "100");
        Path named = Files.createSymbolicLink(dir.resolve("\u001b]0;x\u0007\u001b[2Jsh"), Path.of("/bin/sh"));
        Process target = new ProcessBuilder(named.toString(), "-c", "sleep 1; ls / > /dev/null; exit 0").start();
        CliRunner.Result watch = CliRunner.run("watch", "--socket", daemon.socket.toString(), Long.toString(target.pid()));
        assertThat(watch.exitCode()).as(watch.err()).isZero();
        awaitList(l -> l.contains("\"pid\":" + target.pid()));
        CliRunner.Result human = CliRunner.run("list", "--socket", daemon.socket.toString());
        assertThat(human.out()).contains("\\x1b]0;x\\x07\\x1b[2Jsh").doesNotContain("\u001b", "\u0007");
        assertThat(target.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void unwatchDetachesAndSigtermDetachesTheRestReleasesTheTableAndRemovesTheSocket() throws Exception {
        daemon = DaemonProcess.start(dir, dir.resolve("s.sock"), "--score-interval", "100");
        loop = new ProcessBuilder("sh", "-c", "while true; do ls / > /dev/null; sleep 0.2; done").start();
        other = new ProcessBuilder("sh", "-c", "while true; do cat /etc/hostname > /dev/null; sleep 0.2; done").start();

        CliRunner.Result watch = CliRunner.run("watch", "--socket", daemon.socket.toString(), Long.toString(loop.pid()),
                Long.toString(other.pid()));
        assertThat(watch.exitCode()).as(watch.err()).isZero();
        assertThat(watch.out()).contains("watching pid " + loop.pid()).contains("watching pid " + other.pid());
        assertThat(CliRunner.run("watch", "--socket", daemon.socket.toString(), Long.toString(loop.pid())).out())
                .contains("already watching pid " + loop.pid());
        awaitList(l -> l.contains("\"worst\":\"BENIGN\""));
        try (StatusTableReader table = StatusTableReader.open(daemon.shm)) {
            // each shell is published at its first scoring, which a loaded machine can delay past the list's first BENIGN
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!table.snapshot().stream().map(ProcessStatus::pid).toList().containsAll(List.of((int) loop.pid(), (int) other.pid()))
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(table.snapshot()).extracting(ProcessStatus::pid).contains((int) loop.pid(), (int) other.pid());
        }

        CliRunner.Result unwatch = CliRunner.run("unwatch", "--socket", daemon.socket.toString(), Long.toString(loop.pid()));
        assertThat(unwatch.exitCode()).as(unwatch.err()).isZero();
        assertThat(unwatch.out()).contains("detached (unwatched by uid 0)");
        assertThat(DaemonProcess.tracerOf(loop.pid())).isZero();
        assertThat(loop.isAlive()).isTrue();
        assertThat(DaemonProcess.tracerOf(other.pid())).as("the other watch goes on").isPositive();
        assertThat(CliRunner.run("unwatch", "--socket", daemon.socket.toString(), Long.toString(loop.pid())).exitCode())
                .as("no longer watched").isEqualTo(ExitCodes.BAD_INPUT);

        assertThat(daemon.stop()).isZero();
        assertThat(DaemonProcess.tracerOf(other.pid())).as("detached at stop").isZero();
        assertThat(other.isAlive()).isTrue();
        assertThat(daemon.socket).doesNotExist();
        assertThat(daemon.log().get(daemon.log().size() - 1)).contains("\"event\":\"stopped\"").contains("\"detached\":1");
        try (StatusTableReader table = StatusTableReader.open(daemon.shm)) {
            assertThat(table.writerState()).isEqualTo(WriterState.CLOSED);
            assertThat(table.snapshot()).noneMatch(ProcessStatus::active);
        }
        assertThat(MonitorProcess.log(daemon.logs, other.pid())).anyMatch(l -> l.contains("\"ending\":\"detached\""));
        CliRunner.Result gone = CliRunner.run("list", "--socket", daemon.socket.toString());
        assertThat(gone.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(gone.err()).isEqualTo("procguard: cannot connect to " + daemon.socket + ": is 'procguard daemon' running?"
                + System.lineSeparator());
    }

    /**
     * A strace that cannot detach (stopped here with SIGSTOP, as a starved or wedged one would be) does not outlive the
     * daemon's stop while still tracing: after {@link io.procguard.cli.control.Daemon#DETACH_SECONDS} it is killed,
     * which releases the process, and stderr says so.
     */
    @Test
    void aStraceThatDoesNotDetachIsKilledAtStopAndItsProcessKeepsRunningUntraced() throws Exception {
        daemon = DaemonProcess.start(dir, dir.resolve("s.sock"));
        loop = new ProcessBuilder("sh", "-c", "while true; do ls / > /dev/null; sleep 0.2; done").start();
        CliRunner.Result watch = CliRunner.run("watch", "--socket", daemon.socket.toString(), Long.toString(loop.pid()));
        assertThat(watch.exitCode()).as(watch.err()).isZero();
        int strace = DaemonProcess.tracerOf(loop.pid());
        assertThat(strace).as("traced").isPositive();
        assertThat(new ProcessBuilder("kill", "-STOP", Integer.toString(strace)).start().waitFor()).isZero();

        assertThat(daemon.stop()).isZero();
        assertThat(DaemonProcess.tracerOf(loop.pid())).as("released when its strace was killed").isZero();
        assertThat(loop.isAlive()).isTrue();
        assertThat(ProcessHandle.of(strace)).as("strace is gone").isEmpty();
        assertThat(daemon.err()).contains("strace did not detach within " + io.procguard.cli.control.Daemon.DETACH_SECONDS
                + " s; killed it, which lets go of its processes (they keep running)");
    }

    @Test
    void aSecondDaemonOnALiveSocketIsRefusedAndAStaleSocketIsReplaced() throws Exception {
        Path socket = dir.resolve("s.sock");
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket)); // closing leaves the file, as a crash would
        }
        assertThat(socket).exists();
        daemon = DaemonProcess.start(dir, socket);

        Path second = Files.createDirectory(dir.resolve("second"));
        MonitorProcess.Result r = DaemonProcess.refused(second, "daemon", "--socket", socket.toString(), "--no-shm",
                "--log-dir", second.resolve("logs").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(r.err()).contains("a daemon is already listening there").doesNotContain("Exception");
        assertThat(CliRunner.run("list", "--socket", socket.toString()).exitCode()).as("the first one still serves").isZero();
    }

    @Test
    void badPidsAreBadInputAndEachMessageNamesThePidOnce() throws Exception {
        daemon = DaemonProcess.start(dir, dir.resolve("s.sock"));
        CliRunner.Result none = CliRunner.run("watch", "--socket", daemon.socket.toString(), "4194000");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(none.err()).isEqualTo("procguard: pid 4194000: no such process\n");
        CliRunner.Result notWatched = CliRunner.run("unwatch", "--socket", daemon.socket.toString(), "4194000");
        assertThat(notWatched.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(notWatched.err()).isEqualTo("procguard: pid 4194000 is not watched\n");
        long thread = Files.list(Path.of("/proc/self/task")).map(p -> Long.parseLong(p.getFileName().toString()))
                .filter(t -> t != ProcessHandle.current().pid()).findFirst().orElseThrow();
        CliRunner.Result t = CliRunner.run("watch", "--socket", daemon.socket.toString(), Long.toString(thread));
        assertThat(t.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(t.err()).isEqualTo("procguard: pid " + thread + " is a thread of process " + ProcessHandle.current().pid()
                + "; watch " + ProcessHandle.current().pid() + "\n");
        assertThat(CliRunner.run("watch", "--socket", daemon.socket.toString(), Long.toString(daemon.process.pid())).err())
                .isEqualTo("procguard: pid " + daemon.process.pid() + " is the procguard daemon itself\n");
        // --json prints the daemon's answer as it is: that names the pid for scripts and socat users
        assertThat(CliRunner.run("watch", "--json", "--socket", daemon.socket.toString(), "4194000").out())
                .contains("\"error\":\"pid 4194000: no such process\"");
    }

    private String awaitList(Predicate<String> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String list = "";
        while (System.nanoTime() < deadline) {
            list = CliRunner.run("list", "--socket", daemon.socket.toString(), "--json").out();
            if (done.test(list)) {
                return list;
            }
            Thread.sleep(100);
        }
        return list;
    }
}
