package io.procguard.benchmarks.ml;

import io.procguard.core.FeatureAccumulator;
import io.procguard.core.FeatureExtractor;
import io.procguard.core.FeatureSchema;
import io.procguard.core.FeatureVector;
import io.procguard.core.TraceEvent;
import io.procguard.core.process.ProcessTracker;
import io.procguard.ml.BehaviourFeatures;
import io.procguard.strace.ParserOptions;
import io.procguard.strace.StraceParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link FeatureUpdateBenchmark}'s two methods timed in <b>thread CPU time</b>, for a shared machine whose
 * load makes JMH's wall-clock figures drift by more than the effect measured. Optionally compares classes of
 * another build ({@code --before}: class directories or jars put ahead of this jar) with this build, each in
 * its own class loader of the same JVM; every round runs parse and parse+track+features of both builds back
 * to back on the same bytes. Every body first runs, interleaved with the others, for {@code --warmup} seconds of
 * wall-clock time (default {@value #DEFAULT_WARMUP_SECONDS}); then the first third of the rounds is dropped too;
 * medians with min..max. Single-threaded tool; complements JMH, which stays the reference on a quiet machine.
 *
 * <p>The warm-up is in seconds, not rounds, because the feature code is large: on a 2-vCPU machine C2 needs some
 * seconds to compile it, and a count of rounds is over sooner on a short trace. Round-counted warm-up (this tool
 * until 2026-12-02) measured partly compiled feature code: 2.35x parse on a gcc trace where a warm JVM shows 1.49x.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.procguard.benchmarks.ml.FeatureCpuRatios \
 *     [--rounds 21] [--warmup 20] [--before DIR:DIR...] [--track-only] yy|plain|compile|TRACE_FILE...
 * </pre>
 *
 * <p>{@code --track-only} times {@link Work#track} (the tracker with accumulators that do nothing) in place of
 * {@link Work#features}: what tracking alone adds to parsing.
 */
public final class FeatureCpuRatios {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final int REPEATS = 3;
    private static final int DEFAULT_WARMUP_SECONDS = 20;

    private FeatureCpuRatios() {
    }

    /**
     * The measured bodies, shared with {@link FeatureUpdateBenchmark}; loaded once per build here, so they link to
     * that build's parser, tracker and features.
     */
    public static final class Work {
        private static final BehaviourFeatures FEATURES = new BehaviourFeatures();
        /** Accumulators that ignore every event: the tracker's own cost, with the schema's size of snapshot. */
        private static final FeatureExtractor NO_FEATURES = new FeatureExtractor() {
            @Override
            public FeatureSchema schema() {
                return FEATURES.schema();
            }

            @Override
            public FeatureAccumulator newAccumulator() {
                return new FeatureAccumulator() {
                    @Override
                    public void accept(TraceEvent event) {
                        // tracking alone
                    }

                    @Override
                    public FeatureVector snapshot() {
                        return new FeatureVector(FEATURES.schema(), new float[FEATURES.schema().size()]);
                    }

                    @Override
                    public List<String> evidence() {
                        return List.of();
                    }
                };
            }
        };

        private Work() {
        }

        /**
         * @param bytes a trace
         * @return a checksum (parse only, as {@link FeatureUpdateBenchmark#parseOnly})
         * @throws IOException never for in-memory input
         */
        public static long parse(byte[] bytes) throws IOException {
            long sum = 0;
            try (StraceParser p = StraceParser.of(new ByteArrayInputStream(bytes), "ratios", ParserOptions.defaults())) {
                for (TraceEvent e = p.next(); e != null; e = p.next()) {
                    sum += e.syscall();
                }
            }
            return sum;
        }

        /**
         * @param bytes a trace
         * @return the events tracked (as {@link FeatureUpdateBenchmark#parseTrackAndFeatures})
         * @throws IOException never for in-memory input
         */
        public static long features(byte[] bytes) throws IOException {
            return tracked(bytes, FEATURES);
        }

        /**
         * @param bytes a trace
         * @return the events tracked, with accumulators that do nothing (tracking alone)
         * @throws IOException never for in-memory input
         */
        public static long track(byte[] bytes) throws IOException {
            return tracked(bytes, NO_FEATURES);
        }

        private static long tracked(byte[] bytes, FeatureExtractor extractor) throws IOException {
            ProcessTracker tracker = ProcessTracker.of(extractor);
            try (StraceParser p = StraceParser.of(new ByteArrayInputStream(bytes), "ratios", ParserOptions.defaults())) {
                for (TraceEvent e = p.next(); e != null; e = p.next()) {
                    tracker.accept(e);
                }
            }
            long n = tracker.eventCount();
            tracker.finish();
            return n;
        }
    }

    /**
     * @param args {@code --rounds N}, {@code --before PATH[:PATH...]}, then inputs
     * @throws Exception if an input cannot be made or a build cannot be loaded
     */
    public static void main(String[] args) throws Exception {
        int rounds = 21;
        int warmupSeconds = DEFAULT_WARMUP_SECONDS;
        String before = null;
        boolean trackOnly = false;
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds") && i + 1 < args.length) {
                rounds = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--warmup") && i + 1 < args.length) {
                warmupSeconds = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--before") && i + 1 < args.length) {
                before = args[++i];
            } else if (args[i].equals("--track-only")) {
                trackOnly = true;
            } else {
                inputs.add(args[i]);
            }
        }
        if (inputs.isEmpty() || rounds < 2 || warmupSeconds < 0) {
            System.err.println("usage: FeatureCpuRatios [--rounds N>=2] [--warmup SECONDS] [--before PATH[:PATH...]] [--track-only] yy|plain|compile|TRACE_FILE...");
            System.exit(2);
        }
        Map<String, byte[]> traces = new LinkedHashMap<>();
        for (String in : inputs) {
            FeatureUpdateBenchmark b = new FeatureUpdateBenchmark();
            boolean file = !in.equals("yy") && !in.equals("plain") && !in.equals("compile");
            b.flags = file ? "yy" : in;
            b.trace = file ? in : "";
            b.makeTrace();
            traces.put(in, b.trace());
        }
        URL jar = FeatureCpuRatios.class.getProtectionDomain().getCodeSource().getLocation();
        List<String> builds = new ArrayList<>();
        List<Method[]> bodies = new ArrayList<>();
        if (before != null) {
            builds.add("before");
            bodies.add(load(before.split(":"), jar, trackOnly));
        }
        builds.add(before != null ? "after" : "this build");
        bodies.add(load(new String[0], jar, trackOnly));
        String measured = trackOnly ? "track" : "features";
        long warmEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            for (byte[] t : traces.values()) {
                for (Method[] body : bodies) {
                    body[0].invoke(null, (Object) t);
                    body[1].invoke(null, (Object) t);
                }
            }
        }
        Map<String, List<double[]>> kept = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, byte[]> t : traces.entrySet()) {
                double[] row = new double[2 * bodies.size()]; // per build: parse, features
                for (int b = 0; b < bodies.size(); b++) {
                    row[2 * b] = cpuNanos(bodies.get(b)[0], t.getValue());
                    row[2 * b + 1] = cpuNanos(bodies.get(b)[1], t.getValue());
                }
                if (round >= rounds / 3) {
                    kept.computeIfAbsent(t.getKey(), k -> new ArrayList<>()).add(row);
                }
            }
        }
        int lines = FeatureUpdateBenchmark.EVENTS;
        for (Map.Entry<String, List<double[]>> e : kept.entrySet()) {
            System.out.printf(Locale.ROOT, "%s (%d rounds kept)%n", e.getKey(), e.getValue().size());
            for (int b = 0; b < builds.size(); b++) {
                int k = b;
                System.out.printf(Locale.ROOT, "  %-10s %s / parse %s   ns per line: %2$s %.0f, parse %.0f%n", builds.get(b), measured,
                        spread(e.getValue().stream().mapToDouble(r -> r[2 * k + 1] / r[2 * k]).toArray()),
                        median(e.getValue().stream().mapToDouble(r -> r[2 * k + 1] / lines).toArray()),
                        median(e.getValue().stream().mapToDouble(r -> r[2 * k] / lines).toArray()));
            }
            if (builds.size() == 2) {
                System.out.printf(Locale.ROOT, "  parse+%s time, after / before %s%n", trackOnly ? "track" : "track+features",
                        spread(e.getValue().stream().mapToDouble(r -> r[3] / r[1]).toArray()));
            }
        }
    }

    /** Loads {@link Work} from {@code first} (searched first) and this jar, apart from the application's classes. */
    private static Method[] load(String[] first, URL jar, boolean trackOnly) throws Exception {
        URL[] urls = new URL[first.length + 1];
        for (int i = 0; i < first.length; i++) {
            urls[i] = Path.of(first[i]).toUri().toURL();
        }
        urls[first.length] = jar;
        Class<?> work = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader()).loadClass(Work.class.getName());
        return new Method[] {work.getMethod("parse", byte[].class), work.getMethod(trackOnly ? "track" : "features", byte[].class)};
    }

    private static double cpuNanos(Method body, byte[] trace) throws Exception {
        long start = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < REPEATS; i++) {
            body.invoke(null, (Object) trace);
        }
        return (CPU.getCurrentThreadCpuTime() - start) / (double) REPEATS;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String spread(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "%.2f (%.2f..%.2f)", s[s.length / 2], s[0], s[s.length - 1]);
    }
}
