package io.procguard.ml;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: trains real models with the project's own {@code procguard-ml/training/train.py}
 * (Debian's /usr/bin/python3 with scikit-learn and onnx), so ONNX tests do not depend on a committed model.
 */
final class TrainedModels {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private TrainedModels() {
    }

    static Path repoRoot() {
        Path root = Path.of(System.getProperty("procguard.repo.root", "..")).toAbsolutePath().normalize();
        return Files.isDirectory(root.resolve("procguard-ml")) ? root : Path.of("..").toAbsolutePath().normalize();
    }

    static Path trainScript() {
        return repoRoot().resolve("procguard-ml/training/train.py");
    }

    /** Skips unless the build bundled the default model (procguard-ml/training/train.py writes it). */
    static void assumeBundledModel() {
        assumeTrue(OnnxClassifier.class.getResource(OnnxClassifier.DEFAULT_MODEL_RESOURCE) != null, "no bundled model in this build");
    }

    /** Skips unless train.py and a Python with scikit-learn and onnx are here. */
    static void assumeTrainer() {
        assumeTrue(Files.isRegularFile(trainScript()), "procguard-ml/training/train.py is absent");
        boolean ok;
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import sklearn, onnx").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            ok = false;
        }
        assumeTrue(ok, "/usr/bin/python3 with scikit-learn and onnx is needed to train a test model");
    }

    /**
     * Writes a features CSV with the given names: rows whose label depends on the first two features, in
     * four families per class, then trains on it.
     *
     * @param dir a private directory
     * @param schemaVersion the schema version recorded in the model
     * @param names feature names
     * @return the model; {@code dir/parity.csv} is its parity fixture
     */
    static Path train(Path dir, String schemaVersion, List<String> names) throws IOException, InterruptedException {
        Random random = new Random(7);
        StringBuilder csv = new StringBuilder("trace,pid,comm,exe,family,label," + String.join(",", names) + "\n");
        for (int r = 0; r < 160; r++) {
            boolean bad = r % 2 == 1;
            csv.append("t").append(r).append(',').append(r).append(",c,/bin/c,")
                    .append(bad ? "m" : "b").append(r % 8 / 2).append(',').append(bad ? "malicious" : "benign");
            for (int f = 0; f < names.size(); f++) {
                float v = (float) random.nextGaussian();
                if (f < 2 && bad) {
                    v += 1.5f;
                }
                if (f % 7 == 3) {
                    v = random.nextInt(3) == 0 ? 1 : 0; // boolean-like columns, as in the real schema
                }
                csv.append(',').append(v);
            }
            csv.append('\n');
        }
        Path features = dir.resolve("features.csv");
        Files.writeString(features, csv, StandardCharsets.UTF_8);
        Path model = dir.resolve("model.onnx");
        List<String> argv = new ArrayList<>(List.of(PYTHON.toString(), trainScript().toString(), "--features", features.toString(),
                "--out-model", model.toString(), "--report", dir.resolve("REPORT.md").toString(), "--fixture",
                dir.resolve("parity.csv").toString(), "--schema-version", schemaVersion, "--trees", "25",
                "--fixture-rows", "60", "--jobs", "1"));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("train.py failed: " + log);
        }
        return model;
    }
}
