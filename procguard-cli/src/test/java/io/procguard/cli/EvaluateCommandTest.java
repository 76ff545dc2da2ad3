package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procguard.ml.BehaviourFeatures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code procguard evaluate} on a model that the project's train.py trained on features in the extractor's
 * schema (values drawn at random, label = whether the first feature exceeds 0.5, so a forest learns it
 * almost perfectly), and its errors for unusable input.
 */
class EvaluateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NAMES = new BehaviourFeatures().schema().names();

    @TempDir
    static Path dir;
    private static Path model;
    private static Path test;

    @BeforeAll
    static void trainAModelWithTrainPy() throws Exception {
        Path train = Path.of(System.getProperty("procguard.repo.root", "..")).toAbsolutePath().resolve("procguard-ml/training/train.py");
        assumeTrue(Files.isRegularFile(train) && run("/usr/bin/python3", "-c", "import sklearn, onnx") == 0,
                "needs procguard-ml/training/train.py and /usr/bin/python3 with python3-sklearn python3-onnx");
        Path training = dir.resolve("train.csv");
        Files.writeString(training, csv(new Random(1), 400, ""));
        test = dir.resolve("test.csv");
        Files.writeString(test, csv(new Random(2), 300, ""));
        model = dir.resolve("model.onnx");
        assertThat(run("/usr/bin/python3", train.toString(), "--features", training.toString(), "--out-model", model.toString(),
                "--report", dir.resolve("REPORT.md").toString(), "--fixture", dir.resolve("parity.csv").toString(),
                "--schema-version", BehaviourFeatures.SCHEMA_VERSION, "--trees", "10", "--fixture-rows", "20", "--jobs", "1")).isZero();
    }

    /** Rows: families a, b benign and x, y malicious; label by the first feature. */
    private static String csv(Random random, int rows, String extraColumn) {
        StringBuilder sb = new StringBuilder("trace,pid,comm,exe,family,label," + String.join(",", NAMES) + extraColumn + "\n");
        for (int i = 0; i < rows; i++) {
            float first = random.nextFloat();
            boolean malicious = first > 0.5f;
            sb.append("t").append(i).append(',').append(i).append(",sh,/bin/sh,")
                    .append(malicious ? (i % 2 == 0 ? "x" : "y") : (i % 2 == 0 ? "a" : "b")).append(',').append(malicious ? 1 : 0);
            for (int f = 0; f < NAMES.size(); f++) {
                sb.append(',').append(f == 0 ? first : String.format(Locale.ROOT, "%.3f", random.nextFloat()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Test
    void jsonReportsTheConfusionMatrixMetricsOperatingPointsAndFamilies() throws Exception {
        CliRunner.Result r = CliRunner.run("evaluate", "--model", model.toString(), "--features", test.toString(),
                "--threshold", "0.5", "--fpr", "0.01", "--fpr", "0.1", "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("rows").asInt()).isEqualTo(300);
        assertThat(j.get("malicious").asInt() + j.get("benign").asInt()).isEqualTo(300);
        JsonNode c = j.get("confusion");
        assertThat(c.get("tp").asInt() + c.get("fp").asInt() + c.get("tn").asInt() + c.get("fn").asInt()).isEqualTo(300);
        assertThat(j.get("accuracy").asDouble()).isEqualTo((c.get("tp").asDouble() + c.get("tn").asDouble()) / 300);
        assertThat(j.get("roc_auc").asDouble()).as("a one-feature rule a forest learns").isGreaterThan(0.95);
        assertThat(j.get("macro_f1").asDouble()).isGreaterThan(0.9);
        assertThat(j.get("at_fpr")).hasSize(2);
        assertThat(j.at("/at_fpr/1/fpr").asDouble()).isLessThanOrEqualTo(0.1);
        assertThat(j.get("families")).extracting(f -> f.get("family").asText()).containsExactlyInAnyOrder("a", "b", "x", "y");
        assertThat(j.at("/model/schema_version").asText()).isEqualTo(BehaviourFeatures.SCHEMA_VERSION);
    }

    @Test
    void textUsesTheModelsSuspiciousThresholdByDefaultAndWritesScoresPerRow() throws Exception {
        Path scores = dir.resolve("scores.csv");
        CliRunner.Result r = CliRunner.run("evaluate", "--model", model.toString(), "--features", test.toString(), "--scores",
                scores.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("the model's suspicious threshold", "predicted benign", "macro-F1", "ROC AUC",
                "recall at FPR <= 0.01");
        List<String> lines = Files.readAllLines(scores, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(301);
        assertThat(lines.get(0)).isEqualTo("trace,family,label,score");
        assertThat(lines.get(1)).startsWith("t0,");
    }

    @Test
    void metricsOfAClassWithoutRowsAreNotApplicableNotZero() throws Exception {
        List<String> rows = Files.readAllLines(test);
        for (String label : List.of("0", "1")) {
            Path oneClass = dir.resolve("only-" + label + ".csv");
            StringBuilder csv = new StringBuilder(rows.get(0)).append('\n');
            rows.stream().skip(1).filter(r -> r.split(",")[5].equals(label)).forEach(r -> csv.append(r).append('\n'));
            Files.writeString(oneClass, csv);
            CliRunner.Result json = CliRunner.run("evaluate", "--model", model.toString(), "--features", oneClass.toString(), "--json");
            assertThat(json.exitCode()).as(json.err()).isZero();
            JsonNode j = JSON.readTree(json.out());
            JsonNode c = j.get("confusion");
            CliRunner.Result text = CliRunner.run("evaluate", "--model", model.toString(), "--features", oneClass.toString());
            assertThat(text.exitCode()).as(text.err()).isZero();
            if (label.equals("0")) { // no malicious rows: recall, F1 and macro-F1 are undefined; precision unless something is flagged
                assertThat(j.get("malicious").asInt()).isZero();
                assertThat(j.get("recall").isNull()).as("recall").isTrue();
                assertThat(j.get("f1").isNull()).as("f1").isTrue();
                assertThat(j.get("precision").isNull()).as("precision").isEqualTo(c.get("fp").asInt() == 0);
                assertThat(j.get("fpr").isNumber()).isTrue();
                assertThat(text.out()).contains("recall     n/a\n", "F1         n/a\n");
            } else { // no benign rows: the false-positive rate and macro-F1 are undefined
                assertThat(j.get("benign").asInt()).isZero();
                assertThat(j.get("fpr").isNull()).as("fpr").isTrue();
                assertThat(j.get("recall").isNumber()).isTrue();
                assertThat(text.out()).contains("FPR        n/a\n");
            }
            assertThat(j.get("macro_f1").isNull()).as("macro_f1").isTrue();
            assertThat(j.get("roc_auc").isNull()).as("roc_auc").isTrue();
            assertThat(text.out()).contains("macro-F1   n/a\n", "ROC AUC    n/a\n");
        }
    }

    @Test
    void featureColumnsOtherThanTheModelsAreRefusedWithTheFirstDifference() throws Exception {
        Path other = dir.resolve("other.csv");
        Files.writeString(other, csv(new Random(3), 5, ",extra.feature"));
        CliRunner.Result r = CliRunner.run("evaluate", "--model", model.toString(), "--features", other.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).startsWith("procguard: " + other + ":1:1: the feature columns").contains("'extra.feature' vs model '(none)'")
                .doesNotContain("Exception");
    }

    @Test
    void badValuesMissingFilesSymlinkedScoreFilesAndBadOptionsGetOneLineErrors() throws Exception {
        Path bad = dir.resolve("bad.csv");
        List<String> good = Files.readAllLines(test).subList(0, 3);
        Files.writeString(bad, good.get(0) + "\n" + good.get(1) + "\n" + good.get(2).replaceFirst(",sh,", ",sh,").replaceAll(",[^,]*$", ",oops") + "\n");
        CliRunner.Result r = CliRunner.run("evaluate", "--model", model.toString(), "--features", bad.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).matches("(?s)procguard: " + java.util.regex.Pattern.quote(bad.toString())
                + ":3:\\d+: feature '" + java.util.regex.Pattern.quote(NAMES.get(NAMES.size() - 1)) + "' is not a finite float32: 'oops'\\n");

        assertThat(CliRunner.run("evaluate", "--model", dir.resolve("none.onnx").toString(), "--features", test.toString()).exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(CliRunner.run("evaluate", "--model", model.toString(), "--features", dir.resolve("none.csv").toString()).err())
                .contains("none.csv: no such file");
        Path target = dir.resolve("target.txt");
        Files.writeString(target, "keep");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), target);
        CliRunner.Result viaLink = CliRunner.run("evaluate", "--model", model.toString(), "--features", test.toString(), "--scores",
                link.toString());
        assertThat(viaLink.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Files.readString(target)).isEqualTo("keep");
        assertThat(CliRunner.run("evaluate", "--model", model.toString(), "--features", test.toString(), "--fpr", "2").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(CliRunner.run("evaluate", "--model", model.toString(), "--features", test.toString(), "--threshold", "high").err())
                .contains("--threshold must be a number, suspicious or malicious");
    }

    @Test
    void aScoresFileThatWouldOverwriteAnInputOrIsADirectoryIsRefusedBeforeScoring() throws Exception {
        Path features = Files.copy(test, dir.resolve("inputs.csv"));
        String before = Files.readString(features);
        for (Path scores : List.of(features, model, dir)) {
            CliRunner.Result r = CliRunner.run("evaluate", "--model", model.toString(), "--features", features.toString(),
                    "--scores", scores.toString());
            assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.out()).as("no report for a run that cannot write its scores").isEmpty();
            assertThat(r.err()).matches("procguard: --scores " + java.util.regex.Pattern.quote(scores.toString())
                    + ": is (the --features CSV|the --model|a directory).*\n");
        }
        assertThat(Files.readString(features)).isEqualTo(before);
    }

    private static int run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", argv));
        }
        if (p.exitValue() != 0) {
            System.err.println(Files.readString(dir.resolve("child.log")));
        }
        return p.exitValue();
    }
}
