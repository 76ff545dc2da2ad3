package io.procguard.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Test helper: one {@code procguard} JVM started the way a terminal starts a job, as the leader of its
 * own session and process group ({@code setsid}), with SIGINT, SIGQUIT, SIGTERM and SIGHUP at their defaults
 * whatever the test runner inherited ({@code env --default-signal}). So "Ctrl-C" is what a terminal
 * sends: SIGINT to the whole group (procguard, strace, the program and its children), and every process
 * the session leaves behind can be found by its session id in {@code /proc}. Not thread-safe.
 */
final class RobustnessSession implements AutoCloseable {
    /** One line of {@code /proc/PID/stat} and {@code /proc/PID/status}: what a leftover process is doing. */
    record ProcState(int pid, char state, int ppid, int session, int tracerPid, String comm) {
        /** @return true in a tracing stop ({@code t}) or a job-control stop ({@code T}) */
        boolean stopped() {
            return state == 't' || state == 'T';
        }

        /** @return false for a zombie (dead, waiting for its parent to reap it) */
        boolean alive() {
            return state != 'Z' && state != 'X';
        }
    }

    private final Path dir;
    private final Process process;

    private RobustnessSession(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts procguard (the test class path) in {@code dir}: stdout and stderr to files there, stdin from /dev/null.
     *
     * @param dir the working directory (relative {@code logs} lands here)
     * @param jvmOptions e.g. {@code -Xmx48m}
     * @param env changes to the environment ({@code null} value: remove)
     * @param args procguard's arguments
     */
    static RobustnessSession start(Path dir, List<String> jvmOptions, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setsid", "/usr/bin/env", "--default-signal=INT,QUIT,TERM,HUP"));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ProcGuardCommand.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        return new RobustnessSession(dir, pb.start());
    }

    /** Starts procguard with the default JVM options and environment. */
    static RobustnessSession start(Path dir, String... args) throws IOException {
        return start(dir, List.of(), Map.of(), args);
    }

    /** @return the procguard JVM's pid, which is also its session and process group id */
    long pid() {
        return process.pid();
    }

    /** Sends SIGINT to the session's whole process group, as Ctrl-C in a terminal does. */
    void ctrlC() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", "INT", "--", "-" + pid()).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -INT -" + pid() + " failed");
        }
    }

    /** @return true once procguard has exited */
    boolean ended() {
        return !process.isAlive();
    }

    /** @return the strace procguard started, once it runs */
    Optional<ProcessHandle> strace() {
        return process.toHandle().children().filter(c -> c.info().command().map(s -> s.endsWith("/strace")).orElse(false)).findFirst();
    }

    /**
     * Waits for procguard to end.
     *
     * @return its exit code and output
     * @throws AssertionError if it does not end in time (it is then killed)
     */
    MonitorProcess.Result waitFor(long seconds) throws IOException, InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            // what was still there, for a failure that does not reproduce: the session's processes and procguard's threads
            String left = leftovers().toString();
            String threads = threadsOf(process.pid());
            process.destroyForcibly();
            throw new AssertionError("procguard did not finish in " + seconds + " s; stderr: " + err() + "; processes: " + left
                    + "; procguard's threads: " + threads);
        }
        return MonitorProcess.result(dir, process.exitValue());
    }

    /** @return each thread of a process as {@code name state wchan}, from /proc */
    private static String threadsOf(long pid) {
        StringBuilder b = new StringBuilder();
        try (java.util.stream.Stream<java.nio.file.Path> tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/" + pid + "/task"))) {
            for (java.nio.file.Path t : tasks.toList()) {
                try {
                    String stat = java.nio.file.Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    char state = stat.charAt(stat.lastIndexOf(')') + 2);
                    String wchan = java.nio.file.Files.readString(t.resolve("wchan"));
                    b.append(name).append(' ').append(state).append(' ').append(wchan).append("; ");
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return "(gone)";
        }
        return b.toString();
    }

    /** @return what procguard wrote to stderr so far */
    String err() throws IOException {
        return Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
    }

    /** @return what procguard (and the program, which shares it) wrote to stdout so far */
    String out() throws IOException {
        return Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8);
    }

    /** @return every process of this session except procguard itself */
    List<ProcState> leftovers() {
        List<ProcState> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                ProcState s = state(p);
                if (s != null && s.session() == pid() && s.pid() != pid()) {
                    found.add(s);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
        return found;
    }

    /** @return the processes of this session, except procguard, that still run (not zombies) */
    List<ProcState> liveLeftovers() {
        return leftovers().stream().filter(ProcState::alive).toList();
    }

    /** Polls until the condition holds; false if it still does not after {@code seconds}. */
    static boolean eventually(long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Kills procguard if it still runs and every process its session left, by pid. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        for (ProcState s : leftovers()) {
            ProcessHandle.of(s.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static ProcState state(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"), StandardCharsets.UTF_8);
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')'); // comm may itself hold ')' and spaces
            String[] f = stat.substring(close + 2).split(" ");
            int tracer = 0;
            for (String line : Files.readAllLines(proc.resolve("status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("TracerPid:")) {
                    tracer = Integer.parseInt(line.substring("TracerPid:".length()).trim());
                }
            }
            return new ProcState(Integer.parseInt(stat.substring(0, open).trim()), f[0].charAt(0), Integer.parseInt(f[1]),
                    Integer.parseInt(f[3]), tracer, stat.substring(open + 1, close));
        } catch (IOException | RuntimeException gone) {
            return null; // exited while we looked
        }
    }
}
