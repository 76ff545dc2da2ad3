package io.procguard.ml;

import java.util.Arrays;

/**
 * Counts DNS questions carrying data ({@link Indicators#dnsTunnelQuestion}) sent in a row to one domain, for
 * {@code ind.dns_tunnel}: by one process, or by the children of one process ({@code for c in $(xxd -p f); do getent hosts
 * $c.x.example; done} asks one question a process). Fixed size: the domain, three counters and the hashes of the last
 * {@value #RECENT} names, so that a name asked again (A and then AAAA, a retry) counts once. Single-threaded, like the
 * accumulators that share it.
 */
final class TunnelCount {
    /** Distinct long questions in a row to one domain that make a tunnel. */
    static final int LONG_QUESTIONS = 4;
    /** Characters of data in fewer (but two or more) long questions that make one too: a small secret in long names. */
    static final int LONG_TEXT = 240;
    /** Distinct questions, short or long, in a row to one domain that make one. */
    static final int QUESTIONS = 16;
    /** Names remembered to tell a question asked again from a new one. */
    private static final int RECENT = 8;

    private String domain;
    private int questions;
    private int longQuestions;
    private int text;
    private final int[] recent = new int[RECENT];

    /**
     * @param q a question that carries data
     * @return true when, with it, the questions in a row to its domain make a tunnel
     */
    boolean add(Indicators.TunnelQuestion q) {
        if (!q.domain().equals(domain)) {
            domain = q.domain();
            questions = 0;
            longQuestions = 0;
            text = 0;
            Arrays.fill(recent, 0);
        }
        for (int h : recent) {
            if (h == q.name() && h != 0) {
                return false; // asked again
            }
        }
        recent[questions % RECENT] = q.name();
        questions++;
        if (q.isLong()) {
            longQuestions++;
            text += q.text();
        }
        return longQuestions >= LONG_QUESTIONS || longQuestions >= 2 && text >= LONG_TEXT || questions >= QUESTIONS;
    }
}
