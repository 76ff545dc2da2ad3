package io.procguard.cli.monitor;

import io.procguard.cli.CliException;
import io.procguard.cli.ExitCodes;
import io.procguard.core.Classifier;
import io.procguard.core.Classifiers;
import io.procguard.core.FeatureExtractor;
import io.procguard.ml.BehaviourFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The features ({@link BehaviourFeatures}, what the bundled model is trained on) and the classifier of
 * a monitoring session, loaded by name. Thread-safe once built
 * (both parts are); close it to free the classifier's native resources.
 *
 * @param extractor the per-process features
 * @param classifier what scores them
 */
public record Scoring(FeatureExtractor extractor, Classifier classifier) implements AutoCloseable {
    /**
     * @param classifierName a {@link io.procguard.core.ClassifierProvider} name, e.g. {@code onnx}
     * @param model a model file for it, or {@code null} for its bundled default
     * @return the loaded pair
     * @throws CliException (exit 3) with a one-line reason when the classifier or model is unusable
     */
    public static Scoring load(String classifierName, Path model) {
        Map<String, String> options = new HashMap<>();
        if (model != null) {
            if (!Files.isRegularFile(model)) {
                throw new CliException(ExitCodes.BAD_INPUT, "--model " + model + ": no such file");
            }
            options.put("model", model.toString());
        }
        FeatureExtractor extractor = new BehaviourFeatures();
        try {
            return new Scoring(extractor, Classifiers.create(classifierName, options));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.BAD_INPUT, "--classifier " + classifierName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        classifier.close();
    }
}
