package io.procguard.strace;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Test helper: runs real programs under the real strace, and builds the C test programs with gcc.
 * Tests that need strace, ptrace or gcc are skipped (not failed) where those are missing. Thread-safe.
 */
final class RealStrace {
    static final Path STRACE = Path.of("/usr/bin/strace");
    private static final Path WORK = createWorkDir();
    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();
    private static volatile Boolean ptraceWorks;

    private RealStrace() {
    }

    private static Path createWorkDir() {
        try {
            Path dir = Files.createTempDirectory("procguard-strace-test");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }

    /** Skips the calling test unless strace exists and may trace a child here. */
    static void assumeStrace() {
        assumeTrue(Files.isExecutable(STRACE), "strace is not installed at " + STRACE);
        if (ptraceWorks == null) {
            ptraceWorks = exec(List.of(STRACE.toString(), "-o", "/dev/null", "/bin/true"), null) == 0;
        }
        assumeTrue(ptraceWorks, "strace cannot trace here (ptrace not permitted)");
    }

    /**
     * Compiles {@code programs/NAME.c} from the test resources once per JVM.
     *
     * @return the executable
     */
    static Path program(String name) {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is not installed");
        return BUILT.computeIfAbsent(name, n -> {
            try (InputStream src = RealStrace.class.getResourceAsStream("/programs/" + n + ".c")) {
                Path c = WORK.resolve(n + ".c");
                Files.copy(src, c);
                Path exe = WORK.resolve(n);
                int rc = exec(List.of("/usr/bin/gcc", "-O1", "-pthread", "-o", exe.toString(), c.toString()), null);
                if (rc != 0) {
                    throw new IllegalStateException("gcc failed on " + c + " with exit code " + rc);
                }
                return exe;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** @return the C source of a test program, copied into a fresh directory */
    static Path source(String name, Path dir) throws IOException {
        try (InputStream src = RealStrace.class.getResourceAsStream("/programs/" + name + ".c")) {
            Path c = dir.resolve(name + ".c");
            Files.copy(src, c);
            return c;
        }
    }

    /**
     * Runs {@code strace FLAGS -o LOG COMMAND...} (stdout and stderr of the command discarded).
     *
     * @return the log strace wrote
     */
    static Path traceToFile(Path dir, List<String> flags, List<String> command) {
        assumeStrace();
        Path log = dir.resolve("trace.log");
        List<String> argv = new ArrayList<>();
        argv.add(STRACE.toString());
        argv.addAll(flags);
        argv.add("-o");
        argv.add(log.toString());
        argv.addAll(command);
        exec(argv, null);
        return log;
    }

    /**
     * Runs {@code strace FLAGS COMMAND...} with strace's stderr going to the log, as people do with
     * {@code 2> LOG}: lines carry {@code [pid N]} and strace's own messages. The command's own stdout and
     * stderr go to /dev/null through {@code /bin/sh -c 'exec >/dev/null 2>&1; exec "$0" "$@"'}.
     *
     * @return the log
     */
    static Path traceToStderr(Path dir, List<String> flags, List<String> command) {
        assumeStrace();
        Path log = dir.resolve("stderr.log");
        List<String> argv = new ArrayList<>();
        argv.add(STRACE.toString());
        argv.addAll(flags);
        argv.add("/bin/sh");
        argv.add("-c");
        argv.add("exec >/dev/null 2>&1; exec \"$0\" \"$@\"");
        argv.addAll(command);
        exec(argv, log);
        return log;
    }

    /**
     * Attaches {@code strace FLAGS -p PID} to a running process, as {@code procguard attach} does: the trace goes to
     * {@code -o LOG}, or with {@code toStderr} to strace's stderr ({@code 2> LOG}, where strace's own messages are).
     * The test waits on the log with {@link Attached#await}, then stops strace with {@link Attached#interrupt}.
     * Skips the test when strace is missing, or may not attach to a process that is not its child here.
     *
     * @return the running strace; close it
     */
    static Attached attach(Path dir, List<String> flags, long pid, boolean toStderr) {
        assumeStrace();
        Path log = dir.resolve(toStderr ? "stderr.log" : "trace.log");
        Path messages = toStderr ? log : dir.resolve("strace-messages.log");
        List<String> argv = new ArrayList<>();
        argv.add(STRACE.toString());
        argv.addAll(flags);
        if (!toStderr) {
            argv.add("-o");
            argv.add(log.toString());
        }
        argv.add("-p");
        argv.add(Long.toString(pid));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(messages.toFile());
        try {
            return new Attached(pb.start(), log, messages);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A running {@code strace -p}. Not thread-safe. */
    static final class Attached implements AutoCloseable {
        private final Process strace;
        private final Path log;
        private final Path messages;

        private Attached(Process strace, Path log, Path messages) {
            this.strace = strace;
            this.log = log;
            this.messages = messages;
        }

        /**
         * Waits until the log's text satisfies {@code condition}. Skips the test if strace ended first because
         * ptrace may not attach here (Yama {@code ptrace_scope}, no {@code CAP_SYS_PTRACE}); fails after 30 s.
         *
         * @param what what is awaited, for the failure message
         */
        void await(Predicate<String> condition, String what) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                String text = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
                if (condition.test(text)) {
                    return;
                }
                if (!strace.isAlive()) {
                    String said = Files.exists(messages) ? Files.readString(messages, StandardCharsets.ISO_8859_1) : "";
                    assumeTrue(!said.contains("Operation not permitted"),
                            "strace cannot attach to a running process here (ptrace not permitted): " + said.strip());
                    throw new AssertionError("strace ended (exit code " + strace.exitValue() + ") before " + what
                            + "; it said: " + said + "; the log: " + text);
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no " + what + " in the log within 30 s; the log: " + text);
                }
                Thread.sleep(10);
            }
        }

        /**
         * Sends SIGINT, as Ctrl-C does, and waits for strace to detach and end (the signal is sent again if strace
         * has not ended after a few seconds).
         *
         * @return the log
         */
        Path interrupt() throws InterruptedException {
            for (int i = 0; i < 5; i++) {
                exec(List.of("/bin/kill", "-INT", Long.toString(strace.pid())), null);
                if (strace.waitFor(5, TimeUnit.SECONDS)) {
                    return log;
                }
            }
            throw new AssertionError("strace did not end on SIGINT");
        }

        @Override
        public void close() {
            strace.destroyForcibly();
        }
    }

    /** Runs argv (no shell) and returns its exit code; stderr to {@code stderrTo} or discarded. */
    static int exec(List<String> argv, Path stderrTo) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectError(stderrTo == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stderrTo.toFile()));
        try {
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + argv);
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
