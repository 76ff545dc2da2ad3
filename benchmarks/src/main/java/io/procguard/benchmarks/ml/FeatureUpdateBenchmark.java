package io.procguard.benchmarks.ml;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost per trace line of process tracking plus feature updates, against parsing alone (the baseline) on
 * the same in-memory trace of {@value #EVENTS} lines (target: features add less than 20% to parse time).
 * Not thread-safe (JMH runs one thread).
 *
 * <p>Traces, by {@link #flags}:
 * <ul>
 *   <li>{@code yy} and {@code plain}: lines copied from strace 6.1 runs (a reverse shell and a shell
 *       pipeline) repeated over 125 processes of 400 events; each pattern of 16 lines holds one socket,
 *       two connects, one dup2 and one execve, far more of the calls whose arguments are decoded than
 *       real programs make, so this is a pessimistic mix;</li>
 *   <li>{@code compile}: what users see, a real {@code strace -f -ttt -T -yy -s 256} of gcc compiling and
 *       linking two C files (repeatedly, until there are {@value #EVENTS} lines), made in {@code @Setup};</li>
 *   <li>or any trace file: {@code -p trace=procguard-ml/corpus/out/traces/jvm/java_start-005.trace}
 *       (its first {@value #EVENTS} lines, the file read again from its start if shorter; {@code flags} is then ignored).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8, time = 2) // one operation is a whole trace: the feature path needs many before C2 has compiled it
@Measurement(iterations = 5, time = 2)
@Fork(1)
@OperationsPerInvocation(FeatureUpdateBenchmark.EVENTS)
public class FeatureUpdateBenchmark {
    static final int EVENTS = 50_000;

    /**
     * {@code yy}: the recommended {@code -f -ttt -T -yy -s 256} lines, synthetic mix; {@code plain}: the same
     * with {@code -f} only; {@code compile}: a real {@code -f -ttt -T -yy -s 256} trace of gcc.
     */
    @Param({"yy", "plain", "compile"})
    public String flags;

    /** A trace file whose first {@value #EVENTS} lines to use instead of {@link #flags}; empty for none. */
    @Param({""})
    public String trace;

    private static final String[] YY = {
        "%d  1795978770.594475 openat(AT_FDCWD</tmp/mlj>, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3</etc/ld.so.cache> <0.000189>",
        "%d  1795978770.595253 close(3</etc/ld.so.cache>) = 0 <0.000042>",
        "%d  1795978770.595560 read(3</usr/lib/x86_64-linux-gnu/libc.so.6>, \"\\177ELF\\2\\1\\1\\3\\0\\0\\0\\0\\0\\0\\0\\0\\3\\0>\\0\\1\\0\\0\\0\"..., 832) = 832 <0.000043>",
        "%d  1795978770.596083 mmap(0x7fe95bba8000, 1400832, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3</usr/lib/x86_64-linux-gnu/libc.so.6>, 0x26000) = 0x7fe95bba8000 <0.000045>",
        "%d  1795978770.597610 mprotect(0x7fe95bd51000, 16384, PROT_READ) = 0 <0.000077>",
        "%d  1795978770.598596 socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3<TCP:[13723]> <0.000070>",
        "%d  1795978770.605696 connect(3<TCP:[13723]>, {sa_family=AF_INET, sin_port=htons(4444), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0 <0.000597>",
        "%d  1795978770.608111 dup2(3<TCP:[127.0.0.1:32844->127.0.0.1:4444]>, 0</dev/null<char 1:3>>) = 0<TCP:[127.0.0.1:32844->127.0.0.1:4444]> <0.000224>",
        "%d  1795978770.611561 connect(4<UNIX-STREAM:[14381]>, {sa_family=AF_UNIX, sun_path=\"/tmp/nosuch.sock\"}, 110) = -1 ENOENT (No such file or directory) <0.000079>",
        "%d  1795978770.617467 write(2</dev/null<char 1:3>>, \"hi\\nA\\1\\\"q\", 7) = 7 <0.000081>",
        "%d  1795978770.617651 execve(\"/bin/sh\", [\"sh\", \"-c\", \"echo hi; cat /etc/hostname\"], 0x7ffe926060e8 /* 39 vars */) = 0 <0.001083>",
        "%d  1795978770.623951 rt_sigaction(SIGCHLD, {sa_handler=0x559f158ebdc0, sa_mask=~[RTMIN RT_1], sa_flags=SA_RESTORER, sa_restorer=0x7fc0e3dd9050}, NULL, 8) = 0 <0.000093>",
        "%d  1795978770.625716 write(1<TCP:[127.0.0.1:32844->127.0.0.1:4444]>, \"hi\\n\", 3) = 3 <0.000090>",
        "%d  1795978770.628012 brk(NULL)       = 0x5605c4905000 <0.000068>",
        "%d  1795978770.628706 access(\"/etc/ld.so.preload\", R_OK) = -1 ENOENT (No such file or directory) <0.000031>",
        "%d  1795978770.629096 newfstatat(3</etc/hostname>, \"\", {st_mode=S_IFREG|0644, st_size=13, ...}, AT_EMPTY_PATH) = 0 <0.000023>",
    };
    private static final String[] PLAIN = {
        "%d  openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3",
        "%d  close(3)                                = 0",
        "%d  read(3, \"\\177ELF\\2\\1\\1\\3\\0\\0\\0\\0\\0\\0\\0\\0\\3\\0>\\0\\1\\0\\0\\0\"..., 832) = 832",
        "%d  mmap(0x7fe95bba8000, 1400832, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x26000) = 0x7fe95bba8000",
        "%d  mprotect(0x7fe95bd51000, 16384, PROT_READ) = 0",
        "%d  socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3",
        "%d  connect(3, {sa_family=AF_INET, sin_port=htons(4444), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0",
        "%d  dup2(3, 0)                              = 0",
        "%d  connect(4, {sa_family=AF_UNIX, sun_path=\"/tmp/nosuch.sock\"}, 110) = -1 ENOENT (No such file or directory)",
        "%d  write(2, \"hi\\nA\\1\\\"q\", 7)          = 7",
        "%d  execve(\"/bin/sh\", [\"sh\", \"-c\", \"echo hi; cat /etc/hostname\"], 0x7ffe926060e8 /* 39 vars */) = 0",
        "%d  rt_sigaction(SIGCHLD, {sa_handler=0x559f158ebdc0, sa_mask=~[RTMIN RT_1], sa_flags=SA_RESTORER, sa_restorer=0x7fc0e3dd9050}, NULL, 8) = 0",
        "%d  write(1, \"hi\\n\", 3)                = 3",
        "%d  brk(NULL)                               = 0x5605c4905000",
        "%d  access(\"/etc/ld.so.preload\", R_OK)      = -1 ENOENT (No such file or directory)",
        "%d  newfstatat(3, \"\", {st_mode=S_IFREG|0644, st_size=13, ...}, AT_EMPTY_PATH) = 0",
    };

    private byte[] bytes;

    /**
     * Makes or reads the trace.
     *
     * @throws IOException if the trace cannot be read or strace fails
     * @throws InterruptedException if interrupted while strace runs
     */
    @Setup(Level.Trial)
    public void makeTrace() throws IOException, InterruptedException {
        if (!trace.isEmpty()) {
            bytes = firstLines(Files.readAllBytes(Path.of(trace)), trace);
            return;
        }
        if (flags.equals("compile")) {
            bytes = firstLines(straceCompile(), "strace of gcc");
            return;
        }
        String[] lines = flags.equals("yy") ? YY : PLAIN;
        StringBuilder sb = new StringBuilder();
        int pid = 1000;
        for (int i = 0; i < EVENTS; i++) {
            if (i % 400 == 0) {
                pid++; // 125 processes of 400 events
            }
            sb.append(String.format(lines[i % lines.length], pid)).append('\n');
        }
        bytes = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * @return the first {@value #EVENTS} whole lines of {@code log}, read again from its start as often as
     *     needed (the processes of a finished copy have exited, so a repeat starts them afresh)
     */
    private static byte[] firstLines(byte[] whole, String what) throws IOException {
        int lines = 0;
        int end = 0;
        for (int i = 0; i < whole.length; i++) {
            if (whole[i] == '\n') {
                lines++;
                end = i + 1;
            }
        }
        if (lines == 0) {
            throw new IOException(what + ": no complete line");
        }
        byte[] log = Arrays.copyOf(whole, end); // a cut last line would glue onto the next copy's first
        int copies = (EVENTS + lines - 1) / lines;
        byte[] out = new byte[log.length * copies];
        for (int k = 0; k < copies; k++) {
            System.arraycopy(log, 0, out, k * log.length, log.length);
        }
        int seen = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == '\n' && ++seen == EVENTS) {
                return Arrays.copyOf(out, i + 1);
            }
        }
        throw new IllegalStateException("unreachable: " + copies + " copies hold " + EVENTS + " lines");
    }

    /** @return a real {@code strace -f -ttt -T -yy -s 256} log of gcc compiling and linking two files, repeatedly */
    private static byte[] straceCompile() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("procguard-bench");
        try {
            Files.writeString(dir.resolve("main.c"), "#include <stdio.h>\n#include <string.h>\nint twice(int);\n"
                    + "int main(int argc, char **argv) { char b[64]; snprintf(b, sizeof b, \"%d\", twice(argc));\n"
                    + "  puts(b); return strlen(argv[0]) == 0; }\n");
            Files.writeString(dir.resolve("twice.c"), "#include <stdlib.h>\nint twice(int x) { return abs(2 * x); }\n");
            Path log = dir.resolve("trace.log");
            List<String> argv = List.of("/usr/bin/strace", "-f", "-ttt", "-T", "-yy", "-s", "256", "-o", log.toString(),
                    "/bin/sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do gcc -O2 -c main.c && gcc -O2 -c twice.c"
                            + " && gcc -o prog main.o twice.o && ./prog; done");
            Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(new File("/dev/null")).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("strace of gcc did not finish in 300 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("strace of gcc exited " + p.exitValue() + "; are strace and gcc installed, ptrace permitted?");
            }
            return Files.readAllBytes(log);
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    /** @return the trace {@link #makeTrace} made (for {@link FeatureCpuRatios}) */
    byte[] trace() {
        return bytes;
    }

    /**
     * Baseline: parse every event and touch its syscall id.
     *
     * @return a checksum of the syscall ids
     * @throws IOException never for in-memory input
     */
    @Benchmark
    public long parseOnly() throws IOException {
        return FeatureCpuRatios.Work.parse(bytes);
    }

    /**
     * Parse, track processes and update each process's behaviour features.
     *
     * @return the events tracked
     * @throws IOException never for in-memory input
     */
    @Benchmark
    public long parseTrackAndFeatures() throws IOException {
        return FeatureCpuRatios.Work.features(bytes);
    }
}
