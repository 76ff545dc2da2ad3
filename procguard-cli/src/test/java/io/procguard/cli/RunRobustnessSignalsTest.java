package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code procguard run} when the session is cut short: Ctrl-C (SIGINT to the whole process group, as a
 * terminal sends it), a program that ignores it, strace killed with SIGKILL, and a program that forks
 * hundreds of children while scoring falls behind. Every case runs real strace on real programs in a
 * separate procguard JVM, and afterwards no process of the session may be left stopped under ptrace.
 */
@Timeout(120)
@ExtendWith(NeedsTracing.class)
class RunRobustnessSignalsTest {
    @TempDir
    Path dir;

    private RobustnessSession session;

    @AfterEach
    void noProcessOfTheSessionIsLeftStoppedUnderPtrace() throws Exception {
        if (session == null) {
            return;
        }
        try {
            if (!session.ended()) {
                return; // the test failed while procguard ran; close() below cleans up
            }
            assertThat(session.leftovers()).as("processes of the session after procguard ended")
                    .noneMatch(RobustnessSession.ProcState::stopped)
                    .allSatisfy(p -> assertThat(p.tracerPid()).as("tracer of " + p).isZero());
        } finally {
            session.close();
        }
    }

    @Test
    void ctrlCStopsTheProgramAndItsChildrenThenTheMonitorWithCompleteLogs() throws Exception {
        session = RobustnessSession.start(dir, "run", "--classifier", "monitor-rules", "--no-shm",
                "--", "sh", "-c", "sh -c 'sleep 60; echo not-reached'; echo not-reached");
        Path logs = dir.resolve("logs");
        assertThat(RobustnessSession.eventually(30, () -> execs(logs, "/usr/bin/sleep") == 1)).as("sleep started under trace").isTrue();

        session.ctrlC();
        MonitorProcess.Result r = session.waitFor(20);

        assertThat(r.exitCode()).as(r.err()).isEqualTo(128 + 2); // the shell died of SIGINT, as without procguard
        assertThat(r.out()).doesNotContain("not-reached");
        assertThat(r.err()).isEqualTo("procguard: 3 processes: 3 benign; logs in " + logs + "\n");
        List<String> all = MonitorProcess.allLogs(logs);
        assertThat(all.stream().filter(l -> l.contains("\"event\":\"exit\"") && l.contains("\"signal\":\"SIGINT\"")))
                .as("both shells and the sleep killed by SIGINT").hasSize(3);
        assertThat(all.stream().filter(l -> l.contains("\"event\":\"summary\""))).hasSize(3);
        assertThat(session.liveLeftovers()).as("no process survives Ctrl-C").isEmpty();
    }

    @Test
    void aHangupEndsTheProgramWithSigtermAndTheMonitorWithCompleteLogsNotAbandoningIt() throws Exception {
        startUntilReady("echo ready; while :; do sleep 0.2; done; echo not-reached");
        Process hup = new ProcessBuilder("kill", "-s", "HUP", Long.toString(session.pid())).inheritIO().start();
        assertThat(hup.waitFor()).isZero();
        MonitorProcess.Result r = session.waitFor(20);

        assertThat(r.exitCode()).as(r.err()).isEqualTo(128 + 15); // as for SIGTERM: the program was ended with it
        assertThat(r.out()).doesNotContain("not-reached");
        assertThat(r.err()).startsWith("procguard: ").contains("logs in").doesNotContain("Exception");
        assertSigtermEndedTheRestAndNothingIsLeft();
        assertThat(MonitorProcess.allLogs(dir.resolve("logs"))).anyMatch(l -> l.contains("\"event\":\"summary\""));
    }

    @Test
    void backgroundChildOutlivingCtrlCIsStillTracedUntilTheSecondCtrlCTerminatesIt() throws Exception {
        // a non-interactive shell starts background jobs with SIGINT ignored: Ctrl-C ends the shell, not them
        startUntilReady("sleep 60 & echo ready; wait");
        Thread.sleep(300);

        session.ctrlC();
        assertThat(RobustnessSession.eventually(20, () -> errContains("outlived the interrupt"))).isTrue();
        long strace = session.strace().orElseThrow().pid();
        assertThat(session.liveLeftovers().stream().filter(p -> p.pid() != strace)).as("the background sleep, still traced")
                .singleElement().satisfies(p -> assertThat(p.comm()).isEqualTo("sleep"))
                .satisfies(p -> assertThat(p.tracerPid()).isEqualTo(strace));
        session.ctrlC();
        MonitorProcess.Result r = session.waitFor(20);

        assertThat(r.exitCode()).as(r.err()).isEqualTo(128 + 2); // the program's own exit: the shell died of SIGINT
        assertThat(r.err()).startsWith("procguard: 1 process outlived the interrupt and is still traced; "
                + "Ctrl-C again sends SIGTERM, a third time SIGKILL\n").contains("procguard: 2 processes");
        assertSigtermEndedTheRestAndNothingIsLeft();
    }

    /**
     * A Ctrl-C the moment the program starts: before the signal relay went in ahead of strace, the JVM could get it
     * with its own handler still in place and end at once (exit 130, no tally, no logs, the program left running
     * untraced; 5 of 15 runs reacting to the program's first output did). Here the program itself sends SIGINT to the
     * process group (procguard's, as a terminal's Ctrl-C would) as its first act, ignoring it itself.
     */
    @Test
    void aCtrlCTheMomentTheProgramStartsIsHandledNotFatal() throws Exception {
        for (int i = 0; i < 8; i++) {
            Path run = Files.createDirectory(dir.resolve("run" + i));
            session = RobustnessSession.start(run, "run", "--classifier", "monitor-rules", "--no-shm",
                    "--", "sh", "-c", "trap '' INT; kill -INT 0; echo done");
            MonitorProcess.Result r = session.waitFor(30);
            assertThat(r.exitCode()).as("run %d: %s", i, r.err()).isZero();
            assertThat(r.out()).isEqualTo("done\n");
            assertThat(r.err()).as("run %d", i).endsWith("; logs in " + run.resolve("logs") + "\n");
            assertThat(session.leftovers()).isEmpty();
            session.close();
        }
    }

    @Test
    void secondCtrlCTerminatesAProgramThatIgnoresTheFirst() throws Exception {
        startUntilReady("trap '' INT; echo ready; while :; do sleep 0.2; done");

        session.ctrlC();
        Thread.sleep(1000);
        assertThat(session.liveLeftovers()).as("the program ignores SIGINT and keeps running")
                .anyMatch(p -> p.comm().equals("sh"));
        session.ctrlC();
        MonitorProcess.Result r = session.waitFor(20);

        assertThat(r.exitCode()).as(r.err()).isEqualTo(128 + 15);
        assertSigtermEndedTheRestAndNothingIsLeft();
    }

    @Test
    void straceKilledMidRunIsReportedTheProgramRunsOnUntracedAndNothingIsLeftStopped() throws Exception {
        session = RobustnessSession.start(dir, "run", "--classifier", "monitor-rules", "--no-shm",
                "--", "sh", "-c", "for i in $(seq 40); do ls / > /dev/null; sleep 0.1; done; echo finished");
        Path logs = dir.resolve("logs");
        assertThat(RobustnessSession.eventually(30, () -> execs(logs, "/usr/bin/ls") >= 3)).isTrue();
        ProcessHandle strace = session.strace().orElseThrow();
        long program = strace.children().findFirst().orElseThrow().pid();

        assertThat(strace.destroyForcibly()).isTrue(); // SIGKILL
        MonitorProcess.Result r = session.waitFor(20);

        assertThat(r.exitCode()).as(r.err()).isEqualTo(128 + 9);
        assertThat(r.err()).contains("procguard: strace was killed by SIGKILL before the program ended; pid " + program
                + " keeps running, no longer traced; the logs hold what was traced (exit status 137)")
                .doesNotContain("Exception");
        assertThat(MonitorProcess.log(logs, program))
                .anyMatch(l -> l.contains("\"event\":\"exit\"") && l.contains("\"ending\":\"detached\""))
                .anyMatch(l -> l.contains("\"event\":\"summary\""));
        assertThat(RobustnessSession.eventually(30, () -> outContains("finished")))
                .as("the program, detached, runs to its end").isTrue();
    }

    @Test
    void aMonitorKilledOutrightLeavesNoTraceDataAndNoDirectoryInTmp() throws Exception {
        java.util.Set<String> before = procguardTmpEntries();
        session = RobustnessSession.start(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--verbose",
                "--", "sh", "-c", "while :; do ls / > /dev/null; sleep 0.1; done");
        Path logs = dir.resolve("logs");
        assertThat(RobustnessSession.eventually(30, () -> execs(logs, "/usr/bin/ls") >= 3)).isTrue();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(" -o (\\S+/trace\\.log) ").matcher(session.err());
        assertThat(m.find()).as("--verbose shows the trace file: %s", session.err()).isTrue();
        Path trace = Path.of(m.group(1));
        ProcessHandle program = session.strace().orElseThrow().children().findFirst().orElseThrow();

        Process kill = new ProcessBuilder("kill", "-s", "KILL", Long.toString(session.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
        session.waitFor(20);

        assertThat(trace).as("the trace file").doesNotExist();
        assertThat(trace.getParent()).as("its private directory").doesNotExist();
        assertThat(procguardTmpEntries()).as("nothing new under /tmp").isSubsetOf(before);
        program.destroyForcibly(); // strace died with the monitor (pdeathsig); the program ran on, detached
    }

    private static java.util.Set<String> procguardTmpEntries() throws IOException {
        try (var entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("procguard-"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void straceKilledDuringAttachIsReportedWithExitOneAndTheTargetRunsOnUntracedNotStopped() throws Exception {
        Process target = new ProcessBuilder("sh", "-c", "while :; do ls / > /dev/null; sleep 0.1; done").start();
        try {
            session = RobustnessSession.start(dir, "attach", "--classifier", "monitor-rules", "--no-shm", Long.toString(target.pid()));
            Path logs = dir.resolve("logs");
            assertThat(RobustnessSession.eventually(30, () -> execs(logs, "/usr/bin/ls") >= 2)).as("attached and tracing").isTrue();

            assertThat(session.strace().orElseThrow().destroyForcibly()).isTrue();
            MonitorProcess.Result r = session.waitFor(20);

            assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.err()).contains("procguard: strace was killed by SIGKILL; the processes run on, no longer traced; "
                    + "the logs hold what was traced").doesNotContain("Exception");
            String status = Files.readString(Path.of("/proc", Long.toString(target.pid()), "status"));
            assertThat(status).contains("TracerPid:\t0\n").doesNotContainPattern("State:\\s+[tT]");
            assertThat(target.isAlive()).isTrue();
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void hundredsOfShortLivedChildrenAndAnExecAreAllLoggedWhileScoringFallsBehindInASmallHeap() throws Exception {
        int children = 200;
        session = RobustnessSession.start(dir, List.of("-Xmx48m", "-Dprocguard.test.classifyDelayMillis=3"), Map.of(),
                "run", "--classifier", "robustness-slow", "--no-shm", "--quiet",
                "--", "sh", "-c", "for i in $(seq " + children + "); do /bin/true & /bin/true; done; wait; exec /bin/echo done");
        MonitorProcess.Result r = session.waitFor(100);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("done\n");
        assertThat(r.err()).isEmpty();
        Path logs = dir.resolve("logs");
        try (var files = Files.list(logs)) {
            assertThat(files.count()).as("one log per process: the shell, seq and 2 children per round").isEqualTo(2 + 2L * children);
        }
        try (var files = Files.list(logs)) {
            for (Path f : files.toList()) {
                List<String> log = Files.readAllLines(f);
                assertThat(log.stream().filter(l -> l.contains("\"event\":\"summary\"") && l.contains("\"classifier\":\"robustness-slow\"")))
                        .as("one scored end in %s:%n%s", f.getFileName(), String.join("\n", log)).hasSize(1);
            }
        }
        List<String> all = MonitorProcess.allLogs(logs);
        assertThat(all).anyMatch(l -> l.contains("\"event\":\"exec\"") && l.contains("\"exe\":\"/bin/echo\""));
    }

    /** Starts {@code sh -c SCRIPT} under procguard and waits until it printed {@code ready}. */
    private void startUntilReady(String script) throws Exception {
        session = RobustnessSession.start(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--", "sh", "-c", script);
        assertThat(RobustnessSession.eventually(30, () -> outContains("ready"))).as("the program started").isTrue();
    }

    private void assertSigtermEndedTheRestAndNothingIsLeft() throws java.io.IOException {
        assertThat(MonitorProcess.allLogs(dir.resolve("logs")))
                .anyMatch(l -> l.contains("\"event\":\"exit\"") && l.contains("\"signal\":\"SIGTERM\""));
        assertThat(session.liveLeftovers()).isEmpty();
    }

    private boolean errContains(String text) {
        try {
            return session.err().contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private boolean outContains(String text) {
        try {
            return session.out().contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** @return how many exec records of this executable the logs hold so far */
    private static long execs(Path logs, String exe) {
        try {
            return !Files.isDirectory(logs) ? 0 : MonitorProcess.allLogs(logs).stream()
                    .filter(l -> l.contains("\"event\":\"exec\"") && l.contains("\"exe\":\"" + exe + "\"")).count();
        } catch (java.io.IOException | java.io.UncheckedIOException racingWithAWriter) {
            return 0;
        }
    }
}
