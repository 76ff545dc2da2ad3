/**
 * The live monitoring pipeline: trace events in, per-process features and periodic scoring in the
 * middle, lifecycle and status changes out to {@link io.procguard.core.pipeline.PipelineListener}s.
 * {@link io.procguard.core.pipeline.Pipeline} is the entry type.
 */
package io.procguard.core.pipeline;
