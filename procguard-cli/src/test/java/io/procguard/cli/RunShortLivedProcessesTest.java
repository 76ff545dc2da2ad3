package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes that are gone before procguard looks at {@code /proc} (the classifier is still loading while
 * they run): what the status table and the logs still say about them, from the trace.
 */
@Timeout(120)
@ExtendWith(NeedsTracing.class)
class RunShortLivedProcessesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aRootThatExitsAtOnceIsLoggedWithItsParentProgramArgvAndStartTime() throws Exception {
        long before = ticksSinceBoot();
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--quiet", "--no-shm", "--log-dir", dir.resolve("logs").toString(),
                "--", "true");
        long after = ticksSinceBoot();
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<JsonNode> started = started(dir.resolve("logs"));
        assertThat(started).hasSize(1);
        JsonNode s = started.get(0);
        assertThat(s.get("ppid").asInt()).as("%s", s).isPositive(); // strace, which started it
        assertThat(s.get("exe").asText()).as("%s", s).endsWith("/true");
        assertThat(s.get("argv").toString()).as("%s", s).isEqualTo("[\"true\"]");
        assertThat(s.get("start_time").asLong()).as("%s", s).isBetween(before - 1, after + 1);
    }

    @Test
    void childrenThatExitAtOnceAreLoggedWithTheirParentProgramAndArgv() throws Exception {
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--quiet", "--no-shm", "--log-dir", dir.resolve("logs").toString(),
                "--", "sh", "-c", "/bin/true & /bin/true & /bin/true & wait");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<JsonNode> started = started(dir.resolve("logs"));
        assertThat(started).hasSize(4).allSatisfy(s -> {
            assertThat(s.get("ppid").asInt()).as("%s", s).isPositive();
            assertThat(s.get("exe").asText()).as("%s", s).isNotEmpty();
            assertThat(s.get("argv").size()).as("%s", s).isPositive();
            assertThat(s.path("start_time").asLong()).as("%s", s).isPositive();
        });
    }

    @Test
    void aProgramRunByARelativePathIsReportedByItsAbsolutePath() throws Exception {
        Path statuses = dir.resolve("statuses.jsonl");
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--quiet", "--no-shm", "--log-dir", dir.resolve("logs").toString(),
                "--json-out", statuses.toString(), "--", "sh", "-c", "cd '" + dir + "' && cp /bin/true ./x && ./x && cd /usr && ../bin/true");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> exes = Files.readAllLines(statuses).stream().map(l -> {
            try {
                return JSON.readTree(l).path("exe").asText();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).distinct().toList();
        assertThat(exes).contains(dir.toRealPath() + "/x", "/bin/true").noneMatch(e -> e.startsWith("."));
    }

    @Test
    void statusJsonShowsTheStartTimeOfProcessesGoneBeforeTheyWereLookedAt() throws Exception {
        Path table = dir.resolve("table");
        long before = ticksSinceBoot();
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--quiet", "--shm", table.toString(), "--log-dir",
                dir.resolve("logs").toString(), "--", "sh", "-c", "/bin/true & /bin/true & wait");
        long after = ticksSinceBoot();
        assertThat(r.exitCode()).as(r.err()).isZero();
        CliRunner.Result status = CliRunner.run("status", "--json", "--shm", table.toString());
        JsonNode rows = JSON.readTree(status.out());
        assertThat(rows.size()).as(status.out()).isEqualTo(3);
        for (JsonNode p : rows) {
            assertThat(p.get("start_time").asLong()).as("%s", p).isBetween(before - 1, after + 1);
            assertThat(p.get("ppid").asInt()).as("%s", p).isPositive();
        }
    }

    @Test
    void theTableTellsHowLongAProcessLivedThoughItIsPublishedBehindTheTrace() throws Exception {
        Path table = dir.resolve("table");
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--quiet", "--shm", table.toString(), "--log-dir",
                dir.resolve("logs").toString(), "--", "sh", "-c", "sleep 0.4; true");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode rows = JSON.readTree(CliRunner.run("status", "--json", "--shm", table.toString()).out());
        JsonNode sleep = null;
        for (JsonNode p : rows) {
            if (p.get("comm").asText().equals("sleep")) {
                sleep = p;
            }
        }
        assertThat(sleep).as("%s", rows).isNotNull();
        long lived = sleep.get("exited_ms").asLong() - sleep.get("first_seen_ms").asLong();
        assertThat(lived).as("%s", sleep).isBetween(380L, 5000L);
        assertThat(sleep.get("last_seen_ms").asLong()).isEqualTo(sleep.get("exited_ms").asLong());
    }

    @Test
    void aLiveProcessKeepsTheKernelsOwnStartTime() throws Exception {
        Path table = dir.resolve("table");
        Process p = MonitorProcess.start(dir, "run", "--quiet", "--shm", table.toString(), "--log-dir", dir.resolve("logs").toString(),
                "--", "sleep", "3");
        try {
            JsonNode sleep = null;
            for (int i = 0; i < 100 && sleep == null; i++) {
                Thread.sleep(100);
                if (Files.exists(table)) {
                    JsonNode rows = JSON.readTree(CliRunner.run("status", "--json", "--shm", table.toString()).out());
                    sleep = rows == null || rows.size() == 0 ? null : rows.get(0);
                }
            }
            assertThat(sleep).isNotNull();
            String stat = Files.readString(Path.of("/proc", sleep.get("pid").asText(), "stat"));
            long kernel = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
            assertThat(sleep.get("start_time").asLong()).isEqualTo(kernel);
        } finally {
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    private static List<JsonNode> started(Path logs) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : MonitorProcess.allLogs(logs)) {
            JsonNode n = JSON.readTree(line);
            if (n.get("event").asText().equals("started")) {
                out.add(n);
            }
        }
        return out;
    }

    /** @return the time since boot in clock ticks (USER_HZ 100), from /proc/uptime */
    private static long ticksSinceBoot() throws Exception {
        String uptime = Files.readString(Path.of("/proc/uptime")).split(" ")[0];
        return Math.round(Double.parseDouble(uptime) * 100);
    }
}
