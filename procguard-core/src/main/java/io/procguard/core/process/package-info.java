/**
 * Process tracking for a trace: maps thread ids to processes, follows fork/clone/execve/exit, and gives
 * each process a feature accumulator. {@link io.procguard.core.process.ProcessTracker} is the entry type.
 */
package io.procguard.core.process;
