package io.procguard.shm;

/** Whether a table's writer is alive, as a reader judges it from the header and /proc. Immutable. */
public enum WriterState {
    /** The writer process runs and its heartbeat is fresh. */
    LIVE,
    /** The writer process runs but has not beaten for too long (hung, or stopped). */
    STALE,
    /** The writer process is gone without closing the table (killed, crashed): the contents are its last words. */
    GONE,
    /** The writer closed the table cleanly; the contents are final. */
    CLOSED
}
