package io.procguard.benchmarks.parser;

import io.procguard.core.Errnos;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import io.procguard.strace.ParserOptions;
import io.procguard.strace.StraceParser;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The parser's hot path on a real strace log held in memory, against three baselines over the same bytes:
 * <ul>
 * <li>{@link #newlineScan}, the ceiling: find every line end, eight bytes at a time (what the parser's own
 *     line splitting does, and the fastest line-end search we have in Java), nothing else;</li>
 * <li>{@link #newlineScanBytewise}: the same with a plain byte loop, the ceiling used before 2025-11-29;</li>
 * <li>{@link #regexPerLine}: the naive parser, {@code BufferedReader} lines and one compiled regex per line
 *     capturing pid, time, name, arguments, return value, errno and duration, each converted to what the parser
 *     gives (numbers, nanoseconds, ids);</li>
 * <li>{@link #regexPerLineStrings}: the same regex leaving time, name, errno and duration as strings (the
 *     baseline before 2025-11-29's second round, kept for comparison).</li>
 * </ul>
 * One operation parses the whole log; the {@code bytes} and {@code lines} counters give bytes/s and lines/s.
 * Not thread-safe (JMH runs one thread). {@link ParserRatios} runs them interleaved, several rounds, and
 * prints the ratios.
 *
 * <p>The log is made in {@code @Setup} by running a real workload (shells, ls, cat, find) under the real
 * strace with the {@code flags} param; or give a file with {@code -p log=/path/to/trace.log}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xmx512m"})
public class ParserBenchmark {
    /**
     * What a naive strace parser matches each line with: pid ({@code [pid N]} or bare), time, name, arguments,
     * return value (after which a {@code -y} decoration is skipped), errno and {@code -T} duration.
     */
    static final Pattern LINE = Pattern.compile(
            "^(?:\\[pid\\s+(\\d+)\\]\\s+|(\\d+)\\s+)?(?:([\\d:.]+)\\s+)?(\\w+)\\((.*)\\)\\s+=\\s+(-?\\d+|0x[0-9a-f]+|\\?)"
                    + "(?:<.*?>)?(?:\\s+(E[A-Z0-9_]+)\\s+\\(.*?\\))?.*?(?:\\s+<([\\d.]+)>)?$");

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

    /** Flags strace runs with to make the log (ignored when {@link #log} is set). */
    @Param({"-f -tt -T", "-f -ttt -T -yy -s 256 -v"})
    public String flags;

    /** A log file to read instead of generating one; empty to generate. */
    @Param({""})
    public String log;

    private byte[] bytes;

    /** Per-invocation counters reported by JMH as rates: bytes/s and lines/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Rates {
        /** Bytes parsed. */
        public long bytes;
        /** Lines parsed. */
        public long lines;

        /** Zeroes the counters before each iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            bytes = 0;
            lines = 0;
        }
    }

    /**
     * Loads or generates the log.
     *
     * @throws IOException if the log cannot be made or read
     * @throws InterruptedException if interrupted while strace runs
     */
    @Setup(Level.Trial)
    public void load() throws IOException, InterruptedException {
        if (!log.isEmpty()) {
            bytes = Files.readAllBytes(Path.of(log));
            return;
        }
        Path dir = Files.createTempDirectory("procguard-bench");
        try {
            bytes = Files.readAllBytes(generateLog(flags, dir.resolve("trace.log")));
        } finally {
            Files.deleteIfExists(dir.resolve("trace.log"));
            Files.delete(dir);
        }
    }

    /**
     * Runs the benchmark workload (sh, ls, cat, find; about 80 k lines) under the real strace.
     *
     * @param flags strace flags, space-separated
     * @param out the log to write; must not exist (a symlink planted there is refused)
     * @return {@code out}
     * @throws IOException if strace fails or writes too little
     * @throws InterruptedException if interrupted while strace runs
     */
    static Path generateLog(String flags, Path out) throws IOException, InterruptedException {
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(out + ": already exists");
        }
        List<String> argv = new ArrayList<>();
        argv.add("/usr/bin/strace");
        argv.addAll(Arrays.asList(flags.split(" ")));
        argv.addAll(List.of("-o", out.toString(), "/bin/sh", "-c",
                "for i in 1 2 3 4 5 6; do ls -la /usr/lib /usr/share /etc; cat /etc/passwd /etc/hostname /nonexistent;"
                        + " find /usr/share/doc -maxdepth 2; (cd /tmp && pwd) | cat; done"));
        Process p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(new File("/dev/null")).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("strace did not finish");
        }
        long size = Files.size(out);
        if (size < 100_000) {
            throw new IOException("strace wrote only " + size + " bytes; is ptrace permitted?");
        }
        return out;
    }

    /**
     * Baseline, the ceiling: find every line end eight bytes at a time (one little-endian long, the
     * "has a zero byte" test on {@code word ^ 0x0A0A...}), resuming after each one, as a line splitter does.
     *
     * @param r counters
     * @return the sum of the line-end offsets (so no line end can be skipped)
     */
    @Benchmark
    public long newlineScan(Rates r) {
        byte[] b = bytes;
        long lines = 0;
        long sum = 0;
        int i = 0;
        for (int last = b.length - 8; i <= last; ) {
            long x = (long) LONG.get(b, i) ^ NEWLINES;
            long found = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (found == 0) {
                i += 8;
            } else {
                int end = i + (Long.numberOfTrailingZeros(found) >>> 3);
                sum += end;
                lines++;
                i = end + 1;
            }
        }
        for (; i < b.length; i++) {
            if (b[i] == '\n') {
                sum += i;
                lines++;
            }
        }
        r.bytes += b.length;
        r.lines += lines;
        return sum;
    }

    /**
     * Baseline: count line ends with a plain byte loop (the ceiling of the figures before 2025-11-29).
     *
     * @param r counters
     * @return the number of lines
     */
    @Benchmark
    public long newlineScanBytewise(Rates r) {
        byte[] b = bytes;
        long lines = 0;
        for (byte c : b) {
            if (c == '\n') {
                lines++;
            }
        }
        r.bytes += b.length;
        r.lines += lines;
        return lines;
    }

    /**
     * Baseline: the naive parser. BufferedReader lines, one regex per line, every captured field taken out and
     * converted to what the real parser hands out: pid and return value to numbers, the time and the {@code -T}
     * duration to nanoseconds, the syscall name to its id and the errno name to its number (the core's own
     * name tables, as a caller of a regex parser would use). Other lines are skipped.
     *
     * @param r counters
     * @param bh sink
     * @throws IOException never (in memory)
     */
    @Benchmark
    public void regexPerLine(Rates r, Blackhole bh) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.ISO_8859_1));
        Matcher m = LINE.matcher("");
        long lines = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lines++;
            if (m.reset(line).matches()) {
                String pid = m.group(1) != null ? m.group(1) : m.group(2);
                bh.consume(pid == null ? 0 : Integer.parseInt(pid));
                String time = m.group(3);
                bh.consume(time == null ? TraceEvent.ABSENT : nanos(time));
                bh.consume(Syscalls.id(m.group(4)));
                bh.consume(m.group(5).length());
                bh.consume(returnValue(m.group(6)));
                String errno = m.group(7);
                bh.consume(errno == null ? 0 : Errnos.number(errno));
                String duration = m.group(8);
                bh.consume(duration == null ? TraceEvent.ABSENT : nanos(duration));
            }
        }
        r.bytes += bytes.length;
        r.lines += lines;
    }

    /**
     * Baseline: {@link #regexPerLine} as it was until 2025-11-29 (session 1), converting only pid and return value
     * and leaving time, name, errno and duration as strings; kept so the figures before and after that
     * change can be compared in one run.
     *
     * @param r counters
     * @param bh sink
     * @throws IOException never (in memory)
     */
    @Benchmark
    public void regexPerLineStrings(Rates r, Blackhole bh) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.ISO_8859_1));
        Matcher m = LINE.matcher("");
        long lines = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lines++;
            if (m.reset(line).matches()) {
                String pid = m.group(1) != null ? m.group(1) : m.group(2);
                bh.consume(pid == null ? 0 : Integer.parseInt(pid));
                bh.consume(m.group(3));
                bh.consume(m.group(4));
                bh.consume(m.group(5).length());
                bh.consume(returnValue(m.group(6)));
                bh.consume(m.group(7));
                bh.consume(m.group(8));
            }
        }
        r.bytes += bytes.length;
        r.lines += lines;
    }

    private static long returnValue(String ret) {
        return ret.startsWith("0x") ? Long.parseUnsignedLong(ret, 2, ret.length(), 16) : ret.equals("?") ? 0 : Long.parseLong(ret);
    }

    /** What a regex parser does with {@code 1795987137.189947}, {@code 21:25:47.754387} or {@code 0.000012}: nanoseconds. */
    static long nanos(String time) {
        int dot = time.indexOf('.');
        String whole = dot < 0 ? time : time.substring(0, dot);
        long seconds;
        int colon = whole.indexOf(':');
        if (colon >= 0) {
            int second = whole.indexOf(':', colon + 1);
            seconds = Long.parseLong(whole, 0, colon, 10) * 3600 + Long.parseLong(whole, colon + 1, second, 10) * 60
                    + Long.parseLong(whole, second + 1, whole.length(), 10);
        } else {
            seconds = Long.parseLong(whole);
        }
        long fraction = 0;
        if (dot >= 0) {
            int digits = Math.min(9, time.length() - dot - 1);
            fraction = Long.parseLong(time, dot + 1, dot + 1 + digits, 10) * POW10[9 - digits];
        }
        return seconds * 1_000_000_000L + fraction;
    }

    private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

    /**
     * The real parser: every event and the same fields as {@link #regexPerLine} (pid, time, syscall, argument
     * length, return value, errno, duration).
     *
     * @param r counters
     * @param bh sink
     * @throws IOException never (in memory)
     */
    @Benchmark
    public void straceParser(Rates r, Blackhole bh) throws IOException {
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(bytes), "bench", ParserOptions.defaults())) {
            for (TraceEvent e = p.next(); e != null; e = p.next()) {
                bh.consume(e.pid());
                bh.consume(e.timestampNanos());
                bh.consume(e.syscall());
                bh.consume(e.arguments().length());
                bh.consume(e.returnValue());
                bh.consume(e.errnoName());
                bh.consume(e.durationNanos());
            }
            r.bytes += p.bytesRead();
            r.lines += p.linesRead();
        }
    }
}
