package io.procguard.strace;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.TraceEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parser's fast path for the commonest call line ({@code StraceParser.fastCall}) against the full reading
 * ({@code parseLine}) it stands in front of: on real strace logs of several flag sets, and on the same lines
 * mutated (seeded, most edits near the line's end, where the fast path reads the return part), both must give
 * the same events and the same problems, field by field. The fast path must also really take the lines it was
 * made for, or the comparison proves nothing.
 */
class FastLineTest {
    private static final long SEED = 0xFA57_2026L;
    /** The syntax a line is made of, and a few bytes that are not. */
    private static final byte[] SPECIAL = " ()<>=-.0123456789xE\"[]?:,\t\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);

    private static final Map<String, byte[]> logs = new LinkedHashMap<>();

    @BeforeAll
    static void traceRealPrograms(@TempDir Path dir) throws IOException {
        RealStrace.assumeStrace();
        String workload = "ls -la /etc /usr/lib; cat /etc/passwd /nonexistent; find /usr/share/doc -maxdepth 1;"
                + " (cd / && pwd) | cat; sleep 0.01 & wait";
        List<List<String>> flagSets = List.of(
                List.of("-f", "-tt", "-T"),
                List.of("-f", "-ttt", "-T", "-yy", "-s", "256"),
                List.of("-f", "-tt"),
                List.of("-f", "-T", "-y"),
                List.of("-f", "-r", "-T"),
                List.of("-f", "-Y", "-tt", "-T"),
                List.of("-tt", "-T"));
        for (int k = 0; k < flagSets.size(); k++) {
            Path sub = Files.createDirectory(dir.resolve("run" + k));
            Path log = RealStrace.traceToFile(sub, flagSets.get(k), List.of("/bin/sh", "-c", workload));
            logs.put(String.join(" ", flagSets.get(k)), Files.readAllBytes(log));
        }
    }

    @Test
    void takesMostCallLinesOfAFollowedTraceWithATimeAndWithout() throws IOException {
        for (String flags : List.of("-f -tt -T", "-f -ttt -T -yy -s 256", "-f -tt", "-f -T -y")) {
            List<byte[]> lines = lines(logs.get(flags));
            int taken = 0;
            try (StraceParser p = StraceParser.of(new ByteArrayInputStream(new byte[0]), "fast", ParserOptions.defaults())) {
                for (byte[] line : lines) {
                    byte[] padded = Arrays.copyOf(line, line.length + 64); // the reader's buffer has bytes after a line
                    taken += p.fastCall(padded, 0, line.length) ? 1 : 0;
                }
            }
            assertThat(taken).as("lines of the %s trace the fast path takes, of %d", flags, lines.size())
                    .isGreaterThan(lines.size() * 8 / 10);
        }
    }

    @Test
    void realLogsGiveTheSameEventsWithAndWithoutIt() throws IOException {
        for (Map.Entry<String, byte[]> log : logs.entrySet()) {
            List<String> fast = parse(log.getValue(), true);
            assertThat(fast).as("events of the %s trace", log.getKey()).hasSizeGreaterThan(100);
            assertThat(fast).as("the %s trace", log.getKey()).isEqualTo(parse(log.getValue(), false));
        }
    }

    @Test
    void mutatedLinesGiveTheSameEventsAndProblemsWithAndWithoutIt() throws IOException {
        Random random = new Random(SEED);
        List<byte[]> sources = new ArrayList<>();
        for (byte[] log : logs.values()) {
            sources.addAll(lines(log));
        }
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (int n = 0; n < 60_000; n++) {
            byte[] line = mutate(sources.get(random.nextInt(sources.size())), random);
            in.write(line, 0, line.length);
            in.write('\n');
        }
        byte[] bytes = in.toByteArray();
        List<String> fast = parse(bytes, true);
        List<String> full = parse(bytes, false);
        long problems = fast.stream().filter(s -> s.startsWith("problem ")).count();
        // both kinds of line must be there in numbers: calls taken and lines reported
        assertThat(fast.size() - problems).as("events").isGreaterThan(20_000);
        assertThat(problems).as("problems").isGreaterThan(5_000);
        for (int i = 0; i < Math.min(fast.size(), full.size()); i++) {
            assertThat(fast.get(i)).as("item %d", i).isEqualTo(full.get(i));
        }
        assertThat(fast).hasSameSizeAs(full);
    }

    /** Events and problems, in the order they came, each described field by field. */
    private static List<String> parse(byte[] input, boolean fastLines) throws IOException {
        List<String> out = new ArrayList<>();
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(input), "fast", ParserOptions.defaults())) {
            p.fastLines = fastLines;
            p.onProblem(pr -> out.add("problem " + DifferentialFuzzTest.describe(pr)));
            for (TraceEvent e = p.next(); e != null; e = p.next()) {
                out.add(DifferentialFuzzTest.describe(e));
            }
        }
        return out;
    }

    /** Up to three edits (overwrite, insert, delete), two in three of them among the last 40 bytes; some lines none. */
    private static byte[] mutate(byte[] line, Random random) {
        byte[] b = line;
        int edits = random.nextInt(4);
        for (int k = 0; k < edits && b.length > 0; k++) {
            int at = random.nextInt(3) > 0 ? Math.max(0, b.length - 1 - random.nextInt(40)) : random.nextInt(b.length);
            byte c = random.nextInt(4) > 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : (byte) random.nextInt(256);
            switch (random.nextInt(3)) {
                case 0 -> {
                    b = b.clone();
                    b[at] = c;
                }
                case 1 -> {
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = c;
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
                default -> {
                    byte[] shorter = new byte[b.length - 1];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
                    b = shorter;
                }
            }
        }
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                b = b == line ? b.clone() : b;
                b[i] = ' '; // one line stays one line
            }
        }
        return b;
    }

    private static List<byte[]> lines(byte[] log) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < log.length; i++) {
            if (log[i] == '\n') {
                out.add(Arrays.copyOfRange(log, start, i));
                start = i + 1;
            }
        }
        return out;
    }
}
