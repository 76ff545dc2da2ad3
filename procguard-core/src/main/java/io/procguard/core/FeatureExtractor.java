package io.procguard.core;

/**
 * Makes per-process {@link FeatureAccumulator}s that all share one {@link FeatureSchema}. Thread-safe
 * and stateless; the pipeline holds one and asks it for an accumulator per new process.
 */
public interface FeatureExtractor {
    /** @return the names and order of the values every accumulator produces */
    FeatureSchema schema();

    /** @return a fresh accumulator for one process */
    FeatureAccumulator newAccumulator();

    /**
     * A fresh accumulator for a process forked by another one, so features may carry lineage (e.g. how
     * many generations forked without exec). The default ignores the parent.
     *
     * @param parent the accumulator of the forking process, made by this extractor; read during the call only
     * @return a fresh accumulator for the child
     */
    default FeatureAccumulator newAccumulator(FeatureAccumulator parent) {
        return newAccumulator();
    }
}
