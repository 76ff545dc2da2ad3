package io.procguard.core.process;

/** Why a {@link ProcessTracker} handed a process out. Immutable. */
public enum EndReason {
    /** The process exited ({@code +++ exited with N +++} of its thread-group leader). */
    EXITED,
    /** A signal killed the process ({@code +++ killed by SIGKILL +++}). */
    KILLED,
    /** strace detached from the process; it may still run. */
    DETACHED,
    /** The trace ended ({@link ProcessTracker#finish()}) while the process was still running. */
    TRACE_END,
    /** The live-process cap was reached and this was the least recently active process. */
    EVICTED
}
