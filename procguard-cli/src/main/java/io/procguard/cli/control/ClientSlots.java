package io.procguard.cli.control;

import java.util.HashMap;
import java.util.Map;

/**
 * The daemon's connection places. Thread-safe: the accept thread takes places, handler threads give
 * them back; every method holds the monitor.
 *
 * <p>Users other than root share {@code maxClients} places, at most {@code maxPerUser} of them per
 * uid, so one local user cannot take them all. Root may take any free place and {@value #RESERVE} more
 * that nobody else may, so no user can lock root out of its own daemon.
 */
final class ClientSlots {
    /** Places only root may take, beyond {@code --max-clients}. */
    static final int RESERVE = 4;

    private final int maxClients;
    private final int maxPerUser;
    private final Map<Integer, Integer> perUid = new HashMap<>();
    private int open;

    /**
     * @param maxClients the places users other than root share
     * @param maxPerUser the most places one non-root uid may hold
     */
    ClientSlots(int maxClients, int maxPerUser) {
        this.maxClients = maxClients;
        this.maxPerUser = maxPerUser;
    }

    /** @return the most connections served at once: the shared places and root's reserve */
    int capacity() {
        return maxClients + RESERVE;
    }

    /**
     * Takes a place for a new connection; give it back with {@link #release}.
     *
     * @param peer who connected
     * @return {@code null} if taken, else why not: one line for the refused client and the log
     */
    synchronized String take(PeerCredentials peer) {
        if (peer.isRoot()) {
            if (open >= capacity()) {
                return "all " + capacity() + " places are taken (--max-clients " + maxClients + " and " + RESERVE
                        + " kept for root); retry in a moment";
            }
        } else {
            int mine = perUid.getOrDefault(peer.uid(), 0);
            if (mine >= maxPerUser) {
                return "uid " + peer.uid() + " has " + mine + " connections open already, the limit per user (--max-clients-per-user); "
                        + "retry when they are done";
            }
            if (open >= maxClients) {
                return "the daemon's " + maxClients + " places for users are all taken (--max-clients); retry in a moment";
            }
        }
        open++;
        perUid.merge(peer.uid(), 1, Integer::sum);
        return null;
    }

    /** Gives back the place {@link #take} gave {@code peer}. */
    synchronized void release(PeerCredentials peer) {
        open--;
        perUid.computeIfPresent(peer.uid(), (uid, n) -> n == 1 ? null : n - 1);
    }
}
