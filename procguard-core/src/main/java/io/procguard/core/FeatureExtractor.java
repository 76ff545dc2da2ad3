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
}
