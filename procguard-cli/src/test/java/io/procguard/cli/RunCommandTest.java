package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.shm.ProcessStatus;
import io.procguard.shm.StatusTableReader;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
@ExtendWith(NeedsTracing.class)
class RunCommandTest {
    @TempDir
    Path dir;

    @Test
    void benignCommandKeepsItsOutputAndExitCodeAndEndsBenignWithAFullLifecycleLog() throws Exception {
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--shm", dir.resolve("table").toString(),
                "--", "sh", "-c", "echo to-stdout; echo to-stderr >&2; ls / > /dev/null; exit 7");

        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(r.out()).isEqualTo("to-stdout\n"); // untouched: no trace, no procguard output mixed in
        assertThat(r.err()).startsWith("to-stderr\n").doesNotContain("execve(").contains("benign");
        Path logs = dir.resolve("logs");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logs))).isEqualTo("rwx------");
        List<String> all = MonitorProcess.allLogs(logs);
        assertThat(all).anyMatch(l -> l.contains("\"event\":\"started\"") && l.contains("\"uid\":0"))
                .anyMatch(l -> l.contains("\"event\":\"exec\"") && l.contains("\"exe\":\"/usr/bin/ls\""))
                .anyMatch(l -> l.contains("\"event\":\"status\"") && l.contains("\"status\":\"BENIGN\""))
                .anyMatch(l -> l.contains("\"event\":\"exit\"") && l.contains("\"exit_code\":7"))
                .anyMatch(l -> l.contains("\"event\":\"summary\"") && l.contains("\"execve\":1"));
        try (var files = Files.list(logs)) {
            for (Path f : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS))).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void programKilledBySignalExitsWith128PlusTheSignal() throws Exception {
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--quiet",
                "--", "sh", "-c", "kill -TERM $$");
        assertThat(r.exitCode()).isEqualTo(128 + 15);
        assertThat(MonitorProcess.allLogs(dir.resolve("logs")))
                .anyMatch(l -> l.contains("\"ending\":\"killed\"") && l.contains("\"signal\":\"SIGTERM\""));
    }

    @Test
    void connectingProcessIsReportedMaliciousWithReasonsAsJsonOnStdout() throws Exception {
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--json",
                "--", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9 || true");
        assertThat(r.out().lines()).anyMatch(l -> l.startsWith("{") && l.contains("\"status\":\"MALICIOUS\"")
                && l.contains("connects to an inet address") && l.contains("\"comm\":\"bash\""));
        assertThat(MonitorProcess.allLogs(dir.resolve("logs"))).anyMatch(l -> l.contains("\"evidence\":[") && l.contains("\"connect(3, 127.0.0.1:9) = -1 ECONNREFUSED\""));
    }

    @Test
    void separateReaderSeesTheProcessInTheStatusTableWhileItRuns() throws Exception {
        Path table = dir.resolve("table");
        Process p = MonitorProcess.start(dir, "run", "--classifier", "monitor-rules", "--shm", table.toString(),
                "--score-interval", "100", "--", "sh", "-c", "sleep 3; ls / >/dev/null; sleep 2");
        Optional<ProcessStatus> seen = Optional.empty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (seen.isEmpty() && System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(table)) {
                try (StatusTableReader reader = StatusTableReader.open(table)) {
                    seen = reader.snapshot().stream().filter(s -> s.active() && s.comm().equals("sleep")).findFirst();
                } catch (java.io.IOException notReadyYet) {
                    // the header is published last; retry
                }
            }
            Thread.sleep(50);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(seen).as("a sleep process in the table while running").isPresent();
        assertThat(seen.get().uid()).isZero();
    }

    @Test
    void jsonOutKeepsTheStatusLinesApartFromTheProgramsOutputAndRefusesASymlink() throws Exception {
        Path statuses = dir.resolve("statuses.jsonl");
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--json-out",
                statuses.toString(), "--", "sh", "-c", "printf partial-; cat /etc/hostname > /dev/null; echo end");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("partial-end\n");
        List<String> lines = Files.readAllLines(statuses);
        assertThat(lines).isNotEmpty().allMatch(l -> l.startsWith("{\"time\":") && l.contains("\"event\":\"status\""));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(statuses))).isEqualTo("rw-------");
        Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), dir.resolve("victim"));
        MonitorProcess.Result refused = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--json-out",
                link.toString(), "--", "true");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(refused.err()).isEqualTo("procguard: --json-out " + link + ": is a symbolic link; refusing to write through it\n");
        assertThat(dir.resolve("victim")).doesNotExist();
    }

    @Test
    void jsonOutRefusesAFileAnotherUserOwnsOrMayWriteAndDashIsStdout() throws Exception {
        Path theirs = Files.writeString(dir.resolve("theirs.jsonl"), "");
        Files.setAttribute(theirs, "unix:uid", 65534);
        Path open = Files.writeString(dir.resolve("open.jsonl"), "");
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        for (Path p : List.of(theirs, open)) {
            MonitorProcess.Result refused = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--json-out",
                    p.toString(), "--", "sh", "-c", "touch ran");
            assertThat(refused.exitCode()).as(p.toString()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(refused.err()).as(p.toString()).startsWith("procguard: --json-out " + p + ": ")
                    .containsAnyOf("owned by uid 65534, not by us", "writable by other users");
            assertThat(Files.size(p)).isZero();
        }
        assertThat(dir.resolve("ran")).as("refused before the program ran").doesNotExist();
        MonitorProcess.Result dash = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--quiet",
                "--json-out", "-", "--", "true");
        assertThat(dash.exitCode()).as(dash.err()).isZero();
        assertThat(dash.out().lines()).isNotEmpty().allMatch(l -> l.startsWith("{\"time\":"));
        assertThat(dir.resolve("-")).doesNotExist();
    }

    @Test
    void aClosedStdoutOrStderrIsDevNullForTheCommandNotAFileOfTheJvm() throws Exception {
        for (String closed : List.of(">&-", "2>&-")) {
            // procguard started with that descriptor closed: the JVM opens its runtime image there, read-only
            List<String> argv = new java.util.ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" " + closed, "sh"));
            argv.addAll(MonitorProcess.command("run", "--classifier", "monitor-rules", "--no-shm", "--quiet", "--",
                    "/bin/sh", "-c", "o=$(readlink /proc/$$/fd/1); e=$(readlink /proc/$$/fd/2); printf '%s\\n%s\\n' \"$o\" \"$e\" > fds.txt"));
            Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            List<String> fds = Files.readAllLines(dir.resolve("fds.txt"));
            assertThat(fds).as(closed).hasSize(2).noneMatch(l -> l.contains("/lib/modules") || l.endsWith(".jar") || l.endsWith(".jsa"));
            assertThat(fds.get(closed.startsWith("2") ? 1 : 0)).as(closed).isEqualTo("/dev/null");
        }
    }

    @Test
    void aJsonDirThatCannotBeUsedIsRefusedBeforeTheProgramRuns() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--json-dir",
                file.toString(), "--", "sh", "-c", "touch ran");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).startsWith("procguard: ").contains("not-a-dir").doesNotContain("Exception");
        assertThat(dir.resolve("ran")).as("the program never started").doesNotExist();
    }

    @Test
    void jsonOutLeavesTheAlarmsAndTheTallyOnStderrWhileJsonAloneReplacesThem() throws Exception {
        Path statuses = dir.resolve("statuses.jsonl");
        String connect = "exec 3<>/dev/tcp/127.0.0.1/9 || true";
        MonitorProcess.Result toFile = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--json-out",
                statuses.toString(), "--", "bash", "-c", connect);
        assertThat(toFile.out()).isEmpty();
        assertThat(Files.readAllLines(statuses)).anyMatch(l -> l.contains("\"status\":\"MALICIOUS\"") && l.contains("\"comm\":\"bash\""));
        assertThat(toFile.err()).contains("(bash) UNKNOWN -> MALICIOUS").containsPattern("procguard: 1 process: 1 malicious; logs in ");

        MonitorProcess.Result toStdout = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--json",
                "--", "bash", "-c", connect);
        assertThat(toStdout.out()).contains("\"status\":\"MALICIOUS\"");
        assertThat(toStdout.err()).doesNotContain("MALICIOUS").doesNotContain("1 process");

        MonitorProcess.Result both = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--json",
                "--json-out", statuses.toString(), "--", "true");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).isEqualTo("procguard: --json and --json-out: give one (--json writes the status lines to stdout, "
                + "--json-out to its FILE)\n");

        // --quiet --json printed nothing at all: the JSON asked for was silenced
        MonitorProcess.Result quietJson = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--json",
                "--quiet", "--", "true");
        assertThat(quietJson.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(quietJson.err()).isEqualTo("procguard: --json and --quiet: give one (--quiet prints nothing but errors; for the "
                + "status lines in a file and nothing else on the terminal, use --json-out FILE --quiet)\n");
        long before = Files.readAllLines(statuses).size();
        MonitorProcess.Result quietFile = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--json-out",
                statuses.toString(), "--quiet", "--", "bash", "-c", connect);
        assertThat(quietFile.out()).isEmpty();
        assertThat(quietFile.err()).as("only the command's own stderr").doesNotContain("procguard");
        assertThat(Files.readAllLines(statuses).subList((int) before, Files.readAllLines(statuses).size()))
                .anyMatch(l -> l.contains("\"status\":\"MALICIOUS\""));
    }

    @Test
    void shmInAFolderThatDoesNotExistIsBadInputNamingTheFolderLikeJsonOut() throws Exception {
        Path missing = dir.resolve("no-such-dir");
        Path marker = dir.resolve("ran");
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--shm",
                missing.resolve("table").toString(), "--", "/usr/bin/touch", marker.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("procguard: --shm " + missing.resolve("table") + ": no such directory " + missing + "\n");
        assertThat(marker).doesNotExist();
        Path aFile = Files.writeString(dir.resolve("plain"), "x");
        MonitorProcess.Result underAFile = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--shm",
                aFile.resolve("table").toString(), "--", "/usr/bin/touch", marker.toString());
        assertThat(underAFile.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(underAFile.err()).isEqualTo("procguard: --shm " + aFile.resolve("table") + ": " + aFile + " is not a directory\n");
    }

    @Test
    void missingCommandIsAOneLineErrorWithTheShellsExitCode() throws Exception {
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--", "no-such-program-xyz");
        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.err()).isEqualTo("procguard: no-such-program-xyz: command not found\n");
        MonitorProcess.Result directory = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--", "/tmp");
        assertThat(directory.exitCode()).isEqualTo(126);
        assertThat(directory.err()).isEqualTo("procguard: /tmp: is a directory\n");
        MonitorProcess.Result notExecutable = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--", "/etc/passwd");
        assertThat(notExecutable.exitCode()).isEqualTo(126);
        assertThat(notExecutable.err()).isEqualTo("procguard: /etc/passwd: permission denied (not an executable file)\n");
        MonitorProcess.Result slots = MonitorProcess.run(dir, "run", "--shm-slots", "100000000", "--", "true");
        assertThat(slots.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(slots.err()).isEqualTo("procguard: --shm-slots must be 1 to 1048576, got 100000000\n");
    }

    @Test
    void symlinkedLogDirectoryIsRefused() throws Exception {
        Files.createDirectory(dir.resolve("elsewhere"));
        Files.createSymbolicLink(dir.resolve("logs"), dir.resolve("elsewhere"));
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--", "true");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("procguard: " + dir.resolve("logs") + ": is a symbolic link (symlinks are refused)\n");
    }

    @Test
    void aLogDirectoryThatIsAFileIsNotADirectoryAndSymlinksAreNotMentioned() throws Exception {
        Path file = Files.writeString(dir.resolve("a-regular-file"), "x");
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--log-dir",
                "./a-regular-file", "--", "true");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("procguard: " + file + ": not a directory\n");
    }

    @Test
    void anEmptyDirectoryOptionIsAUsageErrorNotTheCurrentDirectory() throws Exception {
        for (String option : List.of("--log-dir", "--json-dir")) {
            MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", option, "", "--", "true");
            assertThat(r.exitCode()).as(option).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).isEqualTo("procguard: " + option + " needs a directory, got '' (give . for the current one)\n");
            try (var files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString())).as(option).containsOnly("stdout", "stderr");
            }
        }
    }

    @Test
    void theDefaultLogDirectoryThatCannotBeCreatedIsNamedOnceWithTheReason() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is not installed");
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        // as root without CAP_DAC_OVERRIDE, so that the mode applies as it does for other users (nobody in /)
        List<String> argv = new ArrayList<>(List.of("/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search"));
        argv.addAll(MonitorProcess.command("run", "--classifier", "monitor-rules", "--no-shm", "--", "true"));
        Process p = new ProcessBuilder(argv).directory(readOnly.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        MonitorProcess.Result r = MonitorProcess.result(dir, p.exitValue());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("procguard: " + readOnly.resolve("logs") + ": cannot create the directory: permission denied\n");
    }

    @Test
    void aModelThatFailsToLoadAfterTheProgramStartedKillsItAndExitsWithBadInput() throws Exception {
        // the classifier loads while the program starts: a model ONNX Runtime rejects is only found then
        Path model = dir.resolve("broken.onnx");
        Files.writeString(model, "this is not an ONNX model\n");
        long start = System.nanoTime();
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--model", model.toString(), "--no-shm", "--", "sleep", "60");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err().lines().reduce((a, b) -> b).orElse("")).startsWith("procguard: --classifier onnx: " + model + ": ")
                .endsWith("; the program was killed");
        assertThat(r.err())
                .doesNotContain("Exception");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).as("sleep 60 did not run out").isLessThan(50);
    }

    @Test
    void aModelThatFailsToLoadAfterAShortProgramEndedIsStillAnError() throws Exception {
        // true can end before the model's load fails; nothing waited for the load then and run exited 0 (1 run in 6)
        Path model = dir.resolve("broken.onnx");
        Files.write(model, new java.util.Random(7).ints(2000, 0, 256).collect(java.io.ByteArrayOutputStream::new,
                java.io.ByteArrayOutputStream::write, (a, b) -> a.writeBytes(b.toByteArray())).toByteArray());
        for (int i = 0; i < 4; i++) {
            MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--model", model.toString(), "--no-shm", "--", "true");
            assertThat(r.exitCode()).as("run %d: %s", i, r.err()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).contains("procguard: --classifier onnx: " + model + ": ").doesNotContain("Exception");
        }
    }

    @Test
    void theFifoChannelCarriesTheSameTraceAsTheDefaultFile() throws Exception {
        MonitorProcess.Result fifo = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--quiet",
                "--trace-channel", "fifo", "--log-dir", "fifo-logs", "--", "sh", "-c", "ls / > /dev/null; exit 5");
        MonitorProcess.Result file = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--quiet",
                "--log-dir", "file-logs", "--", "sh", "-c", "ls / > /dev/null; exit 5");
        assertThat(fifo.exitCode()).as(fifo.err()).isEqualTo(5);
        assertThat(file.exitCode()).as(file.err()).isEqualTo(5);
        for (String logs : List.of("fifo-logs", "file-logs")) {
            assertThat(MonitorProcess.allLogs(dir.resolve(logs))).as(logs)
                    .anyMatch(l -> l.contains("\"event\":\"exec\"") && l.contains("\"exe\":\"/usr/bin/ls\""))
                    .anyMatch(l -> l.contains("\"event\":\"summary\"") && l.contains("\"execve\":1"))
                    .anyMatch(l -> l.contains("\"event\":\"exit\"") && l.contains("\"exit_code\":5"));
        }
    }

    @Test
    void anUnknownTraceChannelIsAUsageError() {
        CliRunner.Result r = CliRunner.run("run", "--trace-channel", "socket", "--", "true");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("procguard: --trace-channel must be 'file' or 'fifo', not 'socket'\n");
    }

    @Test
    void aSignalStormIsCutAtTheLogLimitWithOneTruncatedRecordAndTheSummaryKept() throws Exception {
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--quiet",
                "--log-limit", "50", "--", "sh", "-c", "trap : USR1; i=0; while [ $i -lt 400 ]; do kill -USR1 $$; i=$((i+1)); done; exit 4");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        List<String> log = Files.readAllLines(processLogs().get(0));
        assertThat(log).hasSize(50 + 3);
        assertThat(log.get(0)).contains("\"event\":\"started\"");
        assertThat(log.subList(1, 50)).allMatch(l -> l.contains("\"event\":\"signal\"") || l.contains("\"event\":\"status\"")
                || l.contains("\"event\":\"exec\""));
        assertThat(log.get(50)).contains("\"event\":\"truncated\"").contains("\"records\":50");
        assertThat(log.get(51)).contains("\"event\":\"exit\"").contains("\"exit_code\":4");
        assertThat(log.get(52)).contains("\"event\":\"summary\"");
        long dropped = Long.parseLong(log.get(52).replaceAll(".*\"dropped_records\":(\\d+).*", "$1"));
        long signals = log.stream().filter(l -> l.contains("\"event\":\"signal\"")).count();
        assertThat(signals + dropped).as("every signal written or counted").isGreaterThanOrEqualTo(400);
    }

    @Test
    void aStormOfShortLivedProcessesStopsAtTheSessionsLogBudgetWithOneWarning() throws Exception {
        // 400 processes: each file counts as at least 4 KiB, so 1 MiB holds at most 256 of them
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--quiet",
                "--log-max-mib", "1", "--", "sh", "-c", "i=0; while [ $i -lt 400 ]; do /bin/true; i=$((i+1)); done; exit 3");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        List<Path> logs = processLogs();
        long bytes = 0;
        for (Path f : logs) {
            bytes += Math.max(Files.size(f), 1) + 4096;
        }
        assertThat(logs).hasSizeBetween(100, 256);
        assertThat(bytes).isLessThanOrEqualTo(1L << 20);
        assertThat(r.err().lines().filter(l -> l.contains("reached their limit of 1 MiB")).count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("no more records are written to them, monitoring goes on");
    }

    @Test
    void everyEventToJsonDirStopsAtItsOwnBudgetWithOneWarningWhileTheLogsGoOn() throws Exception {
        // dd's 40,000 one-byte reads and writes are some 6 MB of events as JSON lines
        Path events = dir.resolve("events");
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--classifier", "monitor-rules", "--no-shm", "--quiet",
                "--json-dir", events.toString(), "--json-max-mib", "1", "--", "dd", "if=/dev/zero", "of=/dev/null", "bs=1",
                "count=20000", "status=none");
        assertThat(r.exitCode()).as(r.err()).isZero();
        long bytes = 0;
        try (var files = Files.list(events)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                bytes += Files.size(f) + 4096;
            }
        }
        assertThat(bytes).as("the budget, blocks included").isLessThanOrEqualTo(1L << 20).isGreaterThan(1L << 19);
        assertThat(r.err().lines().filter(l -> l.contains("events_*.jsonl files of this session reached their limit of 1 MiB")).count())
                .as(r.err()).isEqualTo(1);
        assertThat(String.join("\n", Files.readAllLines(processLogs().get(0)))).as("the process log is complete: it has the exit")
                .contains("\"exit_code\":0");
    }

    /** @return the per-process logs the run wrote */
    private List<Path> processLogs() throws java.io.IOException {
        try (var files = Files.list(dir.resolve("logs"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("proc_")).toList();
        }
    }
}
