package io.procguard.core;

import java.util.Map;

/**
 * Service-provider interface that makes a {@link Classifier} discoverable by name through
 * {@link java.util.ServiceLoader}. Implementations need a public no-argument constructor and are
 * listed in {@code META-INF/services/io.procguard.core.ClassifierProvider}.
 */
public interface ClassifierProvider {
    /** @return the name users select with {@code --classifier NAME}, e.g. {@code "onnx"} */
    String name();

    /** @return one line for {@code --help} and listings */
    String description();

    /**
     * @param options settings from the command line or the embedding code; well-known keys:
     *     {@code model} (a model path, absent for the bundled default); {@code trace}, how the trace is recorded:
     *     {@code full} (every syscall; also when absent) or {@code lean} ({@code strace --seccomp-bpf} with the lean
     *     syscall set: frequency features see far fewer calls, so a model trained on full traces misjudges it)
     * @return a ready classifier
     * @throws IllegalArgumentException with a one-line message when the options or the model are unusable
     */
    Classifier create(Map<String, String> options);
}
