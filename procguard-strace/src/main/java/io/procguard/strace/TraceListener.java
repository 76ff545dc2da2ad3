package io.procguard.strace;

import io.procguard.core.TraceEvent;

/**
 * Receives events from the push adapter {@link StraceParser#parse}. Called on the parsing thread,
 * one call at a time.
 */
@FunctionalInterface
public interface TraceListener {
    /**
     * @param e the event; a cursor valid only during this call ({@link TraceEvent#snapshot()} to keep it)
     */
    void onEvent(TraceEvent e);

    /**
     * Called for each malformed line in lenient mode (in strict mode parsing stops with an exception instead).
     *
     * @param p what is wrong and where
     */
    default void onProblem(ParseProblem p) {
    }
}
