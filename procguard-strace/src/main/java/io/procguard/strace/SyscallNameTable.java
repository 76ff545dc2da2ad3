package io.procguard.strace;

import io.procguard.core.Syscalls;
import java.nio.charset.StandardCharsets;

/**
 * Maps syscall-name bytes to {@link Syscalls} ids without allocating: an open-addressing hash table
 * over the bytes, preloaded with the x86_64 names; names outside it are resolved once through
 * {@link Syscalls#id(String)} and cached, up to a limit. Single-threaded (one per parser).
 */
final class SyscallNameTable {
    /** Returned by {@link #lookup} when the name is new and the limit of unknown names is reached. */
    static final int REFUSED = Integer.MIN_VALUE;

    private static final int MAX_NAME = 64;
    private byte[][] keys;
    private int[] ids;
    private int mask;
    private int size;
    private int unknownAdded;
    private final int maxUnknown;

    SyscallNameTable(int maxUnknown) {
        this.maxUnknown = maxUnknown;
        int capacity = Integer.highestOneBit(Math.max(1024, (Syscalls.tableSize() + maxUnknown) * 2) - 1) << 1;
        keys = new byte[capacity][];
        ids = new int[capacity];
        mask = capacity - 1;
        for (int id = 0; id < Syscalls.tableSize(); id++) {
            String name = Syscalls.name(id);
            if (!name.startsWith("syscall_0x")) {
                byte[] k = name.getBytes(StandardCharsets.ISO_8859_1);
                insert(k, 0, k.length, id);
            }
        }
    }

    /**
     * @return the id of {@code b[from, to)}, or {@link #REFUSED} for a new name beyond the limit
     */
    int lookup(byte[] b, int from, int to) {
        int h = hash(b, from, to);
        int len = to - from;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) {
                break;
            }
            if (k.length == len && equal(k, b, from, len)) {
                return ids[i];
            }
        }
        if (unknownAdded >= maxUnknown || len > MAX_NAME) {
            return REFUSED;
        }
        int id = Syscalls.id(new String(b, from, len, StandardCharsets.ISO_8859_1));
        unknownAdded++;
        insert(java.util.Arrays.copyOfRange(b, from, to), 0, len, id);
        return id;
    }

    private void insert(byte[] k, int from, int to, int id) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        for (int i = hash(k, from, to) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == null) {
                keys[i] = k;
                ids[i] = id;
                size++;
                return;
            }
        }
    }

    private void grow() {
        byte[][] oldKeys = keys;
        int[] oldIds = ids;
        keys = new byte[oldKeys.length * 2][];
        ids = new int[oldKeys.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(oldKeys[i], 0, oldKeys[i].length, oldIds[i]);
            }
        }
    }

    private static boolean equal(byte[] k, byte[] b, int from, int len) {
        for (int i = 0; i < len; i++) {
            if (k[i] != b[from + i]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 0x811C9DC5;
        for (int i = from; i < to; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 15);
    }
}
