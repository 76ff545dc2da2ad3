package io.procguard.core.process;

/**
 * Lifecycle callbacks of a {@link ProcessTracker}. Called on the tracker's (single) writer thread, in
 * trace order, from inside {@link ProcessTracker#accept}; implementations should return quickly and
 * must not call back into the tracker's mutators. Every method has an empty default, and a callback left
 * at its default costs nothing: the tracker then builds no record (no feature snapshot) for it.
 */
public interface ProcessListener {
    /** @param process a process seen for the first time (a root of the trace, or a forked child) */
    default void started(ProcessRecord process) {
    }

    /** @param process a process after a successful execve; {@link ProcessRecord#exe()} is the new image */
    default void execed(ProcessRecord process) {
    }

    /**
     * The last word on a process: after this the tracker forgets it.
     *
     * @param process the final record; {@link ProcessRecord#end()} says why
     */
    default void ended(ProcessRecord process) {
    }
}
