package io.procguard.cli.control;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Refused connections, logged once per uid and burst, so a user who floods the socket cannot flood the
 * log. Thread-safe (every method holds the monitor); the accept thread does nearly all the calls.
 *
 * <p>The first refusal of a uid is logged with its reason; the next ones are only counted until the uid
 * has had none for {@value #QUIET_MILLIS} ms. Then the burst is over and, if it refused more than one,
 * one more line says how many and for how long.
 */
final class Refusals {
    /** A uid's burst ends after this long without a refusal. */
    static final long QUIET_MILLIS = 10_000;

    private final DaemonLog log;
    private final Map<Integer, Burst> bursts = new HashMap<>();

    /** One uid's refusals since its first. */
    private static final class Burst {
        final long firstNanos;
        long lastNanos;
        int count = 1;

        Burst(long nowNanos) {
            firstNanos = nowNanos;
            lastNanos = nowNanos;
        }
    }

    Refusals(DaemonLog log) {
        this.log = log;
    }

    /**
     * Counts a refused connection; logs it if it starts a burst.
     *
     * @param peer who was refused
     * @param why the reason it was told
     * @param nowNanos {@link System#nanoTime()}
     */
    synchronized void refused(PeerCredentials peer, String why, long nowNanos) {
        Burst b = bursts.get(peer.uid());
        if (b != null) {
            b.lastNanos = nowNanos;
            b.count++;
            return;
        }
        bursts.put(peer.uid(), new Burst(nowNanos));
        log.write(DaemonLog.record("refused", peer).put("reason", why), "refused a connection from " + peer + ": " + why
                + " (more refusals of uid " + peer.uid() + " are counted, and logged once it has had none for " + QUIET_MILLIS / 1000
                + " s)", true);
    }

    /**
     * Ends the bursts that have been quiet for {@link #QUIET_MILLIS}, or all of them, logging the count
     * of each that refused more than one connection.
     *
     * @param nowNanos {@link System#nanoTime()}
     * @param all end every burst (the daemon stops)
     */
    synchronized void expire(long nowNanos, boolean all) {
        for (Iterator<Map.Entry<Integer, Burst>> it = bursts.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Integer, Burst> e = it.next();
            Burst b = e.getValue();
            if (!all && nowNanos - b.lastNanos < TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)) {
                continue;
            }
            it.remove();
            if (b.count > 1) {
                long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(b.lastNanos - b.firstNanos + 999_999_999));
                log.write(DaemonLog.record("refused").put("peer_uid", e.getKey()).put("count", b.count).put("seconds", seconds),
                        "refused " + b.count + " connections from uid " + e.getKey() + " in " + seconds + " s", true);
            }
        }
    }
}
