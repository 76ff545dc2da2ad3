package io.procguard.core.pipeline;

/**
 * Answers what a trace alone cannot tell in time: which process a new thread id belongs to, a
 * process's parent and its start time. Live monitors read {@code /proc}; replays use {@link #NONE}. Thread-safe.
 */
public interface ProcessResolver {
    /** A resolver that knows nothing; the pipeline then relies on clone/fork lines only. */
    ProcessResolver NONE = new ProcessResolver() {
        @Override
        public int tgid(int tid) {
            return 0;
        }

        @Override
        public int ppid(int pid) {
            return 0;
        }
    };

    /**
     * @param tid a thread id
     * @return its thread-group id (the process id), or 0 if unknown (e.g. it already exited)
     */
    int tgid(int tid);

    /**
     * @param pid a process id
     * @return its parent's pid, or 0 if unknown
     */
    int ppid(int pid);

    /**
     * Called on the thread reading the trace, as soon as the trace shows a new process: a live monitor
     * reads {@code /proc} then, and when the process is already gone (a short-lived one), or its pid
     * already names a later process, derives the value from {@code seenNanos}.
     *
     * @param pid a process id
     * @param seenNanos when the trace first showed the process, nanoseconds since the epoch
     * @return its start time as field 22 of {@code /proc/PID/stat} (clock ticks since boot), or 0 if unknown
     */
    default long startTime(int pid, long seenNanos) {
        return 0;
    }
}
