package io.procguard.strace;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The per-thread table of {@code <unfinished ...>} calls waiting for their {@code <... resumed>} line:
 * an int-keyed open-addressing map (linear probing, backward-shift deletion) with pooled entries, so
 * stitching allocates nothing in steady state. Bounded: at most {@code capacity} entries. Single-threaded.
 */
final class PendingCalls {
    /** One unfinished call: who, what, and the argument bytes printed so far. */
    static final class Entry {
        int pid;
        int syscall;
        long timestampNanos;
        long lineNumber;
        long seq;
        byte[] args = new byte[128];
        int argsLength;

        void setArgs(byte[] b, int from, int to) {
            argsLength = 0;
            appendArgs(b, from, to);
        }

        void appendArgs(byte[] b, int from, int to) {
            int n = to - from;
            if (argsLength + n > args.length) {
                args = Arrays.copyOf(args, Math.max(args.length * 2, argsLength + n));
            }
            System.arraycopy(b, from, args, argsLength, n);
            argsLength += n;
        }
    }

    private final int capacity;
    private int[] keys;
    private Entry[] values;
    private int mask;
    private int size;
    private long nextSeq;
    private final ArrayDeque<Entry> free = new ArrayDeque<>();

    PendingCalls(int capacity) {
        this.capacity = capacity;
        int slots = 16;
        keys = new int[slots];
        values = new Entry[slots];
        mask = slots - 1;
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size >= capacity;
    }

    /** @return a pooled entry to fill, stamped with the next sequence number */
    Entry obtain() {
        Entry e = free.poll();
        if (e == null) {
            e = new Entry();
        }
        e.seq = nextSeq++;
        return e;
    }

    /** Returns an entry to the pool once nothing refers to it any more. */
    void release(Entry e) {
        if (free.size() < 64) {
            free.add(e);
        }
    }

    Entry get(int pid) {
        for (int i = mix(pid) & mask; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == pid) {
                return values[i];
            }
        }
        return null;
    }

    /** Stores an entry under its pid; the caller has removed any previous entry for that pid. */
    void put(Entry e) {
        if ((size + 1) * 2 > keys.length) {
            resize(keys.length * 2);
        }
        int i = mix(e.pid) & mask;
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = e.pid;
        values[i] = e;
        size++;
    }

    /** @return the removed entry, or null */
    Entry remove(int pid) {
        int i = mix(pid) & mask;
        while (values[i] != null && keys[i] != pid) {
            i = (i + 1) & mask;
        }
        Entry found = values[i];
        if (found == null) {
            return null;
        }
        values[i] = null;
        size--;
        // backward-shift the rest of the probe run so lookups never stop early
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = mix(keys[j]) & mask;
            boolean movable = i <= j ? (home <= i || home > j) : (home <= i && home > j);
            if (movable) {
                keys[i] = keys[j];
                values[i] = values[j];
                values[j] = null;
                i = j;
            }
        }
        return found;
    }

    /** @return the entry with the smallest sequence number (the oldest), or null when empty */
    Entry oldest() {
        Entry best = null;
        for (Entry v : values) {
            if (v != null && (best == null || v.seq < best.seq)) {
                best = v;
            }
        }
        return best;
    }

    /** Removes every entry and returns them oldest first (end of input). */
    java.util.List<Entry> drainInOrder() {
        java.util.List<Entry> all = new java.util.ArrayList<>(size);
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                all.add(values[i]);
                values[i] = null;
            }
        }
        size = 0;
        all.sort(java.util.Comparator.comparingLong(e -> e.seq));
        return all;
    }

    private void resize(int slots) {
        int[] oldKeys = keys;
        Entry[] oldValues = values;
        keys = new int[slots];
        values = new Entry[slots];
        mask = slots - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                put(oldValues[i]);
            }
        }
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
