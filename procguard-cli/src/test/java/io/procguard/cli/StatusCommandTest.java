package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procguard.core.Status;
import io.procguard.shm.ProcessIdentity;
import io.procguard.shm.SlotUpdate;
import io.procguard.shm.StatusTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code procguard status} against real tables published by a real {@link StatusTable} writer. */
class StatusCommandTest {
    @TempDir
    Path dir;
    private Path table;
    private StatusTable writer;
    private Process sleeper;
    private int sleeperSlot;

    @BeforeEach
    void publishTwoRealProcesses() throws Exception {
        table = dir.resolve("procguard");
        writer = StatusTable.create(table, StatusTable.Options.defaults().withSlotCount(8).withCooldown(Duration.ZERO));
        sleeper = new ProcessBuilder("/bin/sleep", "60").start();
        sleeperSlot = writer.claim(ProcessIdentity.of((int) sleeper.pid()));
        writer.update(sleeperSlot, new SlotUpdate().status(Status.BENIGN).score(0.05).counters(40, 1, 0, 0).reason("sleeps"));
        int self = writer.claim(ProcessIdentity.self());
        writer.update(self, new SlotUpdate().status(Status.MALICIOUS).score(0.97).counters(12_345, 17, 2, 3)
                .reason("connects to 127.0.0.1:4444 then dup2 onto stdin").modelId("onnx:rf-1"));
    }

    @AfterEach
    void stop() throws Exception {
        writer.close();
        sleeper.destroyForcibly();
        sleeper.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void aTableThatBelongsToAnotherUserIsShownWithAWarningNotToTrustIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.procguard.cli.monitor.Preflight.isRoot(), "needs root to chown the table");
        java.nio.file.Files.setAttribute(table, "unix:uid", 65534);
        CliRunner.Result r = CliRunner.run("status", "--shm", table.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("MALICIOUS");
        assertThat(r.err()).isEqualTo("procguard: warning: the table at " + table + " belongs to uid 65534, not to root or you: "
                + "anyone can write such a file; do not trust what it says\n");
    }

    @Test
    void printsOneRowPerProcessMostSuspiciousFirst() {
        CliRunner.Result r = CliRunner.run("status", "--shm", table.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).contains("writer pid " + ProcessHandle.current().pid() + " live").contains("2 processes (2 running, 0 exited)");
        assertThat(lines.get(1)).containsSubsequence("PID", "COMM", "STATUS", "SCORE", "SYSCALLS", "AGE", "STATE", "REASON");
        assertThat(lines.get(2)).contains(Long.toString(ProcessHandle.current().pid())).contains("MALICIOUS").contains("0.97")
                .contains("12345").contains("run").contains("connects to 127.0.0.1:4444 then dup2 onto stdin");
        assertThat(lines.get(3)).contains(Long.toString(sleeper.pid())).contains("sleep").contains("BENIGN").contains("0.05");
        assertThat(lines).hasSize(4);
    }

    @Test
    void theBundledClassifiersReasonIsShownInWordsAndKeptWholeInJson() throws Exception {
        String reason = "ind.credential_read=1 (+0.99): indicator, severity 3: opened (even if denied) /etc/shadow, gshadow";
        writer.update(sleeperSlot, new SlotUpdate().status(Status.SUSPICIOUS).reason(reason));

        CliRunner.Result r = CliRunner.run("status", "--shm", table.toString());
        assertThat(r.out().lines().filter(l -> l.contains(Long.toString(sleeper.pid()))))
                .singleElement().asString().endsWith("  credentials read (ind.credential_read +0.99)");
        CliRunner.Result json = CliRunner.run("status", "--shm", table.toString(), "--json");
        assertThat(json.out()).contains("\"reason\":\"ind.credential_read=1 (+0.99): indicator, severity 3: opened"); // as the slot holds it
    }

    @Test
    void jsonIsAnArrayWithEveryFieldSortedByScore() throws Exception {
        writer.markExited(sleeperSlot, 0, 0);
        CliRunner.Result r = CliRunner.run("status", "--shm", table.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode array = new ObjectMapper().readTree(r.out());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(2);
        assertThat(array.get(0).get("status").asText()).isEqualTo("MALICIOUS");
        assertThat(array.get(0).get("score").asDouble()).isEqualTo(0.97);
        assertThat(array.get(0).get("model_id").asText()).isEqualTo("onnx:rf-1");
        assertThat(array.get(1).get("pid").asLong()).isEqualTo(sleeper.pid());
        assertThat(array.get(1).get("state").asText()).isEqualTo("EXITED");
        assertThat(array.get(1).get("exit_code").asInt()).isZero();
        assertThat(array.get(1).get("exe").asText()).endsWith("/sleep");

        CliRunner.Result active = CliRunner.run("status", "--shm", table.toString(), "--json", "--active");
        assertThat(new ObjectMapper().readTree(active.out())).hasSize(1);
    }

    @Test
    void jsonSaysNullWhereTheTableHoldsItsUnknownOrNotYetValuesAndTheTextShowsADash() throws Exception {
        // what a writer publishes for a process gone before /proc was read and never named by an exec
        writer.claim(new ProcessIdentity(4242, 0, 0, StatusRows.UNKNOWN_UID, "", "")); // before markExited, or it takes that slot
        ProcessIdentity sleeping = ProcessIdentity.of((int) sleeper.pid());
        writer.markExited(sleeperSlot, -1, 9); // killed by SIGKILL: a signal, no exit code
        CliRunner.Result r = CliRunner.run("status", "--shm", table.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        java.util.Map<Long, JsonNode> byPid = new java.util.HashMap<>();
        new ObjectMapper().readTree(r.out()).forEach(n -> byPid.put(n.get("pid").asLong(), n));

        JsonNode unknown = byPid.get(4242L);
        for (String field : List.of("start_time", "ppid", "uid", "exe", "exited_ms", "exit_code", "exit_signal", "score")) {
            assertThat(unknown.has(field)).as(field).isTrue();
            assertThat(unknown.get(field).isNull()).as("%s of %s", field, unknown).isTrue();
        }
        JsonNode killed = byPid.get(sleeper.pid());
        assertThat(killed.get("start_time").asLong()).isEqualTo(sleeping.startTime()).isPositive();
        assertThat(killed.get("ppid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(killed.get("uid").isIntegralNumber()).isTrue();
        assertThat(killed.get("uid").asLong()).isEqualTo(Integer.toUnsignedLong(sleeping.uid()));
        assertThat(killed.get("exe").asText()).endsWith("/sleep");
        assertThat(killed.get("exited_ms").asLong()).isPositive();
        assertThat(killed.get("exit_code").isNull()).as("killed: no exit code").isTrue();
        assertThat(killed.get("exit_signal").asInt()).isEqualTo(9);
        JsonNode running = byPid.get(ProcessHandle.current().pid());
        assertThat(running.get("start_time").asLong()).isEqualTo(ProcessIdentity.self().startTime());
        assertThat(running.get("uid").isNull()).isFalse();
        for (String field : List.of("exited_ms", "exit_code", "exit_signal")) {
            assertThat(running.get(field).isNull()).as("%s while running", field).isTrue();
        }

        CliRunner.Result text = CliRunner.run("status", "--shm", table.toString());
        assertThat(text.out().lines().filter(l -> l.strip().startsWith("4242 ")).findFirst().orElseThrow())
                .matches(" *4242  -  +UNKNOWN .*");
        assertThat(CliRunner.run("status", "--help").out()).contains("null: unknown").contains("start_time")
                .contains("exit_signal");
    }

    @Test
    void thePythonReaderPrintsTheSameFieldsAndValuesAsStatusJson() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Path reader = Path.of(System.getProperty("procguard.repo.root", "..")).toAbsolutePath().normalize()
                .resolve("examples/python/procguard_shm.py");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(python) && Files.isRegularFile(reader),
                "needs /usr/bin/python3 and examples/python/procguard_shm.py (looked under procguard.repo.root)");
        writer.claim(new ProcessIdentity(4242, 0, 0, StatusRows.UNKNOWN_UID, "", "")); // unknowns: null in both
        writer.markExited(sleeperSlot, 0, 0); // after the claim: with no cooldown, the claim would reuse its slot
        CliRunner.Result r = CliRunner.run("status", "--shm", table.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Process p = new ProcessBuilder(python.toString(), reader.toString(), "--json", table.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();

        ObjectMapper mapper = new ObjectMapper();
        java.util.Map<Long, JsonNode> fromJava = new java.util.TreeMap<>();
        mapper.readTree(r.out()).forEach(n -> fromJava.put(n.get("pid").asLong(), n));
        java.util.Map<Long, JsonNode> fromPython = new java.util.TreeMap<>();
        mapper.readTree(out).forEach(n -> fromPython.put(n.get("pid").asLong(), n));
        assertThat(fromPython.keySet()).containsExactlyElementsOf(fromJava.keySet()).hasSize(3);
        for (Long pid : fromJava.keySet()) {
            JsonNode j = fromJava.get(pid);
            JsonNode py = fromPython.get(pid);
            List<String> names = new java.util.ArrayList<>();
            j.fieldNames().forEachRemaining(names::add);
            List<String> pyNames = new java.util.ArrayList<>();
            py.fieldNames().forEachRemaining(pyNames::add);
            assertThat(pyNames).as("pid %d", pid).containsExactlyInAnyOrderElementsOf(names);
            for (String f : names) {
                JsonNode a = j.get(f);
                JsonNode b = py.get(f);
                if (a.isNumber() && b.isNumber()) {
                    assertThat(b.asDouble()).as("pid %d %s", pid, f).isEqualTo(a.asDouble());
                } else {
                    assertThat(b.isNull() ? null : b.asText()).as("pid %d %s", pid, f).isEqualTo(a.isNull() ? null : a.asText());
                }
            }
        }
    }

    @Test
    void hostileNamesCannotDriveTheTerminal() {
        int slot = writer.claim(new ProcessIdentity(4242, 1, 1, 0, "x\u001b[2J\u202Eevil", "/tmp/x"));
        writer.update(slot, new SlotUpdate().reason("bell\u0007 and newline\n"));
        CliRunner.Result r = CliRunner.run("status", "--shm", table.toString());
        assertThat(r.out()).doesNotContain("\u001b").doesNotContain("\u202E").doesNotContain("\u0007")
                .contains("x\\x1b[2J\\u202eevil").contains("bell\\x07 and newline\\x0a");
    }

    @Test
    void noTableSaysWhatToRun() {
        CliRunner.Result r = CliRunner.run("status", "--shm", dir.resolve("absent").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(r.err().strip()).isEqualTo("procguard: no table at " + dir.resolve("absent")
                + ": is 'procguard run' or 'procguard daemon' running?");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aFileThatIsNotATableIsBadInputWithItsLocation() throws Exception {
        Path garbage = dir.resolve("garbage");
        Files.write(garbage, "not a table at all; a line repeated to be longer than a table header\n".repeat(4).getBytes());
        CliRunner.Result r = CliRunner.run("status", "--shm", garbage.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).startsWith("procguard: " + garbage + ": at byte 0: not a procguard status table").doesNotContain("Exception");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void aSymlinkIsRefused() throws Exception {
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, table);
        CliRunner.Result r = CliRunner.run("status", "--shm", link.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("is a symbolic link; refusing to follow it");
    }

    @Test
    void aCleanlyClosedTableShowsItsFinalValues() throws Exception {
        writer.close();
        CliRunner.Result r = CliRunner.run("status", "--shm", table.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("MALICIOUS");
        assertThat(r.err()).contains("was closed by its writer").contains("final values");
        // watched without a terminal (the page scrolls): the table's state is said once, not at every refresh
        CliRunner.Result watched = CliRunner.run("status", "--shm", table.toString(), "--watch", "--interval", "0.05", "--count", "3");
        assertThat(watched.out().split("MALICIOUS", -1)).as("three refreshes").hasSize(4);
        assertThat(watched.err().split("was closed by its writer", -1)).as("said once").hasSize(2);
    }

    @Test
    void aTableLeftByACrashedWriterIsReportedStale() throws Exception {
        writer.close();
        Process gone = new ProcessBuilder("/bin/true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        // What a writer killed mid-run leaves: state still "running", its pid no longer exists.
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(table)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(io.procguard.shm.StatusTableReader.HEADER_WRITER_STATE_OFFSET, io.procguard.shm.StatusTableReader.WRITER_RUNNING);
        b.putInt(io.procguard.shm.StatusTableReader.HEADER_WRITER_PID_OFFSET, (int) gone.pid());
        Path crashed = dir.resolve("crashed");
        Files.write(crashed, b.array());
        CliRunner.Result r = CliRunner.run("status", "--shm", crashed.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(r.out()).contains("MALICIOUS").contains("writer pid " + gone.pid() + " gone");
        assertThat(r.err().strip()).isEqualTo("procguard: table at " + crashed + " is stale: its writer (pid " + gone.pid()
                + ") is gone without closing it (killed or crashed); showing its last values");
    }

    @Test
    void watchRefreshesAndSeesNewValues() throws Exception {
        CountDownLatch firstRefresh = new CountDownLatch(1);
        StringWriter text = new StringWriter();
        Writer out = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                text.write(buf, off, len);
                if (text.toString().contains("\n")) {
                    firstRefresh.countDown();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> ProcGuardCommand.run(new PrintWriter(out),
                new PrintWriter(new StringWriter()), "status", "--shm", table.toString(), "--watch", "--json",
                "--interval", "1", "--count", "2"));
        assertThat(firstRefresh.await(30, TimeUnit.SECONDS)).isTrue();
        writer.update(sleeperSlot, new SlotUpdate().status(Status.SUSPICIOUS).score(0.5).counters(999_999, 0, 0, 0).reason("woke up"));
        assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
        List<String> refreshes = text.toString().lines().toList();
        assertThat(refreshes).hasSize(2);
        assertThat(refreshes.get(0)).doesNotContain("999999");
        assertThat(refreshes.get(1)).contains("999999").contains("woke up");
    }

    @Test
    void watchKeepsWaitingWhileThereIsNoTable() {
        CliRunner.Result r = CliRunner.run("status", "--shm", dir.resolve("absent").toString(), "--watch", "--interval", "0.05", "--count", "2");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(r.err().lines().filter(l -> l.contains("no table at"))).hasSize(2);
    }

    @Test
    void helpTeachesWithExamplesAndDefaults() {
        CliRunner.Result r = CliRunner.run("status", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Examples:").contains("procguard status --watch").contains("--json")
                .contains("Default: /dev/shm/procguard").contains("Default: 1.0").contains("Exit codes:");
    }

    @Test
    void aNonsenseIntervalIsAUsageError() {
        // NaN fails every comparison: it once passed the range check and slept 0 ms between refreshes (--count keeps a regression finite)
        for (String interval : List.of("0", "-1", "1e-9", "3601", "NaN", "Infinity", "-Infinity")) {
            CliRunner.Result r = CliRunner.run("status", "--shm", table.toString(), "--watch", "--interval", interval, "--count", "3");
            assertThat(r.exitCode()).as(interval).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(interval).startsWith("procguard: --interval must be 0.01 to 3600 seconds: ");
            assertThat(r.out()).as(interval).isEmpty();
        }
    }
}
