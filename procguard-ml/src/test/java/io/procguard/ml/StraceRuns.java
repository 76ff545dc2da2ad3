package io.procguard.ml;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.core.FeatureExtractor;
import io.procguard.core.TraceEvent;
import io.procguard.core.process.ProcessListener;
import io.procguard.core.process.ProcessRecord;
import io.procguard.core.process.ProcessTracker;
import io.procguard.strace.StraceParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helper: traces a real program with strace and replays the log through a tracker. */
final class StraceRuns {
    static final List<String> RECOMMENDED = List.of("-f", "-ttt", "-T", "-yy", "-s", "256");

    private StraceRuns() {
    }

    /** Skips the test when strace cannot trace here. */
    static void assumeStrace() {
        boolean ok;
        try {
            Process p = new ProcessBuilder("strace", "-o", "/dev/null", "/bin/true").redirectErrorStream(true).start();
            ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            ok = false;
        }
        assumeTrue(ok, "strace is missing or ptrace is not permitted here");
    }

    /** Skips the test when it cannot give a program a network namespace of its own with loopback up (unshare, ip). */
    static void assumeLoopbackNamespace() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "no unshare (util-linux) here");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/usr/bin/ip")), "no ip (iproute2) here");
    }

    /** Skips the test when the Python that the test programs are written in is not installed. */
    static void assumePython() {
        assumeTrue(Files.isExecutable(TrainedModels.PYTHON), "python3 is not installed (" + TrainedModels.PYTHON + ")");
    }

    /**
     * @param dir a private directory for the log
     * @param flags strace flags
     * @param command argv of the traced program
     * @return the log written by strace -o
     */
    static Path trace(Path dir, List<String> flags, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "trace", ".log");
        List<String> argv = new ArrayList<>();
        argv.add("strace");
        argv.addAll(flags);
        argv.add("-o");
        argv.add(log.toString());
        argv.addAll(List.of(command));
        runToEnd(argv);
        return log;
    }

    /**
     * Runs {@code argv} (a strace, or a wrapper that starts one: {@code unshare -n strace ...}) to its end, its output
     * discarded.
     *
     * @throws IOException if it cannot start or does not end within a minute (then it is killed)
     */
    static void runToEnd(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("strace did not finish: " + argv);
        }
    }

    /**
     * @return the process of the log that ran the Python program {@code script} (the first whose argv[1] ends with it),
     *     with the features {@link BehaviourFeatures} gives it
     * @throws AssertionError when there is none
     */
    static ProcessRecord pythonProcess(Path log, String script) throws IOException {
        List<ProcessRecord> ps = processes(log, new BehaviourFeatures());
        return ps.stream().filter(r -> r.argv().size() > 1 && r.argv().get(1).endsWith(script)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + script + " among " + ps.stream().map(ProcessRecord::argv).toList()));
    }

    /** @return every process of the log, in the order they ended */
    static List<ProcessRecord> processes(Path log, FeatureExtractor extractor) throws IOException {
        List<ProcessRecord> out = new ArrayList<>();
        ProcessTracker tracker = ProcessTracker.builder(extractor).listener(new ProcessListener() {
            @Override
            public void ended(ProcessRecord p) {
                out.add(p);
            }
        }).build();
        try (StraceParser parser = StraceParser.open(log)) {
            for (TraceEvent e = parser.next(); e != null; e = parser.next()) {
                tracker.accept(e);
            }
        }
        tracker.finish();
        return out;
    }
}
