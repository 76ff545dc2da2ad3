package io.procguard.strace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.procguard.core.EventKind;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Logs written with {@code strace -n} (syscall number, {@code [  59] }) and {@code -i} (instruction pointer,
 * {@code [00007f1d0205cc47] }), which strace 6.1 prints after the pid and time, {@code -n} first, on call, resumed,
 * signal and exit lines. Each such log must give the events of the same log with the fields cut out.
 */
class SyscallNumberAndInstructionPointerTest {
    /** The fields as strace prints them, right after the pid/time prefix (the regex cuts them from a log). */
    private static final String FIELDS = "(\\[ *(?:[0-9]+|\\?{3,4})\\] )?(\\[(?:[0-9a-f]{16}|[0-9a-f]{8}|\\?{16}|\\?{8})\\] )?";
    /** A line's pid/time prefix: {@code [pid  N] } or {@code N }, then a -t/-tt/-ttt/-r time. */
    private static final String PREFIX = "(?m)^((?:\\[pid +[0-9]+\\] |[0-9]+ +)?(?: *[0-9:.]+ +)?)";

    static Stream<Arguments> flagsAndOutputs() {
        List<Arguments> out = new ArrayList<>();
        for (List<String> fields : List.of(List.of("-i"), List.of("-n"), List.of("-i", "-n"))) {
            for (List<String> times : List.of(List.of("-tt", "-T", "-yy"), List.of("-ttt"), List.of("-r"))) {
                for (boolean toStderr : new boolean[] {false, true}) {
                    List<String> flags = new ArrayList<>(List.of("-f", "-C"));
                    flags.addAll(fields);
                    flags.addAll(times);
                    out.add(Arguments.of(flags, toStderr));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, to stderr: {1}")
    @MethodSource("flagsAndOutputs")
    void fieldsAreSkippedWithTheSameEventsAsTheLogWithoutThemAndStracesOwnCounts(List<String> flags, boolean toStderr,
            @TempDir Path dir) throws IOException {
        List<String> command = StraceOracleTest.Workload.SIGNALS_AND_SIGKILL.command.apply(dir);
        Path log = toStderr ? RealStrace.traceToStderr(dir, flags, command) : RealStrace.traceToFile(dir, flags, command);
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        // the forms strace 6.1 prints: on calls, resumes, signals and exits
        String number = flags.contains("-n") ? "\\[ *[0-9]+\\] " : "";
        String ip = flags.contains("-i") ? "\\[[0-9a-f]{16}\\] " : "";
        String unknownIp = flags.contains("-i") ? "\\[\\?{16}\\] " : "";
        assertThat(text).containsPattern(PREFIX + number + ip + "execve\\(")
                .containsPattern(PREFIX + number + ip + "<\\.\\.\\. [a-z0-9_]+ resumed>")
                .containsPattern(PREFIX + number + ip + "--- SIGCHLD \\{")
                .containsPattern(PREFIX + number + unknownIp + "\\+\\+\\+ (exited with|killed by) ");
        StraceOracleTest.assertMatchesStrace(log);
        Path plain = dir.resolve("plain.log");
        Files.writeString(plain, text.replaceAll(PREFIX + FIELDS, "$1"), StandardCharsets.ISO_8859_1);
        assertThat(Files.readString(plain, StandardCharsets.ISO_8859_1)).doesNotContainPattern(PREFIX + "\\[(?!pid )");
        assertThat(events(log)).isEqualTo(events(plain)).hasSizeGreaterThan(50);
    }

    @Test
    void theSameProgramTracedWithAndWithoutTheFieldsGivesTheSameCalls(@TempDir Path dir) throws IOException {
        List<String> command = List.of("/bin/ls", "/", "/nonexistent/procguard");
        List<String> without = calls(RealStrace.traceToFile(Files.createDirectory(dir.resolve("plain")), List.of(), command));
        assertThat(without).hasSizeGreaterThan(20).contains("execve 0", "exit_group 0");
        for (List<String> fields : List.of(List.of("-i"), List.of("-n"), List.of("-i", "-n"), List.of("-n", "-i", "-tt"))) {
            Path sub = Files.createDirectory(dir.resolve(String.join("", fields)));
            assertThat(calls(RealStrace.traceToFile(sub, fields, command))).as("with %s", fields).isEqualTo(without);
        }
    }

    @Test
    void formsStraceCannotPrintHereParseToo() throws IOException {
        // from strace's print_syscall_number.c and print_instruction_pointer.c: an unknown number ('????', newer
        // strace '???'), a 32-bit process's pointer (8 hex digits) or an unreadable one; the x32 number is 0x40000000|n
        List<TraceEvent> ev = LineShapesTest.parse("[????] [????????????????] +++ exited with 0 +++\n"
                + "7 [????] getpid() = 7\n"
                + "7 [???] [f7f4a549] getpid() = 7\n"
                + "[pid 8] 12:00:01.000002 [1073741863] [????????] getppid() = 1\n"
                + "[pid 8] [  13] [08049000] --- SIGCHLD {si_signo=SIGCHLD} ---\n");
        assertThat(ev).extracting(TraceEvent::kind).containsExactly(EventKind.EXITED, EventKind.SYSCALL,
                EventKind.SYSCALL, EventKind.SYSCALL, EventKind.SIGNAL);
        assertThat(ev.get(1).syscall()).isEqualTo(Syscalls.GETPID);
        assertThat(ev.get(3).syscall()).isEqualTo(Syscalls.GETPPID);
        assertThat(ev.get(3).pid()).isEqualTo(8);
        assertThat(ev.get(3).timestampNanos()).isEqualTo(43_201_000_002_000L);
        assertThat(ev.get(4).signalName()).isEqualTo("SIGCHLD");
    }

    @Test
    void stracesOwnBracketedMessagesStayMessages() throws IOException {
        List<TraceEvent> ev = LineShapesTest.parse("[ Process PID=44 runs in 32 bit mode. ]\n"
                + "44 [ Process PID=44 runs in 64 bit mode. ]\n"
                + "[pid 45] [ Process PID=45 runs in x32 mode. ]\n");
        assertThat(ev).extracting(TraceEvent::kind).containsOnly(EventKind.STRACE_MESSAGE);
        assertThat(ev).extracting(e -> e.arguments().toString()).containsExactly("[ Process PID=44 runs in 32 bit mode. ]",
                "[ Process PID=44 runs in 64 bit mode. ]", "[ Process PID=45 runs in x32 mode. ]");
    }

    @Test
    void bracketsThatAreNeitherFieldNorMessageAreMalformed() {
        assertThatThrownBy(() -> LineShapesTest.parse("[  59] [00007f1d0205cc47] [ 1] getpid() = 1\n"))
                .isInstanceOf(StraceParseException.class)
                .hasMessage("expected a syscall, a signal or an exit after the '-n'/'-i' fields at text:1:27");
    }

    /** Every event, as text; a -T duration and a -r relative time depend on the run, not on the fields. */
    private static List<String> events(Path log) throws IOException {
        List<String> out = new ArrayList<>();
        try (StraceParser p = StraceParser.open(log)) {
            for (TraceEvent e = p.next(); e != null; e = p.next()) {
                out.add(e.kind() + " " + e.pid() + " " + e.timestampNanos() + " " + e.syscallName() + "(" + e.arguments()
                        + ") " + e.hasReturnValue() + " " + e.returnValue() + " " + e.errnoName() + " " + e.durationNanos()
                        + " " + e.signalName() + " " + e.exitCode() + " " + e.resumed() + " " + e.lineNumber());
            }
            assertThat(p.problems()).isEmpty();
        }
        return out;
    }

    /** Calls and errors in order; what a single-threaded program does, run after run. */
    private static List<String> calls(Path log) throws IOException {
        List<String> out = new ArrayList<>();
        try (StraceParser p = StraceParser.open(log)) {
            for (TraceEvent e = p.next(); e != null; e = p.next()) {
                out.add(e.kind() == EventKind.SYSCALL ? e.syscallName() + " " + e.errno() : e.kind().toString());
            }
            assertThat(p.problems()).isEmpty();
        }
        return out;
    }
}
