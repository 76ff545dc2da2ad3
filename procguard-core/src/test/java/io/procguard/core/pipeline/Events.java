package io.procguard.core.pipeline;

import io.procguard.core.EventKind;
import io.procguard.core.FeatureAccumulator;
import io.procguard.core.FeatureExtractor;
import io.procguard.core.FeatureSchema;
import io.procguard.core.FeatureVector;
import io.procguard.core.ImmutableTraceEvent;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Test helpers: events as strace would print them, and a small counting feature extractor. */
final class Events {
    static final long T0 = 1_700_000_000_000_000_000L;

    private Events() {
    }

    static TraceEvent call(int pid, String name, String args, long ret) {
        return new ImmutableTraceEvent(EventKind.SYSCALL, pid, T0 + pid, Syscalls.id(name), true, ret, 0, null,
                1000, args, null, -1, false, false, 0);
    }

    static TraceEvent failed(int pid, String name, String args, int errno, String errnoName) {
        return new ImmutableTraceEvent(EventKind.SYSCALL, pid, T0, Syscalls.id(name), true, -1, errno, errnoName,
                1000, args, null, -1, false, false, 0);
    }

    static TraceEvent signal(int pid, String name) {
        return new ImmutableTraceEvent(EventKind.SIGNAL, pid, T0, Syscalls.NONE, false, 0, 0, null,
                TraceEvent.ABSENT, "{si_signo=" + name + "}", name, -1, false, false, 0);
    }

    static TraceEvent exited(int pid, int code) {
        return new ImmutableTraceEvent(EventKind.EXITED, pid, T0 + 5_000_000, Syscalls.NONE, false, 0, 0, null,
                TraceEvent.ABSENT, "", null, code, false, false, 0);
    }

    static TraceEvent killed(int pid, String signal) {
        return new ImmutableTraceEvent(EventKind.KILLED, pid, T0 + 5_000_000, Syscalls.NONE, false, 0, 0, null,
                TraceEvent.ABSENT, "", signal, -1, true, false, 0);
    }

    /** @return a source over the events, then the end */
    static EventSource source(List<TraceEvent> events) {
        Iterator<TraceEvent> it = new ArrayList<>(events).iterator();
        return () -> it.hasNext() ? it.next() : null;
    }

    /** Counts events and connect calls; keeps connect calls as evidence (at most 8). */
    static final class CountingExtractor implements FeatureExtractor {
        static final FeatureSchema SCHEMA = new FeatureSchema("test-1", List.of("events", "connects"));

        @Override
        public FeatureSchema schema() {
            return SCHEMA;
        }

        @Override
        public FeatureAccumulator newAccumulator() {
            return new FeatureAccumulator() {
                private long events;
                private long connects;
                private final List<String> evidence = new ArrayList<>();

                @Override
                public void accept(TraceEvent event) {
                    events++;
                    if (event.syscall() == Syscalls.CONNECT) {
                        connects++;
                        if (evidence.size() < 8) {
                            evidence.add("connect(" + event.arguments() + ") = " + event.returnValue());
                        }
                    }
                }

                @Override
                public FeatureVector snapshot() {
                    return new FeatureVector(SCHEMA, new float[] {events, connects});
                }

                @Override
                public List<String> evidence() {
                    return List.copyOf(evidence);
                }
            };
        }
    }
}
