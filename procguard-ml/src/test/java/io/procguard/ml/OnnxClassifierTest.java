package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.core.Classifier;
import io.procguard.core.Classifiers;
import io.procguard.core.FeatureSchema;
import io.procguard.core.FeatureVector;
import io.procguard.core.Status;
import io.procguard.core.Verdict;
import io.procguard.core.process.ProcessRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OnnxClassifierTest {
    private static final FeatureSchema SCHEMA = new BehaviourFeatures().schema();

    @TempDir
    static Path models;

    private static Path trained;

    @BeforeAll
    static void trainOnce() throws Exception {
        try {
            TrainedModels.assumeTrainer();
        } catch (org.opentest4j.TestAbortedException skip) {
            return; // tests that need it skip themselves
        }
        trained = TrainedModels.train(models, SCHEMA.version(), SCHEMA.names());
    }

    private static void assumeTrained() {
        assumeTrue(trained != null, "no trainer here (needs /usr/bin/python3 with scikit-learn and onnx)");
    }

    @Test
    void misusesAreClearErrors() {
        assertThatThrownBy(() -> Classifiers.create("onnx", Map.of("modle", "/x.onnx")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the onnx classifier has no option 'modle'; its options: "
                        + "min-events, model, trace");
        assertThatThrownBy(() -> Classifiers.create("onnx", Map.of("min-events", "-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minEvents must be at least 0, got -1");
        try (OnnxClassifier c = OnnxClassifier.loadDefault()) {
            int f = new BehaviourFeatures().schema().size();
            assertThatThrownBy(() -> c.score(new float[f + 1])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("expected " + f + " feature values");
            assertThatThrownBy(() -> c.scoreRows(new float[f], -1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("rows must be at least 1, got -1");
            assertThat(c.score(new float[f])).isBetween(0.0, 1.0);
        }
    }

    @Test
    void closingTwiceIsHarmless() {
        OnnxClassifier c = OnnxClassifier.loadDefault();
        c.close();
        c.close(); // try-with-resources around an explicit close: ONNX Runtime's session alone would throw here
    }

    @Test
    void missingModelIsAOneLineErrorNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.onnx");
        assertThatThrownBy(() -> OnnxClassifier.load(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(missing + ": no such model file");
    }

    @Test
    void aFileThatIsNotOnnxIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        Path junk = dir.resolve("model.onnx");
        Files.writeString(junk, "this is a trace, not a model\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> OnnxClassifier.load(junk))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(junk + ": not an ONNX model (")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aModelOfAnotherSchemaIsRefusedWithBothSchemasAndTheFirstDifference(@TempDir Path dir) throws Exception {
        TrainedModels.assumeTrainer();
        List<String> names = new ArrayList<>(SCHEMA.names());
        names.set(5, "sys.freq.renamed");
        Path other = TrainedModels.train(dir, "0", names);
        assertThatThrownBy(() -> OnnxClassifier.load(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(other + ": feature schema mismatch: model schema=0 (" + SCHEMA.size() + " features) extractor schema="
                        + BehaviourFeatures.SCHEMA_VERSION + " (" + SCHEMA.size() + " features)")
                .hasMessageContaining("first difference at #5: model 'sys.freq.renamed' vs extractor 'sys.freq.write'")
                .hasMessageNotContaining("\n");
    }

    @Test
    void javaProbabilitiesEqualScikitLearnsOnTheFixtureWrittenAtTraining() throws Exception {
        assumeTrained();
        try (OnnxClassifier c = OnnxClassifier.load(trained)) {
            assertParity(c, Files.readAllLines(models.resolve("parity.csv")));
        }
    }

    @ParameterizedTest
    @CsvSource({OnnxClassifier.DEFAULT_MODEL_RESOURCE + ", parity.csv", OnnxClassifier.LEAN_MODEL_RESOURCE + ", parity-lean.csv"})
    void bundledModelsMatchScikitLearnOnTheirCommittedParityFixtures(String model, String fixtureName) throws Exception {
        InputStream fixture = getClass().getResourceAsStream("/io/procguard/ml/parity/" + fixtureName);
        assertThat(fixture).as("train.py writes " + fixtureName + " beside the model; both are committed").isNotNull();
        List<String> lines;
        try (fixture) {
            lines = new String(fixture.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        try (OnnxClassifier c = OnnxClassifier.loadBundled(model, new BehaviourFeatures().schema(), OnnxClassifier.DEFAULT_MIN_EVENTS)) {
            assertParity(c, lines);
        }
    }

    @Test
    void theProviderPicksTheLeanModelForLeanTracesAndRefusesOtherTraceKinds() {
        OnnxClassifierProvider provider = new OnnxClassifierProvider();
        String full;
        try (Classifier c = provider.create(Map.of())) {
            full = c.id();
        }
        try (Classifier c = provider.create(Map.of("trace", "full"))) {
            assertThat(c.id()).isEqualTo(full).doesNotContain("lean");
        }
        try (Classifier c = provider.create(Map.of("trace", "lean"))) {
            assertThat(c.id()).contains("lean").isNotEqualTo(full);
        }
        assertThatThrownBy(() -> provider.create(Map.of("trace", "seccomp"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trace must be full or lean, got 'seccomp'");
    }

    private static void assertParity(OnnxClassifier c, List<String> lines) {
        String[] header = lines.get(0).split(",");
        assertThat(header[header.length - 1]).isEqualTo("sklearn_proba");
        assertThat(List.of(header).subList(0, header.length - 1)).isEqualTo(c.schema().names());
        int f = header.length - 1;
        List<float[]> rows = new ArrayList<>();
        List<Double> expected = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            float[] row = new float[f];
            for (int i = 0; i < f; i++) {
                row[i] = Float.parseFloat(cells[i]);
            }
            rows.add(row);
            expected.add(Double.parseDouble(cells[f]));
        }
        assertThat(rows).hasSizeGreaterThan(10);
        float[] batch = new float[rows.size() * f];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, batch, r * f, f);
            assertThat(c.score(rows.get(r))).as("single row %d", r).isCloseTo(expected.get(r), org.assertj.core.data.Offset.offset(1e-6));
        }
        double[] scores = c.scoreRows(batch, rows.size());
        for (int r = 0; r < rows.size(); r++) {
            assertThat(scores[r]).as("batch row %d", r).isCloseTo(expected.get(r), org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void providerNamedOnnxIsFoundByServiceLoaderAndExplainsAlarmingVerdicts() throws Exception {
        assumeTrained();
        try (Classifier c = Classifiers.create("onnx", Map.of("model", trained.toString(), "min-events", "5"))) {
            assertThat(c.id()).startsWith("onnx:procguard-rf-");
            OnnxClassifier onnx = (OnnxClassifier) c;
            // the synthetic training data makes the first two features the signal
            float[] hot = new float[SCHEMA.size()];
            hot[0] = 4;
            hot[1] = 4;
            float[] cold = new float[SCHEMA.size()];
            cold[0] = -3;
            cold[1] = -3;
            List<Verdict> verdicts = c.classifyAll(List.of(view(hot, 100), view(cold, 100), view(hot, 2)));
            assertThat(verdicts.get(0).score()).isGreaterThan(verdicts.get(1).score());
            Status byScore = onnx.statusOf(verdicts.get(0).score());
            // no indicator is set in these vectors: MALICIOUS needs one of severity 2 or more
            assertThat(verdicts.get(0).status()).isEqualTo(byScore == Status.MALICIOUS ? Status.SUSPICIOUS : byScore);
            assertThat(verdicts.get(2).status()).isEqualTo(Status.UNKNOWN);
            assertThat(verdicts.get(2).reasons()).containsExactly("too little evidence: 2 events, fewer than 5");
            assertThat(verdicts.get(0).evidence()).containsExactly("connect(3, 127.0.0.1:4444) = 0");
            List<String> reasons = onnx.explain(hot, onnx.score(hot));
            assertThat(reasons).isNotEmpty().allSatisfy(r -> assertThat(r).matches("(act\\.syscalls_log|act\\.distinct_syscalls_log)=4 \\(\\+\\d\\.\\d\\d\\): .*|score .*"));
        }
    }

    @Test
    void scoringIsThreadSafeOnOneSharedSession() throws Exception {
        assumeTrained();
        try (OnnxClassifier c = OnnxClassifier.load(trained)) {
            float[] row = new float[SCHEMA.size()];
            row[0] = 2;
            double expected = c.score(row);
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 4; t++) {
                int seed = t;
                threads.add(new Thread(() -> {
                    try {
                        for (int i = 0; i < 500; i++) {
                            float[] batch = new float[(1 + (i + seed) % 5) * SCHEMA.size()];
                            for (int r = 0; r < batch.length / SCHEMA.size(); r++) {
                                System.arraycopy(row, 0, batch, r * SCHEMA.size(), SCHEMA.size());
                            }
                            for (double s : c.scoreRows(batch, batch.length / SCHEMA.size())) {
                                assertThat(s).isEqualTo(expected);
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failures).isEmpty();
        }
    }

    @Test
    void aVectorOfAnotherSchemaIsRefusedAtScoringAlsoAfterMatchingOnes() throws Exception {
        assumeTrained();
        try (OnnxClassifier c = OnnxClassifier.load(trained)) {
            float[] row = new float[SCHEMA.size()];
            FeatureSchema equalCopy = new FeatureSchema(SCHEMA.version(), SCHEMA.names());
            assertThat(c.classifyAll(List.of(view(row, 100), view(equalCopy, row, 100)))).hasSize(2);
            List<String> renamed = new ArrayList<>(SCHEMA.names());
            renamed.set(0, "renamed");
            FeatureSchema other = new FeatureSchema(SCHEMA.version(), renamed);
            assertThatThrownBy(() -> c.classifyAll(List.of(view(row, 100), view(other, row, 100))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be scored by a model of");
        }
    }

    private static ProcessRecord view(float[] values, long events) {
        return view(SCHEMA, values, events);
    }

    @Test
    void reasonNumbersAreWhatStringFormatWouldPrint() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 1.0, 0.0005, 0.0015, 0.9995, 0.125, 0.3, -0.25,
                Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, 1e-300, 123456.789));
        for (int i = 0; i < 50_000; i++) {
            values.add(random.nextDouble());
            values.add(random.nextInt(20_001) / 20_000.0); // ties at the next digit
            values.add((double) (float) random.nextDouble()); // widened floats, as scores are
            values.add(Math.nextUp(random.nextInt(2_001) / 2_000.0 + 0.0005));
        }
        for (double v : values) {
            for (int decimals : new int[] {2, 3}) {
                assertThat(OnnxClassifier.fixed(v, decimals)).as("%s with %d decimals", v, decimals)
                        .isEqualTo(String.format(java.util.Locale.ROOT, "%." + decimals + "f", v));
            }
        }
    }

    private static ProcessRecord view(FeatureSchema schema, float[] values, long events) {
        return new ProcessRecord(42, 1, "sh", "/bin/sh", List.of("sh"), events, 1, 0, 0, -1, null, false, null,
                new FeatureVector(schema, values), List.of("connect(3, 127.0.0.1:4444) = 0"));
    }
}
