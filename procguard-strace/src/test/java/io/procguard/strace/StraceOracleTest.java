package io.procguard.strace;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.TraceEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The oracle: real programs under real {@code strace -f -C}, across flag sets; the parser's per-syscall
 * calls and errors must equal the summary table strace appended to its own log, exactly.
 */
class StraceOracleTest {

    /** A real workload: the command to trace, given a scratch directory. */
    enum Workload {
        SHELL(dir -> List.of("/bin/sh", "-c",
                "ls / /nonexistent; echo hi | cat; (cd /tmp && pwd); x=$(uname -a); test -e /etc/passwd; exit 7")),
        GCC(dir -> List.of("/usr/bin/gcc", "-O1", "-c", src(dir, "hello"), "-o", dir.resolve("hello.o").toString())),
        THREADS(dir -> List.of(RealStrace.program("threads").toString())),
        SIGNALS_AND_SIGKILL(dir -> List.of("/bin/sh", "-c",
                "sleep 5 & p=$!; sleep 0.1; kill -9 $p; wait; sleep 0.01 & wait; trap 'echo usr1' USR1; kill -USR1 $$; exit 0")),
        SEGFAULT(dir -> List.of(RealStrace.program("segfault").toString())),
        LOOPBACK_TCP(dir -> List.of(RealStrace.program("tcp").toString())),
        WEIRD_FILE_NAMES(dir -> List.of(RealStrace.program("weirdnames").toString(), dir.toString())),
        JVM(dir -> List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto", "-version"));

        final Function<Path, List<String>> command;

        Workload(Function<Path, List<String>> command) {
            this.command = command;
        }

        private static String src(Path dir, String name) {
            try {
                return RealStrace.source(name, dir).toString();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** The strace flag sets the issue names; all with -f -C. */
    static final List<List<String>> FLAG_SETS = List.of(
            List.of("-tt", "-T"),
            List.of("-ttt", "-yy", "-s", "256"),
            List.of("-r", "-x"),
            List.of("-X", "verbose", "-v"),
            List.of("--seccomp-bpf", "-e", "trace=openat,execve,clone,clone3,wait4,read,write,connect,accept,kill,exit_group"),
            List.of("-k"),
            List.of("-xx", "-y", "-X", "raw", "--timestamps=unix,ns"),
            List.of("-Y", "-tt", "-T"),
            List.of("-n", "-i", "-ttt", "-T", "-yy"),
            List.of("-e", "read=all", "-e", "write=all", "-tt"));

    static Stream<Arguments> logsWrittenWithDashO() {
        List<Arguments> out = new ArrayList<>();
        for (Workload w : Workload.values()) {
            for (int i = 0; i < FLAG_SETS.size(); i++) {
                // the JVM is slow under ptrace: two flag sets are enough for it
                if (w == Workload.JVM && i != 0 && i != 4) {
                    continue;
                }
                out.add(Arguments.of(w, FLAG_SETS.get(i)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("logsWrittenWithDashO")
    void perSyscallCallsAndErrorsEqualStracesOwnSummary(Workload workload, List<String> flags, @TempDir Path dir)
            throws IOException {
        List<String> all = new ArrayList<>(List.of("-f", "-C"));
        all.addAll(flags);
        Path log = RealStrace.traceToFile(dir, all, workload.command.apply(dir));
        assertMatchesStrace(log);
    }

    static Stream<Workload> workloads() {
        return Stream.of(Workload.SHELL, Workload.THREADS, Workload.SIGNALS_AND_SIGKILL, Workload.LOOPBACK_TCP);
    }

    @ParameterizedTest(name = "{0} to stderr")
    @MethodSource("workloads")
    void stderrLogsWithPidBracketsAndAttachMessagesMatchToo(Workload workload, @TempDir Path dir) throws IOException {
        Path log = RealStrace.traceToStderr(dir, List.of("-f", "-C", "-tt"), workload.command.apply(dir));
        String text = Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).contains("[pid ").contains("strace: Process ");
        assertMatchesStrace(log);
    }

    @Test
    void commandNamesAfterPidsAreSkippedWithTheSameEventsAsWithout(@TempDir Path dir) throws IOException {
        Path log = RealStrace.traceToStderr(dir, List.of("-f", "-C", "-tt", "-Y"), Workload.SIGNALS_AND_SIGKILL.command.apply(dir));
        String text = Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).containsPattern("\\[pid +[0-9]+<[^>]+>\\] ").containsPattern("(?m)^[0-9]+<[^>]+> |= [0-9]+<[^>]+>");
        assertMatchesStrace(log);
        // the same log with every line's command name cut out by a regex gives the same events
        Path plain = dir.resolve("plain.log");
        Files.writeString(plain, text.replaceAll("(?m)^(\\[pid +[0-9]+|[0-9]+)<[^>]*>", "$1"),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(events(log)).isEqualTo(events(plain)).hasSizeGreaterThan(20);
    }

    private static List<String> events(Path log) throws IOException {
        List<String> out = new ArrayList<>();
        try (StraceParser p = StraceParser.open(log)) {
            for (TraceEvent e = p.next(); e != null; e = p.next()) {
                out.add(e.kind() + " " + e.pid() + " " + e.syscall() + " " + e.returnValue() + " " + e.timestampNanos());
            }
        }
        return out;
    }

    static void assertMatchesStrace(Path log) throws IOException {
        SyscallTally tally = new SyscallTally();
        try (StraceParser p = StraceParser.open(log)) {
            long events = 0;
            for (TraceEvent e = p.next(); e != null; e = p.next()) {
                tally.add(e);
                events++;
            }
            assertThat(p.problems()).as("problems in %s", log).isEmpty();
            assertThat(p.malformedLines()).isZero();
            assertThat(p.countTable()).as("strace's summary table in %s", log).isPresent();
            SyscallCountTable table = p.countTable().orElseThrow();
            assertThat(table.rows()).isNotEmpty();
            assertThat(tally.differences(table)).as("differences from strace -C in %s", log).isEmpty();
            long sum = table.rows().stream().mapToLong(SyscallCountTable.Row::calls).sum();
            assertThat(table.total().calls()).isEqualTo(sum);
            assertThat(events).isGreaterThanOrEqualTo(sum);
        }
    }
}
