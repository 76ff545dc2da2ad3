package io.procguard.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.cli.monitor.Preflight;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: runs procguard as a real separate JVM (the test class path), as {@code sudo procguard}
 * would run, so the traced program's stdio are real file descriptors and signals are real.
 */
final class MonitorProcess {
    /** What a finished run printed and returned. */
    record Result(int exitCode, String out, String err) {
    }

    private MonitorProcess() {
    }

    /** Skips the test unless strace runs here and we may trace (root in CI). */
    static void assumeTracing() {
        assumeTrue(Preflight.isRoot() && Preflight.hasPtraceCapability(), "live monitoring tests need root (CI runs as root)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "strace is not installed: apt-get install strace");
    }

    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ProcGuardCommand.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts procguard with stdout and stderr going to files in {@code dir}. */
    static Process start(Path dir, String... args) throws IOException {
        return start(dir, environment -> { }, args);
    }

    /** Starts procguard like {@link #start(Path, String...)}, its environment changed by {@code environment} first. */
    static Process start(Path dir, java.util.function.Consumer<java.util.Map<String, String>> environment, String... args)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args)).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        environment.accept(pb.environment());
        return pb.start();
    }

    /** Runs procguard to its end (at most a minute). */
    static Result run(Path dir, String... args) throws IOException, InterruptedException {
        Process p = start(dir, args);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("procguard did not finish in 60 s");
        }
        return result(dir, p.exitValue());
    }

    static Result result(Path dir, int code) throws IOException {
        return new Result(code, Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8));
    }

    /** @return the JSON-lines log of one process, or an empty list */
    static List<String> log(Path logs, long pid) throws IOException {
        Path f = logs.resolve("proc_" + pid + ".log");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    /** @return all log lines of all processes */
    static List<String> allLogs(Path logs) throws IOException {
        List<String> all = new ArrayList<>();
        try (var s = Files.list(logs)) {
            for (Path f : s.sorted().toList()) {
                all.addAll(Files.readAllLines(f));
            }
        }
        return all;
    }
}
