package io.procguard.ml;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.procguard.core.Classifier;
import io.procguard.core.FeatureSchema;
import io.procguard.core.FeatureVector;
import io.procguard.core.ProcessView;
import io.procguard.core.Status;
import io.procguard.core.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Thread-safe: scores processes with a RandomForest exported to ONNX, on one shared ONNX Runtime
 * session. Each calling thread reuses its own direct input buffer, so a single score allocates only the
 * tensor wrapper and the result. {@link #close()} may be called more than once.
 *
 * <p>What loading the first model does to the process (once per JVM): ONNX Runtime's native libraries are copied to a
 * private directory under {@code java.io.tmpdir}, loaded and deleted again (unless you set
 * {@code onnxruntime.native.path}); and when the environment has no {@code ORT_DISABLE_TELEMETRY}, it is set to 1
 * with libc's {@code setenv} through JNA before ONNX Runtime starts (its telemetry would otherwise create
 * {@code /tmp/mat-debug-PID.log} and {@code ~/.cache/Microsoft}), so child processes started later inherit it; JNA's
 * first use in a JVM runs {@code /sbin/ldconfig -p} once unless {@code jna.platform.library.path} is set. Set the
 * variable yourself (any value) to keep that decision yours and JNA unused.
 *
 * <p>The model contract (written by {@code procguard-ml/training/train.py}): an
 * {@code ai.onnx.ml.TreeEnsembleClassifier} graph with one float input {@code features} [N, F] and
 * outputs {@code label} (int64 [N]) and {@code probabilities} (float [N, 2], no ZipMap), and metadata
 * {@code procguard.feature_schema_version}, {@code procguard.feature_names} (comma-separated, in order),
 * {@code procguard.threshold_suspicious}, {@code procguard.threshold_malicious}, {@code procguard.model_id},
 * optionally {@code procguard.feature_importances}. Loading checks all of it against the extractor's
 * {@link FeatureSchema} and fails with a one-line {@link IllegalArgumentException} naming the file.
 *
 * <p>Status: UNKNOWN below {@code minEvents} events (too little evidence), unless the process has an
 * indicator of the highest severity ({@value #HIGH_SEVERITY}) set: {@code ind.credential_read},
 * {@code ind.persistence}, {@code ind.account_tamper}, {@code ind.mass_rewrite}, {@code ind.staged_exec},
 * {@code ind.injection} or {@code ind.reverse_shell} (FEATURES.md). One such act is evidence enough, so a
 * short process that does just that (a forked child that opens /etc/shadow and exits, a reverse shell in a
 * log filtered with {@code -e trace=}) is scored like any other, and its reasons end with
 * {@code "scored with 4 events, fewer than 20: ind.credential_read (severity 3) fired"}. So is a member of a fork
 * storm ({@code ind.fork_storm}, severity 2): a bomb's members do little but fork and wait, so most have fewer
 * events than that, and left UNKNOWN they would escape {@code --kill-on}. Other indicators of severity 1 and 2
 * (e.g. {@code ind.masquerade}, {@code ind.setid_attempt}) do not lift the rule: they are weaker alone. A scored process is MALICIOUS at or above the malicious threshold, SUSPICIOUS at or above
 * the suspicious one, else BENIGN; but MALICIOUS, the status {@code --kill-on malicious} acts on, also needs an
 * indicator of severity {@value #MALICIOUS_MIN_SEVERITY} or more ({@code ind.max_severity}): an act, not discovery alone.
 * A process above the malicious threshold without one (an auditor's {@code find / -perm -4000}, whose
 * {@code ind.recon} is severity 1) stays SUSPICIOUS, and its last reason says so. Models of a schema without
 * {@code ind.max_severity} are not held to this.
 *
 * <p>Reasons (method: occlusion). For a SUSPICIOUS or MALICIOUS verdict the classifier rescores, in one
 * batch, copies of the vector in which one non-zero feature at a time is reset to 0 (its value in an
 * idle process). A feature's contribution is the score lost without it; the three largest positive
 * contributions become the reasons, e.g.
 * {@code "net.dup_socket_to_stdio=1 (+0.41): a socket fd was duplicated onto fd 0, 1 or 2"}; a behaviour indicator is
 * named by its headline ({@code "ind.reverse_shell=1 (+0.95): reverse shell (indicator, severity 3; the evidence shows
 * what fired)"}), as its whole description lists every rule it has. Where two or more
 * indicators fired, each is also scored alone (the others out, against none), and its contribution is the larger of
 * the two: indicators that each suffice would otherwise mask each other. This is exact for the model at hand (no
 * surrogate), costs one batch of at most F + I + 1 rows (I indicators fired), and is only paid for alarming verdicts.
 */
public final class OnnxClassifier implements Classifier {
    /** The bundled default model, a class-path resource. */
    public static final String DEFAULT_MODEL_RESOURCE = "/io/procguard/ml/model/procguard-default.onnx";

    /**
     * The bundled model for lean traces ({@code strace --seccomp-bpf} with the lean syscall set, what
     * {@code procguard run --seccomp-bpf} records), a class-path resource: trained on lean copies of the same corpus
     * traces (procguard-ml/training/REPORT-lean.md). The default model, trained on full traces, flags nearly every
     * process of a lean trace.
     */
    public static final String LEAN_MODEL_RESOURCE = "/io/procguard/ml/model/procguard-lean.onnx";
    /** Default {@code minEvents}: fewer events than this give UNKNOWN, unless a {@link #HIGH_SEVERITY} indicator or {@link #FORK_STORM} fired. */
    public static final int DEFAULT_MIN_EVENTS = 20;
    /** The indicator severity (of 1 low .. 3 high) that has a process below {@code minEvents} scored all the same. */
    public static final int HIGH_SEVERITY = 3;
    /** The least indicator severity a MALICIOUS status needs; above the malicious threshold without it, SUSPICIOUS. */
    public static final int MALICIOUS_MIN_SEVERITY = 2;
    /** The summary feature {@link #MALICIOUS_MIN_SEVERITY} is compared with. */
    private static final String MAX_SEVERITY = "ind.max_severity";
    /** Models larger than this are refused (a hostile path must not exhaust the heap). */
    public static final long MAX_MODEL_BYTES = 512L << 20;
    private static final int MAX_REASONS = 3;
    private static final String INPUT = "features";
    private static final String OUTPUT = "probabilities";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final FeatureSchema schema;
    /** The last vector schema found equal to {@link #schema} (a benign race: a stale read only compares again). */
    private FeatureSchema lastMatchingSchema;
    private final String id;
    private final String source;
    private final double suspicious;
    private final double malicious;
    private final int minEvents;
    /** Schema indices of the indicators that have a short process scored: those of {@link #HIGH_SEVERITY}, and {@link #FORK_STORM}. */
    private final int[] scoredWhenShort;
    /** Schema index of {@link #MAX_SEVERITY}, or -1 when the schema has none. */
    private final int maxSeverity;
    private final float[] importances;
    private final Map<String, String> metadata;
    private final ThreadLocal<FloatBuffer[]> buffers = ThreadLocal.withInitial(() -> new FloatBuffer[1]);

    private OnnxClassifier(byte[] model, String source, FeatureSchema extractorSchema, int minEvents) {
        if (minEvents < 0) {
            throw new IllegalArgumentException("minEvents must be at least 0, got " + minEvents);
        }
        this.source = source;
        this.minEvents = minEvents;
        this.env = OnnxRuntimeLoader.environment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            this.session = env.createSession(model, options);
        } catch (OrtException | RuntimeException e) {
            throw new IllegalArgumentException(source + ": not an ONNX model (" + firstLine(e.getMessage()) + ")", e);
        }
        try {
            this.metadata = Map.copyOf(session.getMetadata().getCustomMetadata());
            if (!session.getInputNames().contains(INPUT) || !session.getOutputNames().contains(OUTPUT)) {
                throw bad("expected input '" + INPUT + "' and output '" + OUTPUT + "', got inputs "
                        + session.getInputNames() + " outputs " + session.getOutputNames());
            }
            this.schema = checkSchema(extractorSchema);
            this.suspicious = threshold("procguard.threshold_suspicious");
            this.malicious = threshold("procguard.threshold_malicious");
            this.id = "onnx:" + metadata.getOrDefault("procguard.model_id", "unnamed");
            this.importances = parseFloats(metadata.get("procguard.feature_importances"), schema.size());
            this.scoredWhenShort = scoredWhenShortIndices(schema);
            this.maxSeverity = schema.names().indexOf(MAX_SEVERITY);
        } catch (OrtException e) {
            closeQuietly();
            throw new IllegalArgumentException(source + ": unreadable ONNX metadata (" + firstLine(e.getMessage()) + ")", e);
        } catch (IllegalArgumentException e) {
            closeQuietly();
            throw e;
        }
    }

    /**
     * Loads a model file.
     *
     * @param model the {@code .onnx} file
     * @param extractorSchema the schema of the features that will be scored
     * @param minEvents fewer events than this give UNKNOWN, unless a {@link #HIGH_SEVERITY} indicator or {@link #FORK_STORM} fired
     * @return a ready classifier
     * @throws IllegalArgumentException with a one-line message for a missing or unreadable file, a non-ONNX
     *     file, or a schema mismatch
     */
    public static OnnxClassifier load(Path model, FeatureSchema extractorSchema, int minEvents) {
        try {
            if (!Files.isRegularFile(model, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(model)) {
                throw new IllegalArgumentException(model + (Files.isDirectory(model) ? ": is a directory, not a model file"
                        : Files.exists(model) ? ": is not a regular file, not a model file" : ": no such model file"));
            }
            if (Files.size(model) > MAX_MODEL_BYTES) {
                throw new IllegalArgumentException(model + ": larger than " + (MAX_MODEL_BYTES >> 20) + " MB; not a ProcGuard model");
            }
            return new OnnxClassifier(Files.readAllBytes(model), model.toString(), extractorSchema, minEvents);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(model + ": no such model file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(model + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Loads a model file for {@link BehaviourFeatures}.
     *
     * @param model the {@code .onnx} file
     * @return a ready classifier with {@link #DEFAULT_MIN_EVENTS}
     */
    public static OnnxClassifier load(Path model) {
        return load(model, new BehaviourFeatures().schema(), DEFAULT_MIN_EVENTS);
    }

    /**
     * Loads the model bundled in this jar ({@value #DEFAULT_MODEL_RESOURCE}).
     *
     * @param extractorSchema the schema of the features that will be scored
     * @param minEvents fewer events than this give UNKNOWN, unless a {@link #HIGH_SEVERITY} indicator or {@link #FORK_STORM} fired
     * @return a ready classifier
     * @throws IllegalArgumentException if the jar has no model or it does not match
     */
    public static OnnxClassifier loadDefault(FeatureSchema extractorSchema, int minEvents) {
        return loadBundled(DEFAULT_MODEL_RESOURCE, extractorSchema, minEvents);
    }

    /**
     * Loads a model bundled in this jar.
     *
     * @param resource {@link #DEFAULT_MODEL_RESOURCE} or {@link #LEAN_MODEL_RESOURCE}
     * @param extractorSchema the schema of the features that will be scored
     * @param minEvents fewer events than this give UNKNOWN, unless a {@link #HIGH_SEVERITY} indicator or {@link #FORK_STORM} fired
     * @return a ready classifier
     * @throws IllegalArgumentException if the jar has no such model or it does not match
     */
    public static OnnxClassifier loadBundled(String resource, FeatureSchema extractorSchema, int minEvents) {
        try (InputStream in = OnnxClassifier.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("classpath:" + resource + ": no such bundled model in this build");
            }
            return new OnnxClassifier(in.readAllBytes(), "classpath:" + resource, extractorSchema, minEvents);
        } catch (IOException e) {
            throw new IllegalArgumentException("classpath:" + resource + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** @return the bundled model for {@link BehaviourFeatures}, with {@link #DEFAULT_MIN_EVENTS} */
    public static OnnxClassifier loadDefault() {
        return loadDefault(new BehaviourFeatures().schema(), DEFAULT_MIN_EVENTS);
    }

    private FeatureSchema checkSchema(FeatureSchema extractor) {
        String version = metadata.get("procguard.feature_schema_version");
        String names = metadata.get("procguard.feature_names");
        if (version == null || names == null) {
            throw bad("no procguard.feature_schema_version / procguard.feature_names metadata; not a ProcGuard model");
        }
        List<String> modelNames = names.isEmpty() ? List.of() : Arrays.asList(names.split(",", -1));
        FeatureSchema model = new FeatureSchema(version, modelNames);
        if (model.equals(extractor)) {
            return extractor;
        }
        String first = "";
        int n = Math.max(modelNames.size(), extractor.size());
        for (int i = 0; i < n; i++) {
            String a = i < modelNames.size() ? modelNames.get(i) : "(none)";
            String b = i < extractor.size() ? extractor.names().get(i) : "(none)";
            if (!a.equals(b)) {
                first = "; first difference at #" + i + ": model '" + a + "' vs extractor '" + b + "'";
                break;
            }
        }
        throw bad("feature schema mismatch: model schema=" + version + " (" + modelNames.size() + " features) extractor schema="
                + extractor.version() + " (" + extractor.size() + " features)" + first + "; retrain the model or use a matching ProcGuard");
    }

    /** The indicator below {@link #HIGH_SEVERITY} that still has a short process scored: a fork bomb's members. */
    public static final String FORK_STORM = "ind.fork_storm";

    /** @return the schema indices of the indicators that have a process below {@code minEvents} scored */
    private static int[] scoredWhenShortIndices(FeatureSchema schema) {
        return IntStream.range(0, schema.size())
                .filter(i -> BehaviourFeatures.indicatorSeverity(schema.names().get(i)) >= HIGH_SEVERITY
                        || schema.names().get(i).equals(FORK_STORM)).toArray();
    }

    private double threshold(String key) {
        String v = metadata.get(key);
        try {
            double t = Double.parseDouble(v);
            if (t >= 0 && !Double.isInfinite(t)) {
                return t; // above 1: no score reaches it (train.py's way to say "never")
            }
        } catch (NullPointerException | NumberFormatException e) {
            // reported below
        }
        throw bad("metadata " + key + " must be a non-negative number, got " + v);
    }

    private IllegalArgumentException bad(String what) {
        return new IllegalArgumentException(source + ": " + what);
    }

    private static float[] parseFloats(String csv, int n) {
        if (csv == null) {
            return null;
        }
        String[] parts = csv.split(",");
        if (parts.length != n) {
            return null;
        }
        float[] out = new float[n];
        try {
            for (int i = 0; i < n; i++) {
                out[i] = Float.parseFloat(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        String line = s.strip();
        int nl = line.indexOf('\n');
        line = nl < 0 ? line : line.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    // ---------------------------------------------------------------- scoring

    /**
     * Scores one vector.
     *
     * @param values feature values in schema order
     * @return the probability of the suspicious class, in [0, 1]
     */
    public double score(float[] values) {
        if (values.length != schema.size()) {
            throw new IllegalArgumentException("expected " + schema.size() + " feature values (schema " + schema.version()
                    + "), got " + values.length);
        }
        return scoreRows(values, 1)[0];
    }

    /**
     * Scores {@code rows} vectors laid out one after the other in {@code values} (row-major [rows, F]).
     *
     * @param values the rows (a longer array is allowed, a reused batch buffer: values after the rows are ignored)
     * @param rows how many rows, at least 1
     * @return one probability per row
     */
    public double[] scoreRows(float[] values, int rows) {
        int f = schema.size();
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1, got " + rows);
        }
        if (values.length < rows * f) {
            throw new IllegalArgumentException("expected " + rows + " x " + f + " values, got " + values.length);
        }
        FloatBuffer buffer = buffer(rows * f);
        buffer.put(values, 0, rows * f).flip();
        try (OnnxTensor input = OnnxTensor.createTensor(env, buffer, new long[] {rows, f});
                OrtSession.Result result = session.run(Map.of(INPUT, input), Set.of(OUTPUT))) {
            float[][] p = (float[][]) result.get(0).getValue();
            double[] out = new double[rows];
            for (int i = 0; i < rows; i++) {
                out[i] = p[i][p[i].length - 1];
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException(source + ": scoring failed: " + firstLine(e.getMessage()), e);
        }
    }

    /** @return this thread's direct buffer with room for {@code floats}, cleared */
    private FloatBuffer buffer(int floats) {
        FloatBuffer[] holder = buffers.get();
        if (holder[0] == null || holder[0].capacity() < floats) {
            int capacity = Math.max(floats, schema.size() * 64);
            holder[0] = ByteBuffer.allocateDirect(capacity * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        holder[0].clear();
        return holder[0];
    }

    @Override
    public Verdict classify(ProcessView process) {
        return classifyAll(List.of(process)).get(0);
    }

    @Override
    public List<Verdict> classifyAll(List<? extends ProcessView> processes) {
        int f = schema.size();
        List<ProcessView> scored = new ArrayList<>();
        for (ProcessView p : processes) {
            if (scorable(p)) {
                scored.add(p);
            }
        }
        double[] scores = new double[0];
        if (!scored.isEmpty()) {
            float[] rows = new float[scored.size() * f];
            for (int i = 0; i < scored.size(); i++) {
                scored.get(i).features().copyTo(rows, i * f);
            }
            scores = scoreRows(rows, scored.size());
        }
        List<Verdict> out = new ArrayList<>(processes.size());
        int k = 0;
        for (ProcessView p : processes) {
            if (k < scored.size() && scored.get(k) == p) {
                out.add(verdict(p, scores[k++]));
            } else {
                out.add(new Verdict(Status.UNKNOWN, Double.NaN,
                        List.of("too little evidence: " + p.eventCount() + " events, fewer than " + minEvents),
                        p.evidence(), id));
            }
        }
        return out;
    }

    /** @return true if {@code p} has {@code minEvents} events, or fewer and one of {@link #scoredWhenShort} set */
    private boolean scorable(ProcessView p) {
        if (p.eventCount() >= minEvents) {
            checkVector(p.features());
            return true;
        }
        if (scoredWhenShort.length == 0) {
            return false;
        }
        FeatureVector v = p.features();
        checkVector(v); // the indices below are of this model's schema
        for (int i : scoredWhenShort) {
            if (v.get(i) != 0) {
                return true;
            }
        }
        return false;
    }

    private void checkVector(FeatureVector v) {
        FeatureSchema s = v.schema();
        if (s == lastMatchingSchema) {
            return; // an extractor's vectors all carry its one schema instance: compared once, not at every scoring
        }
        if (!s.equals(schema)) {
            throw new IllegalArgumentException(source + ": features of " + s + " cannot be scored by a model of " + schema);
        }
        lastMatchingSchema = s;
    }

    private Verdict verdict(ProcessView p, double score) {
        Status status = statusOf(score);
        boolean noAct = status == Status.MALICIOUS && maxSeverity >= 0 && p.features().get(maxSeverity) < MALICIOUS_MIN_SEVERITY;
        if (noAct) {
            status = Status.SUSPICIOUS;
        }
        List<String> reasons;
        if (status.atLeast(Status.SUSPICIOUS)) {
            reasons = explain(p.features().toArray(), score);
        } else {
            reasons = List.of("score " + fixed(score, 3) + " below the suspicious threshold " + fixed(suspicious, 3));
        }
        if (p.eventCount() < minEvents) {
            reasons = new ArrayList<>(reasons); // last: the first reason is the one the status table shows
            reasons.add("scored with " + p.eventCount() + " events, fewer than " + minEvents + ": " + shortScoredBecause(p.features())
                    + " fired");
        }
        if (noAct) {
            reasons = new ArrayList<>(reasons);
            reasons.add("score " + fixed(score, 3) + " reaches the malicious threshold " + fixed(malicious, 3) + ", but no indicator"
                    + " of severity " + MALICIOUS_MIN_SEVERITY + " or more fired (an act, not discovery alone): SUSPICIOUS");
        }
        return new Verdict(status, score, reasons, p.evidence(), id);
    }

    /** @return e.g. {@code "ind.credential_read (severity 3)"}, every indicator set in {@code v} that lifts the rule */
    private String shortScoredBecause(FeatureVector v) {
        StringBuilder sb = new StringBuilder();
        for (int i : scoredWhenShort) {
            if (v.get(i) != 0) {
                String name = schema.names().get(i);
                sb.append(sb.length() == 0 ? "" : ", ").append(name)
                        .append(" (severity ").append(BehaviourFeatures.indicatorSeverity(name)).append(')');
            }
        }
        return sb.toString();
    }

    /**
     * @param score a probability from {@link #score}
     * @return the status the model's thresholds give it (never UNKNOWN); a verdict may be lower: MALICIOUS also needs an
     *     indicator of severity {@value #MALICIOUS_MIN_SEVERITY} or more (class comment)
     */
    public Status statusOf(double score) {
        return score >= malicious ? Status.MALICIOUS : score >= suspicious ? Status.SUSPICIOUS : Status.BENIGN;
    }

    /**
     * Occlusion: rescore with each non-zero feature reset to 0; the largest score drops explain. The
     * indicator summaries ({@code ind.count}, {@code ind.max_severity}, {@code ind.any}) are never
     * occluded alone, which would make a vector no process can have: occluding an indicator also takes it
     * out of the summaries, so the reason names the behaviour that fired (e.g. {@code ind.reverse_shell}).
     * When two or more indicators fired, an indicator's contribution is the larger of the score lost without it and
     * the score it brings alone (the other indicators out, against none): two that each suffice on their own (a miner
     * run from a file its family wrote: {@code ind.cryptomining} and {@code ind.staged_exec}) would otherwise lose
     * nothing each and leave the reasons to lesser features.
     */
    List<String> explain(float[] values, double score) {
        int f = values.length;
        int count = schema.indexOf("ind.count");
        int maxSeverity = schema.indexOf("ind.max_severity");
        int any = schema.indexOf("ind.any");
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < f; i++) {
            if (values[i] != 0 && i != count && i != maxSeverity && i != any) {
                active.add(i);
            }
        }
        if (active.isEmpty()) {
            return List.of("score " + fixed(score, 3) + " with no feature set");
        }
        List<Integer> fired = new ArrayList<>(); // rows (indexes into active) of the indicators that fired
        for (int r = 0; r < active.size(); r++) {
            if (BehaviourFeatures.indicatorSeverity(schema.names().get(active.get(r))) > 0) {
                fired.add(r);
            }
        }
        // one row per active feature; with 2+ indicators, one per indicator holding only it, and one holding none
        int alone = fired.size() >= 2 ? active.size() : -1;
        int n = active.size() + (alone < 0 ? 0 : fired.size() + 1);
        float[] rows = new float[n * f];
        for (int r = 0; r < active.size(); r++) {
            int base = r * f;
            System.arraycopy(values, 0, rows, base, f);
            int feature = active.get(r);
            rows[base + feature] = 0;
            if (fired.contains(r)) {
                withoutIndicator(rows, base, count, maxSeverity, any);
            }
        }
        for (int k = 0; alone >= 0 && k <= fired.size(); k++) {
            int base = (alone + k) * f;
            System.arraycopy(values, 0, rows, base, f);
            for (int j = 0; j < fired.size(); j++) {
                if (j != k) {
                    rows[base + active.get(fired.get(j))] = 0; // k == fired.size(): every indicator out
                }
            }
            withoutIndicator(rows, base, count, maxSeverity, any);
        }
        double[] scored = scoreRows(rows, n);
        double[] without = Arrays.copyOf(scored, active.size());
        for (int k = 0; alone >= 0 && k < fired.size(); k++) {
            // what the indicator brings alone, the others held out: two that each suffice would mask each other
            double brings = scored[alone + k] - scored[alone + fired.size()];
            int r = fired.get(k);
            without[r] = Math.min(without[r], score - brings);
        }
        Integer[] order = new Integer[active.size()];
        for (int r = 0; r < order.length; r++) {
            order[r] = r;
        }
        Comparator<Integer> byDrop = Comparator.comparingDouble(r -> -(score - without[r]));
        if (importances != null) {
            // ties (common: trees vote in steps) go to the feature the forest relies on more
            byDrop = byDrop.thenComparingDouble(r -> -importances[active.get(r)]);
        }
        Arrays.sort(order, byDrop);
        List<String> reasons = new ArrayList<>();
        for (Integer r : order) {
            double drop = score - without[r];
            if (drop <= 0 || reasons.size() == MAX_REASONS) {
                break;
            }
            String name = schema.names().get(active.get(r));
            // an indicator's description lists every rule it has (kilobytes); which one fired is in the evidence lines
            String headline = BehaviourFeatures.headline(name);
            String doc = headline != null ? headline + " (indicator, severity " + BehaviourFeatures.indicatorSeverity(name)
                    + "; the evidence shows what fired)" : BehaviourFeatures.describe(name);
            reasons.add(name + "=" + shortValue(values[active.get(r)]) + " (+" + fixed(drop, 2) + "): " + (doc == null ? "" : doc));
        }
        if (reasons.isEmpty()) {
            reasons.add("score " + fixed(score, 3) + " from the combination of features; no single one decides");
        }
        return reasons;
    }

    /** Recomputes the indicator summaries of the row at {@code base} after one indicator was zeroed. */
    private void withoutIndicator(float[] rows, int base, int count, int maxSeverity, int any) {
        int fired = 0;
        int highest = 0;
        List<String> names = schema.names();
        for (int i = 0; i < names.size(); i++) {
            int severity = BehaviourFeatures.indicatorSeverity(names.get(i));
            if (severity > 0 && rows[base + i] != 0) {
                fired++;
                highest = Math.max(highest, severity);
            }
        }
        if (count >= 0) {
            rows[base + count] = fired;
        }
        if (maxSeverity >= 0) {
            rows[base + maxSeverity] = highest;
        }
        if (any >= 0) {
            rows[base + any] = fired > 0 ? 1 : 0;
        }
    }

    /**
     * {@code String.format(Locale.ROOT, "%.Nf", v)} without a {@link java.util.Formatter}, which costs
     * microseconds per call (and its locale set-up on first use) on the publisher's path of every verdict:
     * the same digits, the shortest decimal of {@code v} rounded half up (both start from it; a test
     * compares the two on ties and random values). Negative, negative-zero and non-finite values, which
     * scores never are, go to {@code String.format} itself.
     *
     * @param v the value
     * @param decimals digits after the point
     * @return the text
     */
    static String fixed(double v, int decimals) {
        if (!(v > 0 || Double.doubleToRawLongBits(v) == 0) || Double.isInfinite(v)) {
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
        return java.math.BigDecimal.valueOf(v).setScale(decimals, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static String shortValue(float v) {
        return v == Math.rint(v) ? Integer.toString((int) v) : String.format(Locale.ROOT, "%.3g", v);
    }

    // ---------------------------------------------------------------- accessors

    @Override
    public String id() {
        return id;
    }

    /** @return the feature schema the model was trained on (equal to the extractor's) */
    public FeatureSchema schema() {
        return schema;
    }

    /** @return the suspicious threshold from the model's metadata */
    public double suspiciousThreshold() {
        return suspicious;
    }

    /** @return the malicious threshold from the model's metadata */
    public double maliciousThreshold() {
        return malicious;
    }

    /** @return the model's {@code procguard.*} metadata */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public void close() {
        closeQuietly();
    }

    /** Set by the first close: ONNX Runtime's session refuses a second one (IllegalStateException). */
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private void closeQuietly() {
        if (!closed.compareAndSet(false, true)) {
            return; // closing twice is harmless, as for the status table
        }
        try {
            session.close();
        } catch (OrtException e) {
            // a native error on shutdown: nothing left to release
        }
    }
}
