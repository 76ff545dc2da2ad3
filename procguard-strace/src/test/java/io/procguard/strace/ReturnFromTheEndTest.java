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
        Outcome fast = readBothWays(text);
        assertThat(fast.problems).isEmpty();
        assertThat(fast.events).hasSize(5);
        assertThat(fast.events.get(1)).contains("ret=6 ").endsWith("args=[3, \"a) = 1\", 9]");
        assertThat(fast.events.get(2)).contains("ret=3 ").endsWith("args=[AT_FDCWD, \"q\", O_RDONLY]");
        assertThat(fast.events.get(3)).endsWith("args=[3</t/q) = 4\\76x>]");
    }

    @Test
    void theCommonTailsReadBackwardsGiveWhatTheForwardReadingGives() throws IOException {
        // the shapes StraceParser.commonTail takes (value, errno and comment, duration) and near misses it must leave
        String text = String.join("\n",
                "1 openat(AT_FDCWD, \"/x\", O_RDONLY) = -1 ENOENT (No such file or directory) <0.000012>",
                "1 openat(AT_FDCWD, \"/x\", O_RDONLY) = -1 ENOENT (No such file or directory)",
                "1 read(3, \"a) = 5\", 10) = 5",
                "1 read(3, \"a) = 5\", 10) = 5 <0.1>",
                "1 mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, -1, 0) = 0x7f3a2b1c0000 <0.000009>",
                "1 fcntl(3, F_GETFL) = 0x8002 (flags O_RDWR|O_LARGEFILE)",
                "1 poll([{fd=3, events=POLLIN}], 1, 0) = 0 (Timeout)",
                "1 poll([{fd=3, events=POLLIN}], 1, 0) = 1 ([{fd=3, revents=POLLIN}])",
                "1 openat(AT_FDCWD, \"/tmp/a\", O_RDONLY) = 3</tmp/a) = 4\\76x>",
                "1 openat(AT_FDCWD, \"/tmp/a\", O_RDONLY) = 3</tmp/a> <0.000010>",
                "1 openat(AT_FDCWD, \"/tmp/a\", O_RDONLY) = 4</tmp/x>(deleted)",
                "1 exit_group(0)                     = ?",
                "1 foo(1) = -1 (errno 18446744073709551554)",
                "1 foo(1) = -1 E2BIG (Argument list too long) <12.000001>",
                "1 foo(1) = -1 ERESTARTSYS (To be restarted if SA_RESTART is set) <0.000001>",
                "1 foo(1) = ? ERESTART_RESTARTBLOCK (Interrupted by signal) <0.1>",
                "1 foo(1) = -1 EINTR (Interrupted system call)  <0.1>",
                "1 connect(3<socket:[1]>, {sa_family=AF_UNIX, sun_path=\"/x\"}, 110) = 0<UNIX:[1->2,\"x) = 5 <1\"]>",
                "1 foo() = 5 <0.000001>",
                "1 foo(1)  =  5",
                "1 foo(1) = 5  <0.000001>",
                "1 foo(1) = 5 <1.5.3>",
                "1 foo(1) = 0x <0.1>",
                "1 foo(1) = 1-2",
                "1 foo(1) = 123456789012345678901234",
                "1 foo(1) = 5 <99999999999999999999.0>",
                "1 f(1) = -1 EPERM (Operation not permitted) /* a */",
                "1 f(1) = 10 <0.000001>trailing",
                "1 f(1) = 10 <0.000001",
                "1 f(1) = -1 ENOENT(x)",
                "1 f(1) = -1  ENOENT (x)",
                "1 f(1) = -1 enoent (x)",
                "1 f(1) = -1 ENOENT ((x))",
                "1 f(1) = -1 ENOENT (x) (y)",
                "1 f(1)= 1",
                "1 openat(AT_FDCWD, \"/usr/lib/libc.so.6\", O_RDONLY|O_CLOEXEC) = 3</usr/lib/libc.so.6>",
                "1 openat(AT_FDCWD, \"/usr/lib/libc.so.6\", O_RDONLY|O_CLOEXEC) = 3</usr/lib/libc.so.6> <0.000021>",
                "1 openat(AT_FDCWD, \"/dev/null\", O_RDWR) = 3</dev/null<char 1:3>> <0.000011>",
                "1 socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 4<socket:[77]> <0.000011>",
                "1 accept4(3<TCP:[1]>, NULL, NULL, 0) = 5<TCP:[127.0.0.1:80->127.0.0.1:5000]> <0.000011>",
                "1 accept4(3<UNIX:[1]>, NULL, NULL, 0) = 5<UNIX-STREAM:[2->1,\"/x\"]>",
                "1 openat(AT_FDCWD, \"caf\u00e9\", O_RDONLY) = 3</tmp/caf\u00e9> <0.000011>",
                "1 openat(AT_FDCWD, \"a\", O_RDONLY) = 3</tmp/a\\76b>",
                "1 f() = 3</a) = 4>",
                "1 f() = 3<> <0.1>",
                "1 f() = 3 </a>",
                "1 f() = x3</a>",
                "");
        Outcome fast = readBothWays(text);
        assertThat(fast.events.get(0)).contains("ret=-1 ", "errno=2/ENOENT", "dur=12000 ");
        assertThat(fast.events.get(4)).contains("ret=" + 0x7f3a2b1c0000L + " ", "dur=9000 ");
        assertThat(fast.events.get(13)).contains("errno=7/E2BIG", "dur=12000001000 ");
        assertThat(fast.problems).hasSize(11);
        assertThat(fast.events.get(27)).contains("ret=3 ", "dur=21000 ").endsWith("args=[AT_FDCWD, \"/usr/lib/libc.so.6\", O_RDONLY|O_CLOEXEC]");
    }

    @Test
    void rememberedErrnosAndCommentsAreTakenOnlyWhereTheirBytesAndPlaceMatch() throws IOException {
        // commonTail remembers the errno text or value comment it read ('ENOENT (No such file or directory)'), keyed by
        // the eight bytes before the ')': each line below follows one that put such a text in the memo
        String text = String.join("\n",
                "1 openat(AT_FDCWD, \"/a\", O_RDONLY) = -1 ENOENT (No such file or directory) <0.000012>",
                "1 openat(AT_FDCWD, \"/b\", O_RDONLY) = -1 ENOENT (No such file or directory) <0.000013>",
                "1 openat(AT_FDCWD, \"/c\", O_RDONLY) = -1 XENOENT (No such file or directory)",
                "1 openat(AT_FDCWD, \"/d\", O_RDONLY) = -1  ENOENT (No such file or directory)",
                "1 openat(AT_FDCWD, \"/e\", O_RDONLY) = -1 EPERM (No such file or directory)",
                "1 openat(AT_FDCWD, \"/f\", O_RDONLY) = -1 ENOENT (No such file or directory)",
                "1 openat(AT_FDCWD, \"/g\", O_RDONLY) =ENOENT (No such file or directory)",
                "1 f(ENOENT (No such file or directory)",
                "1 f() = 1 ENOENT (No such file or directory)",
                "1 fcntl(6, F_GETFL) = 0x38800 (flags O_RDONLY|O_NONBLOCK|O_LARGEFILE)",
                "1 fcntl(7, F_GETFL) = 0x38800 (flags O_RDONLY|O_NONBLOCK|O_LARGEFILE) <0.000010>",
                "1 fcntl(7, F_GETFL) = 0x388AB (flags O_RDONLY|O_NONBLOCK|O_LARGEFILE)",
                "1 fcntl(7, F_GETFL) = -1 EBADF (flags O_RDONLY|O_NONBLOCK|O_LARGEFILE)",
                "1 fcntl(7, F_GETFL) = EBADF (flags O_RDONLY|O_NONBLOCK|O_LARGEFILE)",
                "1 fcntl(7, F_GETFL) = 0x1 (flags O_RDONLY|O_NONBLOCK|O_LARGEFILE)",
                "1 f() = -1 (errno 18446744073709551554)",
                "1 f() = -1 (errno 18446744073709551554)",
                "1 f() = 0x1 (Timeout)",
                "1 f() = 0x1 (Timeout)",
                "");
        Outcome fast = readBothWays(text);
        assertThat(onLine(fast, 2)).contains("ret=-1 ", "errno=2/ENOENT", "dur=13000 ");
        assertThat(onLine(fast, 3)).contains("errno=0/XENOENT");
        assertThat(onLine(fast, 5)).contains("errno=1/EPERM");
        assertThat(onLine(fast, 6)).contains("errno=2/ENOENT", "dur=" + TraceEvent.ABSENT + " ");
        assertThat(onLine(fast, 11)).contains("ret=" + 0x38800 + " ", "errno=0/null", "dur=10000 ");
        assertThat(onLine(fast, 13)).contains("ret=-1 ", "errno=9/EBADF");
        assertThat(onLine(fast, 19)).contains("ret=1 ", "errno=0/null");
    }

    private static String onLine(Outcome o, int line) {
        return o.events.stream().filter(e -> e.contains(" line=" + line + " ")).findFirst().orElseThrow();
    }

    @Test
    void errnoLinesOfRealProgramsReadBackwardsGiveWhatTheForwardReadingGives(@TempDir Path dir) throws IOException {
        RealStrace.assumeStrace();
        String script = "ls /nonexistent-a /nonexistent-b; cat /etc/hostname /nonexistent-c; readlink -f /usr/bin/../bin/sh;"
                + " true > /proc/1/mem; stat /root/.ssh/nothing; exit 0";
        for (List<String> flags : List.of(List.of("-f"), List.of("-f", "-T"), List.of("-f", "-tt", "-T"), List.of("-f", "-ttt", "-T", "-yy"))) {
            Path sub = Files.createTempDirectory(dir, "run");
            byte[] bytes = Files.readAllBytes(RealStrace.traceToFile(sub, flags, List.of("/bin/sh", "-c", script)));
            Outcome fast = parse(bytes, ParserOptions.defaults(), false);
            assertThat(fast).as("with %s", flags).isEqualTo(parse(bytes, ParserOptions.defaults(), true));
            assertThat(fast.events.stream().filter(e -> e.contains("/ENOENT")).count()).as("ENOENT calls with %s", flags)
                    .isGreaterThan(5);
        }
    }

    private record Outcome(List<String> events, List<String> problems) {
    }

    /** @return what the fast path makes of the text, after checking that the forward reading makes the same */
    private static Outcome readBothWays(String text) throws IOException {
        Outcome fast = parse(text.getBytes(StandardCharsets.ISO_8859_1), ParserOptions.defaults(), false);
        assertThat(fast).isEqualTo(parse(text.getBytes(StandardCharsets.ISO_8859_1), ParserOptions.defaults(), true));
        return fast;
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
