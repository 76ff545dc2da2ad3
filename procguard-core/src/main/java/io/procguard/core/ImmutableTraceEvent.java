package io.procguard.core;

/**
 * A {@link TraceEvent} that owns its values. Immutable and thread-safe; what cursors return from
 * {@link TraceEvent#snapshot()}, and what non-strace sources (datasets, tests of consumers) build.
 *
 * @param kind what the event is
 * @param pid thread id, 0 if unknown
 * @param timestampNanos timestamp or {@link TraceEvent#ABSENT}
 * @param syscall syscall id or {@link Syscalls#NONE}
 * @param hasReturnValue whether a return value was printed
 * @param returnValue the return value
 * @param errno errno number or 0
 * @param errnoName errno name or null
 * @param durationNanos time in the call or {@link TraceEvent#ABSENT}
 * @param arguments argument text (never null)
 * @param signalName signal name or null
 * @param exitCode exit code or -1
 * @param coreDumped whether a killed process dumped core
 * @param resumed whether stitched from unfinished/resumed lines
 * @param lineNumber input line, 0 if none
 */
public record ImmutableTraceEvent(
        EventKind kind,
        int pid,
        long timestampNanos,
        int syscall,
        boolean hasReturnValue,
        long returnValue,
        int errno,
        String errnoName,
        long durationNanos,
        String arguments,
        String signalName,
        int exitCode,
        boolean coreDumped,
        boolean resumed,
        long lineNumber) implements TraceEvent {

    /** Rejects null kinds and arguments. */
    public ImmutableTraceEvent {
        java.util.Objects.requireNonNull(kind, "kind");
        java.util.Objects.requireNonNull(arguments, "arguments");
    }

    /**
     * Copies any event.
     *
     * @param e the event to copy (a cursor is read now)
     * @return an immutable copy
     */
    public static ImmutableTraceEvent copyOf(TraceEvent e) {
        if (e instanceof ImmutableTraceEvent done) {
            return done;
        }
        return new ImmutableTraceEvent(e.kind(), e.pid(), e.timestampNanos(), e.syscall(), e.hasReturnValue(),
                e.returnValue(), e.errno(), e.errnoName(), e.durationNanos(), e.arguments().toString(),
                e.signalName(), e.exitCode(), e.coreDumped(), e.resumed(), e.lineNumber());
    }

    /**
     * A completed syscall.
     *
     * @param pid thread id
     * @param syscall syscall id
     * @param arguments argument text
     * @param returnValue the return value (-1 with an errno on failure)
     * @param errnoName the errno name on failure, else null
     * @return the event, without timestamp or duration
     */
    public static ImmutableTraceEvent syscall(int pid, int syscall, String arguments, long returnValue, String errnoName) {
        return new ImmutableTraceEvent(EventKind.SYSCALL, pid, ABSENT, syscall, true, returnValue,
                errnoName == null ? 0 : Errnos.number(errnoName), errnoName, ABSENT, arguments, null, -1, false, false, 0);
    }

    @Override
    public TraceEvent snapshot() {
        return this;
    }
}
