package io.procguard.shm;

import static io.procguard.shm.StatusTableReader.*;

import io.procguard.core.Status;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Slot encoding shared by the writer and the reader: the checksum, fixed-width UTF-8 string
 * fields, and decoding a consistent copy. Stateless, thread-safe.
 */
final class Slots {
    /** Per-word salt step (the 64-bit golden ratio), so swapped words change the checksum. */
    static final long CHECKSUM_SALT = 0x9E3779B97F4A7C15L;
    /** Odd multiplier applied to each salted word. */
    static final long CHECKSUM_MULTIPLIER = 0xBF58476D1CE4E5B9L;
    /** Odd multiplier of the final mix. */
    static final long CHECKSUM_FINAL_MULTIPLIER = 0x94D049BB133111EBL;
    /** Words the checksum covers: bytes {@code SLOT_CHECKSUMMED_OFFSET} to {@code SLOT_LENGTH}. */
    static final int CHECKSUM_WORDS = (SLOT_LENGTH - SLOT_CHECKSUMMED_OFFSET) / SIZE_OF_LONG;
    private static final byte[] ELLIPSIS = "...".getBytes(StandardCharsets.US_ASCII);

    private Slots() {
    }

    /**
     * The slot checksum: {@code h = sum over words w[i], i = 0..45, of (w[i] XOR (i+1)*SALT) * MULT}
     * (mod 2^64), then {@code h ^= h >>> 32; h *= FINAL; h ^= h >>> 29}. The products are
     * independent, so the CPU computes them in parallel; any single changed word changes the sum
     * because the multiplier is odd. The C header and the Python reader implement the same.
     *
     * @param slot a buffer holding the slot
     * @param base the slot's first byte in {@code slot}
     * @return the checksum of the slot's body
     */
    static long checksum(ByteBuffer slot, int base) {
        long h = 0;
        int at = base + SLOT_CHECKSUMMED_OFFSET;
        for (int i = 0; i < CHECKSUM_WORDS; i++, at += SIZE_OF_LONG) {
            h += (slot.getLong(at) ^ ((i + 1) * CHECKSUM_SALT)) * CHECKSUM_MULTIPLIER;
        }
        h ^= h >>> 32;
        h *= CHECKSUM_FINAL_MULTIPLIER;
        return h ^ (h >>> 29);
    }

    static boolean checksumMatches(ByteBuffer slot, int base) {
        return slot.getLong(base + SLOT_CHECKSUM_OFFSET) == checksum(slot, base);
    }

    /**
     * Writes {@code value} as UTF-8 into a field of {@code capacity} bytes: NUL-terminated, the rest
     * zeroed, cut at a character boundary. With {@code keepTail} a value too long keeps its end
     * after "..." (for paths, whose last part matters most).
     */
    static void putString(ByteBuffer b, int offset, int capacity, String value, boolean keepTail) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int max = capacity - 1;
        int at = offset;
        if (bytes.length <= max) {
            b.put(at, bytes);
            at += bytes.length;
        } else if (keepTail) {
            int start = bytes.length - (max - ELLIPSIS.length);
            while (start < bytes.length && isContinuation(bytes[start])) {
                start++;
            }
            b.put(at, ELLIPSIS);
            at += ELLIPSIS.length;
            b.put(at, bytes, start, bytes.length - start);
            at += bytes.length - start;
        } else {
            int end = max;
            while (end > 0 && isContinuation(bytes[end])) {
                end--;
            }
            b.put(at, bytes, 0, end);
            at += end;
        }
        for (int limit = offset + capacity; at < limit; at++) {
            b.put(at, (byte) 0);
        }
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    /** Reads a NUL-terminated UTF-8 field from a heap buffer; a field without NUL is read whole. */
    static String getString(ByteBuffer heap, int offset, int capacity) {
        byte[] a = heap.array();
        int end = offset;
        int limit = offset + capacity;
        while (end < limit && a[end] != 0) {
            end++;
        }
        return new String(a, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** Decodes a consistent copy of slot {@code slot} held at offset 0 of a heap buffer. */
    static ProcessStatus decode(int slot, ByteBuffer s) {
        return new ProcessStatus(slot,
                SlotState.fromCode(s.getInt(SLOT_STATE_OFFSET)),
                s.getInt(SLOT_PID_OFFSET),
                s.getLong(SLOT_START_TIME_OFFSET),
                s.getInt(SLOT_PPID_OFFSET),
                s.getInt(SLOT_UID_OFFSET),
                getString(s, SLOT_COMM_OFFSET, SLOT_COMM_LENGTH),
                getString(s, SLOT_EXE_OFFSET, SLOT_EXE_LENGTH),
                Status.fromCode(s.getInt(SLOT_STATUS_OFFSET)),
                s.getDouble(SLOT_SCORE_OFFSET),
                s.getLong(SLOT_SYSCALLS_OFFSET),
                s.getLong(SLOT_ERRORS_OFFSET),
                s.getLong(SLOT_SIGNALS_OFFSET),
                s.getLong(SLOT_CHILDREN_OFFSET),
                s.getLong(SLOT_FIRST_SEEN_OFFSET),
                s.getLong(SLOT_LAST_SEEN_OFFSET),
                s.getLong(SLOT_EXITED_OFFSET),
                s.getInt(SLOT_EXIT_CODE_OFFSET),
                s.getInt(SLOT_EXIT_SIGNAL_OFFSET),
                getString(s, SLOT_REASON_OFFSET, SLOT_REASON_LENGTH),
                getString(s, SLOT_MODEL_ID_OFFSET, SLOT_MODEL_ID_LENGTH),
                s.getLong(SLOT_UPDATES_OFFSET));
    }
}
