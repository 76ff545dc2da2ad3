package io.procguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.procguard.ml.BehaviourFeatures;
import io.procguard.ml.OnnxClassifier;
import io.procguard.ml.evaluation.Confusion;
import io.procguard.ml.evaluation.Evaluation;
import io.procguard.ml.evaluation.FamilyRate;
import io.procguard.ml.evaluation.FeaturesCsv;
import io.procguard.ml.evaluation.OperatingPoint;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code procguard evaluate}: scores a labelled features CSV with an ONNX model through the same Java
 * scorer as live monitoring, and prints the confusion matrix, accuracy, precision, recall, F1, macro-F1,
 * ROC AUC, recall at false-positive budgets and the rate per family. Not thread-safe (one per invocation).
 */
@Command(name = "evaluate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        showDefaultValues = true,
        header = "Measure a model on labelled features: how many malicious rows it catches, how many benign ones it flags.",
        description = {
            "Scores labelled features (the CSV of 'procguard features', label 0/1 or benign/malicious) with a model and"
                + " measures it: confusion matrix, accuracy, precision, recall, F1, macro-F1, ROC AUC, recall at a"
                + " false-positive rate, and recall (malicious) or false-positive rate (benign) per family.",
            "Scores come from the Java ONNX scorer that 'analyze' and 'run' use, not from the training library.",
            "A row is flagged when its score is at or above the threshold. A metric over no rows (recall and F1 without"
                + " malicious rows, FPR without benign ones, precision when nothing is flagged) is n/a, null in JSON.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  procguard evaluate --model model.onnx --features test.csv",
            "  procguard evaluate --model fold3.onnx --features fold3-test.csv --threshold 0.5 --fpr 0.01 --fpr 0.001 --json",
            "  procguard evaluate --model model.onnx --features test.csv --scores scores.csv   # per-row scores for a ROC plot",
            "",
            "Exit codes: 0 measured, 1 --scores could not be written, 2 usage, 3 unusable model or features CSV "
                + "(the message names file:line:column), or --scores in a folder that does not exist."
        })
public final class EvaluateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH_ROWS = 1024;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "ONNX model (from train.py).")
    Path model;

    @Option(names = "--features", required = true, paramLabel = "CSV",
            description = "Labelled features: header trace,pid,comm,exe,family,label then the model's feature columns.")
    Path features;

    @Option(names = "--threshold", paramLabel = "T",
            description = "Decision threshold: a number from 0 to 1, or suspicious / malicious for the model's own thresholds.")
    String threshold = "suspicious";

    @Option(names = "--fpr", paramLabel = "RATE",
            description = "Report the recall at this false-positive budget (repeatable); the threshold is chosen from the"
                + " benign rows' scores.")
    List<Double> fprs = new ArrayList<>(List.of(0.01));

    @Option(names = "--scores", paramLabel = "FILE", description = "Also write trace,family,label,score per row to FILE.")
    Path scoresOut;

    @Option(names = "--json", description = "Print one JSON document instead of text.")
    boolean json;

    @Override
    public Integer call() {
        for (double f : fprs) {
            if (!(f >= 0 && f <= 1)) {
                throw new CliException(ExitCodes.USAGE, "--fpr must be between 0 and 1, got " + f);
            }
        }
        Double number = numericThreshold(); // a bad number is a usage error before the model is loaded
        checkScoresOut();
        try (OnnxClassifier classifier = load()) {
            double t = number != null ? number : threshold.equalsIgnoreCase("malicious") ? classifier.maliciousThreshold()
                    : classifier.suspiciousThreshold();
            Scored scored = score(classifier);
            Evaluation e = Evaluation.of(scored.labels, scored.scores, scored.families);
            if (scoresOut != null) {
                writeScores(scored);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? json(classifier, e, t) + "\n" : text(classifier, e, t));
            out.flush();
            return ExitCodes.OK;
        }
    }

    /**
     * Refuses a {@code --scores} file that cannot be written safely before the (slow) scoring starts: a symbolic
     * link, a directory, or the features CSV or model itself (which would be overwritten).
     */
    private void checkScoresOut() {
        if (scoresOut == null) {
            return;
        }
        if (Files.isSymbolicLink(scoresOut)) {
            throw new CliException(ExitCodes.BAD_INPUT, scoresOut + ": is a symbolic link; refusing to write through it");
        }
        if (Files.isDirectory(scoresOut)) {
            throw new CliException(ExitCodes.BAD_INPUT, "--scores " + scoresOut + ": is a directory");
        }
        OutputFiles.requireFolder("--scores", scoresOut);
        for (Path input : List.of(features, model)) {
            try {
                if (Files.exists(scoresOut) && Files.exists(input) && Files.isSameFile(scoresOut, input)) {
                    throw new CliException(ExitCodes.BAD_INPUT, "--scores " + scoresOut + ": is the " + (input == features
                            ? "--features CSV" : "--model") + " being read; refusing to overwrite it (give --scores another file)");
                }
            } catch (IOException e) {
                // unreadable: reading or writing it reports the reason
            }
        }
    }

    private OnnxClassifier load() {
        try {
            return OnnxClassifier.load(model, new BehaviourFeatures().schema(), OnnxClassifier.DEFAULT_MIN_EVENTS);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
    }

    /**
     * @return the {@code --threshold} number, or {@code null} for {@code suspicious} or {@code malicious}
     * @throws CliException (usage) for anything else, or a number outside [0, 1], which no score can meet the way
     *     the user meant (every row flagged, or none)
     */
    private Double numericThreshold() {
        String t = threshold.toLowerCase(Locale.ROOT);
        if (t.equals("suspicious") || t.equals("malicious")) {
            return null;
        }
        double value;
        try {
            value = Double.parseDouble(threshold);
        } catch (NumberFormatException e) {
            throw new CliException(ExitCodes.USAGE, "--threshold must be a number, suspicious or malicious, got '" + threshold + "'");
        }
        if (!(value >= 0 && value <= 1)) {
            throw new CliException(ExitCodes.USAGE, "--threshold must be between 0 and 1 (scores are probabilities), got " + threshold);
        }
        return value;
    }

    /** The rows of the CSV with their scores; families interned so that a big file costs little per row. */
    private record Scored(String[] traces, String[] families, int[] labels, double[] scores) {
    }

    private Scored score(OnnxClassifier c) {
        List<String> names = c.schema().names();
        int f = names.size();
        try (FeaturesCsv csv = FeaturesCsv.open(features)) {
            checkColumns(csv.featureNames(), names);
            List<String> traces = new ArrayList<>();
            List<String> families = new ArrayList<>();
            Map<String, String> interned = new HashMap<>();
            int[] labels = new int[1024];
            double[] scores = new double[1024];
            float[] batch = new float[BATCH_ROWS * f];
            int n = 0;
            int inBatch = 0;
            while (csv.next()) {
                if (n == labels.length) {
                    labels = Arrays.copyOf(labels, n * 2);
                    scores = Arrays.copyOf(scores, n * 2);
                }
                labels[n] = csv.label();
                traces.add(scoresOut == null ? "" : csv.trace());
                families.add(interned.computeIfAbsent(csv.family(), k -> k));
                System.arraycopy(csv.values(), 0, batch, inBatch * f, f);
                n++;
                if (++inBatch == BATCH_ROWS) {
                    System.arraycopy(c.scoreRows(batch, inBatch), 0, scores, n - inBatch, inBatch);
                    inBatch = 0;
                }
            }
            if (inBatch > 0) {
                System.arraycopy(c.scoreRows(batch, inBatch), 0, scores, n - inBatch, inBatch);
            }
            if (n == 0) {
                throw new CliException(ExitCodes.BAD_INPUT, features + ":2:1: no data rows");
            }
            return new Scored(traces.toArray(new String[0]), families.toArray(new String[0]), Arrays.copyOf(labels, n),
                    Arrays.copyOf(scores, n));
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.BAD_INPUT, features + ": no such file", e);
        } catch (IOException e) {
            String m = e.getMessage();
            throw new CliException(ExitCodes.BAD_INPUT, m != null && m.startsWith(features.toString()) ? m : features + ": " + m, e);
        }
    }

    private void checkColumns(List<String> csv, List<String> model) {
        if (csv.equals(model)) {
            return;
        }
        int n = Math.max(csv.size(), model.size());
        for (int i = 0; i < n; i++) {
            String a = i < csv.size() ? csv.get(i) : "(none)";
            String b = i < model.size() ? model.get(i) : "(none)";
            if (!a.equals(b)) {
                throw new CliException(ExitCodes.BAD_INPUT, features + ":1:1: the feature columns (" + csv.size()
                        + ") differ from the model's (" + model.size() + "); first difference at feature #" + i + ": csv '" + a
                        + "' vs model '" + b + "'; export the features with the ProcGuard the model was trained for");
            }
        }
    }

    private void writeScores(Scored s) {
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(scoresOut, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), StandardCharsets.UTF_8))) {
            w.write("trace,family,label,score\n");
            for (int i = 0; i < s.labels.length; i++) {
                w.write(FeaturesManifest.quote(s.traces[i]) + "," + FeaturesManifest.quote(s.families[i]) + "," + s.labels[i] + ","
                        + (float) s.scores[i] + "\n");
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILURE, scoresOut + ": cannot write scores (" + e.getMessage() + ")", e);
        }
    }

    private String json(OnnxClassifier c, Evaluation e, double t) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode m = root.putObject("model");
        m.put("path", model.toString());
        m.put("id", c.id());
        m.put("schema_version", c.schema().version());
        m.put("features", c.schema().size());
        m.put("threshold_suspicious", c.suspiciousThreshold());
        m.put("threshold_malicious", c.maliciousThreshold());
        root.put("features", features.toString());
        root.put("rows", e.rows());
        root.put("malicious", e.positives());
        root.put("benign", e.negatives());
        Confusion k = e.at(t);
        root.put("threshold", t);
        ObjectNode cm = root.putObject("confusion");
        cm.put("tp", k.tp());
        cm.put("fp", k.fp());
        cm.put("tn", k.tn());
        cm.put("fn", k.fn());
        root.put("accuracy", k.accuracy());
        number(root, "precision", precision(k));
        number(root, "recall", recall(k));
        number(root, "fpr", falsePositiveRate(k));
        number(root, "f1", f1(k));
        number(root, "macro_f1", macroF1(k));
        number(root, "roc_auc", e.rocAuc());
        ArrayNode points = root.putArray("at_fpr");
        for (double f : fprs) {
            OperatingPoint p = e.atFalsePositiveRate(f);
            ObjectNode o = points.addObject();
            o.put("max_fpr", p.maxFpr());
            o.put("threshold", p.threshold());
            o.put("fpr", p.fpr());
            number(o, "recall", p.recall());
        }
        ArrayNode fams = root.putArray("families");
        for (FamilyRate r : e.byFamily(t)) {
            ObjectNode o = fams.addObject();
            o.put("family", r.family());
            o.put("label", r.label());
            o.put("rows", r.rows());
            o.put("flagged", r.flagged());
            o.put(r.label() == 1 ? "recall" : "fpr", r.rate());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("JSON rendering failed", ex);
        }
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }

    private String text(OnnxClassifier c, Evaluation e, double t) {
        StringBuilder sb = new StringBuilder();
        Confusion k = e.at(t);
        sb.append(String.format(Locale.ROOT, "model %s (schema %s, %d features): %s%n", c.id(), c.schema().version(),
                c.schema().size(), model));
        sb.append(String.format(Locale.ROOT, "features %s: %d rows, %d malicious, %d benign%n", features, e.rows(),
                e.positives(), e.negatives()));
        sb.append(String.format(Locale.ROOT, "%nthreshold %.4f (%s; flagged when score >= threshold)%n", t,
                isNumber(threshold) ? "given" : "the model's " + threshold.toLowerCase(Locale.ROOT) + " threshold"));
        sb.append(String.format(Locale.ROOT, "%-12s %16s %20s%n", "", "predicted benign", "predicted malicious"));
        sb.append(String.format(Locale.ROOT, "%-12s %16d %20d%n", "benign", k.tn(), k.fp()));
        sb.append(String.format(Locale.ROOT, "%-12s %16d %20d%n", "malicious", k.fn(), k.tp()));
        sb.append(String.format(Locale.ROOT, "%naccuracy   %.4f%nprecision  %s%nrecall     %s%nFPR        %s%n"
                + "F1         %s%nmacro-F1   %s%nROC AUC    %s%n", k.accuracy(), fmt(precision(k)), fmt(recall(k)),
                fmt(falsePositiveRate(k)), fmt(f1(k)), fmt(macroF1(k)), fmt(e.rocAuc())));
        for (double f : fprs) {
            OperatingPoint p = e.atFalsePositiveRate(f);
            sb.append(String.format(Locale.ROOT, "recall at FPR <= %s: %s (threshold %.4f, FPR %.4f)%n", f, fmt(p.recall()),
                    p.threshold(), p.fpr()));
        }
        List<FamilyRate> fams = e.byFamily(t);
        if (!fams.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%n%-24s %-9s %8s %8s %8s%n", "family", "label", "rows", "flagged", "rate"));
            for (FamilyRate r : fams) {
                sb.append(String.format(Locale.ROOT, "%-24s %-9s %8d %8d %8.4f  %s%n", r.family(),
                        r.label() == 1 ? "malicious" : "benign", r.rows(), r.flagged(), r.rate(), r.label() == 1 ? "recall" : "FPR"));
            }
        }
        return sb.toString();
    }

    // Confusion reads a ratio over nothing as 0 (scikit-learn's zero_division=0); here it is undefined: NaN, shown n/a / null

    /** @return precision, NaN when no row is flagged */
    private static double precision(Confusion k) {
        return k.tp() + k.fp() == 0 ? Double.NaN : k.precision();
    }

    /** @return recall, NaN without malicious rows */
    private static double recall(Confusion k) {
        return k.tp() + k.fn() == 0 ? Double.NaN : k.recall();
    }

    /** @return the false-positive rate, NaN without benign rows */
    private static double falsePositiveRate(Confusion k) {
        return k.fp() + k.tn() == 0 ? Double.NaN : k.falsePositiveRate();
    }

    /** @return the malicious class's F1, NaN without malicious rows (its recall is undefined) */
    private static double f1(Confusion k) {
        return k.tp() + k.fn() == 0 ? Double.NaN : k.f1();
    }

    /** @return the mean of both classes' F1, NaN unless both classes have rows */
    private static double macroF1(Confusion k) {
        return k.tp() + k.fn() == 0 || k.fp() + k.tn() == 0 ? Double.NaN : k.macroF1();
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }
}
