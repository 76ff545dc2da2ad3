package io.procguard.strace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.procguard.core.EventKind;
import io.procguard.core.TraceEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random mutations of real strace lines (made by the real strace on a real workload), each followed
 * by a well-formed call line, parsed five ways: lenient from one buffer; lenient through a stream that hands
 * out one to seven bytes per read (so lines straddle buffer refills and stale bytes lie past the line end);
 * lenient with the line limit set to the longest line, so the read buffer is just big enough and lines end at
 * its last bytes (where word-at-a-time reads must fall back to bytes); lenient with every argument list read
 * forward ("verified"); and strict. The first three must agree; verified and strict must agree as lenient and
 * strict did before the return part was found from the line's end.
 *
 * <p>The stated exception: lenient trusts the line's end, so it may differ from verified on a mutated line
 * whose argument list is malformed but whose end is a well-formed return part. Then, and only then, lenient
 * emits that line as a call whose arguments are the bytes between {@code name(} and the last {@code ) = },
 * reports nothing for it, and everything else (every other event and problem) is identical. Every failure
 * message names the input, so a failure can be replayed.
 */
class DifferentialFuzzTest {
    private static final long SEED = 0x5EED_2026L;
    private static final int CASES = 6_000;
    /** Bytes a mutation inserts or writes: the syntax strace lines are made of, and garbage. */
    private static final byte[] SPECIAL = "\"()<>\\ =,[]{}?:.-+0x/*\r\t\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);

    /** The arguments lenient mode trusts: from the first {@code (} to the last {@code )} followed by spaces and {@code "= "}. */
    private static final Pattern TRUSTED = Pattern.compile("\\((.*)\\) += ", Pattern.DOTALL); // a mutation may put \r or U+0085 (Latin-1 0x85) inside

    private static List<byte[]> sources;
    private static List<byte[]> wellFormed;

    @BeforeAll
    static void traceRealPrograms(@TempDir Path dir) throws IOException {
        RealStrace.assumeStrace();
        String workload = "ls -la /etc /usr/lib; cat /etc/passwd /nonexistent; find /usr/share/doc -maxdepth 1;"
                + " (cd / && pwd) | cat; sleep 0.01 & wait";
        List<byte[]> all = new ArrayList<>();
        List<List<String>> flagSets = List.of(
                List.of("-f", "-tt", "-T", "-yy"),
                List.of("-f", "-ttt", "-T", "-s", "256", "-v", "-x"),
                List.of("-f", "-r", "-xx", "-y"));
        for (int k = 0; k < flagSets.size(); k++) {
            Path sub = Files.createDirectory(dir.resolve("run" + k));
            Path log = RealStrace.traceToFile(sub, flagSets.get(k), List.of("/bin/sh", "-c", workload));
            for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                all.add(line.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        sources = new ArrayList<>();
        wellFormed = new ArrayList<>();
        for (byte[] line : all) {
            if (line.length > 0 && line[0] == '%') {
                continue; // no -c table here; a table header changes how the next line is read
            }
            sources.add(line);
            Outcome alone = parse(line, ParserOptions.defaults(), false);
            if (alone.problems.isEmpty() && alone.events.size() == 1 && alone.events.get(0).startsWith("SYSCALL")
                    && !alone.events.get(0).contains("hasRet=false")) {
                wellFormed.add(line);
            }
        }
        assertThat(wellFormed).as("complete call lines in the real traces").hasSizeGreaterThan(200);
    }

    @Test
    void mutatedLinesNeverThrowOtherThanParseErrorsNorHideTheNextGoodLine() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random random = new Random(SEED);
            int malformedSeen = 0;
            int trusted = 0;
            for (int n = 0; n < CASES; n++) {
                byte[] bad = mutate(sources.get(random.nextInt(sources.size())), random);
                byte[] good = wellFormed.get(random.nextInt(wellFormed.size()));
                int r = checkCase(bad, good);
                malformedSeen += r & 1;
                trusted += r >> 1;
            }
            // the mutations must actually exercise the error paths, or this test proves nothing
            assertThat(malformedSeen).as("cases with a malformed first line").isGreaterThan(CASES / 5);
            // the exception is taken, and stays the exception: most malformed lines are still reported in lenient mode
            assertThat(trusted).as("malformed argument lists trusted from the line's end").isBetween(1, malformedSeen / 4);
        });
    }

    @Test
    void aLongStreamOfAlternatingGarbageAndGoodLinesKeepsEveryGoodLine() throws IOException {
        Random random = new Random(SEED + 1);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        int goodLines = 0;
        for (int n = 0; n < 20_000; n++) {
            byte[] line = n % 2 == 0 ? mutate(sources.get(random.nextInt(sources.size())), random)
                    : wellFormed.get(random.nextInt(wellFormed.size()));
            goodLines += n % 2;
            in.write(line);
            in.write('\n');
        }
        byte[] bytes = in.toByteArray();
        Outcome whole = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> parse(bytes, ParserOptions.defaults(), false));
        Outcome chunked = parse(bytes, ParserOptions.defaults(), true);
        assertThat(chunked.events).isEqualTo(whole.events);
        assertThat(chunked.problems).isEqualTo(whole.problems);
        long evenLineSyscalls = whole.events.stream()
                .filter(e -> e.startsWith("SYSCALL") && lineOf(e) % 2 == 0 && !e.contains("hasRet=false")).count();
        assertThat(evenLineSyscalls).as("complete calls from the well-formed (even) lines").isEqualTo(goodLines);
        for (String p : whole.problems) {
            assertThat(lineOf(p) % 2).as("problems only on the mutated (odd) lines: %s", p).isEqualTo(1);
        }
    }

    /**
     * @return bit 0: the mutated line was reported malformed (verified); bit 1: lenient trusted its end instead
     */
    private static int checkCase(byte[] bad, byte[] good) throws IOException {
        byte[] input = concat(bad, good);
        String replay = "input (Latin-1, escaped): " + escape(input);
        Outcome lenient;
        Outcome chunked;
        Outcome tight;
        Outcome verified;
        try {
            lenient = parse(input, ParserOptions.defaults(), false);
            chunked = parse(input, ParserOptions.defaults(), true);
            tight = parse(input, ParserOptions.defaults().withMaxLineLength(Math.max(64, Math.max(bad.length, good.length))), true);
            verified = parse(input, ParserOptions.defaults(), false, true);
        } catch (Throwable t) {
            throw new AssertionError("lenient parse threw " + t + "; " + replay, t);
        }
        assertThat(chunked.events).as("events read in small chunks; %s", replay).isEqualTo(lenient.events);
        assertThat(chunked.problems).as("problems read in small chunks; %s", replay).isEqualTo(lenient.problems);
        assertThat(tight.events).as("events with a just-big-enough buffer; %s", replay).isEqualTo(lenient.events);
        assertThat(tight.problems).as("problems with a just-big-enough buffer; %s", replay).isEqualTo(lenient.problems);

        // the good line comes out whatever came before it, as it does alone (but as line 2)
        String expected = parse(good, ParserOptions.defaults(), false).events.get(0).replace(" line=1 ", " line=2 ");
        assertThat(lenient.events).as("the well-formed second line; %s", replay).contains(expected);
        assertThat(verified.events).as("the well-formed second line, verified; %s", replay).contains(expected);

        // every problem is on the mutated line, at a column inside it (or just past its end)
        for (String p : verified.problems) {
            assertThat(p).as(replay).startsWith("1:");
            int column = Integer.parseInt(p.substring(2, p.indexOf(' ')));
            assertThat(column).as("column of %s; %s", p, replay).isBetween(1, bad.length + 1);
        }

        int trusted = 0;
        if (!lenient.equals(verified)) {
            // the stated exception: a malformed argument list before a well-formed return part
            assertThat(verified.problems).as("lenient differs from verified only on a line verified rejects; %s", replay).isNotEmpty();
            assertThat(lenient.problems).as("lenient trusted the line's end: nothing reported; %s", replay).isEmpty();
            List<String> firstLine = lenient.events.stream().filter(e -> lineOf(e) == 1).toList();
            assertThat(firstLine).as("one call event from the trusted line; %s", replay).hasSize(1);
            Matcher m = TRUSTED.matcher(new String(bad, StandardCharsets.ISO_8859_1));
            assertThat(m.find()).as(replay).isTrue();
            assertThat(firstLine.get(0)).as(replay).startsWith("SYSCALL ").contains(" args=[" + m.group(1) + "]");
            List<String> rest = new ArrayList<>(lenient.events);
            rest.remove(firstLine.get(0));
            assertThat(rest).as("every other event as verified; %s", replay).isEqualTo(verified.events);
            trusted = 1;
        }

        // strict mode stops at the first problem verified reports, with the same line, column and message, and only so
        try {
            Outcome strict = parse(input, ParserOptions.defaults().withStrict(true), false);
            assertThat(verified.problems).as("strict mode passed, so verified must see no problem; %s", replay).isEmpty();
            assertThat(strict.events).as(replay).isEqualTo(verified.events);
        } catch (StraceParseException e) {
            assertThat(verified.problems).as("strict threw %s; %s", e.getMessage(), replay).isNotEmpty();
            assertThat(describe(e.problem())).as(replay).isEqualTo(verified.problems.get(0));
            assertThat(e.getMessage()).endsWith(" at fuzz:" + e.problem().line() + ":" + e.problem().column());
        } catch (Throwable t) {
            throw new AssertionError("strict parse threw " + t + " instead of StraceParseException; " + replay, t);
        }
        return (verified.problems.isEmpty() ? 0 : 1) | trusted << 1;
    }

    /** One to three random edits of a line: delete, insert or overwrite a byte, or cut the line short. */
    private static byte[] mutate(byte[] line, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = line.clone();
        int edits = 1 + random.nextInt(3);
        for (int k = 0; k < edits; k++) {
            int at = random.nextInt(b.length + 1);
            out.reset();
            switch (random.nextInt(4)) {
                case 0 -> { // delete
                    out.write(b, 0, at);
                    if (at < b.length) {
                        out.write(b, at + 1, b.length - at - 1);
                    }
                }
                case 1 -> { // insert syntax or garbage
                    out.write(b, 0, at);
                    out.write(random.nextBoolean() ? SPECIAL[random.nextInt(SPECIAL.length)] : random.nextInt(256));
                    out.write(b, at, b.length - at);
                }
                case 2 -> { // overwrite
                    out.write(b, 0, b.length);
                    if (at < b.length) {
                        byte[] c = out.toByteArray();
                        c[at] = (byte) random.nextInt(256);
                        out.reset();
                        out.write(c, 0, c.length);
                    }
                }
                default -> out.write(b, 0, at); // cut
            }
            b = out.toByteArray();
        }
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                b[i] = '?'; // one line stays one line
            }
        }
        return b;
    }

    private record Outcome(List<String> events, List<String> problems) {
    }

    private static Outcome parse(byte[] input, ParserOptions options, boolean chunked) throws IOException {
        return parse(input, options, chunked, false);
    }

    private static Outcome parse(byte[] input, ParserOptions options, boolean chunked, boolean verify) throws IOException {
        List<String> events = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        InputStream in = chunked ? new Trickle(input) : new ByteArrayInputStream(input);
        try (StraceParser p = StraceParser.of(in, "fuzz", options)) {
            if (verify) {
                p.verifyArguments();
            }
            p.onProblem(pr -> problems.add(describe(pr)));
            int calls = 0;
            for (TraceEvent e = p.next(); e != null; e = p.next()) {
                events.add(describe(e));
                if (++calls > input.length + 10) {
                    fail("more events than bytes: the parser loops");
                }
            }
        }
        return new Outcome(events, problems);
    }

    static String describe(ParseProblem p) {
        return p.line() + ":" + p.column() + " " + p.message() + " | " + p.excerpt();
    }

    static String describe(TraceEvent e) {
        return e.kind() + " pid=" + e.pid() + " ts=" + e.timestampNanos() + " line=" + e.lineNumber() + " sys=" + e.syscall()
                + " hasRet=" + e.hasReturnValue() + " ret=" + e.returnValue() + " errno=" + e.errno() + "/" + e.errnoName()
                + " dur=" + e.durationNanos() + " sig=" + e.signalName() + " exit=" + e.exitCode() + " core=" + e.coreDumped()
                + " resumed=" + e.resumed() + " args=[" + e.arguments() + "]"
                + (e.kind() == EventKind.SYSCALL ? "" : " kind");
    }

    private static long lineOf(String s) {
        int at = s.indexOf(" line=");
        if (at >= 0) {
            return Long.parseLong(s.substring(at + 6, s.indexOf(' ', at + 6)));
        }
        return Long.parseLong(s.substring(0, s.indexOf(':')));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] out = new byte[first.length + second.length + 2];
        System.arraycopy(first, 0, out, 0, first.length);
        out[first.length] = '\n';
        System.arraycopy(second, 0, out, first.length + 1, second.length);
        out[out.length - 1] = '\n';
        return out;
    }

    private static String escape(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.toString();
    }

    /** Hands out the bytes one to seven at a time, as a slow pipe does. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final Random random;
        private int pos;

        Trickle(byte[] bytes) {
            this.bytes = bytes;
            this.random = new Random(bytes.length);
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + random.nextInt(7)), bytes.length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
