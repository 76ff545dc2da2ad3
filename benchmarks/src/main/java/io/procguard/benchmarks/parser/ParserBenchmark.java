package io.procguard.benchmarks.parser;

import io.procguard.core.TraceEvent;
import io.procguard.strace.ParserOptions;
import io.procguard.strace.StraceParser;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * The parser's hot path on a real strace log held in memory, against two baselines in the same run:
 * {@link #newlineScan} (finding line ends only: the ceiling) and {@link #regexPerLine} (the usual
 * BufferedReader + one regex per line). One operation parses the whole log; the {@code bytes} and
 * {@code lines} counters give MB/s and lines/s. Not thread-safe (JMH runs one thread).
 *
 * <p>The log is made in {@code @Setup} by running a real workload (shells, ls, cat, find, a JVM-free mix)
 * under the real strace with the {@code flags} param; or give a file with {@code -p log=/path/to/trace.log}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class ParserBenchmark {
    /** Regex a script would use: pid, timestamp, name, args, return, errno, duration. */
    private static final Pattern LINE = Pattern.compile(
            "^(?:\\[pid\\s+(\\d+)\\]\\s+|(\\d+)\\s+)?(?:([\\d:.]+)\\s+)?(\\w+)\\((.*)\\)\\s+=\\s+(-?\\d+|0x[0-9a-f]+|\\?)"
                    + "(?:<.*?>)?(?:\\s+(E[A-Z0-9_]+)\\s+\\(.*?\\))?.*?(?:\\s+<([\\d.]+)>)?$");

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
        Path out = dir.resolve("trace.log");
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
        bytes = Files.readAllBytes(out);
        Files.delete(out);
        Files.delete(dir);
        if (bytes.length < 100_000) {
            throw new IOException("strace wrote only " + bytes.length + " bytes; is ptrace permitted?");
        }
    }

    /**
     * Baseline (the ceiling): find every line end, nothing else.
     *
     * @param r counters
     * @return the number of lines
     */
    @Benchmark
    public long newlineScan(Rates r) {
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
     * Baseline: BufferedReader lines and one regex per line, as a quick script would do.
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
                bh.consume(m.group(4));
                bh.consume(m.group(6));
                bh.consume(m.group(7));
            }
        }
        r.bytes += bytes.length;
        r.lines += lines;
    }

    /**
     * The real parser: every event, its syscall id, return value and argument length.
     *
     * @param r counters
     * @param bh sink
     * @throws IOException never (in memory)
     */
    @Benchmark
    public void straceParser(Rates r, Blackhole bh) throws IOException {
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(bytes), "bench", ParserOptions.defaults())) {
            for (TraceEvent e = p.next(); e != null; e = p.next()) {
                bh.consume(e.syscall());
                bh.consume(e.returnValue());
                bh.consume(e.arguments().length());
            }
            r.bytes += p.bytesRead();
            r.lines += p.linesRead();
        }
    }
}
