package io.procguard.strace;

/**
 * Single-threaded parser of strace's times, {@code SECONDS[.FRACTION]} ({@code -ttt}, {@code -r}, {@code -T})
 * and {@code HH:MM:SS[.FRACTION]} ({@code -t}, {@code -tt}), to nanoseconds. A time of the right form but out of
 * range is {@link #OUT_OF_RANGE}: seconds whose nanoseconds do not fit a {@code long} (above
 * 9223372036.854775807 s, for any kind of time), or a time of day with hours above 23, minutes above 59 or seconds
 * above 60 (a leap second). One per kind of time, because
 * it remembers the last one: consecutive lines share the seconds part of their time
 * (and {@code -T} durations nearly all start with {@code 0.}), so when the bytes before the fraction
 * equal the last ones, only the fraction is parsed. The text is compared as two masked words.
 */
final class TimeParser {
    /** What {@link #parse} returns for a time of the right form whose value is out of range. */
    static final int OUT_OF_RANGE = -2;
    /** Largest whole seconds whose nanoseconds fit a long, and the largest fraction they may carry. */
    private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L;
    private static final long MAX_FRACTION_AT_MAX_SECONDS = Long.MAX_VALUE % 1_000_000_000L;

    /** A point first and a space last: the eight bytes after {@code HH:MM:SS} in {@code -tt}'s time and its space. */
    private static final long DOT_AND_SPACE = (long) ' ' << 56 | '.';
    private static final long DOT_AND_SPACE_MASK = 0xFFL << 56 | 0xFF;
    private static final long SIX_BYTES = 0xFFFF_FFFF_FFFFL;

    /** The time parsed by the last successful {@link #parse}, in nanoseconds. */
    long nanos;

    /** Length of the remembered seconds text, 0 when none. */
    private int cachedLength;
    private long cachedSeconds;
    private long firstWord;
    private long secondWord;
    private long firstMask;
    private long secondMask;

    /**
     * @param b the bytes
     * @param p where the time starts
     * @param e end of the range
     * @return the index just after the time (its value in {@link #nanos}), -1 if it is not a time, or
     *     {@link #OUT_OF_RANGE}
     */
    int parse(byte[] b, int p, int e) {
        if (cachedLength == 8 && p + 16 <= e) {
            // -tt's 'HH:MM:SS.uuuuuu ' in the same second as the last time: two words, nothing else read
            long fraction = ByteSearch.word(b, p + 8);
            if (ByteSearch.word(b, p) == firstWord && (fraction & DOT_AND_SPACE_MASK) == DOT_AND_SPACE) {
                long digits = (fraction >>> 8) & SIX_BYTES;
                if (Digits.leading(digits) == 6) {
                    nanos = cachedSeconds * 1_000_000_000L + Digits.value(digits, 6) * 1_000L;
                    return p + 15;
                }
            }
        }
        int len = cachedLength;
        if (len > 0 && p + len < e && p + 16 <= b.length) {
            byte after = b[p + len];
            if ((after == '.' || after == ' ') && (ByteSearch.word(b, p) & firstMask) == firstWord
                    && (len <= 8 || (ByteSearch.word(b, p + 8) & secondMask) == secondWord)) {
                return fraction(b, p + len, e, cachedSeconds);
            }
        }
        return parseFully(b, p, e);
    }

    private int parseFully(byte[] b, int p, int e) {
        int n = Digits.count(b, p, e);
        long seconds;
        if (n < 8) {
            seconds = Digits.value(b, p, n);
        } else {
            int more = Digits.count(b, p + 8, e);
            if (more > 4) {
                return -1; // more than 12 digits
            }
            n += more;
            seconds = Digits.value(b, p, 8) * Digits.POW10[more] + Digits.value(b, p + 8, more);
        }
        int q = p + n;
        if (q < e && b[q] == ':') {
            int m = Digits.end(b, q + 1, e);
            if (m != q + 3 || m >= e || b[m] != ':') {
                return -1;
            }
            int sec = Digits.end(b, m + 1, e);
            if (sec != m + 3) {
                return -1;
            }
            long minutes = Digits.value(b, q + 1, 2);
            long secs = Digits.value(b, m + 1, 2);
            if (seconds > 23 || minutes > 59 || secs > 60) {
                return OUT_OF_RANGE;
            }
            seconds = seconds * 3600 + minutes * 60 + secs;
            q = sec;
        }
        int end = fraction(b, q, e, seconds);
        int len = q - p;
        if (end >= 0 && len > 0 && len <= 16 && p + 16 <= b.length) {
            cachedLength = len;
            cachedSeconds = seconds;
            firstMask = ByteSearch.prefixMask(len);
            secondMask = ByteSearch.prefixMask(len - 8);
            firstWord = ByteSearch.word(b, p) & firstMask;
            secondWord = ByteSearch.word(b, p + 8) & secondMask;
        }
        return end;
    }

    /**
     * Parses an optional {@code .FRACTION} at {@code q} (first nine digits count) and sets {@link #nanos}.
     *
     * @return the index after the time, -1, or {@link #OUT_OF_RANGE} when its nanoseconds overflow a long
     */
    private int fraction(byte[] b, int q, int e, long seconds) {
        if (q + 8 <= e && b[q] == '.') {
            long w = ByteSearch.word(b, q) >>> 8; // the seven bytes after the point; the top byte reads as 0
            int n = Digits.leading(w);
            if (n > 0 && n < 7) { // the fraction ends inside the word, as -tt's and -ttt's six digits do
                return checked(q + 1 + n, seconds, Digits.value(w, n) * (n == 6 ? 1_000 : Digits.POW10[9 - n]));
            }
        }
        return fractionSlowly(b, q, e, seconds);
    }

    /** {@link #fraction} for fractions of seven or more digits, none, and times near the line's end. */
    private int fractionSlowly(byte[] b, int q, int e, long seconds) {
        long fraction = 0;
        if (q < e && b[q] == '.') {
            int n = Digits.count(b, q + 1, e);
            if (n == 0) {
                return -1;
            }
            int f = q + 1 + n;
            if (n < 8) {
                fraction = Digits.value(b, q + 1, n) * Digits.POW10[9 - n];
            } else { // nanoseconds are the first nine digits; more are read and ignored
                fraction = Digits.value(b, q + 1, 8) * 10;
                if (f < e && Spans.isDigit(b[f])) {
                    fraction += b[f] - '0';
                    f = Digits.end(b, f + 1, e);
                }
            }
            q = f;
        }
        return checked(q, seconds, fraction);
    }

    /** Sets {@link #nanos} and returns {@code q}, or {@link #OUT_OF_RANGE} when the nanoseconds overflow a long. */
    private int checked(int q, long seconds, long fraction) {
        if (seconds >= MAX_SECONDS && (seconds > MAX_SECONDS || fraction > MAX_FRACTION_AT_MAX_SECONDS)) {
            return OUT_OF_RANGE;
        }
        nanos = seconds * 1_000_000_000L + fraction;
        return q;
    }
}
