package io.procguard.core.pipeline;

import io.procguard.core.Verdict;
import java.util.Map;

/**
 * The end of a process's trace, with its summary and final verdict. Immutable.
 *
 * @param pid the process
 * @param ending how it ended
 * @param exitCode the exit code for {@link Ending#EXITED}, else -1
 * @param signal the fatal signal's name for {@link Ending#KILLED}, else {@code null}
 * @param coreDumped whether a killed process dumped core
 * @param timeNanos when it ended, nanoseconds since the epoch
 * @param events events counted for the process (all its threads)
 * @param errors syscalls that failed (returned an errno)
 * @param durationNanos from the first to the last event of the process
 * @param syscallCounts calls per syscall name, most frequent first
 * @param verdict the verdict of the final scoring
 */
public record ProcessExit(int pid, Ending ending, int exitCode, String signal, boolean coreDumped, long timeNanos,
        long events, long errors, long durationNanos, Map<String, Long> syscallCounts, Verdict verdict) {
    /** How a process's trace ended. */
    public enum Ending {
        /** It exited with an exit code. */
        EXITED,
        /** A signal killed it. */
        KILLED,
        /** The trace ended while it still ran (detached, or strace stopped). */
        DETACHED,
        /** Handed out early because too many processes were live at once; it may still run. */
        EVICTED
    }

    /** Copies the map, keeping its order. */
    public ProcessExit {
        syscallCounts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(syscallCounts));
    }
}
