package io.procguard.strace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.procguard.core.EventKind;
import io.procguard.core.TraceEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parser finds a call line's return part from the line's end and does not read the arguments. These tests
 * hold it to the forward reading (the parser with every argument list read forward, as before) on real strace
 * output built to fool it, and pin down what lenient and strict mode do with a malformed argument list.
 */
class ReturnFromTheEndTest {
    /** A line with a second {@code ) = } after the real end of its arguments: a fake end the fast path must refuse. */
    private static final Pattern FAKE_END_IN_RETURN = Pattern.compile("\\) += .*\\) += ");

    @Test
    void fakeArgumentEndsInsideDecoratedReturnsAreNotTakenForTheRealOne(@TempDir Path dir) throws IOException {
        RealStrace.assumeStrace();
        Path program = RealStrace.program("fakereturns");
        List<List<String>> flagSets = List.of(
                List.of("-f", "-tt", "-T", "-yy"),
                List.of("-f", "-yy", "-x"),
                List.of("-f", "-ttt", "-T", "-yy", "-xx", "-s", "256", "-v"),
                List.of("-f", "-X", "verbose", "-yy", "-T"),
                List.of("-f", "-k", "-yy"),
                List.of("-f", "-tt", "-T", "-y"));
        int fakes = 0;
        for (int k = 0; k < flagSets.size(); k++) {
            Path sub = Files.createDirectory(dir.resolve("run" + k));
            Path names = Files.createDirectory(sub.resolve("names"));
            Path log = RealStrace.traceToFile(sub, flagSets.get(k), List.of(program.toString(), names.toString()));
            byte[] bytes = Files.readAllBytes(log);
            Outcome fast = parse(bytes, ParserOptions.defaults(), false);
            Outcome verified = parse(bytes, ParserOptions.defaults(), true);
            assertThat(fast.events).as("events with %s", flagSets.get(k)).isEqualTo(verified.events);
            assertThat(fast.problems).as("problems with %s", flagSets.get(k)).isEqualTo(verified.problems);
            assertThat(fast.events).as("calls with %s", flagSets.get(k)).hasSizeGreaterThan(100);
            for (String line : new String(bytes, StandardCharsets.ISO_8859_1).split("\n")) {
                if (line.contains("accept4(") || line.contains("= 4</") || line.contains("= 5</")) {
                    fakes += FAKE_END_IN_RETURN.matcher(line).find() ? 1 : 0;
                }
            }
        }
        // the program must really have put fake ends into returns, or this test proves nothing
        assertThat(fakes).as("lines with a fake ') = ' in a decorated return").isGreaterThan(50);
    }

    @Test
    void aFakeEndInADecoratedReturnCommentFallsBackToTheForwardScan() throws IOException {
        // strace 6.1 does not decorate the fds of poll's return comment; if a version does, a path can hold ') = 1 (c'
        String line = "poll([{fd=3</a>, events=POLLIN}], 1, 0) = 1 ([{fd=3</b) = 1 (c>, revents=POLLIN}]) <0.000013>\n";
        TraceEvent e = onlyEvent(line);
        assertThat(e.arguments().toString()).isEqualTo("[{fd=3</a>, events=POLLIN}], 1, 0");
        assertThat(e.returnValue()).isEqualTo(1);
        assertThat(e.durationNanos()).isEqualTo(13_000);
    }

    @Test
    void aFakeEndInAQuotedSocketPathFallsBackToTheForwardScan() throws IOException {
        // strace leaves '<' and '>' raw inside the quoted path of a UNIX socket decoration
        String line = "accept4(3<UNIX-STREAM:[1,\"/x) = 5<\"]>, NULL, NULL, SOCK_CLOEXEC) = 5<UNIX-STREAM:[2->1,\"/x) = 5<\"]> <0.000014>\n";
        TraceEvent e = onlyEvent(line);
        assertThat(e.arguments().toString()).isEqualTo("3<UNIX-STREAM:[1,\"/x) = 5<\"]>, NULL, NULL, SOCK_CLOEXEC");
        assertThat(e.returnValue()).isEqualTo(5);
    }

    @Test
    void aMalformedArgumentListBeforeAWellFormedReturnIsKeptInLenientModeAndReportedInStrictMode() throws IOException {
        byte[] log = "openat(AT_FDCWD, \"unterminated) = 3\nclose(3) = 0\n".getBytes(StandardCharsets.ISO_8859_1);
        Outcome lenient = parse(log, ParserOptions.defaults(), false);
        assertThat(lenient.problems).isEmpty();
        assertThat(lenient.events).hasSize(2);
        assertThat(lenient.events.get(0)).startsWith("SYSCALL line=1 sys=257 ret=3 ").endsWith("args=[AT_FDCWD, \"unterminated]");

        Outcome verified = parse(log, ParserOptions.defaults(), true);
        assertThat(verified.problems).containsExactly("1:36 argument list not closed");
        assertThat(verified.events).containsExactly(lenient.events.get(1));

        assertThatThrownBy(() -> parse(log, ParserOptions.defaults().withStrict(true), false))
                .isInstanceOf(StraceParseException.class)
                .hasMessage("argument list not closed at log:1:36");
    }

    @Test
    void linesTheFastPathCannotProveAreReadForwardAsBefore() throws IOException {
        String text = String.join("\n",
                "1 read(3, \"a) = 1\", 9 <unfinished ...>",                  // unfinished: never from the end
                "2 write(1, \"x\", 1) = 1",
                "1 <... read resumed>) = 6",                                  // resumed: read forward
                "2 openat(AT_FDCWD, \"q\", O_RDONLY) = 3</t/q) = 4\\76x> <0.000010>", // fake end in a path decoration
                "2 close(3</t/q) = 4\\76x>) = 0",
                "2 exit_group(0)                           = ?",                 // padded, no return value
                "");
        Outcome fast = parse(text.getBytes(StandardCharsets.ISO_8859_1), ParserOptions.defaults(), false);
        Outcome verified = parse(text.getBytes(StandardCharsets.ISO_8859_1), ParserOptions.defaults(), true);
        assertThat(fast).isEqualTo(verified);
        assertThat(fast.problems).isEmpty();
        assertThat(fast.events).hasSize(5);
        assertThat(fast.events.get(1)).contains("ret=6 ").endsWith("args=[3, \"a) = 1\", 9]");
        assertThat(fast.events.get(2)).contains("ret=3 ").endsWith("args=[AT_FDCWD, \"q\", O_RDONLY]");
        assertThat(fast.events.get(3)).endsWith("args=[3</t/q) = 4\\76x>]");
    }

    private record Outcome(List<String> events, List<String> problems) {
    }

    /** @return the one event of a one-line log, read with the fast path, after checking it against the forward reading */
    private static TraceEvent onlyEvent(String line) throws IOException {
        byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(parse(bytes, ParserOptions.defaults(), false)).isEqualTo(parse(bytes, ParserOptions.defaults(), true));
        List<TraceEvent> out = new ArrayList<>();
        StraceParser.parse(new ByteArrayInputStream(bytes), "log", ParserOptions.defaults(), e -> out.add(e.snapshot()));
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static Outcome parse(byte[] input, ParserOptions options, boolean verify) throws IOException {
        List<String> events = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        InputStream in = new ByteArrayInputStream(input);
        try (StraceParser p = StraceParser.of(in, "log", options)) {
            if (verify) {
                p.verifyArguments();
            }
            p.onProblem(pr -> problems.add(pr.line() + ":" + pr.column() + " " + pr.message()));
            for (TraceEvent e = p.next(); e != null; e = p.next()) {
                events.add(describe(e));
            }
        }
        return new Outcome(events, problems);
    }

    private static String describe(TraceEvent e) {
        return e.kind() + " line=" + e.lineNumber() + " sys=" + e.syscall() + " ret=" + e.returnValue() + " hasRet=" + e.hasReturnValue()
                + " pid=" + e.pid() + " ts=" + e.timestampNanos() + " errno=" + e.errno() + "/" + e.errnoName() + " dur=" + e.durationNanos()
                + " sig=" + e.signalName() + " exit=" + e.exitCode() + " resumed=" + e.resumed()
                + (e.kind() == EventKind.SYSCALL ? "" : " kind") + " args=[" + e.arguments() + "]";
    }
}
