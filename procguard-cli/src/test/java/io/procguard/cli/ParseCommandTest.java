package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static List<JsonNode> lines(String text) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.isEmpty()) {
                out.add(MAPPER.readTree(l));
            }
        }
        return out;
    }

    @Test
    void writesOneJsonObjectPerEventOfARealTrace(@TempDir Path dir) throws Exception {
        Path log = ParseTestLogs.trace(dir, List.of("-f", "-ttt", "-T", "-yy"), "/bin/sh", "-c", "cat /etc/hostname /nonexistent");
        CliRunner.Result r = CliRunner.run("parse", log.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).endsWith("\n");
        List<JsonNode> ev = lines(r.out());
        JsonNode missing = ev.stream().filter(n -> "openat".equals(n.path("syscall").asText())
                && n.path("args").asText().contains("/nonexistent")).findFirst().orElseThrow();
        assertThat(missing.get("ret").asLong()).isEqualTo(-1);
        assertThat(missing.get("errno").asText()).isEqualTo("ENOENT");
        assertThat(missing.get("errno_no").asInt()).isEqualTo(2);
        assertThat(missing.get("ts_ns").asLong()).isPositive();
        assertThat(missing.get("duration_ns").asLong()).isNotNegative();
        assertThat(missing.get("kind").asText()).isEqualTo("SYSCALL");
        assertThat(ev).anySatisfy(n -> {
            assertThat(n.get("kind").asText()).isEqualTo("EXITED");
            assertThat(n.get("exit_code").asInt()).isEqualTo(1);
        });
        assertThat(ev).anySatisfy(n -> assertThat(n.path("signal").asText()).isEqualTo("SIGCHLD"));
        long syscallLines = Files.readAllLines(log).stream().filter(l -> l.contains("(") && !l.contains("resumed>")).count();
        assertThat(ev.stream().filter(n -> n.has("syscall")).count()).isEqualTo(syscallLines);
    }

    @Test
    void outFileIsWrittenAndASymlinkIsRefused(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("t.log");
        Files.writeString(log, "5 getpid() = 5\n5 +++ exited with 0 +++\n");
        Path out = dir.resolve("events.jsonl");
        CliRunner.Result r = CliRunner.run("parse", "--out", out.toString(), log.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(lines(Files.readString(out))).hasSize(2);
        Path link = dir.resolve("link.jsonl");
        Files.createSymbolicLink(link, dir.resolve("victim"));
        CliRunner.Result refused = CliRunner.run("parse", "--out", link.toString(), log.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(refused.err()).startsWith("procguard: ").contains("symbolic link").doesNotContain("Exception");
        assertThat(dir.resolve("victim")).doesNotExist();
    }

    @Test
    void outNamingTheLogItselfIsRefusedAndTheLogIsKept(@TempDir Path dir) throws Exception {
        Path log = ParseTestLogs.trace(dir, List.of("-f"), "/bin/true");
        byte[] before = Files.readAllBytes(log);
        Path hardLink = Files.createLink(dir.resolve("same.log"), log);
        for (String out : List.of(log.toString(), dir + "/./trace.log", hardLink.toString())) {
            CliRunner.Result r = CliRunner.run("parse", "--out", out, log.toString());
            assertThat(r.exitCode()).as(out).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).as(out).isEqualTo("procguard: " + out
                    + ": is the LOG being parsed; refusing to overwrite it (give --out another file)\n");
            assertThat(Files.readAllBytes(log)).as(out).isEqualTo(before);
        }
    }

    @Test
    void outNamingTheFileOnStandardInputIsRefusedAndOutDashIsStandardOutput(@TempDir Path dir) throws Exception {
        Path log = ParseTestLogs.trace(dir, List.of("-f"), "/bin/true");
        byte[] before = Files.readAllBytes(log);
        // procguard parse --out t.log - < t.log: the shell opens t.log for reading, and --out would truncate it
        Process p = new ProcessBuilder(MonitorProcess.command("parse", "--out", log.toString(), "-"))
                .redirectInput(ProcessBuilder.Redirect.from(log.toFile())).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err).isEqualTo("procguard: " + log
                + ": is the LOG being parsed (standard input); refusing to overwrite it (give --out another file)\n");
        assertThat(Files.readAllBytes(log)).isEqualTo(before);

        CliRunner.Result dash = CliRunner.run("parse", "--out", "-", log.toString());
        assertThat(dash.exitCode()).isZero();
        assertThat(lines(dash.out())).isNotEmpty().allSatisfy(n -> assertThat(n.has("line")).isTrue());
        assertThat(Path.of("-")).as("no file named -").doesNotExist();
    }

    @Test
    void aReaderThatStopsReadingEndsTheParseQuietlyWith141(@TempDir Path dir) throws Exception {
        Path trace = ParseTestLogs.trace(dir, List.of("-f"), "/bin/ls", "/usr/bin");
        Path big = dir.resolve("big.log");
        byte[] one = Files.readAllBytes(trace);
        try (var os = Files.newOutputStream(big)) {
            for (long written = 0; written < 40L << 20; written += one.length) {
                os.write(one); // 40 MB of real trace: far more than a pipe holds
            }
        }
        // procguard parse big.log | head -1
        Process p = new ProcessBuilder(MonitorProcess.command("parse", big.toString())).redirectError(dir.resolve("err").toFile()).start();
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).startsWith("{\"line\":1,");
        }
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("stopped soon after its reader").isTrue();
        assertThat(p.exitValue()).isEqualTo(ExitCodes.CLOSED_PIPE);
        assertThat(Files.readString(dir.resolve("err"))).as("nothing to say, as after SIGPIPE").isEmpty();
    }

    @Test
    void outIsCreatedPrivateAndAnotherUsersFileOrFifoIsRefused(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("t.log");
        Files.writeString(log, "5 read(3, \"root:$6$secret\", 13) = 13\n5 +++ exited with 0 +++\n");
        Path out = dir.resolve("events.jsonl");
        assertThat(CliRunner.run("parse", "--out", out.toString(), log.toString()).exitCode()).isZero();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                .as("the events quote what was read").isEqualTo("rw-------");
        assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root");
        Path theirs = Files.writeString(dir.resolve("theirs.jsonl"), "their data\n");
        Path fifo = dir.resolve("their.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        for (Path p : List.of(theirs, fifo)) {
            Files.setAttribute(p, "unix:uid", 65534, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            CliRunner.Result r = CliRunner.run("parse", "--out", p.toString(), log.toString());
            assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).contains("owned by uid 65534, not by us").doesNotContain("\n  ");
        }
        assertThat(Files.readString(theirs)).isEqualTo("their data\n");
    }

    @Test
    void unusableOutFilesAreOneLineErrorsNamingTheFile(@TempDir Path dir) throws Exception {
        Path log = ParseTestLogs.trace(dir, List.of("-f"), "/bin/true");
        CliRunner.Result full = CliRunner.run("parse", "--out", "/dev/full", log.toString());
        assertThat(full.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(full.err()).matches("procguard: /dev/full: [^\n]+\n"); // the reason (ENOSPC) in the system's language
        CliRunner.Result empty = CliRunner.run("parse", "--out", "", log.toString());
        assertThat(empty.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(empty.err()).isEqualTo("procguard: --out needs a file name, got ''\n");
        CliRunner.Result folder = CliRunner.run("parse", "--out", dir.toString(), log.toString());
        assertThat(folder.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(folder.err()).isEqualTo("procguard: " + dir + ": is a directory\n");
    }

    @Test
    void followWritesEachEventWhileWaitingAndCtrlCLosesNone(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "strace is not installed");
        Path log = dir.resolve("live.log");
        Process traced = new ProcessBuilder("/usr/bin/strace", "-f", "-o", log.toString(), "/bin/sh", "-c",
                "read a; cat /etc/hostname; read b").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(eventually(() -> Files.exists(log))).isTrue();
        Path out = dir.resolve("stdout");
        Process follow = new ProcessBuilder(MonitorProcess.command("parse", "--follow", log.toString()))
                .redirectOutput(out.toFile()).redirectError(dir.resolve("stderr").toFile()).start();
        try (OutputStream stdin = traced.getOutputStream()) {
            stdin.write('\n');
            stdin.flush();
            // cat has ended and sh waits in its second read: every event so far must be out, though the log does not grow
            assertThat(eventually(() -> Files.readString(log).contains("+++ exited with 0 +++"))).isTrue();
            Thread.sleep(500);
            String sofar = Files.readString(log, StandardCharsets.ISO_8859_1);
            Path snapshot = Files.writeString(dir.resolve("sofar.log"), sofar.substring(0, sofar.lastIndexOf('\n') + 1),
                    StandardCharsets.ISO_8859_1);
            int parsed = lines(CliRunner.run("parse", snapshot.toString()).out()).size();
            assertThat(eventually(() -> lines(Files.readString(out)).size() == parsed)).as("the %d events so far, while following",
                    parsed).isTrue();
            stdin.write('\n');
            stdin.flush();
            assertThat(traced.waitFor(60, TimeUnit.SECONDS)).isTrue();
            int all = lines(CliRunner.run("parse", log.toString()).out()).size();
            assertThat(eventually(() -> lines(Files.readString(out)).size() == all)).as("every event of the finished log").isTrue();
            new ProcessBuilder("kill", "-INT", Long.toString(follow.pid())).start().waitFor();
            assertThat(follow.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(follow.exitValue()).isEqualTo(130);
            assertThat(lines(Files.readString(out))).hasSize(all);
            assertThat(Files.readString(out)).endsWith("\n");
        } finally {
            follow.destroyForcibly();
            traced.destroyForcibly();
        }
    }

    @Test
    void followStoppedBySigintOrSigtermWritesTheCallsStillWaitingForTheirResumedHalfAsTheEndOfTheLogWould(@TempDir Path dir)
            throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "strace is not installed");
        for (String signal : List.of("INT", "TERM")) {
            if (signal.equals("INT")) {
                // a JVM started with SIGINT ignored (a background job of a script) hands that on: nothing to test then
                long ignored = Long.parseLong(Files.readAllLines(Path.of("/proc/self/status")).stream()
                        .filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow().substring(7).strip(), 16);
                if ((ignored & 2) != 0) {
                    continue;
                }
            }
            Path log = dir.resolve(signal + ".log");
            // two processes asleep in their calls: strace leaves each call unfinished while the other prints
            Process traced = new ProcessBuilder("/usr/bin/strace", "-f", "-o", log.toString(), "/bin/sh", "-c",
                    "sleep 60 & exec sleep 60").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Path out = dir.resolve(signal + ".out");
            Process follow = null;
            try {
                assertThat(eventually(() -> Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1)
                        .chars().filter(c -> c == '\n').count() > 50 && Files.readString(log, StandardCharsets.ISO_8859_1)
                        .contains("<unfinished ...>"))).isTrue();
                Thread.sleep(300); // both asleep: the log stays as it is now
                follow = new ProcessBuilder(MonitorProcess.command("parse", "--follow", log.toString()))
                        .redirectOutput(out.toFile()).redirectError(dir.resolve(signal + ".err").toFile()).start();
                assertThat(eventually(() -> Files.size(out) > 0)).isTrue();
                Thread.sleep(300);
                new ProcessBuilder("kill", "-" + signal, Long.toString(follow.pid())).start().waitFor();
                assertThat(follow.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(follow.exitValue()).isEqualTo(signal.equals("INT") ? 130 : 143);
                List<JsonNode> whole = lines(CliRunner.run("parse", log.toString()).out());
                assertThat(whole).as("the log ends in a call waiting for its resumed half")
                        .anyMatch(e -> e.path("syscall").asText().equals("clock_nanosleep") && !e.has("ret"));
                assertThat(lines(Files.readString(out))).as("what the end of the log gives").isEqualTo(whole);
            } finally {
                if (follow != null) {
                    follow.destroyForcibly();
                }
                traced.descendants().forEach(ProcessHandle::destroy); // the two sleeps, then strace
                traced.destroy();
                traced.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void followOnAPipeEndsWhenItsWriterClosesIt(@TempDir Path dir) throws Exception {
        Process follow = new ProcessBuilder(MonitorProcess.command("parse", "--follow", "-"))
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        try {
            try (OutputStream stdin = follow.getOutputStream()) {
                stdin.write("1 getpid() = 1\n2 read(0,  <unfinished ...>\n".getBytes(StandardCharsets.US_ASCII));
            }
            assertThat(follow.waitFor(30, TimeUnit.SECONDS)).as("a pipe's end of file is final").isTrue();
            assertThat(follow.exitValue()).isZero();
            assertThat(lines(Files.readString(dir.resolve("out")))).hasSize(2);
        } finally {
            follow.destroyForcibly();
        }
    }

    @Test
    void followGoesOnAcrossARenameAndCreateAndATruncationLikeTailCapitalFAndSaysSoOnStderr(@TempDir Path dir) throws Exception {
        // one process, no threads: no call waits for a resumed half, so every prefix of the log gives its events at once
        Path trace = ParseTestLogs.trace(dir, List.of("-f", "-ttt", "-T", "-yy"), "/bin/ls", "-la", "/usr", "/etc");
        byte[] all = Files.readAllBytes(trace);
        // four parts cut at line ends; the last shorter than the third, so that the truncated file is shorter than what was read
        int[] cut = {lineEndAfter(all, all.length * 3 / 10), lineEndAfter(all, all.length * 55 / 100), lineEndAfter(all, all.length * 9 / 10)};
        assertThat(all.length - cut[2]).isLessThan(cut[2] - cut[1]);
        Path live = dir.resolve("live.log");
        Files.write(live, java.util.Arrays.copyOfRange(all, 0, cut[0]));
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process follow = new ProcessBuilder(MonitorProcess.command("parse", "--follow", live.toString()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            int first = eventsOfPrefix(dir, all, cut[0]);
            assertThat(eventually(() -> lines(Files.readString(out)).size() == first)).as("the first %d events", first).isTrue();

            // logrotate's default: the writer's last lines go to the old file, which is renamed, and a new file is created
            Files.write(live, java.util.Arrays.copyOfRange(all, cut[0], cut[1]), StandardOpenOption.APPEND);
            Files.move(live, dir.resolve("live.log.1"));
            Files.write(live, java.util.Arrays.copyOfRange(all, cut[1], cut[2]), StandardOpenOption.CREATE_NEW);
            int second = eventsOfPrefix(dir, all, cut[2]);
            assertThat(eventually(() -> lines(Files.readString(out)).size() == second))
                    .as("the old file read to its end, then the new one: %d events", second).isTrue();

            // copytruncate, or '> live.log': the same file, now shorter than what was read of it
            Files.write(live, java.util.Arrays.copyOfRange(all, cut[2], all.length), StandardOpenOption.TRUNCATE_EXISTING);
            int whole = lines(CliRunner.run("parse", trace.toString()).out()).size();
            assertThat(eventually(() -> lines(Files.readString(out)).size() == whole)).as("all %d events", whole).isTrue();

            new ProcessBuilder("kill", "-TERM", Long.toString(follow.pid())).start().waitFor();
            assertThat(follow.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(follow.exitValue()).isEqualTo(143);
            assertThat(Files.readString(out)).as("the same events as the log in one piece, line numbers counted on")
                    .isEqualTo(CliRunner.run("parse", trace.toString()).out());
            List<String> notices = Files.readAllLines(err);
            assertThat(notices).hasSize(2);
            assertThat(notices.get(0)).isEqualTo("procguard: " + live + ": replaced by a new file (rotated?); the old one was read "
                    + "to its end (" + cut[1] + " bytes); reading the new one from its start");
            assertThat(notices.get(1)).matches("procguard: " + java.util.regex.Pattern.quote(live.toString())
                    + ": truncated \\(now [0-9]+ bytes, " + (cut[2] - cut[1]) + " were read\\); reading it from its start");
        } finally {
            follow.destroyForcibly();
        }
    }

    @Test
    void followEndsTheUnterminatedLastLineOfARotatedFileRatherThanGlueItToTheNewFirstLine(@TempDir Path dir) throws Exception {
        Path live = dir.resolve("live.log");
        String cutMidLine = "5 getpid() = 5\n5 getppid() = 1"; // the writer was cut mid-line by the rotation
        Files.writeString(live, cutMidLine);
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process follow = new ProcessBuilder(MonitorProcess.command("parse", "--follow", live.toString()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(eventually(() -> lines(Files.readString(out)).size() == 1)).isTrue();
            Files.move(live, dir.resolve("live.log.1"));
            Files.writeString(live, "6 gettid() = 6\n", StandardOpenOption.CREATE_NEW);
            assertThat(eventually(() -> lines(Files.readString(out)).size() == 3)).as(Files.readString(out)).isTrue();
            List<JsonNode> ev = lines(Files.readString(out));
            assertThat(ev.get(1).get("syscall").asText()).isEqualTo("getppid");
            assertThat(ev.get(1).get("ret").asLong()).isEqualTo(1);
            assertThat(ev.get(2).get("syscall").asText()).isEqualTo("gettid");
            assertThat(ev.get(2).get("pid").asInt()).isEqualTo(6);
            assertThat(Files.readString(err)).isEqualTo("procguard: " + live + ": replaced by a new file (rotated?); the old one "
                    + "was read to its end (" + cutMidLine.length() + " bytes, its last line unterminated); reading the new one from its start\n");
        } finally {
            follow.destroyForcibly();
        }
    }

    /** @return the index just past the first newline at or after {@code from} */
    private static int lineEndAfter(byte[] bytes, int from) {
        int i = from;
        while (bytes[i] != '\n') {
            i++;
        }
        return i + 1;
    }

    /** @return how many events {@code parse} gives for the first {@code length} bytes of a log */
    private static int eventsOfPrefix(Path dir, byte[] log, int length) throws Exception {
        Path prefix = Files.write(dir.resolve("prefix-" + length + ".log"), java.util.Arrays.copyOfRange(log, 0, length));
        return lines(CliRunner.run("parse", prefix.toString()).out()).size();
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static boolean eventually(Check check) throws Exception {
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); System.nanoTime() < end; Thread.sleep(50)) {
            if (check.holds()) {
                return true;
            }
        }
        return check.holds();
    }

    @Test
    void malformedLinesAreWarnedWithLocationAndStrictModeExitsThree(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("bad.log");
        Files.write(log, "5 getpid() = 5\n\u0001\u00ff garbage\n5 getppid() = 1\n".getBytes(StandardCharsets.ISO_8859_1));
        CliRunner.Result lenient = CliRunner.run("parse", log.toString());
        assertThat(lenient.exitCode()).isZero();
        assertThat(lines(lenient.out())).hasSize(2);
        assertThat(lenient.err()).isEqualTo("procguard: warning: skipped line: expected a syscall, a signal, an exit or "
                + "an strace message at " + log + ":2:1\n");
        CliRunner.Result strict = CliRunner.run("parse", "--strict", log.toString());
        assertThat(strict.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(strict.err()).isEqualTo("procguard: expected a syscall, a signal, an exit or an strace message at "
                + log + ":2:1\n");
    }

    @Test
    void aFileWithNoStraceOutputIsBadInputForEveryReaderButAnEmptyOneIsNot(@TempDir Path dir) throws Exception {
        Path notStrace = dir.resolve("passwd");
        Files.writeString(notStrace, "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n");
        for (String command : List.of("parse", "summary", "analyze", "features")) {
            CliRunner.Result r = CliRunner.run(command, notStrace.toString());
            assertThat(r.exitCode()).as(command).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).as(command).endsWith("procguard: " + notStrace + ":1:5: not strace output: expected '(' after the "
                    + "syscall name (all 2 lines malformed, no events)\n");
        }
        Path empty = Files.createFile(dir.resolve("empty.log"));
        assertThat(CliRunner.run("summary", empty.toString()).exitCode()).isZero();
        Path oneGood = dir.resolve("one.log");
        Files.writeString(oneGood, "garbage\n5 getpid() = 5\n");
        assertThat(CliRunner.run("parse", oneGood.toString()).exitCode()).isZero();
    }

    @Test
    void missingFileIsBadInputInOneLine() {
        CliRunner.Result r = CliRunner.run("parse", "/nonexistent/trace.log");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("procguard: /nonexistent/trace.log: no such file\n");
    }

    @Test
    void unreadableLogsAndDirectoriesAreOneLineErrorsWithTheReasonForEveryReader(@TempDir Path dir) throws Exception {
        Path log = ParseTestLogs.trace(dir, List.of("-f"), "/bin/true");
        Files.setPosixFilePermissions(log, Set.of());
        for (String command : List.of("parse", "summary", "analyze")) {
            CliRunner.Result denied = CliRunner.runWithoutFilePermissionOverride(dir, command, log.toString());
            assertThat(denied.exitCode()).as(command).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(denied.err()).as(command).isEqualTo("procguard: " + log + ": permission denied\n");
            CliRunner.Result folder = CliRunner.run(command, dir.toString());
            assertThat(folder.exitCode()).as(command).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(folder.err()).as(command).isEqualTo("procguard: " + dir + ": is a directory\n");
        }
    }

    @Test
    void helpDocumentsTheJsonFieldsAndExamples() {
        CliRunner.Result r = CliRunner.run("parse", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("duration_ns").contains("errno_no").contains("Examples:").contains("--out=FILE")
                .contains("Default: 1048576").doesNotContainIgnoringCase("(default:");
        assertThat(CliRunner.run("summary", "--help").out()).contains("Default: 1048576").doesNotContainIgnoringCase("(default:");
    }
}
