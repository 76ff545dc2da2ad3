package io.procguard.core.pipeline;

/**
 * Answers what a trace alone cannot tell in time: which process a new thread id belongs to, and a
 * process's parent. Live monitors read {@code /proc}; replays use {@link #NONE}. Thread-safe.
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
}
