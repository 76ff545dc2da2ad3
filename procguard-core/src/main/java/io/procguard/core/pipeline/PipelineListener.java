package io.procguard.core.pipeline;

import io.procguard.core.ProcessView;
import io.procguard.core.Verdict;

/**
 * Receives what the {@link Pipeline} decides: lifecycle, signals and status changes. All callbacks of
 * one pipeline come from one thread, in trace order per process, so implementations need no locking.
 * Callbacks should not block for long: they hold up scoring, and through backpressure the tracee.
 * An exception thrown here goes to the pipeline's warning hook and does not stop monitoring.
 */
public interface PipelineListener {
    /** @param start a process seen for the first time */
    default void onStart(ProcessStart start) {
    }

    /** @param exec a successful execve */
    default void onExec(ProcessExec exec) {
    }

    /**
     * @param pid the process that received it
     * @param signal the signal name, e.g. {@code SIGSEGV}
     * @param timeNanos when, nanoseconds since the epoch
     */
    default void onSignal(int pid, String signal, long timeNanos) {
    }

    /** @param change a new status for a process */
    default void onStatusChange(StatusChange change) {
    }

    /**
     * Every scoring, whether or not the status changed (e.g. to refresh a score in a status table).
     *
     * @param process the snapshot that was scored
     * @param verdict the verdict now in force (with sticky statuses, possibly an earlier, higher one)
     */
    default void onScored(ProcessView process, Verdict verdict) {
    }

    /** @param exit the end of a process, after its final scoring */
    default void onExit(ProcessExit exit) {
    }

    /** Called once after the last event, when every process has been reported. */
    default void onEnd() {
    }
}
