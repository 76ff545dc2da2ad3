package io.procguard.strace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Bad input never crashes the parser: it is counted and reported with file:line:column, or fails fast in strict mode. */
class MalformedInputTest {
    private static final String GOOD = "12 openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY) = 3\n";

    private static List<TraceEvent> parse(byte[] input, ParserOptions options, List<ParseProblem> problems) throws IOException {
        List<TraceEvent> out = new ArrayList<>();
        StraceParser.parse(new ByteArrayInputStream(input), "log.txt", options, new TraceListener() {
            @Override
            public void onEvent(TraceEvent e) {
                out.add(e.snapshot());
            }

            @Override
            public void onProblem(ParseProblem p) {
                problems.add(p);
            }
        });
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aSummaryHeaderWithoutItsRuleIsReportedAtItsOwnLineAndTheNextLineStillParses() throws IOException {
        List<ParseProblem> problems = new ArrayList<>();
        List<TraceEvent> events = parse(bytes(GOOD + "% time     seconds  usecs/call     calls    errors syscall\n" + GOOD + "% time\n"),
                ParserOptions.defaults(), problems);
        assertThat(events).hasSize(2).allMatch(e -> e.syscall() == Syscalls.OPENAT && e.returnValue() == 3);
        assertThat(problems).extracting(ParseProblem::line).containsExactly(2L, 4L);
        assertThat(problems).allMatch(p -> p.column() == 1 && p.message().contains("dashed rule"));
    }

    @Test
    void binaryGarbageIsCountedAndGoodLinesAroundItStillParse() throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(bytes(GOOD));
        byte[] garbage = new byte[200_000];
        new Random(42).nextBytes(garbage);
        in.writeBytes(garbage);
        in.writeBytes(bytes("\n" + GOOD));
        List<ParseProblem> problems = new ArrayList<>();
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(in.toByteArray()), "log.txt", ParserOptions.defaults())) {
            int good = 0;
            for (TraceEvent e = p.next(); e != null; e = p.next()) {
                if (e.syscall() == Syscalls.OPENAT && e.returnValue() == 3 && e.arguments().toString().contains("/etc/passwd")) {
                    good++;
                }
            }
            assertThat(good).isEqualTo(2);
            assertThat(p.malformedLines()).isPositive();
            assertThat(p.problems()).allSatisfy(pr -> {
                assertThat(pr.toString()).contains(" at log.txt:");
                assertThat(pr.excerpt().length()).isLessThanOrEqualTo(83);
                assertThat(pr.excerpt()).matches("[\\x20-\\x7e]*");
            });
            assertThat(p.linesRead()).isGreaterThan(p.malformedLines());
        }
    }

    @Test
    void invalidUtf8InsideAStringIsKeptAsLatin1() throws IOException {
        byte[] line = bytes("1 openat(AT_FDCWD, \"/tmp/\u00ff\u00fe\u00c3(\", O_RDONLY) = 4\n");
        List<ParseProblem> problems = new ArrayList<>();
        List<TraceEvent> ev = parse(line, ParserOptions.defaults(), problems);
        assertThat(problems).isEmpty();
        assertThat(ev).singleElement().satisfies(e -> {
            assertThat(e.returnValue()).isEqualTo(4);
            assertThat(e.arguments().toString()).isEqualTo("AT_FDCWD, \"/tmp/\u00ff\u00fe\u00c3(\", O_RDONLY");
        });
    }

    @Test
    void aLogCutMidCallIsReportedWithItsLineAndColumnAndTheCallIsKeptUnfinished() throws IOException {
        List<ParseProblem> problems = new ArrayList<>();
        List<TraceEvent> ev = parse(bytes(GOOD + "12 1700000000.5 openat(AT_FDCWD, \"/et"), ParserOptions.defaults(), problems);
        assertThat(ev).hasSize(2);
        assertThat(ev.get(1)).satisfies(e -> {
            assertThat(e.pid()).isEqualTo(12);
            assertThat(e.syscall()).isEqualTo(Syscalls.OPENAT);
            assertThat(e.timestampNanos()).isEqualTo(1_700_000_000_500_000_000L);
            assertThat(e.arguments().toString()).isEqualTo("AT_FDCWD, \"/et");
            assertThat(e.hasReturnValue()).as("strace never printed its end").isFalse();
        });
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo(38);
            assertThat(p.toString())
                    .isEqualTo("truncated last line: argument list not closed (the call is kept, unfinished) at log.txt:2:38");
        });
    }

    @Test
    void logCutMidCallEmitsThePendingCallWithoutReturnValue() throws IOException {
        List<ParseProblem> problems = new ArrayList<>();
        List<TraceEvent> ev = parse(bytes(GOOD + "12 read(3,  <unfinished ...>\n13 <... wri"), ParserOptions.defaults(), problems);
        assertThat(ev).extracting(TraceEvent::syscall).containsExactly(Syscalls.OPENAT, Syscalls.READ);
        assertThat(ev.get(1).hasReturnValue()).isFalse();
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(3));
    }

    @Test
    void strictModeFailsFastWithFileLineColumn() {
        byte[] input = bytes(GOOD + "12 openat(AT_FDCWD, \"/x\", O_RDONLY) = banana\n" + GOOD);
        assertThatThrownBy(() -> parse(input, ParserOptions.defaults().withStrict(true), new ArrayList<>()))
                .isInstanceOf(StraceParseException.class)
                .hasMessage("expected a return value (decimal, 0x hex or ?) at log.txt:2:39")
                .satisfies(t -> assertThat(((StraceParseException) t).problem().line()).isEqualTo(2));
    }

    @Test
    void lenientModeReportsTheSameProblemAndGoesOn() throws IOException {
        List<ParseProblem> problems = new ArrayList<>();
        List<TraceEvent> ev = parse(bytes(GOOD + "12 openat(AT_FDCWD, \"/x\", O_RDONLY) = banana\n" + GOOD),
                ParserOptions.defaults(), problems);
        assertThat(ev).hasSize(2);
        assertThat(problems).extracting(ParseProblem::toString)
                .containsExactly("expected a return value (decimal, 0x hex or ?) at log.txt:2:39");
    }

    @Test
    void timesOutOfRangeAreMalformedLinesWithTheirColumn() throws IOException {
        String bad = "1 9999999999.999999 getpid() = 1\n" // nanoseconds overflow a long (were -8446744073709552616)
                + "1 25:61:61 getpid() = 1\n"
                + "1 24:00:00.000001 getpid() = 1\n"
                + "1 23:60:00 getpid() = 1\n"
                + "1 23:59:61.5 getpid() = 1\n"
                + "9223372036.854775808 getpid() = 1\n" // one nanosecond past Long.MAX_VALUE
                + "1 12:00:00 getpid() = 1 <9999999999.000001>\n"
                + "1     9999999999.000000 getpid() = 1\n"; // -r relative time
        List<ParseProblem> problems = new ArrayList<>();
        List<TraceEvent> ev = parse(bytes(GOOD + bad + GOOD), ParserOptions.defaults(), problems);
        assertThat(ev).hasSize(2).allMatch(e -> e.syscall() == Syscalls.OPENAT);
        assertThat(problems).extracting(ParseProblem::toString).containsExactly(
                "timestamp out of range (a time of day above 23:59:60, or seconds above 9223372036.854775807) at log.txt:2:3",
                "timestamp out of range (a time of day above 23:59:60, or seconds above 9223372036.854775807) at log.txt:3:3",
                "timestamp out of range (a time of day above 23:59:60, or seconds above 9223372036.854775807) at log.txt:4:3",
                "timestamp out of range (a time of day above 23:59:60, or seconds above 9223372036.854775807) at log.txt:5:3",
                "timestamp out of range (a time of day above 23:59:60, or seconds above 9223372036.854775807) at log.txt:6:3",
                "timestamp out of range (a time of day above 23:59:60, or seconds above 9223372036.854775807) at log.txt:7:1",
                "duration out of range (nanoseconds above a long's range) at log.txt:8:26",
                "timestamp out of range (a time of day above 23:59:60, or seconds above 9223372036.854775807) at log.txt:9:7");
        for (String line : bad.split("\n")) {
            assertThatThrownBy(() -> parse(bytes(line + "\n"), ParserOptions.defaults().withStrict(true), new ArrayList<>()))
                    .as(line).isInstanceOf(StraceParseException.class).hasMessageContaining(" out of range (").hasMessageContaining(" at log.txt:1:");
        }
    }

    @Test
    void timesAtTheEdgesOfTheirRangeStillParse() throws IOException {
        List<TraceEvent> ev = parse(bytes("1 23:59:60.999999 getpid() = 1\n" // a leap second
                        + "1 00:00:00 getpid() = 1 <9223372036.854775807>\n"
                        + "9223372036.854775807 getpid() = 1\n"
                        + "9223372036.854775806 getpid() = 1\n" // the cached seconds, a smaller fraction
                        + "1     9223372035.999999 getpid() = 1 <0.000001>\n" // -r relative time
                        + "1 1795978922.984621961 getpid() = 1 <123456.5>\n"),
                ParserOptions.defaults().withStrict(true), new ArrayList<>());
        assertThat(ev).extracting(TraceEvent::timestampNanos).containsExactly(86_400_999_999_000L, 0L, Long.MAX_VALUE,
                Long.MAX_VALUE - 1, 9_223_372_035_999_999_000L, 1_795_978_922_984_621_961L);
        assertThat(ev).extracting(TraceEvent::durationNanos).containsExactly(TraceEvent.ABSENT, Long.MAX_VALUE,
                TraceEvent.ABSENT, TraceEvent.ABSENT, 1_000L, 123_456_500_000_000L);
    }

    @Test
    void hostilePidsAndUnknownNamesAreBounded() throws IOException {
        StringBuilder sb = new StringBuilder("99999999 getpid() = 1\n[pid 123456789] getpid() = 1\n");
        for (int i = 0; i < 20; i++) {
            sb.append("1 made_up_").append(i).append("() = 0\n");
        }
        List<ParseProblem> problems = new ArrayList<>();
        List<TraceEvent> ev = parse(bytes(sb.toString()), ParserOptions.defaults().withMaxUnknownSyscallNames(5), problems);
        assertThat(ev).hasSize(5);
        assertThat(problems).hasSize(2 + 15);
        assertThat(problems.get(0).message()).isEqualTo("pid out of range");
        assertThat(problems.get(2).message()).startsWith("too many distinct unknown syscall names");
    }

    @Test
    void aFiftyMegabyteLineIsSkippedInASmallHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx24m", "-cp", System.getProperty("java.class.path"),
                HugeLineMain.class.getName()).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("events=2 malformed=1")
                .contains("line longer than 1048576 bytes skipped at huge:2:1048577");
        assertThat(p.exitValue()).as(out).isZero();
    }

    /**
     * An input of {@code head}, then {@code tailLength} bytes of {@code x} without a newline, then {@code end}; counts
     * what it has handed out.
     */
    private static final class LongLineStream extends InputStream {
        private final byte[] head;
        private final long tailLength;
        private final byte[] end;
        long delivered;

        LongLineStream(String head, long tailLength, String end) {
            this.head = bytes(head);
            this.tailLength = tailLength;
            this.end = bytes(end);
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            long total = head.length + tailLength + end.length;
            if (delivered >= total) {
                return -1;
            }
            if (delivered > 100_000_000L) { // the parser keeps reading a line it should have given up on
                throw new AssertionError("read " + delivered + " bytes of one line without a word");
            }
            int n = (int) Math.min(len, total - delivered);
            for (int i = 0; i < n; i++) {
                long at = delivered + i;
                b[off + i] = at < head.length ? head[(int) at]
                        : at < head.length + tailLength ? (byte) 'x' : end[(int) (at - head.length - tailLength)];
            }
            delivered += n;
            return n;
        }
    }

    @Test
    void anOverlongLineIsReportedWhenItCrossesTheLimitNotWhenItEnds() throws IOException {
        int limit = 4096;
        LongLineStream in = new LongLineStream(GOOD, 20_000_000L, "\n" + GOOD);
        List<Long> deliveredAtReport = new ArrayList<>();
        List<ParseProblem> problems = new ArrayList<>();
        int events = 0;
        try (StraceParser p = StraceParser.of(in, "endless", ParserOptions.defaults().withMaxLineLength(limit))) {
            p.onProblem(pr -> {
                problems.add(pr);
                deliveredAtReport.add(in.delivered);
            });
            while (p.next() != null) {
                events++;
            }
            assertThat(p.bytesRead()).isEqualTo(in.delivered);
            assertThat(p.linesRead()).isEqualTo(3);
        }
        assertThat(events).isEqualTo(2);
        assertThat(problems).singleElement().extracting(ParseProblem::toString)
                .isEqualTo("line longer than 4096 bytes skipped at endless:2:4097");
        // reported after reading about the limit and one buffer, not the 20 MB of the line
        assertThat(deliveredAtReport.get(0)).isLessThan(1_000_000L);
    }

    @Test
    void aLineJustOverTheLimitIsSkippedEvenWhenItsNewlineIsAlreadyBuffered() throws IOException {
        // the limit is above the reader's first buffer (64 KiB), which then grows past the line and finds its newline
        String longCall = "123 openat(AT_FDCWD, \"/" + "a".repeat(70_000) + "\", O_RDONLY) = 3\n";
        byte[] log = (GOOD + longCall + GOOD).getBytes(StandardCharsets.ISO_8859_1);
        int limit = longCall.length() - 10;
        List<ParseProblem> problems = new ArrayList<>();
        int events = 0;
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(log), "near", ParserOptions.defaults().withMaxLineLength(limit))) {
            p.onProblem(problems::add);
            while (p.next() != null) {
                events++;
            }
            assertThat(p.bytesRead()).isEqualTo(log.length);
        }
        assertThat(events).isEqualTo(2);
        assertThat(problems).singleElement().extracting(ParseProblem::toString)
                .isEqualTo("line longer than " + limit + " bytes skipped at near:2:" + (limit + 1));
    }

    @Test
    void strictModeStopsAtALineThatNeverEnds() throws IOException {
        LongLineStream in = new LongLineStream(GOOD, Long.MAX_VALUE / 2, "");
        try (StraceParser p = StraceParser.of(in, "zero", ParserOptions.defaults().withStrict(true).withMaxLineLength(4096))) {
            assertThat(p.next()).isNotNull();
            assertThatThrownBy(p::next).isInstanceOf(StraceParseException.class)
                    .hasMessage("line longer than 4096 bytes skipped at zero:2:4097");
        }
        assertThat(in.delivered).isLessThan(1_000_000L);
    }

    /** Runs in a 24 MB heap: a good line, a 50 MB line without a newline until its end, a good line. */
    public static final class HugeLineMain {
        private HugeLineMain() {
        }

        /**
         * @param args unused
         * @throws IOException never, the input is generated
         */
        public static void main(String[] args) throws IOException {
            byte[] head = bytes(GOOD + "12 write(1, \"");
            byte[] tail = bytes("\", 52428800) = 52428800\n" + GOOD);
            long hugeLength = 50L << 20;
            InputStream in = new InputStream() {
                private long pos;

                @Override
                public int read() {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    long total = head.length + hugeLength + tail.length;
                    if (pos >= total) {
                        return -1;
                    }
                    int n = (int) Math.min(len, total - pos);
                    for (int i = 0; i < n; i++, pos++) {
                        long k = pos - head.length;
                        b[off + i] = pos < head.length ? head[(int) pos] : k < hugeLength ? (byte) 'A' : tail[(int) (k - hugeLength)];
                    }
                    return n;
                }
            };
            try (StraceParser p = StraceParser.of(in, "huge", ParserOptions.defaults())) {
                int events = 0;
                while (p.next() != null) {
                    events++;
                }
                System.out.println("events=" + events + " malformed=" + p.malformedLines());
                p.problems().forEach(System.out::println);
            }
        }
    }
}
