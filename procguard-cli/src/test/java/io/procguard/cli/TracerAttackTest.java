package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A traced program that goes for its tracer: {@code kill -9 $PPID} under {@code procguard run} is a signal to strace,
 * which the model cannot see for what it is (only the monitor knows strace's pid). Real strace, real programs, procguard
 * in a JVM of its own; the classifier is the test's {@code monitor-rules}, which alone would call these shells benign.
 */
@Timeout(120)
@ExtendWith(NeedsTracing.class)
class TracerAttackTest {
    @TempDir
    Path dir;

    private RobustnessSession session;

    @AfterEach
    void cleanUp() throws Exception {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void aProgramThatKillsStraceIsMaliciousIsNamedAtTheEndAndRunsOnUntraced() throws Exception {
        session = RobustnessSession.start(dir, "run", "--classifier", "monitor-rules", "--no-shm",
                "--", "sh", "-c", "kill -9 $PPID; sleep 1; echo finished");
        MonitorProcess.Result r = session.waitFor(30);

        assertThat(r.exitCode()).as(r.err()).isEqualTo(128 + 9);
        long shell = attacker(r.err());
        assertThat(r.err())
                .contains("procguard: pid " + shell + " (sh) UNKNOWN -> MALICIOUS")
                .contains("attacked its tracer (strace, pid ")
                .contains("procguard: strace was killed by SIGKILL before the program ended, after pid " + shell
                        + " (sh) attacked it: kill(")
                .contains("pid " + shell + " keeps running, no longer traced")
                .doesNotContain("Exception");
        List<String> log = MonitorProcess.log(dir.resolve("logs"), shell);
        assertThat(log).anyMatch(l -> l.contains("\"status\":\"MALICIOUS\"") && l.contains("attacked its tracer (strace, pid ")
                && l.contains("SIGKILL"));
        assertThat(RobustnessSession.eventually(20, () -> outContains("finished")))
                .as("without --kill-on the program, detached, runs to its end").isTrue();
    }

    @Test
    void withKillOnWhatIsLeftOfTheProgramIsKilledOnceStraceIsGone() throws Exception {
        Path marker = dir.resolve("reached");
        session = RobustnessSession.start(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--kill-on", "malicious",
                "--", "sh", "-c", "sleep 60 & kill -9 $PPID; sleep 2; touch " + marker + "; wait");
        MonitorProcess.Result r = session.waitFor(30);

        assertThat(r.exitCode()).as(r.err()).isEqualTo(128 + 9);
        long shell = attacker(r.err());
        assertThat(r.err()).contains("after pid " + shell + " (sh) attacked it: kill(")
                .containsPattern("--kill-on: procguard killed what was left of it, untraced \\(pids (\\d+, )*" + shell + "\\b")
                .doesNotContain("keeps running");
        Thread.sleep(3_000);
        assertThat(marker).as("the program was stopped before it went on").doesNotExist();
        assertThat(session.liveLeftovers()).as("the shell and its background sleep").isEmpty();
    }

    @Test
    void aFailedAttemptUnderAnotherUserIsMaliciousTooAndTheTraceGoesOn() throws Exception {
        session = RobustnessSession.start(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--user", "nobody",
                "--", "sh", "-c", "kill -TERM $PPID; echo survived");
        MonitorProcess.Result r = session.waitFor(30);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("survived");
        long shell = attacker(r.err());
        assertThat(MonitorProcess.log(dir.resolve("logs"), shell))
                .anyMatch(l -> l.contains("\"status\":\"MALICIOUS\"") && l.contains("SIGTERM) = -1 EPERM"))
                .anyMatch(l -> l.contains("\"event\":\"exit\""));
        assertThat(r.err()).doesNotContain("strace was killed");
    }

    @Test
    void signalsThatDoNoHarmAndSignalsToItsOwnChildrenAreNotAttacks() throws Exception {
        session = RobustnessSession.start(dir, "run", "--classifier", "monitor-rules", "--no-shm",
                "--", "sh", "-c", "sleep 60 & kill -9 $!; kill -0 $PPID; kill -CONT $PPID; kill -WINCH $PPID; echo done");
        MonitorProcess.Result r = session.waitFor(30);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("done");
        assertThat(r.err()).doesNotContain("attacked").doesNotContain("MALICIOUS");
        assertThat(MonitorProcess.allLogs(dir.resolve("logs"))).noneMatch(l -> l.contains("attacked its tracer"));
    }

    @Test
    void aProcessThatFindsItIsTracedAfterAnAttachAndKillsItsTracerIsNamedAsProcShowsIt() throws Exception {
        // the trace never shows an attached process's name (no execve): procguard reads it from /proc
        // waits until awk, its child, reads a tracer in /proc/self/status, then kills that tracer: strace
        String tracer = "$(awk '/TracerPid/{print $2}' /proc/self/status)";
        Process target = new ProcessBuilder("sh", "-c", "while [ " + tracer + " = 0 ]; do sleep 0.1; done; kill -9 " + tracer
                + "; sleep 60").start();
        try {
            session = RobustnessSession.start(dir, "attach", "--classifier", "monitor-rules", "--no-shm", Long.toString(target.pid()));
            MonitorProcess.Result r = session.waitFor(30);

            assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.FAILURE);
            assertThat(attacker(r.err())).isEqualTo(target.pid());
            assertThat(r.err()).contains("procguard: strace was killed by SIGKILL, after pid " + target.pid()
                    + " (sh) attacked it: kill(").contains("the processes run on, no longer traced");
            assertThat(target.isAlive()).isTrue();
        } finally {
            target.destroyForcibly();
        }
    }

    /**
     * A raw {@code clone(CLONE_UNTRACED|SIGCHLD)} from Python: {@code strace -f} does not follow the child, which waits
     * two seconds and writes a file. Without {@code --kill-on} it runs unseen and the parent is MALICIOUS; with it, the
     * child is killed before it writes.
     */
    @Test
    void aChildStartedOutOfStracesReachIsReportedAtOnceAndKilledWithKillOn() throws Exception {
        assumePython();
        String clone = "import ctypes, os, sys, time\n"
                + "libc = ctypes.CDLL(None, use_errno=True)\n"
                + "pid = libc.syscall(56, 0x00800000 | 17, 0, 0, 0, 0)  # clone(CLONE_UNTRACED|SIGCHLD)\n"
                + "if pid == 0:\n"
                + "    time.sleep(2)\n"
                + "    open(sys.argv[1], 'w').write('unseen')\n"
                + "    os._exit(0)\n"
                + "os.waitpid(pid, 0)\n";
        Files.writeString(dir.resolve("clone.py"), clone);
        Path unseen = dir.resolve("unseen.txt");
        session = RobustnessSession.start(dir, "run", "--classifier", "monitor-rules", "--no-shm",
                "--", "/usr/bin/python3", dir.resolve("clone.py").toString(), unseen.toString());
        MonitorProcess.Result r = session.waitFor(30);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(unseen).as("without --kill-on the child runs, unseen").exists();
        assertThat(r.err()).containsPattern("procguard: pid \\d+ (\\(python3\\) )?started pid \\d+ with CLONE_UNTRACED: strace does not follow it,"
                + " so what it does is not seen; it runs on \\(--kill-on would kill it\\)")
                .containsPattern("procguard: pid \\d+ \\(python3\\) UNKNOWN -> MALICIOUS[^\n]*escaped its tracer \\(started pid \\d+"
                        + " with CLONE_UNTRACED");
        session.close();

        Path killedDir = Files.createDirectory(dir.resolve("with-kill-on"));
        Path unseenAgain = killedDir.resolve("unseen.txt");
        session = RobustnessSession.start(killedDir, "run", "--classifier", "monitor-rules", "--no-shm", "--kill-on", "malicious",
                "--", "/usr/bin/python3", dir.resolve("clone.py").toString(), unseenAgain.toString());
        r = session.waitFor(30);

        assertThat(r.err()).containsPattern("procguard: pid \\d+ (\\(python3\\) )?started pid \\d+ with CLONE_UNTRACED: strace does not follow it,"
                + " so what it does is not seen; killed it \\(--kill-on\\)");
        Thread.sleep(2_500);
        assertThat(unseenAgain).as("the child was killed before it wrote").doesNotExist();
    }

    @Test
    void anIoUringIsNotedAsABlindSpotNotScored() throws Exception {
        assumePython();
        String setup = "import ctypes\n"
                + "libc = ctypes.CDLL(None, use_errno=True)\n"
                + "params = (ctypes.c_char * 120)()\n"
                + "fd = libc.syscall(425, 8, params)  # io_uring_setup(8 entries)\n"
                + "print('ring', fd if fd >= 0 else -ctypes.get_errno())\n";
        Files.writeString(dir.resolve("ring.py"), setup);
        session = RobustnessSession.start(dir, "run", "--classifier", "monitor-rules", "--no-shm",
                "--", "/usr/bin/python3", dir.resolve("ring.py").toString());
        MonitorProcess.Result r = session.waitFor(30);

        assertThat(r.exitCode()).as(r.err()).isZero();
        org.junit.jupiter.api.Assumptions.assumeTrue(r.out().matches("(?s).*ring \\d+\n.*"),
                "io_uring is disabled on this kernel (kernel.io_uring_disabled): " + r.out());
        assertThat(r.err()).containsPattern("procguard: note: pid \\d+ (\\(python3\\) )?set up an io_uring \\(fd \\d+\\): the opens,"
                + " reads, writes and connects it submits there do not appear in strace's trace")
                .doesNotContain("MALICIOUS");
    }

    private static void assumePython() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")),
                "/usr/bin/python3 is not installed: .ci/setup installs it");
    }

    /** @return the pid of the shell the status line names as having attacked its tracer */
    private static long attacker(String err) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("procguard: pid (\\d+) \\(sh\\) UNKNOWN -> MALICIOUS[^\n]*"
                + "attacked its tracer").matcher(err);
        assertThat(m.find()).as("a MALICIOUS line for the attacking shell in:%n%s", err).isTrue();
        return Long.parseLong(m.group(1));
    }

    private boolean outContains(String text) {
        try {
            return Files.readString(dir.resolve("stdout")).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
