package io.procguard.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Finds {@link ClassifierProvider}s on the class path. Thread-safe; stateless. */
public final class Classifiers {
    private Classifiers() {
    }

    /** @return every provider found by {@link ServiceLoader}, in discovery order */
    public static List<ClassifierProvider> providers() {
        List<ClassifierProvider> all = new ArrayList<>();
        for (ClassifierProvider p : ServiceLoader.load(ClassifierProvider.class)) {
            all.add(p);
        }
        return all;
    }

    /**
     * Creates the classifier with the given provider name.
     *
     * @param name a provider name, e.g. {@code "onnx"}
     * @param options provider options (see {@link ClassifierProvider#create})
     * @return a ready classifier
     * @throws IllegalArgumentException naming the available providers when none has that name
     */
    public static Classifier create(String name, Map<String, String> options) {
        List<String> names = new ArrayList<>();
        for (ClassifierProvider p : providers()) {
            if (p.name().equals(name)) {
                return p.create(options);
            }
            names.add(p.name());
        }
        throw new IllegalArgumentException("no classifier named '" + name + "'; available: " + names);
    }
}
