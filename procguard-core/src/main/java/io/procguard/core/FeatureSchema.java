package io.procguard.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ordered names of a feature vector and the version of that order. Immutable and thread-safe.
 * A model is trained on one schema; scoring checks that the extractor's schema is the same.
 */
public final class FeatureSchema {
    private final String version;
    private final List<String> names;
    private final Map<String, Integer> indexByName;

    /**
     * @param version the schema version, e.g. {@code "2"}; bump it whenever names or meanings change
     * @param names the feature names in vector order, unique
     */
    public FeatureSchema(String version, List<String> names) {
        this.version = Objects.requireNonNull(version, "version");
        this.names = List.copyOf(names);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < this.names.size(); i++) {
            if (index.put(this.names.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate feature name: " + this.names.get(i));
            }
        }
        this.indexByName = Map.copyOf(index);
    }

    /** @return the schema version */
    public String version() {
        return version;
    }

    /** @return the feature names in vector order */
    public List<String> names() {
        return names;
    }

    /** @return the number of features */
    public int size() {
        return names.size();
    }

    /**
     * @param name a feature name
     * @return its index in the vector, or -1 if the schema has no such feature
     */
    public int indexOf(String name) {
        Integer i = indexByName.get(name);
        return i == null ? -1 : i;
    }

    @Override
    public boolean equals(Object o) {
        // the same instance is the common case (every vector of an extractor carries its schema), checked per scoring
        return o == this || o instanceof FeatureSchema other && version.equals(other.version) && names.equals(other.names);
    }

    @Override
    public int hashCode() {
        return version.hashCode() * 31 + names.hashCode();
    }

    @Override
    public String toString() {
        return "FeatureSchema{version=" + version + ", " + names.size() + " features}";
    }
}
