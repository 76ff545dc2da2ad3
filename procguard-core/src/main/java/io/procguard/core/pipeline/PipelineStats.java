package io.procguard.core.pipeline;

/**
 * What one {@link Pipeline#run} saw. Immutable.
 *
 * @param events trace events read
 * @param processes distinct processes tracked
 * @param scorings classifier calls made
 * @param statusChanges status changes reported
 */
public record PipelineStats(long events, long processes, long scorings, long statusChanges) {
}
