package io.procguard.core.pipeline;

import io.procguard.core.EventKind;
import io.procguard.core.FeatureAccumulator;
import io.procguard.core.FeatureVector;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wraps a process's real accumulator to add what the pipeline needs per process: syscall and error
 * counts for the exit summary, and the scoring bookkeeping. Single writer (the reader thread), not
 * thread-safe; O(1) in the trace length (a fixed counter array).
 */
final class CountingAccumulator implements FeatureAccumulator {
    /** Ids below this count in the array; higher (dynamic) ids in a small map. */
    private static final int COUNTED_IDS = Syscalls.FIRST_DYNAMIC_ID;

    /** Called by the wrapper for what the pipeline acts on while the tracker feeds events. */
    interface Hooks {
        void signal(CountingAccumulator process, TraceEvent signal);

        void due(CountingAccumulator process);
    }

    private final FeatureAccumulator delegate;
    private final Hooks hooks;
    private final long everyEvents;
    private final long everyNanos;
    /** The process this accumulator belongs to; bound when the tracker reports the start. */
    int pid;
    long events;
    long errors;
    private long eventsAtLastScore;
    private long clockAtLastScore = System.nanoTime();
    /** Set while a scoring request for this process waits in the queue; cleared by the publisher. */
    final AtomicBoolean scorePending = new AtomicBoolean();
    private final int[] counts = new int[COUNTED_IDS];
    private Map<Integer, long[]> otherCounts;

    /** @return the extractor's accumulator this one counts for */
    FeatureAccumulator delegate() {
        return delegate;
    }

    CountingAccumulator(FeatureAccumulator delegate, Hooks hooks, long everyEvents, long everyNanos) {
        this.delegate = delegate;
        this.hooks = hooks;
        this.everyEvents = everyEvents;
        this.everyNanos = everyNanos;
    }

    @Override
    public void accept(TraceEvent e) {
        delegate.accept(e);
        events++;
        int id = e.syscall();
        if (e.kind() == EventKind.SIGNAL) {
            hooks.signal(this, e);
        } else if (e.kind() == EventKind.SYSCALL && id != Syscalls.NONE) {
            if (e.hasReturnValue() && e.errno() != 0) {
                errors++;
            }
            if (id < COUNTED_IDS) {
                counts[id]++;
            } else {
                if (otherCounts == null) {
                    otherCounts = new HashMap<>();
                }
                otherCounts.computeIfAbsent(id, k -> new long[1])[0]++;
            }
            long clock = System.nanoTime();
            if ((events - eventsAtLastScore >= everyEvents || clock - clockAtLastScore >= everyNanos)
                    && !scorePending.get()) {
                eventsAtLastScore = events;
                clockAtLastScore = clock;
                hooks.due(this);
            }
        }
    }

    /**
     * For a process that makes no events: true (and the scoring bookkeeping reset, as for a due event) when
     * it had events since its last scoring, that scoring is at least the interval old, and none waits.
     *
     * @param clock {@link System#nanoTime()} now
     */
    boolean dueWhileQuiet(long clock) {
        if (events > eventsAtLastScore && clock - clockAtLastScore >= everyNanos && !scorePending.get()) {
            eventsAtLastScore = events;
            clockAtLastScore = clock;
            return true;
        }
        return false;
    }

    @Override
    public FeatureVector snapshot() {
        return delegate.snapshot();
    }

    @Override
    public List<String> evidence() {
        return delegate.evidence();
    }

    /** @return calls per syscall name, most frequent first */
    Map<String, Long> syscallCounts() {
        List<Map.Entry<String, Long>> all = new ArrayList<>();
        for (int id = 0; id < counts.length; id++) {
            if (counts[id] != 0) {
                all.add(Map.entry(Syscalls.name(id), (long) counts[id]));
            }
        }
        if (otherCounts != null) {
            otherCounts.forEach((id, n) -> all.add(Map.entry(Syscalls.name(id), n[0])));
        }
        all.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Long> out = new LinkedHashMap<>();
        all.forEach(en -> out.put(en.getKey(), en.getValue()));
        return out;
    }
}
