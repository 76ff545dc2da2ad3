package io.procguard.core;

import java.util.List;

/**
 * The running features of one process, updated event by event. Single writer, not thread-safe.
 * Memory is O(1) in the length of the trace: counters, bounded sketches and a bounded evidence list.
 */
public interface FeatureAccumulator {
    /**
     * Counts one event of this process (any of its threads). Cursor events are only read during the
     * call; the accumulator copies what it keeps.
     *
     * @param event the event
     */
    void accept(TraceEvent event);

    /** @return the feature values at this moment (a copy, safe to hand to another thread) */
    FeatureVector snapshot();

    /**
     * @return notable events kept so far as strace-like text (bounded in number), oldest first, e.g.
     *     {@code "connect(3, 127.0.0.1:4444) = 0"}
     */
    List<String> evidence();
}
