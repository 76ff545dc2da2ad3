package io.procguard.benchmarks.parser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link ParserBenchmark} in interleaved rounds and prints the parser's throughput as ratios to its
 * baselines: the median over rounds and the spread (min..max). Made for a shared, noisy machine, where
 * absolute figures drift by a factor of several within minutes: each round measures the methods
 * back to back on the same bytes (one JMH fork each, the class's warmup and measurement settings, the
 * median iteration taken), so a ratio compares figures taken under nearly the same load.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.procguard.benchmarks.parser.ParserRatios [--rounds 5] [--forks 1] [--log FILE]...
 * </pre>
 * {@code --forks N} runs N JMH forks of each method per round (the median is then over all their iterations): on a
 * 2-vCPU VM one fork of the same build gave 0.159 and 0.098 of the scan in two rounds, as JIT decisions differ
 * between forks; 3 forks settle it at three times the time.
 * Without {@code --log} the logs are made once (in a private temporary directory, deleted at the end) for each
 * of the benchmark's {@code flags} values and reused by every round. Single-threaded tool.
 */
public final class ParserRatios {
    private static final String[] FLAGS = {"-f -tt -T", "-f -ttt -T -yy -s 256 -v"};
    private static final String PARSER = "straceParser";
    private static final String[] BASELINES = {"newlineScan", "newlineScanBytewise", "regexPerLine", "regexPerLineStrings"};

    private ParserRatios() {
    }

    /**
     * @param args {@code --rounds N} (default 5) and any number of {@code --log FILE}
     * @throws Exception if a log cannot be made or JMH fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = 5;
        int forks = 1;
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds") && i + 1 < args.length) {
                rounds = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--forks") && i + 1 < args.length) {
                forks = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--log") && i + 1 < args.length) {
                logs.add(Path.of(args[++i]));
            } else {
                System.err.println("usage: ParserRatios [--rounds N] [--forks N] [--log FILE]...");
                System.exit(2);
            }
        }
        Map<String, Path> inputs = new LinkedHashMap<>();
        Path dir = null;
        try {
            if (logs.isEmpty()) {
                dir = Files.createTempDirectory("procguard-parser-ratios");
                for (int k = 0; k < FLAGS.length; k++) {
                    inputs.put("strace " + FLAGS[k], ParserBenchmark.generateLog(FLAGS[k], dir.resolve("trace" + k + ".log")));
                }
            } else {
                for (Path log : logs) {
                    inputs.put(log.toString(), log);
                }
            }
            Map<String, List<Map<String, Double>>> scores = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (Map.Entry<String, Path> in : inputs.entrySet()) {
                    System.err.printf(Locale.ROOT, "round %d/%d, %s, load average %s%n", round, rounds, in.getKey(), loadAverage());
                    scores.computeIfAbsent(in.getKey(), k -> new ArrayList<>()).add(runOnce(in.getValue(), forks));
                }
            }
            for (Map.Entry<String, Path> in : inputs.entrySet()) {
                report(in.getKey(), Files.size(in.getValue()), lines(in.getValue()), scores.get(in.getKey()));
            }
        } finally {
            if (dir != null) {
                for (Path p : inputs.values()) {
                    Files.deleteIfExists(p);
                }
                Files.delete(dir);
            }
        }
    }

    /** @return method name to median ops/s, for {@code forks} forks of each benchmark method on this log */
    private static Map<String, Double> runOnce(Path log, int forks) throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(Pattern.quote(ParserBenchmark.class.getName()) + "\\.")
                .param("flags", "(from log)")
                .param("log", log.toString())
                .forks(forks)
                .verbosity(VerboseMode.SILENT)
                .build()).run();
        Map<String, Double> byMethod = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            byMethod.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getStatistics().getPercentile(50));
        }
        return byMethod;
    }

    private static void report(String input, long bytes, long lines, List<Map<String, Double>> rounds) {
        System.out.printf(Locale.ROOT, "%n%s: %.1f MB, %d lines, %d rounds%n", input, bytes / 1e6, lines, rounds.size());
        System.out.printf(Locale.ROOT, "  %-34s %8s %17s   %s%n", "", "median", "spread (min..max)", "per round");
        for (String base : BASELINES) {
            List<Double> ratios = new ArrayList<>();
            for (Map<String, Double> r : rounds) {
                ratios.add(r.get(PARSER) / r.get(base));
            }
            row(PARSER + " / " + base, ratios, "%.3f");
        }
        List<String> methods = new ArrayList<>(List.of(PARSER));
        methods.addAll(List.of(BASELINES));
        for (String method : methods) {
            List<Double> mbs = new ArrayList<>();
            for (Map<String, Double> r : rounds) {
                mbs.add(r.get(method) * bytes / 1e6);
            }
            row(method + " MB/s", mbs, "%.0f");
        }
    }

    private static void row(String label, List<Double> values, String format) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        StringBuilder each = new StringBuilder();
        for (double v : values) {
            each.append(String.format(Locale.ROOT, format, v)).append(' ');
        }
        String spread = String.format(Locale.ROOT, format, sorted.get(0)) + ".." + String.format(Locale.ROOT, format, sorted.get(n - 1));
        System.out.printf(Locale.ROOT, "  %-34s %8s %17s   %s%n", label, String.format(Locale.ROOT, format, median), spread, each.toString().trim());
    }

    private static long lines(Path log) throws IOException {
        long n = 0;
        for (byte c : Files.readAllBytes(log)) {
            if (c == '\n') {
                n++;
            }
        }
        return n;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
