package io.procguard.cli.monitor;

import io.procguard.cli.CliException;
import io.procguard.cli.ExitCodes;
import io.procguard.core.Classifier;
import io.procguard.core.ClassifierProvider;
import io.procguard.core.Classifiers;
import io.procguard.core.FeatureExtractor;
import io.procguard.ml.BehaviourFeatures;
import io.procguard.ml.OnnxClassifierProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
     * @param lean whether the trace is lean ({@code --seccomp-bpf}): the classifier gets option {@code trace=lean}
     *     (the {@code onnx} one then loads its bundled lean model when no model file is given)
     * @return the loaded pair
     * @throws CliException (exit 3) with a one-line reason when the classifier or model is unusable
     */
    public static Scoring load(String classifierName, Path model, boolean lean) {
        Map<String, String> options = options(model, lean);
        FeatureExtractor extractor = new BehaviourFeatures();
        try {
            return new Scoring(extractor, Classifiers.create(classifierName, options));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.BAD_INPUT, "--classifier " + classifierName + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks the classifier name and the model file at once, then loads the classifier on its own
     * thread, so that a session can start strace meanwhile. Its classifier is ready when
     * {@link #ready()} completes; scoring calls wait for it until then.
     *
     * @param classifierName a {@link io.procguard.core.ClassifierProvider} name, e.g. {@code onnx}
     * @param model a model file for it, or {@code null} for its bundled default
     * @param lean whether the trace is lean (see {@link #load})
     * @return the pair, the classifier loading
     * @throws CliException (exit 3) with a one-line reason when there is no such classifier or model file
     */
    public static Scoring loadInBackground(String classifierName, Path model, boolean lean) {
        Map<String, String> options = options(model, lean);
        List<String> names = new ArrayList<>();
        for (ClassifierProvider p : Classifiers.providers()) {
            if (p.name().equals(classifierName)) {
                return new Scoring(new BehaviourFeatures(), new DeferredClassifier(classifierName, () -> p.create(options)));
            }
            names.add(p.name());
        }
        throw new CliException(ExitCodes.BAD_INPUT, "--classifier " + classifierName + ": no classifier named '"
                + classifierName + "'; available: " + names);
    }

    /**
     * @return completes when the classifier is ready, or exceptionally with a one-line reason (an
     *     {@link IllegalArgumentException} from the provider) when it cannot be loaded
     */
    public CompletableFuture<Classifier> ready() {
        return classifier instanceof DeferredClassifier d ? d.ready() : CompletableFuture.completedFuture(classifier);
    }

    private static Map<String, String> options(Path model, boolean lean) {
        Map<String, String> options = new HashMap<>();
        options.put(OnnxClassifierProvider.TRACE_OPTION, lean ? OnnxClassifierProvider.TRACE_LEAN : OnnxClassifierProvider.TRACE_FULL);
        if (model != null) {
            if (!Files.isRegularFile(model)) {
                throw new CliException(ExitCodes.BAD_INPUT, "--model " + model + ": no such file");
            }
            options.put("model", model.toString());
        }
        return options;
    }

    @Override
    public void close() {
        classifier.close();
    }
}
