package io.procguard.strace;

import io.procguard.core.Syscalls;
import java.nio.charset.StandardCharsets;

/**
 * Maps syscall-name bytes to {@link Syscalls} ids without allocating: an open-addressing hash table
 * over the bytes, preloaded with the x86_64 names; names outside it are resolved once through
 * {@link Syscalls#id(String)} and cached, up to a limit. Single-threaded (one per parser).
 *
 * <p>A name is keyed by its length and its first sixteen bytes read as two little-endian words (bytes past
 * the name masked off), so hashing and comparing a name costs two loads and a few word operations
 * instead of a loop over its bytes; only the rare names longer than sixteen bytes compare their tail. A slot's
 * two words and its {@code length << 32 | id} lie side by side in one {@code long[]}, so a probe reads one
 * cache line. {@link #lookupCall} finds a call's name and its {@code (} in those same two words.
 */
final class SyscallNameTable {
    /** Returned by {@link #lookup} when the name is new and the limit of unknown names is reached. */
    static final int REFUSED = Integer.MIN_VALUE;

    /** Returned by {@link #lookupCall} when the bytes are not a known name followed by {@code (}. */
    static final int MISS = -1;

    private static final int MAX_NAME = 64;
    private static final int WORDS = 16;
    /** Longs per slot of {@link #slots}: the two key words, then {@code length << 32 | id} (0: empty slot). */
    private static final int STRIDE = 4;
    private static final long PARENS = ByteSearch.pattern('(');
    private byte[][] keys;
    private long[] slots;
    private int mask;
    private int size;
    /** True while {@link #keys} and {@link #slots} are the preloaded table's, shared: copied before the first insert. */
    private boolean shared;
    private int unknownAdded;
    private final int maxUnknown;
    /** Where the name ended (its {@code (}) in the last successful {@link #lookupCall}. */
    int callNameEnd;

    /** The x86_64 names for the default limit of unknown names, built once; new tables of that size copy it. */
    private static final SyscallNameTable PRELOADED = new SyscallNameTable(ParserOptions.DEFAULT_MAX_UNKNOWN_SYSCALL_NAMES);

    SyscallNameTable(int maxUnknown) {
        this.maxUnknown = maxUnknown;
        int capacity = Integer.highestOneBit(Math.max(1024, (Syscalls.tableSize() + maxUnknown) * 2) - 1) << 1;
        SyscallNameTable preloaded = PRELOADED;
        if (preloaded != null && preloaded.keys.length == capacity) {
            // a parser per file is common: share the preloaded arrays (never written) until a name is added
            keys = preloaded.keys;
            slots = preloaded.slots;
            shared = true;
            mask = preloaded.mask;
            size = preloaded.size;
            return;
        }
        allocate(capacity);
        for (int id = 0; id < Syscalls.tableSize(); id++) {
            String name = Syscalls.name(id);
            if (!name.startsWith("syscall_0x")) {
                insert(name.getBytes(StandardCharsets.ISO_8859_1), id);
            }
        }
    }

    /**
     * The fast lookup of a call line: a name already in the table, at most sixteen bytes long, followed by
     * {@code (}. Such a name consists of name bytes only (the table holds the x86_64 names and names
     * {@link #lookup} accepted), so a hit is exactly what scanning the name bytes and then {@link #lookup} give.
     * Never adds a name.
     *
     * @param b the bytes
     * @param from where the name starts
     * @param e end of the line
     * @return the id (the {@code (} at {@link #callNameEnd}), or {@link #MISS}: take the general way
     */
    int lookupCall(byte[] b, int from, int e) {
        if (from + WORDS > b.length) {
            return MISS;
        }
        long w0 = ByteSearch.word(b, from);
        long w1 = 0;
        long m = ByteSearch.matches(w0, PARENS);
        int len;
        if (m != 0) {
            len = ByteSearch.firstByte(m);
            w0 &= ByteSearch.prefixMask(len);
        } else {
            w1 = ByteSearch.word(b, from + 8);
            m = ByteSearch.matches(w1, PARENS);
            if (m == 0) {
                return MISS;
            }
            len = 8 + ByteSearch.firstByte(m);
            w1 &= ByteSearch.prefixMask(len - 8);
        }
        if (len == 0 || from + len >= e) {
            return MISS;
        }
        int id = find(w0, w1, len, b, from);
        if (id != MISS) {
            callNameEnd = from + len;
        }
        return id;
    }

    /** @return the id of the name of {@code len} bytes at {@code b[from]} whose key words are given, or {@link #MISS} */
    private int find(long w0, long w1, int len, byte[] b, int from) {
        long[] t = slots;
        for (int i = hash(w0, w1, len) & mask; ; i = (i + 1) & mask) {
            long meta = t[i * STRIDE + 2];
            if (meta == 0) {
                return MISS;
            }
            if (t[i * STRIDE] == w0 && t[i * STRIDE + 1] == w1 && (int) (meta >>> 32) == len
                    && (len <= WORDS || equalTail(keys[i], b, from, len))) {
                return (int) meta;
            }
        }
    }

    /**
     * @return the id of {@code b[from, to)}, or {@link #REFUSED} for a new name beyond the limit
     */
    int lookup(byte[] b, int from, int to) {
        int len = to - from;
        long w0;
        long w1;
        if (from + WORDS <= b.length) {
            w0 = ByteSearch.word(b, from) & ByteSearch.prefixMask(len);
            w1 = ByteSearch.word(b, from + 8) & ByteSearch.prefixMask(len - 8);
        } else {
            w0 = wordSlowly(b, from, to);
            w1 = wordSlowly(b, from + 8, to);
        }
        int known = find(w0, w1, len, b, from);
        if (known != MISS) {
            return known;
        }
        if (unknownAdded >= maxUnknown || len > MAX_NAME) {
            return REFUSED;
        }
        int id = Syscalls.idIfRoom(new String(b, from, len, StandardCharsets.ISO_8859_1));
        if (id == Syscalls.NONE) {
            return REFUSED; // the JVM's registry is full: other parsers' hostile logs filled it
        }
        unknownAdded++;
        insert(java.util.Arrays.copyOfRange(b, from, to), id);
        return id;
    }

    /** @return the bytes of {@code b[from, min(from + 8, to))} as a little-endian word, zero-padded */
    private static long wordSlowly(byte[] b, int from, int to) {
        long w = 0;
        for (int i = Math.min(from + 8, to) - 1; i >= from; i--) {
            w = w << 8 | (b[i] & 0xFFL);
        }
        return w;
    }

    private void allocate(int capacity) {
        keys = new byte[capacity][];
        slots = new long[capacity * STRIDE];
        mask = capacity - 1;
        size = 0;
    }

    private void insert(byte[] k, int id) {
        if (shared) {
            keys = keys.clone(); // the key arrays themselves are never written, so they stay shared
            slots = slots.clone();
            shared = false;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        long w0 = wordSlowly(k, 0, k.length);
        long w1 = wordSlowly(k, 8, k.length);
        for (int i = hash(w0, w1, k.length) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == null) {
                keys[i] = k;
                slots[i * STRIDE] = w0;
                slots[i * STRIDE + 1] = w1;
                slots[i * STRIDE + 2] = (long) k.length << 32 | (id & 0xFFFFFFFFL);
                size++;
                return;
            }
        }
    }

    private void grow() {
        byte[][] oldKeys = keys;
        long[] oldSlots = slots;
        allocate(oldKeys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(oldKeys[i], (int) oldSlots[i * STRIDE + 2]);
            }
        }
    }

    private static boolean equalTail(byte[] k, byte[] b, int from, int len) {
        for (int i = WORDS; i < len; i++) {
            if (k[i] != b[from + i]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(long w0, long w1, int len) {
        long h = (w0 ^ Long.rotateLeft(w1, 29) ^ len) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
