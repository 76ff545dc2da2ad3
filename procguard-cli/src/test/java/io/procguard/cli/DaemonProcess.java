package io.procguard.cli;

import io.procguard.cli.control.ControlClient;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Test helper: {@code procguard daemon} in its own JVM (the test class path), so its signal handling,
 * socket and strace children are real and a test can stop it with SIGTERM like an init system would.
 */
final class DaemonProcess implements AutoCloseable {
    final Path dir;
    final Path socket;
    final Path logs;
    final Path shm;
    final Process process;

    private DaemonProcess(Path dir, Path socket, Process process) {
        this.dir = dir;
        this.socket = socket;
        this.logs = dir.resolve("logs");
        this.shm = dir.resolve("shm");
        this.process = process;
    }

    /**
     * Starts the daemon and waits until it answers on its socket.
     *
     * @param dir private directory for its logs, table, stdout and stderr
     * @param socket where it listens
     * @param extra more daemon options
     */
    static DaemonProcess start(Path dir, Path socket, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("daemon", "--socket", socket.toString(), "--shm", dir.resolve("shm").toString(),
                "--log-dir", dir.resolve("logs").toString()));
        args.addAll(List.of(extra));
        Process p = new ProcessBuilder(command(args.toArray(String[]::new))).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(dir.resolve("daemon.out").toFile()).redirectError(dir.resolve("daemon.err").toFile()).start();
        DaemonProcess d = new DaemonProcess(dir, socket, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("the daemon exited with " + p.exitValue() + ": " + d.err());
            }
            if (Files.exists(socket)) {
                try (ControlClient c = ControlClient.connect(socket)) {
                    if (c.list().ok()) {
                        return d;
                    }
                } catch (CliException notYet) {
                    // bound but not accepting yet
                }
            }
            Thread.sleep(100);
        }
        d.close();
        throw new AssertionError("the daemon did not answer within 60 s: " + d.err());
    }

    /**
     * The java command line for procguard with the main classes only: the daemon scores with the bundled
     * ONNX model and needs no test providers (and so does not see test classes being rebuilt).
     */
    static List<String> command(String... args) {
        List<String> command = MonitorProcess.command(args);
        command.set(2, String.join(File.pathSeparator, Stream.of(command.get(2).split(File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes")).toList()));
        return command;
    }

    /** Runs a daemon that is expected to refuse to start; at most a minute. */
    static MonitorProcess.Result refused(Path dir, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(args)).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the daemon did not refuse within 60 s");
        }
        return MonitorProcess.result(dir, p.exitValue());
    }

    /** @return what the daemon printed on stderr so far */
    String err() throws IOException {
        return Files.readString(dir.resolve("daemon.err"), StandardCharsets.UTF_8);
    }

    /** @return the lines of LOG_DIR/daemon.log */
    List<String> log() throws IOException {
        Path f = logs.resolve("daemon.log");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    /**
     * Sends SIGTERM and waits for the exit.
     *
     * @return the exit code
     */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the daemon did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** @return TracerPid of /proc/PID/status (0 when not traced, -1 when gone) */
    static int tracerOf(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("TracerPid:")) {
                return Integer.parseInt(line.substring("TracerPid:".length()).trim());
            }
        }
        return -1;
    }
}
