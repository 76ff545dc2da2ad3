package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
    void aLogWhoseCallsDisagreeWithStracesOwnTableIsSummarisedAndExits3WithTheDifferencesAsObjects(@TempDir Path dir)
            throws Exception {
        Path log = ParseTestLogs.trace(dir, List.of("-f", "-C"), "/bin/sh", "-c", "ls / /nonexistent > /dev/null 2>&1; exit 0");
        // an edited log: one failed openat of ls taken out
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(log));
        int removed = lines.indexOf(lines.stream().filter(l -> l.contains("openat(") && l.contains("= -1 ENOENT")).findFirst().orElseThrow());
        lines.remove(removed);
        Path edited = Files.write(dir.resolve("edited.log"), lines);

        CliRunner.Result json = CliRunner.run("summary", "--json", edited.toString());
        assertThat(json.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(json.err()).isEqualTo("procguard: " + edited + ": 1 syscall's counts differ from strace's own summary table "
                + "at the end of the log (listed above)\n");
        JsonNode table = MAPPER.readTree(json.out()).path("strace_table");
        assertThat(table.path("matches").asBoolean()).isFalse();
        assertThat(table.path("differences")).hasSize(1);
        JsonNode d = table.path("differences").get(0);
        assertThat(d.path("syscall").asText()).isEqualTo("openat");
        assertThat(d.path("strace_calls").asLong()).isEqualTo(d.path("calls").asLong() + 1);
        assertThat(d.path("strace_errors").asLong()).isEqualTo(d.path("errors").asLong() + 1);

        CliRunner.Result text = CliRunner.run("summary", edited.toString());
        assertThat(text.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(text.out()).contains("strace's own summary table: 1 syscall differs:", "  openat: calls ");

        assertThat(CliRunner.run("summary", log.toString()).exitCode()).as("the log as strace wrote it").isZero();
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

    /** Threads that end at once, two idle threads alive at exit, three children with exit codes, one killed with a thread. */
    private static final String THREADS_AND_CHILDREN = """
            #include <pthread.h>
            #include <signal.h>
            #include <sys/wait.h>
            #include <unistd.h>
            static void *idle(void *arg) { for (;;) pause(); return arg; }
            static void *quick(void *arg) { return arg; }
            int main(void) {
                pthread_t t[100], u;
                for (int i = 0; i < 100; i++) pthread_create(&t[i], NULL, quick, NULL);
                for (int i = 0; i < 100; i++) pthread_join(t[i], NULL);
                for (int i = 0; i < 2; i++) pthread_create(&u, NULL, idle, NULL);
                int codes[] = {2, 3, 7};
                for (int i = 0; i < 3; i++) if (fork() == 0) _exit(codes[i]);
                if (fork() == 0) { pthread_create(&u, NULL, idle, NULL); kill(getpid(), SIGKILL); }
                while (wait(NULL) > 0) {}
                return 0;
            }
            """;

    @Test
    void exitsAndFatalSignalsAreCountedPerProcessNotPerThread(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is not installed");
        Path source = Files.writeString(dir.resolve("threads.c"), THREADS_AND_CHILDREN);
        Path program = dir.resolve("threads");
        Process cc = new ProcessBuilder("/usr/bin/gcc", "-O", "-pthread", "-o", program.toString(), source.toString())
                .redirectErrorStream(true).start();
        String ccOutput = new String(cc.getInputStream().readAllBytes());
        assertThat(cc.waitFor()).as(ccOutput).isZero();
        Path log = ParseTestLogs.trace(dir, List.of("-f"), program.toString());
        CliRunner.Result r = CliRunner.run("summary", "--json", log.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode s = MAPPER.readTree(r.out());
        assertThat(s.path("processes").asInt()).isEqualTo(5);
        assertThat(s.path("threads").asInt()).isEqualTo(103);
        assertThat(s.path("exits").toString()).isEqualTo("{\"0\":1,\"2\":1,\"3\":1,\"7\":1}");
        assertThat(s.path("killed").toString()).isEqualTo("{\"SIGKILL\":1}");
        assertThat(CliRunner.run("summary", log.toString()).out()).contains("exits:     0=1, 2=1, 3=1, 7=1\n")
                .contains("killed by: SIGKILL=1\n");
    }

    @Test
    void aThreadWhoseExitIsLoggedBeforeItsCloneReturnsIsNotAProcessExit(@TempDir Path dir) throws Exception {
        // strace -f of pthread_create calls, as logged on a real run (about one thread in a thousand): the thread's
        // whole life, exit included, comes before its parent's '<... clone3 resumed> = TID'
        Path log = Files.writeString(dir.resolve("race.log"), """
                12436 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|\
                CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7fa47e6a8990, parent_tid=0x7fa47e6a8990, exit_signal=0, \
                stack=0x7fa47dea8000, stack_size=0x7fff80, tls=0x7fa47e6a86c0} <unfinished ...>
                12442 rseq(0x7fa47e6a8fe0, 0x20, 0, 0x53053053) = 0
                12442 set_robust_list(0x7fa47e6a89a0, 24) = 0
                12442 rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0
                12442 rt_sigprocmask(SIG_BLOCK, ~[RT_1], NULL, 8) = 0
                12442 madvise(0x7fa47dea8000, 8368128, MADV_DONTNEED) = 0
                12442 exit(0)                           = ?
                12442 +++ exited with 0 +++
                12436 <... clone3 resumed> => {parent_tid=[0]}, 88) = 12442
                12436 exit_group(0)                     = ?
                12436 +++ exited with 0 +++
                """);
        JsonNode s = MAPPER.readTree(CliRunner.run("summary", "--json", log.toString()).out());
        assertThat(s.path("processes").asInt()).isEqualTo(1);
        assertThat(s.path("threads").asInt()).isEqualTo(1);
        assertThat(s.path("exits").toString()).isEqualTo("{\"0\":1}");
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
    void aLogWithOnlyStracesTableShowsItsFiguresAndClaimsNoDifferences(@TempDir Path dir) throws Exception {
        Path log = ParseTestLogs.trace(dir, List.of("-c"), "/bin/ls", "/", "/nonexistent");
        String openat = Files.readAllLines(log).stream().filter(l -> l.endsWith(" openat")).findFirst().orElseThrow();
        long calls = Long.parseLong(openat.substring(31, 40).trim());
        CliRunner.Result text = CliRunner.run("summary", log.toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).containsPattern("(?m)^openat +" + calls + " +[1-9]")
                .contains("strace's own summary table: the log holds only this table (strace -c), no calls to compare")
                .doesNotContain("differ");
        CliRunner.Result json = CliRunner.run("summary", "--json", log.toString());
        JsonNode s = MAPPER.readTree(json.out());
        assertThat(s.path("syscalls").path("openat").path("calls").asLong()).isEqualTo(calls);
        assertThat(s.path("strace_table").toString()).isEqualTo("{\"present\":true,\"table_only\":true}");
    }

    @Test
    void helpTeachesTheJsonShape() {
        CliRunner.Result r = CliRunner.run("summary", "--help");
        assertThat(r.out()).contains("\"malformed_lines\"").contains("Examples:").contains("256 MB");
    }

    @Test
    void namesFromAHostileLogCannotDriveTheTerminal(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("hostile.log"), """
                1 1700000000.000001 openat(AT_FDCWD, "/x", O_RDONLY) = 3
                1 1700000000.000002 --- SIG\u001b]0;T\u0007USR1 {si_signo=SIGUSR1} ---
                2 1700000000.000003 +++ killed by SIG\u001b[2JKILL +++
                """);
        CliRunner.Result r = CliRunner.run("summary", log.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("SIG\\x1b]0;T\\x07USR1=1").contains("SIG\\x1b[2JKILL=1").doesNotContain("\u001b", "\u0007");
    }

    @Test
    void distinctSignalNamesBeyondTheCapAreCountedTogether(@TempDir Path dir) throws Exception {
        StringBuilder lines = new StringBuilder();
        int names = SummaryCommand.MAX_DISTINCT + 500;
        for (int i = 0; i < names; i++) {
            lines.append("1 1700000000.000001 --- SIGX").append(i).append(" {si_signo=SIGUSR1} ---\n");
        }
        CliRunner.Result r = CliRunner.run("summary", "--json", Files.writeString(dir.resolve("many.log"), lines).toString());
        JsonNode signals = MAPPER.readTree(r.out()).get("signals");
        assertThat(signals.size()).isEqualTo(SummaryCommand.MAX_DISTINCT + 1);
        assertThat(signals.get(SummaryCommand.OTHER_NAME).asLong()).isEqualTo(500);
        long total = 0;
        for (JsonNode n : signals) {
            total += n.asLong();
        }
        assertThat(total).as("every signal counted once").isEqualTo(names);
    }
}
