package io.procguard.ml;

import io.procguard.core.Classifier;
import io.procguard.core.ClassifierProvider;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code onnx} classifier for {@link io.procguard.core.Classifiers}: the bundled RandomForest, or
 * the model at option {@code model}. Option {@code min-events} (default
 * {@value OnnxClassifier#DEFAULT_MIN_EVENTS}) sets how many events a process needs before it is scored,
 * unless an indicator of severity {@value OnnxClassifier#HIGH_SEVERITY} fired (see {@link OnnxClassifier}).
 * Stateless, thread-safe.
 */
public final class OnnxClassifierProvider implements ClassifierProvider {
    /** Creates the provider (ServiceLoader needs a public no-argument constructor). */
    public OnnxClassifierProvider() {
    }

    @Override
    public String name() {
        return "onnx";
    }

    @Override
    public String description() {
        return "RandomForest over ProcGuard's behaviour features, on ONNX Runtime (bundled model, or model=PATH)";
    }

    @Override
    public Classifier create(Map<String, String> options) {
        int minEvents = OnnxClassifier.DEFAULT_MIN_EVENTS;
        String min = options.get("min-events");
        if (min != null) {
            try {
                minEvents = Integer.parseInt(min.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("min-events must be a whole number, got '" + min + "'", e);
            }
        }
        String model = options.get("model");
        BehaviourFeatures features = new BehaviourFeatures();
        return model == null || model.isBlank()
                ? OnnxClassifier.loadDefault(features.schema(), minEvents)
                : OnnxClassifier.load(Path.of(model), features.schema(), minEvents);
    }
}
