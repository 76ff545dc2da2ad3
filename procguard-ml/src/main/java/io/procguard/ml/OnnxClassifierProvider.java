package io.procguard.ml;

import io.procguard.core.Classifier;
import io.procguard.core.ClassifierProvider;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code onnx} classifier for {@link io.procguard.core.Classifiers}: the bundled RandomForest, or
 * the model at option {@code model}. Option {@code trace=lean} (set by the CLI's {@code --seccomp-bpf}) picks the
 * bundled model trained on lean traces ({@link OnnxClassifier#LEAN_MODEL_RESOURCE}) when no {@code model} is given;
 * {@code trace=full} (or no option) the default one. Option {@code min-events} (default
 * {@value OnnxClassifier#DEFAULT_MIN_EVENTS}) sets how many events a process needs before it is scored,
 * unless an indicator of severity {@value OnnxClassifier#HIGH_SEVERITY} fired (see {@link OnnxClassifier}). Any other
 * option is refused ({@code modle=x.onnx} would otherwise load the bundled model quietly). Stateless, thread-safe.
 */
public final class OnnxClassifierProvider implements ClassifierProvider {
    /** The option naming how the trace was recorded: {@value #TRACE_FULL} or {@value #TRACE_LEAN}. */
    public static final String TRACE_OPTION = "trace";
    /** Every syscall traced (the default). */
    public static final String TRACE_FULL = "full";
    /** Only the lean syscall set, filtered in the kernel ({@code strace --seccomp-bpf}). */
    public static final String TRACE_LEAN = "lean";
    /** Every option it takes; any other is refused. */
    private static final java.util.Set<String> OPTIONS = java.util.Set.of("model", "min-events", TRACE_OPTION);

    /** Creates the provider (ServiceLoader needs a public no-argument constructor). */
    public OnnxClassifierProvider() {
    }

    @Override
    public String name() {
        return "onnx";
    }

    @Override
    public String description() {
        return "RandomForest over ProcGuard's behaviour features, on ONNX Runtime (bundled model, its lean-trace twin "
                + "with trace=lean, or model=PATH)";
    }

    @Override
    public Classifier create(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("the onnx classifier has no option '" + key + "'; its options: "
                        + String.join(", ", OPTIONS.stream().sorted().toList())); // a typo must not load the bundled model quietly
            }
        }
        int minEvents = OnnxClassifier.DEFAULT_MIN_EVENTS;
        String min = options.get("min-events");
        if (min != null) {
            try {
                minEvents = Integer.parseInt(min.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("min-events must be a whole number, got '" + min + "'", e);
            }
        }
        String trace = options.getOrDefault(TRACE_OPTION, TRACE_FULL);
        if (!trace.equals(TRACE_FULL) && !trace.equals(TRACE_LEAN)) {
            throw new IllegalArgumentException(TRACE_OPTION + " must be " + TRACE_FULL + " or " + TRACE_LEAN + ", got '" + trace + "'");
        }
        String model = options.get("model");
        BehaviourFeatures features = new BehaviourFeatures();
        if (model != null && !model.isBlank()) {
            return OnnxClassifier.load(Path.of(model), features.schema(), minEvents);
        }
        return OnnxClassifier.loadBundled(trace.equals(TRACE_LEAN) ? OnnxClassifier.LEAN_MODEL_RESOURCE
                : OnnxClassifier.DEFAULT_MODEL_RESOURCE, features.schema(), minEvents);
    }
}
