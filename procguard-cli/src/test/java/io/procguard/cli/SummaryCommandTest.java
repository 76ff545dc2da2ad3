package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void jsonCountsEqualStracesOwnTableForARealRun(@TempDir Path dir) throws Exception {
        Path log = ParseTestLogs.trace(dir, List.of("-f", "-C", "-tt"), "/bin/sh", "-c",
                "ls / /nonexistent; sleep 5 & p=$!; sleep 0.1; kill -9 $p; wait; exit 4");
        CliRunner.Result r = CliRunner.run("summary", "--json", log.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode s = MAPPER.readTree(r.out());
        assertThat(s.path("strace_table").path("present").asBoolean()).isTrue();
        assertThat(s.path("strace_table").path("differences")).isEmpty();
        assertThat(s.path("strace_table").path("matches").asBoolean()).isTrue();
        // and the counts themselves, read back from strace's table lines in the log
        List<String> table = Files.readAllLines(log).stream().dropWhile(l -> !l.startsWith("% time")).toList();
        String openat = table.stream().filter(l -> l.endsWith(" openat")).findFirst().orElseThrow();
        assertThat(s.path("syscalls").path("openat").path("calls").asLong())
                .isEqualTo(Long.parseLong(openat.substring(31, 40).trim()));
        assertThat(s.path("processes").asInt()).isEqualTo(4); // sh, ls, the killed sleep, the other sleep
        assertThat(s.path("killed").path("SIGKILL").asInt()).isEqualTo(1);
        assertThat(s.path("exits").path("4").asInt()).isEqualTo(1);
        assertThat(s.path("exits").path("2").asInt()).isEqualTo(1);
        assertThat(s.path("signals").path("SIGCHLD").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(s.path("malformed_lines").asInt()).isZero();
    }

    @Test
    void threadsAreCountedApartFromProcesses(@TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = ParseTestLogs.trace(dir, List.of("-f", "-e", "trace=clone,clone3,exit_group,execve"),
                java.toString(), "-Xshare:auto", "-Xint", "-version");
        CliRunner.Result r = CliRunner.run("summary", "--json", log.toString());
        JsonNode s = MAPPER.readTree(r.out());
        assertThat(s.path("processes").asInt()).isEqualTo(1);
        assertThat(s.path("threads").asInt()).isGreaterThan(3);
    }

    @Test
    void humanOutputSaysWhetherStracesTableMatches(@TempDir Path dir) throws Exception {
        Path log = ParseTestLogs.trace(dir, List.of("-f", "-C"), "/bin/ls", "/nonexistent");
        CliRunner.Result r = CliRunner.run("summary", log.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("syscall").contains("openat").contains("exits:     2=1")
                .contains("strace's own summary table: every count matches");
    }

    @Test
    void helpTeachesTheJsonShape() {
        CliRunner.Result r = CliRunner.run("summary", "--help");
        assertThat(r.out()).contains("\"malformed_lines\"").contains("Examples:").contains("256 MB");
    }
}
