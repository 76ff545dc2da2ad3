package io.procguard.core.pipeline;

import java.util.List;

/**
 * A process seen for the first time. Immutable.
 *
 * @param pid the process id (thread-group id)
 * @param ppid the parent's pid, or 0 if unknown
 * @param forkedUnderTrace true if the parent is a traced process whose fork/clone was seen; false for
 *     the first process of a run and for processes found by attaching
 * @param comm the command name inherited from the parent, {@code "?"} if unknown
 * @param exe the executable inherited from the parent, empty if unknown
 * @param argv the argv inherited from the parent, empty if unknown
 * @param timeNanos when it was first seen, nanoseconds since the epoch
 * @param startTime its start time as field 22 of {@code /proc/PID/stat} (clock ticks since boot), read
 *     when the trace first showed it, or derived from that moment of the trace when the process was gone
 *     by then (see {@link ProcessResolver#startTime}); 0 if unknown (replays of saved traces)
 */
public record ProcessStart(int pid, int ppid, boolean forkedUnderTrace, String comm, String exe, List<String> argv,
        long timeNanos, long startTime) {
    /** Copies the list. */
    public ProcessStart {
        argv = List.copyOf(argv);
    }

    /** A start whose start time is unknown (0). */
    public ProcessStart(int pid, int ppid, boolean forkedUnderTrace, String comm, String exe, List<String> argv,
            long timeNanos) {
        this(pid, ppid, forkedUnderTrace, comm, exe, argv, timeNanos, 0);
    }
}
