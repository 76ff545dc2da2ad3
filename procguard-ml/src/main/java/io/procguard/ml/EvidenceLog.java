package io.procguard.ml;

import java.util.ArrayList;
import java.util.List;

/**
 * A bounded list of the most telling events of one process, rendered as strace-like text. Single
 * writer, not thread-safe. When full, a new event replaces the oldest entry of the lowest priority
 * below its own, so a port scan's hundred connects cannot push out one {@code dup2} onto stdin.
 */
final class EvidenceLog {
    /** Context (e.g. an execve of an ordinary program). */
    static final int LOW = 1;
    /** Worth a look (a connect to the network, a shell, a write to a persistence path). */
    static final int MEDIUM = 2;
    /** Characteristic of attacks (a socket on stdin, W+X memory, a read of /etc/shadow). */
    static final int HIGH = 3;
    /** The most entries kept. */
    static final int CAPACITY = 12;
    /** The longest rendered entry, in characters. */
    static final int MAX_LENGTH = 200;

    private final String[] text = new String[CAPACITY];
    private final int[] priority = new int[CAPACITY];
    private final long[] order = new long[CAPACITY];
    private int size;
    private long sequence;

    /**
     * @param priority {@link #LOW}, {@link #MEDIUM} or {@link #HIGH}
     * @return false when {@link #add} would surely drop a line of this priority (the log is full and holds
     *     nothing of a lower one), so it need not be rendered; true when it may keep it
     */
    boolean keeps(int priority) {
        if (size < CAPACITY) {
            return true;
        }
        for (int i = 0; i < size; i++) {
            if (this.priority[i] < priority) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param priority {@link #LOW}, {@link #MEDIUM} or {@link #HIGH}
     * @param line the rendered event (shortened to {@link #MAX_LENGTH}); read during the call only, copied when kept
     */
    void add(int priority, CharSequence line) {
        CharSequence shown = line.length() > MAX_LENGTH ? line.subSequence(0, MAX_LENGTH - 3) + "..." : line;
        for (int i = 0; i < size; i++) {
            if (text[i].contentEquals(shown)) {
                return; // the same line again tells nothing new
            }
        }
        int slot = size;
        if (size == CAPACITY) {
            slot = -1;
            for (int i = 0; i < size; i++) {
                if (this.priority[i] < priority && (slot < 0 || this.priority[i] < this.priority[slot]
                        || this.priority[i] == this.priority[slot] && order[i] < order[slot])) {
                    slot = i;
                }
            }
            if (slot < 0) {
                return;
            }
        } else {
            size++;
        }
        text[slot] = shown.toString();
        this.priority[slot] = priority;
        order[slot] = sequence++;
    }

    /** @return the kept lines, oldest first */
    List<String> lines() {
        Integer[] idx = new Integer[size];
        for (int i = 0; i < size; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Long.compare(order[a], order[b]));
        List<String> out = new ArrayList<>(size);
        for (Integer i : idx) {
            out.add(text[i]);
        }
        return out;
    }
}
