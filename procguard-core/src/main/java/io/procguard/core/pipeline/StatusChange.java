package io.procguard.core.pipeline;

import io.procguard.core.ProcessView;
import io.procguard.core.Status;
import io.procguard.core.Verdict;

/**
 * A process's status changed after scoring. Immutable.
 *
 * @param pid the process
 * @param previous the status before ({@link Status#UNKNOWN} for the first verdict)
 * @param verdict the new verdict, with score and reasons
 * @param process the snapshot that was scored
 * @param timeNanos when it was decided, nanoseconds since the epoch
 */
public record StatusChange(int pid, Status previous, Verdict verdict, ProcessView process, long timeNanos) {
}
