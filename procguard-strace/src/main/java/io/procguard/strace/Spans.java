package io.procguard.strace;

/**
 * Scanners over strace's argument syntax in a byte range: quoted strings with backslash escapes,
 * {@code -y/-yy} decorations ({@code 3</path>}, {@code 3<TCP:[1.2.3.4:5->6.7.8.9:10]>},
 * {@code 0</dev/null<char 1:3>>}) and nested parentheses. Stateless; every method returns an index
 * into the array, or -1 when the construct does not end before {@code limit}.
 *
 * <p>Why decorations need care: strace escapes {@code <}, {@code >}, {@code "} and non-printables in
 * paths, but not {@code (}, {@code )}, {@code ,} or {@code ]}, so a file named {@code a) = 0} must not
 * end the argument list; and socket decorations contain a raw {@code ->}.
 */
final class Spans {
    private static final byte PLAIN = 0;
    private static final byte QUOTE = 1;
    private static final byte OPEN = 2;
    private static final byte CLOSE = 3;
    private static final byte ANGLE = 4;
    private static final byte[] CLASS = new byte[256];
    private static final boolean[] WORD = new boolean[256];
    private static final long QUOTES = ByteSearch.pattern('"');
    private static final long PARENS = ByteSearch.pattern(')');
    private static final long ANGLES = ByteSearch.pattern('<');
    private static final long LOW_BITS = ByteSearch.pattern('\u0001');
    private static final long ANGLE_BITS = ByteSearch.pattern('\u0002');
    private static final long CLOSING_ANGLES = ByteSearch.pattern('>');
    private static final long SPACES = ByteSearch.pattern(' ');
    private static final long BACKSLASHES = ByteSearch.pattern('\\');
    private static final long EQUALS = ByteSearch.pattern('=');
    private static final long SEVENS = 0x7F7F7F7F7F7F7F7FL;

    static {
        CLASS['"'] = QUOTE;
        CLASS['('] = OPEN;
        CLASS[')'] = CLOSE;
        CLASS['<'] = ANGLE;
        for (int c = 'a'; c <= 'z'; c++) {
            WORD[c] = true;
            WORD[c - 'a' + 'A'] = true;
        }
        for (int c = '0'; c <= '9'; c++) {
            WORD[c] = true;
        }
        WORD['_'] = true;
    }

    private Spans() {
    }

    /**
     * Finds the parenthesis that closes an argument list.
     *
     * @param b the bytes
     * @param p where the arguments start (just after the opening parenthesis)
     * @param limit where to stop looking
     * @param depth open parentheses before {@code p} (1 for a fresh argument list)
     * @return the index of the closing parenthesis, or -1
     */
    static int closeOfArguments(byte[] b, int p, int limit, int depth) {
        int i = p;
        while (true) {
            i = nextSpecial(b, i, limit);
            if (i < 0) {
                return -1;
            }
            switch (CLASS[b[i] & 0xFF]) {
                case QUOTE:
                    i = afterQuoted(b, i, limit);
                    if (i < 0) {
                        return -1;
                    }
                    break;
                case OPEN:
                    depth++;
                    i++;
                    break;
                case CLOSE:
                    if (--depth == 0) {
                        return i;
                    }
                    i++;
                    break;
                default: // '<' right after a word is an fd decoration; anywhere else it is text
                    int after = i > p && WORD[b[i - 1] & 0xFF] ? afterDecoration(b, i, limit) : -1;
                    i = after < 0 ? i + 1 : after;
                    break;
            }
        }
    }

    /**
     * Finds the parenthesis that closes an argument list from the line's end, without reading the arguments:
     * the last {@code )} followed by spaces and {@code "= "}. Only a candidate: the text after it is the
     * return part only if it parses as one (see {@code StraceParser}); a fake {@code ) = } can sit inside a
     * path decoration of the return ({@code = 3</tmp/a) = 4\76x>}). The search gives up at a double quote,
     * since the quoted UNIX socket paths of {@code -yy} keep {@code <} and {@code >} raw.
     *
     * @param b the bytes
     * @param from where the arguments start (just after the opening parenthesis)
     * @param e end of the line
     * @return the index of the candidate parenthesis, or -1 when there is none or a {@code "} comes first
     */
    static int closeBeforeReturn(byte[] b, int from, int e) {
        int i = e - 8;
        for (; i >= from; i -= 8) {
            long w = ByteSearch.word(b, i);
            // exact tests (no borrow): the highest set bit must be a true match
            for (long m = exact(w, EQUALS) | exact(w, QUOTES); m != 0; ) {
                int top = 63 - Long.numberOfLeadingZeros(m);
                int at = i + (top >>> 3);
                int close = candidate(b, from, e, at);
                if (close != 0) {
                    return close;
                }
                m &= ~(1L << top);
            }
        }
        for (int at = i + 7; at >= from; at--) {
            byte c = b[at];
            if (c == '"' || c == '=') {
                int close = candidate(b, from, e, at);
                if (close != 0) {
                    return close;
                }
            }
        }
        return -1;
    }

    /** @return the close parenthesis before the {@code =} at {@code at}, -1 to give up, 0 to look further back */
    private static int candidate(byte[] b, int from, int e, int at) {
        if (b[at] == '"') {
            return -1;
        }
        if (at + 1 < e && b[at + 1] == ' ' && at - 2 >= from && b[at - 1] == ' ') {
            int j = at - 2;
            while (j > from && b[j] == ' ') {
                j--;
            }
            if (b[j] == ')') {
                return j;
            }
        }
        return 0;
    }

    /** @return true if {@code b[from, to)} holds a {@code <} or {@code >} */
    static boolean hasAngle(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if ((b[i] | 2) == '>') {
                return true;
            }
        }
        return false;
    }

    /** @return a mask with the high bit of every byte of {@code w} equal to the pattern, and no other bit */
    private static long exact(long w, long pattern) {
        long x = w ^ pattern;
        return ~(((x & SEVENS) + SEVENS) | x | SEVENS);
    }

    /** @return the index of the first {@code "}, {@code (}, {@code )} or {@code <} in {@code b[i, limit)}, or -1 */
    private static int nextSpecial(byte[] b, int i, int limit) {
        for (int last = limit - 8; i <= last; i += 8) {
            long w = ByteSearch.word(b, i);
            // '(' and ')' differ only in the lowest bit: one test finds both
            long m = ByteSearch.matches(w, QUOTES) | ByteSearch.matches(w | LOW_BITS, PARENS)
                    | ByteSearch.matches(w, ANGLES);
            if (m != 0) {
                return i + ByteSearch.firstByte(m);
            }
        }
        for (; i < limit; i++) {
            if (CLASS[b[i] & 0xFF] != PLAIN) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param b the bytes
     * @param q index of the opening double quote
     * @param limit end of the range
     * @return the index just after the closing quote, or -1
     */
    static int afterQuoted(byte[] b, int q, int limit) {
        int i = q + 1;
        while (true) {
            i = nextQuoteOrBackslash(b, i, limit);
            if (i < 0) {
                return -1;
            }
            if (b[i] == '"') {
                return i + 1;
            }
            // a backslash escapes the next byte; escapes come in runs (binary data, -x), so the next
            // bytes are stepped through one at a time until eight plain bytes in a row have passed
            i += 2;
            for (int plainEnd = Math.min(i + 8, limit); i < plainEnd; ) {
                byte c = b[i];
                if (c == '"') {
                    return i + 1;
                }
                if (c == '\\') {
                    i += 2;
                    plainEnd = Math.min(i + 8, limit);
                } else {
                    i++;
                }
            }
        }
    }

    /** @return the index of the first {@code "} or {@code \\} in {@code b[i, limit)}, or -1 */
    private static int nextQuoteOrBackslash(byte[] b, int i, int limit) {
        for (int last = limit - 8; i <= last; i += 8) {
            long w = ByteSearch.word(b, i);
            long m = ByteSearch.matches(w, QUOTES) | ByteSearch.matches(w, BACKSLASHES);
            if (m != 0) {
                return i + ByteSearch.firstByte(m);
            }
        }
        for (; i < limit; i++) {
            if (b[i] == '"' || b[i] == '\\') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Skips a {@code -y/-yy} decoration. Socket decorations ({@code <TCP:[...]>}, {@code <UNIX-STREAM:[...]>},
     * upper-case protocol then {@code :[}) end at the first {@code ]>} outside quotes; path decorations
     * (strace escapes {@code <>} inside paths) end where the angle brackets balance.
     *
     * @param b the bytes
     * @param a index of the opening {@code <}
     * @param limit end of the range
     * @return the index just after the closing {@code >}, or -1
     */
    static int afterDecoration(byte[] b, int a, int limit) {
        int i = a + 1;
        if (i < limit && b[i] >= 'A' && b[i] <= 'Z') {
            int j = i;
            while (j < limit && (WORD[b[j] & 0xFF] || b[j] == '-')) {
                j++;
            }
            if (j + 1 < limit && b[j] == ':' && b[j + 1] == '[') {
                for (int k = j + 2; k < limit; k++) {
                    byte c = b[k];
                    if (c == '"') {
                        k = afterQuoted(b, k, limit);
                        if (k < 0) {
                            return -1;
                        }
                        k--;
                    } else if (c == ']' && k + 1 < limit && b[k + 1] == '>') {
                        return k + 2;
                    }
                }
                return -1;
            }
        }
        int depth = 1;
        while (true) {
            i = nextAngleOrBackslash(b, i, limit);
            if (i < 0) {
                return -1;
            }
            byte c = b[i];
            if (c == '\\') {
                i += 2;
            } else if (c == '<') {
                depth++;
                i++;
            } else if (--depth == 0) {
                return i + 1;
            } else {
                i++;
            }
        }
    }

    /** @return the index of the first {@code <}, {@code >} or {@code \\} in {@code b[i, limit)}, or -1 */
    private static int nextAngleOrBackslash(byte[] b, int i, int limit) {
        for (int last = limit - 8; i <= last; i += 8) {
            long w = ByteSearch.word(b, i);
            // '<' and '>' differ only in bit 1: one test finds both
            long m = ByteSearch.matches(w | ANGLE_BITS, CLOSING_ANGLES) | ByteSearch.matches(w, BACKSLASHES);
            if (m != 0) {
                return i + ByteSearch.firstByte(m);
            }
        }
        for (; i < limit; i++) {
            byte c = b[i];
            if (c == '<' || c == '>' || c == '\\') {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param b the bytes
     * @param p index of an opening parenthesis
     * @param limit end of the range
     * @return the index just after the matching closing parenthesis, or -1
     */
    static int afterGroup(byte[] b, int p, int limit) {
        int close = closeOfArguments(b, p + 1, limit, 1);
        return close < 0 ? -1 : close + 1;
    }

    /** @return true if {@code b[from, to)} equals the ASCII text */
    static boolean regionMatches(byte[] b, int from, int to, String ascii) {
        int n = ascii.length();
        if (to - from < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[from + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** @return true if {@code b[from, to)} ends with the ASCII text */
    static boolean endsWith(byte[] b, int from, int to, String ascii) {
        return to - from >= ascii.length() && regionMatches(b, to - ascii.length(), to, ascii);
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    static int skipSpaces(byte[] b, int p, int limit) {
        if (p >= limit || b[p] != ' ') {
            return p;
        }
        return p + 1 < limit && b[p + 1] != ' ' ? p + 1 : skipSpaceRun(b, p + 1, limit);
    }

    /**
     * Skips spaces backwards, eight at a time where it can (strace pads a short call to column 40 before {@code " = "}).
     *
     * @param b the bytes
     * @param p where to start, going down
     * @param floor lowest index looked at
     * @return the highest index at or below {@code p} and above {@code floor} that is not a space, or {@code floor}
     */
    static int skipSpacesBack(byte[] b, int p, int floor) {
        while (p - 7 > floor) {
            // b[p] is the highest byte of the word: its leading zero bytes after the XOR are the spaces ending at p
            long notSpace = ByteSearch.word(b, p - 7) ^ SPACES;
            if (notSpace != 0) {
                return p - (Long.numberOfLeadingZeros(notSpace) >>> 3);
            }
            p -= 8;
        }
        while (p > floor && b[p] == ' ') {
            p--;
        }
        return p;
    }

    /** {@link #skipSpaces} past the first space, eight bytes at a time (strace pads before {@code " = "}). */
    private static int skipSpaceRun(byte[] b, int p, int limit) {
        if (p >= limit) {
            return p;
        }
        for (int last = b.length - 8; p <= last; p += 8) {
            long notSpace = ByteSearch.word(b, p) ^ SPACES;
            if (notSpace != 0) {
                return Math.min(p + ByteSearch.firstByte(notSpace), limit);
            }
            if (p + 8 >= limit) {
                return limit;
            }
        }
        while (p < limit && b[p] == ' ') {
            p++;
        }
        return p;
    }
}
