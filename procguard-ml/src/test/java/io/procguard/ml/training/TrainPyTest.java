package io.procguard.ml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import io.procguard.ml.OnnxRuntimeForTests;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI smoke test of the training side: re-runs {@code training/train.py} (Debian's /usr/bin/python3 with
 * python3-sklearn and python3-onnx) on the committed corpus features into a private temporary
 * directory, then loads the ONNX model it wrote with ONNX Runtime Java and checks that the runtime's
 * probabilities equal scikit-learn's {@code predict_proba} on the parity fixture train.py wrote.
 */
class TrainPyTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path TRAINING = Path.of("training").toAbsolutePath();
    private static final Path CORPUS = TRAINING.resolve("data/corpus-features.csv");
    private static final double PARITY_TOLERANCE = 1e-6;
    private static final List<String> METADATA_KEYS = List.of("procguard.feature_schema_version",
            "procguard.feature_names", "procguard.threshold_suspicious", "procguard.threshold_malicious",
            "procguard.model_id", "procguard.training_data_sha256", "procguard.metrics",
            "procguard.feature_importances");

    @TempDir
    static Path trainedDir;
    /** Where the shared run of train.py (16 trees on the committed corpus) wrote its outputs. */
    private static Path trained;

    @BeforeAll
    static void needsDebianPythonWithSklearnAndOnnxThenTrainsOnce() throws Exception {
        assumeThat(Files.isExecutable(PYTHON))
                .as("/usr/bin/python3 is missing: install python3 python3-sklearn python3-onnx (.ci/setup does)")
                .isTrue();
        Run probe = Run.of(trainedDir, PYTHON.toString(), "-c", "import sklearn, onnx");
        assumeThat(probe.exitCode)
                .as("/usr/bin/python3 lacks scikit-learn or onnx: apt-get install python3-sklearn python3-onnx "
                        + "(.ci/setup does); " + probe.err.strip())
                .isZero();
        assumeThat(Files.isRegularFile(CORPUS))
                .as(CORPUS + " is missing: rebuild it with procguard-ml/corpus/build_corpus.py (see README.md)")
                .isTrue();
        trained = trainedDir;
        Run train = train(trained, CORPUS, "--trees", "16");
        assertThat(train.exitCode).as(train.err).isZero();
    }

    @Test
    void onnxRuntimeProbabilitiesOfTheExportedForestEqualScikitLearnsOnTheFixture() throws Exception {
        Path dir = trained;

        Fixture fixture = Fixture.read(dir.resolve("parity.csv"));
        assertThat(fixture.rows).hasSizeGreaterThan(100);
        OrtEnvironment env = OnnxRuntimeForTests.environment();
        try (OrtSession session = env.createSession(dir.resolve("model.onnx").toString(), new OrtSession.SessionOptions())) {
            assertThat(session.getInputNames()).containsExactly("features");
            assertThat(session.getOutputNames()).containsExactlyInAnyOrder("label", "probabilities");
            long[] inputShape = ((TensorInfo) session.getInputInfo().get("features").getInfo()).getShape();
            assertThat(inputShape).containsExactly(-1, fixture.names.size());

            float[][] x = fixture.rows.toArray(new float[0][]);
            try (OnnxTensor input = OnnxTensor.createTensor(env, x);
                 OrtSession.Result result = session.run(Map.of("features", input))) {
                long[] labels = (long[]) result.get("label").orElseThrow().getValue();
                float[][] probabilities = (float[][]) result.get("probabilities").orElseThrow().getValue();
                double worst = 0;
                for (int i = 0; i < x.length; i++) {
                    double diff = Math.abs(probabilities[i][1] - fixture.sklearnProba[i]);
                    worst = Math.max(worst, diff);
                    assertThat(diff).as("row %d of the fixture: onnxruntime %s vs sklearn %s", i + 2,
                            probabilities[i][1], fixture.sklearnProba[i]).isLessThanOrEqualTo(PARITY_TOLERANCE);
                    assertThat(probabilities[i][0] + probabilities[i][1]).isCloseTo(1.0f, Offset.offset(1e-5f));
                    // ONNX Runtime's two-class rule (no base values): label 1 as soon as class 1 has any weight.
                    // Callers therefore use the probabilities and the model's thresholds, never 'label'.
                    assertThat(labels[i]).as("label of row %d", i + 2).isEqualTo(probabilities[i][1] > 0 ? 1L : 0L);
                }
                assertThat(worst).isLessThanOrEqualTo(PARITY_TOLERANCE);
            }
        }
    }

    @Test
    void modelMetadataNamesTheSchemaThresholdsDataHashAndMetrics() throws Exception {
        Path dir = trained;

        Fixture fixture = Fixture.read(dir.resolve("parity.csv"));
        Map<String, String> meta = metadata(dir.resolve("model.onnx"));
        assertThat(meta).containsKeys(METADATA_KEYS.toArray(new String[0]));
        assertThat(meta.get("procguard.feature_names").split(",")).containsExactlyElementsOf(fixture.names);
        assertThat(meta.get("procguard.feature_importances").split(",")).hasSize(fixture.names.size());
        double suspicious = Double.parseDouble(meta.get("procguard.threshold_suspicious"));
        double malicious = Double.parseDouble(meta.get("procguard.threshold_malicious"));
        assertThat(suspicious).isBetween(0.0, 1.0);
        assertThat(malicious).isBetween(suspicious, 1.0);
        assertThat(meta.get("procguard.training_data_sha256")).isEqualTo(sha256(CORPUS));
        JsonNode metrics = new ObjectMapper().readTree(meta.get("procguard.metrics"));
        assertThat(metrics.get("roc_auc").asDouble()).isBetween(0.0, 1.0);
        assertThat(metrics.get("family_recall").size()).isPositive();

        String report = Files.readString(dir.resolve("REPORT.md"));
        assertThat(report).contains("Leave-one-family-out", "Confusion matrices", "Top features");
        for (String family : families(CORPUS)) {
            assertThat(report).contains("| " + family + " |");
        }
        assertThat(new ObjectMapper().readTree(dir.resolve("REPORT.json").toFile()).get("roc_auc").asDouble())
                .isEqualTo(metrics.get("roc_auc").asDouble(), Offset.offset(1e-6));
    }

    @Test
    void sameCorpusAndSeedGiveTheSameModelBytes(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        assertThat(train(a, CORPUS, "--trees", "4").exitCode).isZero();
        assertThat(train(b, CORPUS, "--trees", "4").exitCode).isZero();
        assertThat(Files.readAllBytes(a.resolve("model.onnx"))).isEqualTo(Files.readAllBytes(b.resolve("model.onnx")));
        assertThat(Files.readString(a.resolve("parity.csv"))).isEqualTo(Files.readString(b.resolve("parity.csv")));
    }

    /** Runs build_corpus.py's {@code drop_blind_actors(full, lean)}; the count it prints goes to {@code count}. */
    private static Run dropBlindActors(Path dir, Path full, Path lean, Path count) throws Exception {
        String program = "import importlib.util,sys\n"
                + "spec=importlib.util.spec_from_file_location('bc', sys.argv[1]); bc=importlib.util.module_from_spec(spec)\n"
                + "spec.loader.exec_module(bc)\n"
                + "open(sys.argv[4],'w').write(str(bc.drop_blind_actors(sys.argv[2], sys.argv[3])))\n";
        return Run.of(dir, PYTHON.toString(), "-c", program, TRAINING.resolveSibling("corpus/build_corpus.py").toString(),
                full.toString(), lean.toString(), count.toString());
    }

    @Test
    void anActorBlindInLeanTracesIsDroppedFromTheLeanRowsOnly(@TempDir Path dir) throws Exception {
        Path full = dir.resolve("full.csv");
        Path lean = dir.resolve("lean.csv");
        Files.writeString(full, "trace,pid,comm,exe,family,label,ind.any\n"
                + "traces/x/a-000.trace,1,python3,/usr/bin/python3,x,malicious,1\n"
                + "traces/x/a-000.trace,2,sh,/bin/sh,x,malicious,1\n"
                + "traces/x/a-001.trace,1,python3,/usr/bin/python3,x,malicious,0\n"
                + "traces/y/b-000.trace,1,cat,/bin/cat,y,benign,1\n");
        Files.writeString(lean, "trace,pid,comm,exe,family,label,ind.any\n"
                + "traces-lean/x/a-000.trace,1,python3,/usr/bin/python3,x,malicious,0\n"
                + "traces-lean/x/a-000.trace,2,sh,/bin/sh,x,malicious,1\n"
                + "traces-lean/x/a-001.trace,1,python3,/usr/bin/python3,x,malicious,0\n"
                + "traces-lean/y/b-000.trace,1,cat,/bin/cat,y,benign,0\n");
        Path count = dir.resolve("count");
        Run r = dropBlindActors(dir, full, lean, count);

        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(Files.readString(count)).isEqualTo("1");
        assertThat(Files.readAllLines(lean)).as("the first python3 showed its act only in the full trace").containsExactly(
                "trace,pid,comm,exe,family,label,ind.any",
                "traces-lean/x/a-000.trace,2,sh,/bin/sh,x,malicious,1",
                "traces-lean/x/a-001.trace,1,python3,/usr/bin/python3,x,malicious,0",
                "traces-lean/y/b-000.trace,1,cat,/bin/cat,y,benign,0");
    }

    @Test
    void theCommittedLeanRowsHoldNoBlindActor(@TempDir Path dir) throws Exception {
        Path lean = Files.copy(TRAINING.resolve("data/corpus-features-lean.csv"), dir.resolve("lean.csv"));
        Path count = dir.resolve("count");
        Run r = dropBlindActors(dir, CORPUS, lean, count);

        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(Files.readString(count)).as("build_corpus.py export --lean drops them; so must whoever appends rows").isEqualTo("0");
    }

    @Test
    void badFeatureValueIsRejectedWithFileLineColumnAndNoTraceback(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "trace,pid,comm,exe,family,label,a,b\n"
                + "t1,1,sh,/bin/sh,shell,benign,0.5,1\n"
                + "t2,2,sh,/bin/sh,revshell,malicious,0.25,oops\n");
        Run train = train(dir, bad);
        assertThat(train.exitCode).isEqualTo(3);
        assertThat(train.err).contains("bad.csv:3:41: feature 'b' is not a finite float32: 'oops'")
                .doesNotContain("Traceback");
        assertThat(dir.resolve("model.onnx")).doesNotExist();
    }

    @Test
    void unknownLabelIsRejectedWithItsLocation(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("labels.csv");
        Files.writeString(bad, "trace,pid,comm,exe,family,label,a\nt1,1,sh,/bin/sh,shell,maybe,0.5\n");
        Run train = train(dir, bad);
        assertThat(train.exitCode).isEqualTo(3);
        assertThat(train.err).contains("labels.csv:2:23: label 'maybe' is neither benign").doesNotContain("Traceback");
    }

    private static Run train(Path dir, Path features, String... extra) throws Exception {
        List<String> argv = new ArrayList<>(List.of(PYTHON.toString(), TRAINING.resolve("train.py").toString(),
                "--features", features.toString(), "--out-model", dir.resolve("model.onnx").toString(),
                "--report", dir.resolve("REPORT.md").toString(), "--fixture", dir.resolve("parity.csv").toString(),
                "--schema-version", "test", "--fixture-rows", "200"));
        argv.addAll(Arrays.asList(extra));
        return Run.of(dir, argv.toArray(new String[0]));
    }

    private static Map<String, String> metadata(Path model) throws OrtException {
        try (OrtSession session = OnnxRuntimeForTests.environment().createSession(model.toString(),
                new OrtSession.SessionOptions())) {
            return session.getMetadata().getCustomMetadata();
        }
    }

    private static Set<String> families(Path csv) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        try (var lines = Files.lines(csv)) {
            lines.skip(1).forEach(l -> out.add(l.split(",", -1)[4]));
        }
        return out;
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** The parity fixture: feature columns then sklearn's probability of class 1. */
    private record Fixture(List<String> names, List<float[]> rows, double[] sklearnProba) {
        static Fixture read(Path csv) throws IOException {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            List<String> header = List.of(lines.get(0).split(","));
            assertThat(header.get(header.size() - 1)).isEqualTo("sklearn_proba");
            List<String> names = header.subList(0, header.size() - 1);
            List<float[]> rows = new ArrayList<>();
            double[] proba = new double[lines.size() - 1];
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split(",");
                float[] row = new float[names.size()];
                for (int j = 0; j < row.length; j++) {
                    row[j] = Float.parseFloat(f[j]);
                }
                rows.add(row);
                proba[i - 1] = Double.parseDouble(f[names.size()]);
            }
            return new Fixture(names, rows, proba);
        }
    }

    /** A finished child process: exit code and its stderr (stdout is discarded). */
    private record Run(int exitCode, String err) {
        static Run of(Path dir, String... argv) throws Exception {
            Path errFile = Files.createTempFile(dir, "stderr", ".txt");
            Process p = new ProcessBuilder(argv).directory(dir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(errFile.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", argv));
            }
            return new Run(p.exitValue(), Files.readString(errFile));
        }
    }
}
