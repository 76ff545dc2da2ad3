package io.procguard.strace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Stateless, thread-safe: word-at-a-time (SWAR) byte search. Eight bytes of the input are read as one
 * little-endian {@code long} and tested for a byte value with a few arithmetic operations, so runs of
 * ordinary bytes are skipped eight at a time.
 *
 * <p>The test is the classic "has a zero byte" expression on {@code word ^ pattern}:
 * {@code (x - 0x01..01) & ~x & 0x80..80} sets the high bit of every byte that equals the pattern, and may
 * also set it in a byte just above a true match (the borrow); the lowest set bit is therefore always a
 * true match, and only the lowest one is used. Little-endian order makes the lowest bit the first byte.
 */
final class ByteSearch {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
    private static final long NEWLINES = pattern('\n');

    private ByteSearch() {
    }

    /** @return {@code c} repeated in all eight bytes of a long */
    static long pattern(char c) {
        return (c & 0xFFL) * ONES;
    }

    /** @return the eight bytes at {@code b[i, i + 8)} as a little-endian long ({@code b[i]} lowest) */
    static long word(byte[] b, int i) {
        return (long) LONG.get(b, i);
    }

    /** @return a mask whose lowest set bit, if any, is the high bit of the first byte of {@code w} equal to the pattern */
    static long matches(long w, long pattern) {
        long x = w ^ pattern;
        return (x - ONES) & ~x & HIGHS;
    }

    /**
     * @return a mask with the high bit set in exactly the bytes of {@code w} equal to the pattern (no borrow
     *     reaches a neighbour, unlike {@link #matches}), so its highest set bit finds the last match too
     */
    static long exactMatches(long w, long pattern) {
        long x = w ^ pattern;
        return ~(((x & LOWS) + LOWS) | x | LOWS);
    }

    /** @return the offset of the byte holding the lowest set bit of a non-zero word (a mask from {@link #matches}) */
    static int firstByte(long mask) {
        return Long.numberOfTrailingZeros(mask) >>> 3;
    }

    /** @return a mask keeping the first {@code n} bytes of a word (all of them for n >= 8, none for n <= 0) */
    static long prefixMask(int n) {
        return n >= 8 ? -1L : n <= 0 ? 0L : (1L << (n << 3)) - 1;
    }

    /**
     * @param b the bytes
     * @param from first index searched
     * @param to end of the range (exclusive)
     * @return the index of the first {@code '\n'} in {@code b[from, to)}, or -1
     */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (int last = to - 8; i <= last; i += 8) {
            long m = matches(word(b, i), NEWLINES);
            if (m != 0) {
                return i + firstByte(m);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
