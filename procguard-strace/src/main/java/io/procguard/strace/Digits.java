package io.procguard.strace;

/**
 * Stateless, thread-safe: decimal digits read eight at a time (SWAR). One little-endian {@code long} load,
 * an exact per-byte digit test, and three multiplications turn up to eight ASCII digits into their value.
 *
 * <p>{@link #count} and {@link #value} are separate on purpose: where the digits end is what the next
 * step of a parse waits for, and it costs a load and four word operations; the value (three dependent
 * multiplications) is then computed off that critical path.
 */
final class Digits {
    /** {@code POW10[n]} is 10 to the n, for n in 0..18. */
    static final long[] POW10 = new long[19];

    private static final long LOW_NIBBLES = 0x0F0F0F0F0F0F0F0FL;
    private static final long HIGH_NIBBLES = 0xF0F0F0F0F0F0F0F0L;
    private static final long THREES = 0x3030303030303030L;
    private static final long SIXES = 0x0606060606060606L;
    private static final long SIXTEENS = 0x1010101010101010L;

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private Digits() {
    }

    /** @return the index of the first byte at or after {@code p} in {@code b[p, e)} that is not a decimal digit, or e */
    static int end(byte[] b, int p, int e) {
        while (p < e && Spans.isDigit(b[p])) {
            p++;
        }
        return p;
    }

    /**
     * @param b the bytes
     * @param p where the digits start
     * @param e end of the range (exclusive); bytes from {@code e} on are never taken as digits
     * @return how many leading bytes of {@code b[p, min(p + 8, e))} are decimal digits (0-8)
     */
    static int count(byte[] b, int p, int e) {
        if (p + 8 > b.length) {
            int end = Math.min(e, p + 8);
            int i = p;
            while (i < end && Spans.isDigit(b[i])) {
                i++;
            }
            return Math.max(0, i - p);
        }
        return Math.max(0, Math.min(leading(ByteSearch.word(b, p)), e - p));
    }

    /** @return how many of the first bytes of the little-endian word {@code w} are decimal digits (0-8) */
    static int leading(long w) {
        // a byte is a digit iff its high nibble is 3 and its low nibble + 6 stays below 16; no carry crosses bytes
        long notDigit = ((w & HIGH_NIBBLES) ^ THREES) | (((w & LOW_NIBBLES) + SIXES) & SIXTEENS);
        return Long.numberOfTrailingZeros(notDigit) >>> 3;
    }

    /**
     * @param b the bytes
     * @param p where the digits start
     * @param n how many digits, as found by {@link #count} (0-8)
     * @return the value of the decimal digits {@code b[p, p + n)}
     */
    static long value(byte[] b, int p, int n) {
        if (n <= 0) {
            return 0;
        }
        if (p + 8 > b.length) {
            long v = 0;
            for (int i = p; i < p + n; i++) {
                v = v * 10 + (b[i] - '0');
            }
            return v;
        }
        return value(ByteSearch.word(b, p), n);
    }

    /**
     * @param w a little-endian word whose first {@code n} bytes are decimal digits
     * @param n how many (1-8)
     * @return their value
     */
    static long value(long w, int n) {
        // the digits to the high bytes: the vacated low bytes read as leading zeros
        long v = (w & LOW_NIBBLES) << ((8 - n) << 3);
        v = (v * 2561) >>> 8; // byte pairs: 10 * d[i] + d[i + 1]
        v = ((v & 0x00FF00FF00FF00FFL) * 6553601) >>> 16; // 4-digit groups
        return ((v & 0x0000FFFF0000FFFFL) * 42949672960001L) >>> 32; // all 8
    }
}
