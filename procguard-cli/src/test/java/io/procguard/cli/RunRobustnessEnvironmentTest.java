package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procguard.shm.ProcessStatus;
import io.procguard.shm.StatusTableReader;
import io.procguard.shm.TableInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code procguard run} in a hostile or broken environment: a full disk, a log directory it may not
 * write, a full status table, {@code --user}, missing privileges or strace, hostile arguments and the
 * {@code --json-dir} output. Real strace, real mounts (root only: skipped with a message otherwise).
 */
@Timeout(120)
@ExtendWith(NeedsTracing.class)
class RunRobustnessEnvironmentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<Path> mounts = new ArrayList<>();
    private RobustnessSession session;

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (session != null && session.ended()) {
                assertThat(session.leftovers()).noneMatch(RobustnessSession.ProcState::stopped);
            }
        } finally {
            if (session != null) {
                session.close();
            }
            for (Path m : mounts) {
                run("umount", m.toString());
            }
        }
    }

    @Test
    void fullDiskGivesOneWarningPerFileKindTheProgramRunsToItsEndAndTheTallySaysTheLogsAreIncomplete() throws Exception {
        Path disk = mountTmpfs("size=64k,mode=700");
        session = RobustnessSession.start(dir, "run", "--classifier", "monitor-rules", "--no-shm",
                "--log-dir", disk.resolve("logs").toString(), "--json-dir", disk.resolve("events").toString(),
                "--", "sh", "-c", "for i in $(seq 30); do ls /usr/bin > /dev/null; done; echo all-30-done");
        MonitorProcess.Result r = session.waitFor(60);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("all-30-done\n");
        assertThat(r.err().lines().filter(l -> l.contains("No space left on device"))).as(r.err()).hasSize(2)
                .anyMatch(l -> l.startsWith("procguard: cannot write " + disk.resolve("logs")))
                .anyMatch(l -> l.startsWith("procguard: cannot write " + disk.resolve("events")))
                .allMatch(l -> l.endsWith("; monitoring goes on without these files"));
        assertThat(r.err()).contains("procguard: 32 processes: 32 benign; logs in " + disk.resolve("logs")
                + " (incomplete: writing failed, see above)").doesNotContain("Exception");
    }

    @Test
    void readOnlyLogDirectoryIsAOneLineErrorAndTheProgramNeverStarts() throws Exception {
        Path ro = mountTmpfs("size=64k,mode=700,ro");
        Path marker = dir.resolve("ran");
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm",
                "--log-dir", ro.toString(), "--", "touch", marker.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("procguard: " + ro + ": not writable\n");
        assertThat(marker).doesNotExist();
    }

    @Test
    void logDirectoryOwnedByAnotherUserIsRefused() throws Exception {
        Path theirs = Files.createDirectory(dir.resolve("theirs"));
        run("chown", "nobody", theirs.toString());
        Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("r-x------"));
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm",
                "--log-dir", theirs.toString(), "--", "true");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("procguard: " + theirs + ": owned by uid 65534, not by us (uid 0); choose another directory\n");
    }

    @Test
    void fullStatusTableWarnsOnceInOneLineKeepsLoggingEveryProcessAndReleasesEverySlot() throws Exception {
        Path table = dir.resolve("table");
        session = RobustnessSession.start(dir, "run", "--classifier", "monitor-rules", "--shm", table.toString(),
                "--shm-slots", "4", "--", "sh", "-c", "for i in $(seq 12); do sleep 1 & done; wait");
        MonitorProcess.Result r = session.waitFor(60);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err().lines().filter(l -> l.contains("full"))).as(r.err()).containsExactly(
                "procguard: status table " + table + " is full (4 slots); some processes are not published there (logs still have them)");
        assertThat(r.err()).doesNotContain("WARNING").contains("procguard: 14 processes: 14 benign"); // sh, seq, 12 sleeps
        try (var logs = Files.list(dir.resolve("logs"))) {
            assertThat(logs.count()).isEqualTo(14);
        }
        try (StatusTableReader reader = StatusTableReader.open(table)) {
            TableInfo info = reader.info();
            assertThat(info.closed()).isTrue();
            assertThat(info.overflows()).as("claims refused while full").isPositive();
            assertThat(reader.snapshot()).as("no slot left active after the end").noneMatch(ProcessStatus::active);
        }
    }

    @Test
    void userRunsTheProgramAsThatUserNotAsRoot() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")), "useradd is not installed");
        String user = "pgrob" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        assertThat(run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user)).isZero();
        try {
            int uid = Integer.parseInt(output("id", "-u", user).trim());
            MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm",
                    "--user", user, "--", "sh", "-c", "id -u; id -ru; touch /root/pgrob-must-fail");
            assertThat(r.out()).isEqualTo(uid + "\n" + uid + "\n");
            assertThat(r.exitCode()).as("touch in /root fails for the unprivileged user").isOne();
            assertThat(Path.of("/root/pgrob-must-fail")).doesNotExist();
            assertThat(MonitorProcess.allLogs(dir.resolve("logs")).stream().filter(l -> l.contains("\"event\":\"started\"")))
                    .hasSize(4).allMatch(l -> l.contains("\"uid\":" + uid + ","));
        } finally {
            run("userdel", user);
        }
    }

    @Test
    void underUserTheProgramCannotPushKeystrokesIntoTheTerminalAndHasTheUsersHome() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "python3 is not installed (it drives a pseudo-terminal here)");
        Path legacy = Path.of("/proc/sys/dev/tty/legacy_tiocsti");
        assumeTrue(!Files.exists(legacy) || Files.readString(legacy).trim().equals("1"),
                "TIOCSTI is disabled for everyone on this kernel (dev.tty.legacy_tiocsti=0): nothing to show");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path sti = Files.writeString(dir.resolve("sti.py"), String.join("\n",
                "import fcntl, os, termios",
                "try:",
                "    fcntl.ioctl(0, termios.TIOCSTI, b'#')",
                "    print('injected', flush=True)",
                "except OSError as e:",
                "    print('refused', e.errno, flush=True)",
                "print('home', os.environ.get('HOME'), 'user', os.environ.get('USER'), flush=True)", ""));
        // runs procguard on a new pseudo-terminal, as from an interactive root shell, and prints what it wrote
        String driver = String.join("\n",
                "import os, pty, sys",
                "pid, fd = pty.fork()",
                "if pid == 0:",
                "    os.execv(sys.argv[1], sys.argv[1:])",
                "out = b''",
                "while True:",
                "    try:",
                "        chunk = os.read(fd, 4096)",
                "    except OSError:",
                "        break",
                "    if not chunk:",
                "        break",
                "    out += chunk",
                "os.waitpid(pid, 0)",
                "sys.stdout.write(out.decode(errors='replace'))", "");
        List<String> argv = new ArrayList<>(List.of(python.toString(), "-c", driver));
        argv.addAll(MonitorProcess.command("run", "--classifier", "monitor-rules", "--no-shm", "--quiet", "--log-dir",
                dir.resolve("logs").toString(), "--user", "nobody", "--", python.toString(), sti.toString()));
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String home = output("getent", "passwd", "nobody").trim().split(":")[5];
        assertThat(out).contains("refused 1").doesNotContain("injected").contains("home " + home + " user nobody");
    }

    @Test
    void withoutCapSysPtraceAttachAndUserAreOneLineErrorsThatSayWhatToDo() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is not installed");
        List<String> drop = List.of("/usr/bin/setpriv", "--bounding-set=-sys_ptrace");
        Result attach = capture(drop, "attach", "--classifier", "monitor-rules", "--no-shm", "1");
        assertThat(attach.code()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(attach.err()).isEqualTo("procguard: tracing other processes needs root or CAP_SYS_PTRACE; run it with sudo\n");
        Result user = capture(drop, "run", "--classifier", "monitor-rules", "--no-shm", "--user", "nobody", "--", "true");
        assertThat(user.code()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(user.err()).isEqualTo("procguard: --user needs root to switch users; run it with sudo\n");
    }

    @Test
    void missingStraceIsAOneLineErrorThatSaysHowToInstallIt() throws Exception {
        session = RobustnessSession.start(dir, List.of(), Map.of("PATH", dir.resolve("empty-path").toString()),
                "run", "--classifier", "monitor-rules", "--no-shm", "--", "/bin/true");
        MonitorProcess.Result r = session.waitFor(60);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(r.err()).isEqualTo("procguard: strace not found on PATH; install it with: sudo apt-get install strace\n");
    }

    @Test
    void hostileArgumentsReachTheProgramVerbatimAndTheTraceTravelsThroughAPrivateFile() throws Exception {
        Path marker = dir.resolve("pwned");
        List<String> hostile = List.of("$(touch " + marker + ")", "`touch " + marker + "`", "; touch " + marker, "a b\tc", "*", "'\"");
        List<String> args = new ArrayList<>(List.of("run", "--classifier", "monitor-rules", "--no-shm", "--",
                "sh", "-c", "sleep 1; printf '%s|' \"$@\"", "sh"));
        args.addAll(hostile);
        session = RobustnessSession.start(dir, args.toArray(String[]::new));
        // /proc/PID/cmdline may read empty for a moment around strace's exec: wait for the argv itself
        RobustnessSession.eventually(30, () -> session.strace().flatMap(s -> s.info().arguments()).isPresent());
        List<String> straceArgv = session.strace().flatMap(s -> s.info().arguments()).map(List::of).orElseThrow();
        Path trace = Path.of(straceArgv.get(straceArgv.indexOf("-o") + 1));
        // the monitor removes the file's name and its directory once strace writes (TraceFile.removeNames), which on a
        // fast machine is before this test can look: the file's mode is read through strace's own descriptor (the
        // directory's 0700 is TraceFileTest's)
        long stracePid = session.strace().orElseThrow().pid();
        Path[] written = new Path[1];
        RobustnessSession.eventually(30, () -> (written[0] = descriptorOf(stracePid, trace)) != null);
        assertThat(written[0]).as("strace's descriptor of " + trace).isNotNull();
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(written[0]));
        MonitorProcess.Result r = session.waitFor(60);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(String.join("|", hostile) + "|");
        assertThat(marker).doesNotExist();
        assertThat(straceArgv.subList(straceArgv.size() - hostile.size(), straceArgv.size())).isEqualTo(hostile);
        assertThat(trace.getFileName().toString()).isEqualTo("trace.log");
        assertThat(mode).isEqualTo("rw-------");
        assertThat(trace.getParent().getFileName().toString()).matches("procguard-\\d{6,}");
        assertThat(trace.getParent()).as("private trace directory removed at the end").doesNotExist();
    }

    @Test
    void jsonDirHoldsEveryParsedEventPerProcessMatchingTheSummaryCountsAndIsOffByDefault() throws Exception {
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm",
                "--json-dir", "events", "--", "sh", "-c", "ls / > /dev/null; exit 3");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        Path events = dir.resolve("events");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(events))).isEqualTo("rwx------");
        List<Path> files;
        try (var s = Files.list(events)) {
            files = s.sorted().toList();
        }
        assertThat(files).hasSize(2);
        for (Path f : files) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS))).isEqualTo("rw-------");
            String pid = f.getFileName().toString().replaceAll("\\D", "");
            Map<String, Integer> counted = new HashMap<>();
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            for (String line : lines) {
                JsonNode e = JSON.readTree(line);
                assertThat(e.get("pid").asText()).isEqualTo(pid);
                if (e.get("kind").asText().equals("SYSCALL")) {
                    counted.merge(e.get("syscall").asText(), 1, Integer::sum);
                }
            }
            JsonNode summary = JSON.readTree(MonitorProcess.log(dir.resolve("logs"), Long.parseLong(pid)).stream()
                    .filter(l -> l.contains("\"event\":\"summary\"")).findFirst().orElseThrow());
            assertThat(summary.get("events").asInt()).isEqualTo(lines.size());
            Map<String, Integer> summarised = new HashMap<>();
            summary.get("syscalls").fields().forEachRemaining(en -> summarised.put(en.getKey(), en.getValue().asInt()));
            assertThat(counted).isEqualTo(summarised);
            assertThat(lines.get(lines.size() - 1)).contains("\"kind\":\"EXITED\"");
        }

        Path plain = Files.createDirectory(dir.resolve("plain"));
        assertThat(MonitorProcess.run(plain, "run", "--classifier", "monitor-rules", "--no-shm", "--", "true").exitCode()).isZero();
        try (var s = Files.list(plain)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("logs", "stdout", "stderr");
        }
    }

    /** Mounts a small tmpfs under the test directory (root only), unmounted after the test. */
    private Path mountTmpfs(String options) throws Exception {
        Path m = Files.createDirectory(dir.resolve("mnt" + mounts.size()));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", options, "tmpfs", m.toString()) == 0, "cannot mount a tmpfs here (needs root)");
        mounts.add(m);
        return m;
    }

    private record Result(int code, String err) {
    }

    /** Runs procguard behind a prefix command (e.g. setpriv) and captures its stderr. */
    private Result capture(List<String> prefix, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(MonitorProcess.command(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), err);
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static String output(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    /** @return {@code /proc/PID/fd/N} of the descriptor {@code pid} holds on {@code file} (removed or not), null if none */
    private static Path descriptorOf(long pid, Path file) {
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.filter(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return target.equals(file.toString()) || target.equals(file + " (deleted)");
                } catch (IOException gone) {
                    return false;
                }
            }).findFirst().orElse(null);
        } catch (IOException | UncheckedIOException gone) {
            return null;
        }
    }
}
