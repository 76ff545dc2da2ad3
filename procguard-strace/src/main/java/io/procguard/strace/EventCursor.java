package io.procguard.strace;

import io.procguard.core.EventKind;
import io.procguard.core.ImmutableTraceEvent;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;

/**
 * The parser's current event: a mutable {@link TraceEvent} whose {@link #arguments()} is a view
 * over the parser's buffer. Valid until the parser's next call. Not thread-safe.
 */
final class EventCursor implements TraceEvent {
    EventKind kind;
    int pid;
    long timestampNanos;
    int syscall;
    boolean hasReturnValue;
    long returnValue;
    int errno;
    String errnoName;
    long durationNanos;
    final ByteSpan arguments = new ByteSpan();
    String signalName;
    int exitCode;
    boolean coreDumped;
    boolean resumed;
    long lineNumber;

    /** Resets every field to its "absent" value, keeping pid, timestamp and line number. */
    void reset(EventKind k) {
        kind = k;
        syscall = Syscalls.NONE;
        hasReturnValue = false;
        returnValue = 0;
        errno = 0;
        errnoName = null;
        durationNanos = ABSENT;
        arguments.clear();
        signalName = null;
        exitCode = -1;
        coreDumped = false;
        resumed = false;
    }

    @Override
    public EventKind kind() {
        return kind;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public long timestampNanos() {
        return timestampNanos;
    }

    @Override
    public int syscall() {
        return syscall;
    }

    @Override
    public boolean hasReturnValue() {
        return hasReturnValue;
    }

    @Override
    public long returnValue() {
        return returnValue;
    }

    @Override
    public int errno() {
        return errno;
    }

    @Override
    public String errnoName() {
        return errnoName;
    }

    @Override
    public long durationNanos() {
        return durationNanos;
    }

    @Override
    public CharSequence arguments() {
        return arguments;
    }

    @Override
    public String signalName() {
        return signalName;
    }

    @Override
    public int exitCode() {
        return exitCode;
    }

    @Override
    public boolean coreDumped() {
        return coreDumped;
    }

    @Override
    public boolean resumed() {
        return resumed;
    }

    @Override
    public long lineNumber() {
        return lineNumber;
    }

    @Override
    public TraceEvent snapshot() {
        return ImmutableTraceEvent.copyOf(this);
    }

    @Override
    public String toString() {
        return "TraceEvent[" + kind + " pid=" + pid + " line=" + lineNumber
                + (syscall == Syscalls.NONE ? "" : " " + Syscalls.name(syscall) + "(" + arguments + ")")
                + (hasReturnValue ? " = " + returnValue : "") + (errnoName == null ? "" : " " + errnoName)
                + (signalName == null ? "" : " " + signalName) + (exitCode < 0 ? "" : " exit " + exitCode) + "]";
    }
}
