package io.procguard.cli.monitor;

import io.procguard.core.pipeline.ProcessStart;
import java.util.HashMap;
import java.util.Map;

/**
 * The uid each live monitored process runs as, for the sinks that publish it. {@code /proc} answers
 * while a process lives; a short-lived one can be gone before a sink looks (the monitor follows the
 * trace, it does not stop the program), and then the uid is inferred: a traced fork inherits its
 * parent's, and a root of the session (the command of {@code run}, a process {@code attach}ed to)
 * runs as the session's known user. Memory is one entry per live process; not thread-safe.
 */
final class ProcessOwners {
    private final int rootUid;
    private final Map<Integer, Integer> uids = new HashMap<>();

    /** @param rootUid the uid the session's roots run as, or -1 if unknown */
    ProcessOwners(int rootUid) {
        this.rootUid = rootUid;
    }

    /**
     * @param s a process that started
     * @param lookedUp the uid {@code /proc} gave for it, or -1 if it was gone
     * @return the uid to publish: {@code lookedUp}, else the inferred one, -1 only if nothing tells
     */
    int started(ProcessStart s, int lookedUp) {
        int uid = lookedUp >= 0 ? lookedUp : uids.getOrDefault(s.ppid(), s.forkedUnderTrace() ? -1 : rootUid);
        uids.put(s.pid(), uid);
        return uid;
    }

    /** @param pid a process that ended; forgets it */
    void ended(int pid) {
        uids.remove(pid);
    }
}
