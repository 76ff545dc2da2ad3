package io.procguard.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * One process's feature values in the order of a {@link FeatureSchema}. Immutable: the values are copied in.
 */
public final class FeatureVector {
    private final FeatureSchema schema;
    private final float[] values;

    /**
     * @param schema the names and order of the values
     * @param values one value per schema name (copied)
     */
    public FeatureVector(FeatureSchema schema, float[] values) {
        this.schema = Objects.requireNonNull(schema, "schema");
        if (values.length != schema.size()) {
            throw new IllegalArgumentException("expected " + schema.size() + " values, got " + values.length);
        }
        this.values = values.clone();
    }

    /** @return the schema of this vector */
    public FeatureSchema schema() {
        return schema;
    }

    /** @return the number of values */
    public int size() {
        return values.length;
    }

    /**
     * @param index a position in the schema
     * @return the value there
     */
    public float get(int index) {
        return values[index];
    }

    /**
     * @param name a feature name
     * @return its value
     * @throws IllegalArgumentException if the schema has no such feature
     */
    public float get(String name) {
        int i = schema.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no feature named '" + name + "' in " + schema);
        }
        return values[i];
    }

    /**
     * Copies the values into {@code target} at {@code offset} (for batch scoring into one buffer).
     *
     * @param target where to copy
     * @param offset the first index written
     */
    public void copyTo(float[] target, int offset) {
        System.arraycopy(values, 0, target, offset, values.length);
    }

    /** @return a copy of the values */
    public float[] toArray() {
        return values.clone();
    }

    @Override
    public String toString() {
        return "FeatureVector" + Arrays.toString(values);
    }
}
