package io.procguard.ml;

/**
 * Estimates how many distinct values were seen with a 1024-bit linear-counting sketch (Whang et al.,
 * 1990): 128 bytes whatever the trace length, within a few percent up to a few thousand values,
 * saturating at about 7,000. Single writer, not thread-safe.
 */
final class DistinctCounter {
    private static final int BITS = 1024;
    private final long[] words = new long[BITS / 64];

    /** @param hash a hash of the value (e.g. {@link String#hashCode()}) */
    void add(int hash) {
        int h = hash * 0x9E3779B1; // spread: nearby hashes land on different bits
        int bit = (h >>> 22) & (BITS - 1);
        words[bit >>> 6] |= 1L << bit;
    }

    /** @return the estimated number of distinct values */
    double estimate() {
        int set = 0;
        for (long w : words) {
            set += Long.bitCount(w);
        }
        int zeros = BITS - set;
        if (zeros == 0) {
            zeros = 1;
        }
        return BITS * Math.log((double) BITS / zeros);
    }
}
