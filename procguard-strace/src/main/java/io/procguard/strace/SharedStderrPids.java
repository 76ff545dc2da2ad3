package io.procguard.strace;

import java.util.HashSet;
import java.util.Set;

/**
 * The pids of a trace that strace wrote with {@code -f} to a shared stderr (no {@code -o}). There strace prints
 * no pid while only one process is traced and {@code [pid N]} while there are more, so the lines before the
 * first {@code [pid N]} belong to the first process, whose pid shows only then: the first bracketed pid that no
 * {@code strace: Process N attached} message announced. That process keeps the pid its first lines had (the
 * parser's default pid) for the whole trace, so it is not split in two, and an unprefixed line later belongs to
 * the one process still traced. Single-threaded (the parser's). Bounded: at most {@value #MAX_TRACKED} tids are
 * remembered; beyond that (or when the count of live tids is not one) an unprefixed line keeps the default pid,
 * as before this class.
 */
final class SharedStderrPids {
    private static final int MAX_TRACKED = 4096;

    private final int defaultPid;
    /** The first process's real tid once a bracketed line showed it, else -1. */
    private int root = -1;
    /** Tids announced by {@code Process N attached} before the first process's tid was known: its children. */
    private final Set<Integer> announced = new HashSet<>();
    /** Tids traced now, as far as the trace says. */
    private final Set<Integer> alive = new HashSet<>();
    private boolean overflowed;

    SharedStderrPids(int defaultPid) {
        this.defaultPid = defaultPid;
    }

    /** @return the pid to give a line that printed {@code [pid tid]} */
    int bracketed(int tid) {
        if (root < 0 && !announced.contains(tid)) {
            root = tid;
            announced.clear();
        }
        track(tid);
        return tid == root ? defaultPid : tid;
    }

    /** @return the pid to give a line that printed none */
    int unprefixed() {
        if (root < 0 || overflowed || alive.size() != 1) {
            return defaultPid;
        }
        int sole = alive.iterator().next();
        return sole == root ? defaultPid : sole;
    }

    /** {@code strace: Process tid attached}. */
    void attached(int tid) {
        if (root < 0 && announced.size() < MAX_TRACKED) {
            announced.add(tid);
        }
        track(tid);
    }

    /** The thread the parser gave {@code shownPid} exited, was killed, detached or was superseded by an execve. */
    void gone(int shownPid) {
        alive.remove(shownPid == defaultPid && root >= 0 ? root : shownPid);
    }

    private void track(int tid) {
        if (alive.size() >= MAX_TRACKED && !alive.contains(tid)) {
            overflowed = true;
            return;
        }
        alive.add(tid);
    }
}
