package io.procguard.cli.control;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The daemon's watches: the active ones (bounded in total and per user, so one local user cannot take
 * them all) and the last {@value #KEPT_ENDED} that ended, so {@code list} can say how they ended.
 * Thread-safe: every method holds the list's monitor, never while a session starts or stops.
 */
final class Watchlist {
    /** Ended watches kept for {@code list}; older ones are forgotten. */
    static final int KEPT_ENDED = 64;

    private final int maxActive;
    private final int maxPerUser;
    private final Consumer<WatchSession> announceEnd;
    private final Map<Integer, WatchSession> sessions = new LinkedHashMap<>();
    private final Map<Integer, Boolean> confirmed = new java.util.HashMap<>();
    private int nextId = 1;
    private boolean closed;

    /**
     * @param maxActive the most watches at once
     * @param maxPerUser the most watches at once asked for by one non-root user
     * @param announceEnd told when a confirmed watch ends (for the daemon log)
     */
    Watchlist(int maxActive, int maxPerUser, Consumer<WatchSession> announceEnd) {
        this.maxActive = maxActive;
        this.maxPerUser = maxPerUser;
        this.announceEnd = announceEnd;
    }

    /** A refused reservation; the message says which limit. */
    static final class Full extends Exception {
        private static final long serialVersionUID = 1L;

        Full(String message) {
            super(message);
        }
    }

    /**
     * Reserves a place for a new watch (not started yet).
     *
     * @param kind watch or run
     * @param requester who asks
     * @param pid the process, 0 for a command yet to start
     * @param ownerUid whose process it is
     * @param command a short description
     * @return the new session
     * @throws Full if a limit is reached or the daemon is stopping
     */
    synchronized WatchSession reserve(WatchSession.Kind kind, PeerCredentials requester, int pid, int ownerUid, String command)
            throws Full {
        if (closed) {
            throw new Full("the daemon is stopping");
        }
        int active = 0;
        int mine = 0;
        for (WatchSession s : sessions.values()) {
            if (s.active()) {
                active++;
                if (s.requester().uid() == requester.uid()) {
                    mine++;
                }
            }
        }
        if (active >= maxActive) {
            throw new Full("the daemon watches " + active + " processes already, its limit (--max-watched)");
        }
        if (!requester.isRoot() && mine >= maxPerUser) {
            throw new Full("you have " + mine + " watches already, the limit per user (--max-per-user)");
        }
        WatchSession s = new WatchSession(nextId++, kind, requester, pid, ownerUid, command, this::ended);
        sessions.put(s.id(), s);
        return s;
    }

    /** Marks a session as started: it now shows in {@code list} and is announced when it ends. */
    synchronized void confirm(WatchSession s) {
        confirmed.put(s.id(), Boolean.TRUE);
        if (!s.active()) {
            announceEnd.accept(s); // it ended while its start was being confirmed
        }
        trim();
    }

    /** Forgets a session that failed to start. */
    synchronized void discard(WatchSession s) {
        sessions.remove(s.id());
        confirmed.remove(s.id());
    }

    /** @return the active session watching {@code pid} (or running it), or {@code null} */
    synchronized WatchSession activeFor(int pid) {
        for (WatchSession s : sessions.values()) {
            if (s.active() && s.pid() == pid) {
                return s;
            }
        }
        return null;
    }

    /** @return the active session whose strace has this pid, or {@code null} */
    synchronized WatchSession byStrace(long stracePid) {
        for (WatchSession s : sessions.values()) {
            if (s.active() && s.stracePid() == stracePid) {
                return s;
            }
        }
        return null;
    }

    /** @return the confirmed sessions, active and ended, oldest first */
    synchronized List<WatchSession> all() {
        List<WatchSession> out = new ArrayList<>();
        for (WatchSession s : sessions.values()) {
            if (confirmed.containsKey(s.id())) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Refuses new watches from now on.
     *
     * @return every session still active (to detach)
     */
    synchronized List<WatchSession> close() {
        closed = true;
        List<WatchSession> out = new ArrayList<>();
        for (WatchSession s : sessions.values()) {
            if (s.active()) {
                out.add(s);
            }
        }
        return out;
    }

    private synchronized void ended(WatchSession s) {
        if (confirmed.containsKey(s.id())) {
            announceEnd.accept(s);
        }
        trim();
    }

    /** Forgets the oldest ended sessions beyond {@link #KEPT_ENDED}. */
    private void trim() {
        int ended = 0;
        for (WatchSession s : sessions.values()) {
            if (!s.active() && confirmed.containsKey(s.id())) {
                ended++;
            }
        }
        for (Iterator<WatchSession> it = sessions.values().iterator(); it.hasNext() && ended > KEPT_ENDED;) {
            WatchSession s = it.next();
            if (!s.active() && confirmed.containsKey(s.id())) {
                it.remove();
                confirmed.remove(s.id());
                ended--;
            }
        }
    }
}
