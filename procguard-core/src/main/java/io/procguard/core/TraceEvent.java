package io.procguard.core;

/**
 * One event of a trace, as seen through accessors. Implementations that are cursors (the strace
 * parser) are valid only until the next event is read and are not thread-safe; call {@link #snapshot()}
 * for an immutable copy that may be kept.
 *
 * <p>Fields that a line does not carry read as the documented "absent" value, so consumers never
 * need to know which strace flags produced the trace.
 */
public interface TraceEvent {
    /** Value of {@link #timestampNanos()} and {@link #durationNanos()} when the trace has none. */
    long ABSENT = Long.MIN_VALUE;

    /** @return what kind of line this is */
    EventKind kind();

    /**
     * @return the thread id strace printed ({@code [pid N]} or a bare prefix with {@code -f}), or the
     *     traced pid given to the parser when the trace has no pid column; 0 when unknown
     */
    int pid();

    /**
     * @return the timestamp in nanoseconds: since the epoch for {@code -ttt}; since midnight (of an
     *     unknown day) for {@code -t/-tt}; since the previous line for {@code -r}; {@link #ABSENT} without any
     */
    long timestampNanos();

    /** @return the syscall id (see {@link Syscalls}), or {@link Syscalls#NONE} if this is not a syscall */
    int syscall();

    /** @return the syscall name, or {@code null} if this is not a syscall */
    default String syscallName() {
        return syscall() == Syscalls.NONE ? null : Syscalls.name(syscall());
    }

    /** @return true if the syscall returned a value ({@code = ?} and unfinished calls have none) */
    boolean hasReturnValue();

    /** @return the return value (-1 on error), or 0 when {@link #hasReturnValue()} is false */
    long returnValue();

    /** @return the errno number (e.g. 2 for ENOENT), or 0 when the call succeeded or errno is unknown */
    int errno();

    /** @return the errno name strace printed (e.g. {@code ENOENT}, {@code ERESTARTSYS}), or {@code null} */
    String errnoName();

    /** @return time spent in the syscall ({@code -T}) in nanoseconds, or {@link #ABSENT} */
    long durationNanos();

    /**
     * The raw argument text between the syscall's parentheses. For cursors this is a zero-copy view:
     * valid until the next event, do not keep it. Empty when there are no arguments.
     *
     * @return the argument text; for {@link EventKind#SIGNAL} the {@code {si_signo=...}} block; for
     *     strace messages the message text
     */
    CharSequence arguments();

    /** @return the signal name for {@link EventKind#SIGNAL} and {@link EventKind#KILLED} (e.g. {@code SIGKILL}), else {@code null} */
    String signalName();

    /** @return the exit code for {@link EventKind#EXITED}, else -1 */
    int exitCode();

    /** @return true for a {@link EventKind#KILLED} event whose process dumped core */
    boolean coreDumped();

    /** @return true if this syscall was stitched from an {@code <unfinished ...>} and a {@code <... resumed>} line */
    boolean resumed();

    /**
     * @return the 1-based line number in the input where this event ended ({@code 0} if not from a file)
     */
    long lineNumber();

    /** @return an immutable copy of this event that stays valid after the source moves on */
    TraceEvent snapshot();
}
