package io.procguard.core;

/** What one line of strace output describes. Immutable. */
public enum EventKind {
    /** A completed syscall, or one stitched from {@code <unfinished ...>} and {@code <... resumed>}. */
    SYSCALL,
    /** A signal delivered to the thread: {@code --- SIGCHLD {si_signo=...} ---}. */
    SIGNAL,
    /** The thread or process exited normally: {@code +++ exited with N +++}. */
    EXITED,
    /** The process was killed by a signal: {@code +++ killed by SIGKILL (core dumped) +++}. */
    KILLED,
    /** A thread was superseded by an execve in another thread: {@code +++ superseded by execve in pid N +++}. */
    SUPERSEDED,
    /** strace attached to a process: {@code strace: Process N attached}. */
    ATTACHED,
    /** strace detached from a process: {@code strace: Process N detached}. */
    DETACHED,
    /** Any other message strace prints about itself (warnings, {@code -k} stack frames are not events). */
    STRACE_MESSAGE
}
