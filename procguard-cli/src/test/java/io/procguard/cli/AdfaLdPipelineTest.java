package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procguard.ml.BehaviourFeatures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ADFA-LD path on the real dataset (skipped where ../shared/datasets/adfa-ld is absent):
 * {@code features --format adfa-ld} exports one labelled row per trace, then one leave-one-family-out fold
 * of a subset goes through {@code training/adfa/folds.py} (train.py's estimator and ONNX export) and is
 * scored by {@code evaluate}, whose Java scores must equal scikit-learn's.
 */
class AdfaLdPipelineTest {
    private static final Path ROOT = Path.of(System.getProperty("procguard.repo.root", "..")).toAbsolutePath().normalize();
    private static final Path ZIP = ROOT.resolve("../shared/datasets/adfa-ld/ADFA-LD.zip").normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static List<String> csv;

    @BeforeAll
    static void exportTheWholeDatasetOnce() {
        assumeTrue(Files.isRegularFile(ZIP), "ADFA-LD not present at " + ZIP + ": skipping (see ../shared/datasets/adfa-ld/README.md)");
        CliRunner.Result r = CliRunner.run("features", "--format", "adfa-ld", ZIP.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("5951 ADFA-LD trace rows from 1 zip(s)");
        csv = List.of(r.out().split("\n"));
    }

    @Test
    void exportHasOneRowPerTraceWithTheFolderFamilyAndLabel() {
        List<String> header = List.of(csv.get(0).split(","));
        assertThat(header.subList(0, 6)).containsExactly("trace", "pid", "comm", "exe", "family", "label");
        assertThat(header.subList(6, header.size())).containsExactlyElementsOf(new BehaviourFeatures().schema().names());
        Map<String, Integer> rows = new TreeMap<>();
        Set<String> traces = new java.util.HashSet<>();
        for (String line : csv.subList(1, csv.size())) {
            String[] f = line.split(",", -1);
            assertThat(f).hasSize(header.size());
            assertThat(f[1] + "," + f[2] + "," + f[3]).isEqualTo("1,adfa,");
            assertThat(f[5]).as(line).isEqualTo(f[4].equals("normal") ? "0" : "1");
            assertThat(f[0]).startsWith(f[4].equals("normal") ? "ADFA-LD/" : "ADFA-LD/Attack_Data_Master/" + f[4] + "_");
            assertThat(traces.add(f[0])).as("each zip entry once").isTrue();
            rows.merge(f[4], 1, Integer::sum);
        }
        // the dataset README's counts: every trace has at least 75 calls, above --min-events 20
        assertThat(rows).containsExactlyInAnyOrderEntriesOf(Map.of("normal", 833 + 4372, "Hydra_SSH", 176, "Hydra_FTP", 162,
                "Java_Meterpreter", 124, "Web_Shell", 118, "Adduser", 91, "Meterpreter", 75));
    }

    @Test
    void aLeaveOneFamilyOutFoldTrainedWithTrainPyCodeScoresTheSameInJavaAsInScikitLearn() throws Exception {
        assumeTrue(run(dir, "/usr/bin/python3", "-c", "import sklearn, onnx") == 0,
                "/usr/bin/python3 lacks scikit-learn or onnx: apt-get install python3-sklearn python3-onnx");
        // subset: 600 normal traces and three attack families; the first fold holds Adduser out
        List<String> subset = new ArrayList<>(List.of(csv.get(0)));
        int normal = 0;
        for (String line : csv.subList(1, csv.size())) {
            String family = line.split(",", 6)[4];
            if (family.equals("normal") ? normal++ < 600 : Set.of("Adduser", "Hydra_FTP", "Web_Shell").contains(family)) {
                subset.add(line);
            }
        }
        Path features = dir.resolve("subset.csv");
        Files.write(features, subset, StandardCharsets.UTF_8);
        Path folds = dir.resolve("folds");
        assertThat(run(dir, "/usr/bin/python3", ROOT.resolve("procguard-ml/training/adfa/folds.py").toString(), "--features",
                features.toString(), "--schema-version", BehaviourFeatures.SCHEMA_VERSION, "--out", folds.toString(),
                "--protocol", "lofo", "--models", "rf", "--limit", "1", "--trees", "25", "--jobs", "1")).isZero();
        Path fold = folds.resolve("lofo/rf/Adduser");
        Path scores = dir.resolve("scores.csv");

        CliRunner.Result r = CliRunner.run("evaluate", "--model", fold.resolve("model.onnx").toString(), "--features",
                fold.resolve("test.csv").toString(), "--threshold", "0.5", "--fpr", "0.01", "--json", "--scores", scores.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.at("/model/id").asText()).isEqualTo("onnx:adfa-ld-lofo-Adduser-rf");
        assertThat(j.get("malicious").asInt()).isEqualTo(91);
        assertThat(j.get("benign").asInt()).isEqualTo(200); // one third of the 600 normal traces, never trained on
        assertThat(j.get("roc_auc").asDouble()).as("Adduser never seen in training").isGreaterThan(0.7);
        assertThat(j.at("/at_fpr/0/fpr").asDouble()).isLessThanOrEqualTo(0.01);
        Map<String, Double> sklearn = new HashMap<>();
        for (String line : Files.readAllLines(fold.resolve("sklearn.csv")).subList(1, 292)) {
            String[] f = line.split(",");
            sklearn.put(f[0], Double.parseDouble(f[1]));
        }
        List<String> java = Files.readAllLines(scores);
        assertThat(java).hasSize(292);
        for (String line : java.subList(1, java.size())) {
            String[] f = line.split(",");
            assertThat(Double.parseDouble(f[3])).as(f[0]).isCloseTo(sklearn.get(f[0]), within(1e-5));
        }
    }

    private static int run(Path cwd, String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(cwd.resolve("child.log").toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", argv));
        }
        if (p.exitValue() != 0) {
            System.err.println(Files.readString(cwd.resolve("child.log")));
        }
        return p.exitValue();
    }
}
