package io.procguard.core.pipeline;

import java.util.List;

/**
 * A successful {@code execve}/{@code execveat}. Immutable.
 *
 * @param pid the process that exec'd
 * @param exe the executable path as passed to execve (possibly truncated by strace {@code -s})
 * @param argv the argument vector as strace printed it (possibly truncated; may end with {@code "..."})
 * @param timeNanos when it happened, nanoseconds since the epoch
 */
public record ProcessExec(int pid, String exe, List<String> argv, long timeNanos) {
    /** Copies the list. */
    public ProcessExec {
        argv = List.copyOf(argv);
    }
}
