package io.procguard.strace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoders for the argument text strace prints between a syscall's parentheses. Stateless and
 * thread-safe; every method reads a {@link CharSequence} (a zero-copy cursor view or a String),
 * allocates only for what it returns, and never throws on hostile or truncated input: a value that
 * cannot be read comes back as the documented "absent" result.
 *
 * <p>Argument spans are found by a scanner that knows strace's syntax:
 * <ul>
 *   <li>{@code "strings"} with C escapes, possibly followed by the {@code ...} truncation marker;</li>
 *   <li>{@code {structs}}, {@code [arrays]}, {@code (calls)} such as {@code htons(4444)} nest;</li>
 *   <li>{@code <fd decorations>} of {@code -y/-yy}, e.g. {@code 3</etc/passwd>},
 *       {@code 3<TCP:[127.0.0.1:40000->127.0.0.1:4444]>}, {@code 0</dev/null<char 1:3>>}: they nest,
 *       may contain {@code , ] ->}, and strace escapes a {@code >} of a path as {@code \76};</li>
 *   <li>{@code /* comments *}{@code /} such as {@code /* 39 vars *}{@code /}.</li>
 * </ul>
 *
 * <p>A span is packed into a {@code long} ({@link #start(long)}, {@link #end(long)}), so finding the
 * n-th argument allocates nothing; {@link #NO_SPAN} marks an absent argument.
 */
public final class Arguments {
    /** The span returned for an argument that is not there. */
    public static final long NO_SPAN = -1L;
    /** What {@link #parseLong} returns when the text is not an integer. */
    public static final long NOT_A_NUMBER = Long.MIN_VALUE;

    /** Reads eight bytes of a parser's array as one little-endian long: byte k of the text is bits 8k..8k+7. */
    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long OPENS = ONES * '<';
    private static final long CLOSES = ONES * '>';

    /** The bytes {@link #scanValue(byte[], int, int)} acts on: {@code " < / ( [ { ) ] } ,}. */
    private static final boolean[] SCAN_STOPS = new boolean[256];

    static {
        for (char c : "\"</([{)]},".toCharArray()) {
            SCAN_STOPS[c] = true;
        }
    }

    private Arguments() {
    }

    /**
     * @param span a span from {@link #span} or {@link #field}
     * @return the index of its first character
     */
    public static int start(long span) {
        return (int) (span >>> 32);
    }

    /**
     * @param span a span from {@link #span} or {@link #field}
     * @return the index after its last character
     */
    public static int end(long span) {
        return (int) span;
    }

    private static long pack(int start, int end) {
        return ((long) start << 32) | (end & 0xFFFF_FFFFL);
    }

    /**
     * Counts the top-level arguments.
     *
     * @param args argument text, e.g. {@code 3</etc/passwd>, "abc", 3}
     * @return the number of top-level, comma-separated arguments (0 for blank text)
     */
    public static int count(CharSequence args) {
        int n = args.length();
        int i = skipSpaces(args, 0, n);
        if (i >= n) {
            return 0;
        }
        int count = 1;
        while (true) {
            int end = scanValue(args, i, n, false);
            if (end >= n) {
                return count;
            }
            count++;
            i = end + 1;
        }
    }

    /**
     * Finds the n-th top-level argument without allocating.
     *
     * @param args argument text
     * @param index 0-based argument index
     * @return the trimmed span, or {@link #NO_SPAN} if there are not that many arguments
     */
    public static long span(CharSequence args, int index) {
        if (index < 0) {
            return NO_SPAN;
        }
        if (args instanceof ByteSpan b && b.argumentSpans != null && index < ByteSpan.REMEMBERED_ARGUMENTS) {
            return rememberedSpan(b, index);
        }
        int n = args.length();
        int i = 0;
        for (int k = 0; ; k++) {
            i = skipSpaces(args, i, n);
            if (i >= n && k == 0) {
                return NO_SPAN;
            }
            int end = scanValue(args, i, n, false);
            if (k == index) {
                return pack(i, trimEnd(args, i, end));
            }
            if (end >= n) {
                return NO_SPAN;
            }
            i = end + 1;
        }
    }

    /**
     * {@link #span} on a parser's span: scans on from the last argument found for this text, and remembers.
     * Reads the span's bytes directly ({@link #scanValue(byte[], int, int)}), with the same rules as the
     * character scanner.
     */
    private static long rememberedSpan(ByteSpan b, int index) {
        byte[] a = b.array();
        int base = b.offset();
        int limit = base + b.length();
        while (b.argumentsFound <= index) {
            if (b.argumentsResume < 0) {
                return NO_SPAN;
            }
            int i = base + b.argumentsResume;
            while (i < limit && a[i] == ' ') {
                i++;
            }
            if (i >= limit && b.argumentsFound == 0) {
                b.argumentsResume = -1;
                return NO_SPAN;
            }
            int end = scanValue(a, i, limit);
            int trimmed = end;
            while (trimmed > i && a[trimmed - 1] == ' ') {
                trimmed--;
            }
            b.argumentSpans[b.argumentsFound++] = pack(i - base, trimmed - base);
            b.argumentsResume = end >= limit ? -1 : end + 1 - base;
        }
        return b.argumentSpans[index];
    }

    /**
     * {@link #scanValue(CharSequence, int, int, boolean)} without {@code stopAtBrace} over bytes read as
     * Latin-1 (every character it tests is ASCII, so comparing bytes is comparing characters).
     *
     * @return the index of the top-level {@code ,} that ends the value starting at {@code i}, or {@code n}
     */
    private static int scanValue(byte[] s, int i, int n) {
        int depth = 0;
        while (i < n) {
            if (!SCAN_STOPS[s[i] & 0xFF]) {
                i++; // most bytes: one table read instead of the switch's compares
                continue;
            }
            switch (s[i]) {
                case '"' -> {
                    i = skipString(s, i, n);
                    continue;
                }
                case '<' -> {
                    i = skipDecoration(s, i, n);
                    continue;
                }
                case '/' -> {
                    if (i + 1 < n && s[i + 1] == '*') {
                        i = skipComment(s, i, n);
                        continue;
                    }
                }
                case '(', '[', '{' -> depth++;
                case ')', ']', '}' -> {
                    if (depth != 0) {
                        depth--;
                    }
                }
                case ',' -> {
                    if (depth == 0) {
                        return i;
                    }
                }
                default -> {
                    // any other byte belongs to the value
                }
            }
            i++;
        }
        return n;
    }

    /**
     * As {@link #skipString(CharSequence, int, int)}, over bytes: runs of eight bytes without a quote or a
     * backslash are stepped over as one word (see {@link #zeroBytes}).
     */
    private static int skipString(byte[] s, int i, int n) {
        i++;
        while (true) {
            while (i + Long.BYTES <= n) {
                long w = (long) EIGHT_BYTES.get(s, i);
                long hits = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES);
                if (hits != 0) {
                    i += Long.numberOfTrailingZeros(hits) >>> 3;
                    break;
                }
                i += Long.BYTES;
            }
            if (i >= n) {
                return n;
            }
            byte c = s[i];
            if (c == '"') {
                return i + 1;
            }
            i += c == '\\' ? 2 : 1;
        }
    }

    /**
     * As {@link #skipDecoration(CharSequence, int, int)}, over bytes: runs of eight bytes without
     * {@code \ " < >} are stepped over as one word.
     */
    private static int skipDecoration(byte[] s, int i, int n) {
        int depth = 0;
        while (i < n) {
            byte c = s[i];
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                i = skipString(s, i, n);
            } else if (c == '<') {
                depth++;
                i++;
            } else if (c == '>' && s[i - 1] != '-' && --depth == 0) {
                return i + 1;
            } else {
                i++;
            }
            while (i + Long.BYTES <= n) {
                long w = (long) EIGHT_BYTES.get(s, i);
                long hits = zeroBytes(w ^ BACKSLASHES) | zeroBytes(w ^ QUOTES) | zeroBytes(w ^ OPENS) | zeroBytes(w ^ CLOSES);
                if (hits != 0) {
                    i += Long.numberOfTrailingZeros(hits) >>> 3;
                    break;
                }
                i += Long.BYTES;
            }
        }
        return n;
    }

    /**
     * Marks the zero bytes of a word (the word XOR a repeated byte: where that byte is). The lowest mark is
     * exact, so {@code numberOfTrailingZeros / 8} is the first such byte; marks above a zero byte may be
     * spurious (a borrow), which is why only the lowest is used. Bytes 0x80-0xff are never marked.
     *
     * <pre>
     *  byte:     7        6     ...     1        0      (little-endian: byte 0 is the first in the text)
     *          +--------+--------+ ... +--------+--------+
     *  x       |  0x41  |  0x00  |     |  0xe9  |  0x22  |
     *          +--------+--------+ ... +--------+--------+
     *  marks   |   0    |  0x80  |     |   0    |   0    |   (x - 0x01..01) &amp; ~x &amp; 0x80..80
     * </pre>
     */
    private static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /** As {@link #skipComment(CharSequence, int, int)}, over bytes. */
    private static int skipComment(byte[] s, int i, int n) {
        for (i += 2; i + 1 < n; i++) {
            if (s[i] == '*' && s[i + 1] == '/') {
                return i + 2;
            }
        }
        return n;
    }

    /**
     * @param args argument text
     * @param index 0-based argument index
     * @return the n-th argument as a view ({@code subSequence}), or an empty string if absent
     */
    public static CharSequence nth(CharSequence args, int index) {
        long s = span(args, index);
        if (s == NO_SPAN) {
            return "";
        }
        if (args instanceof ByteSpan b && b.argumentSpans != null && index < ByteSpan.REMEMBERED_ARGUMENTS) {
            return b.view(index, start(s), end(s)); // asked again for the same event: the same view, words found once
        }
        return args.subSequence(start(s), end(s));
    }

    /**
     * Copies text as Latin-1 bytes (char k becomes byte k), so that a caller can run its own loops over a
     * plain array: from a parser's span (e.g. an argument from {@link #nth}) this is one array copy, from
     * any other text a loop over its characters.
     *
     * @param text the text, e.g. an argument
     * @param into where to copy it
     * @param at the index in {@code into} of the first byte
     * @return the number of bytes copied ({@code text.length()}), or -1, with {@code into} partly written,
     *     when the text does not fit from {@code at} or holds a character above {@code 0xFF}
     */
    public static int copyBytes(CharSequence text, byte[] into, int at) {
        int n = text.length();
        if (at < 0 || n > into.length - at) {
            return -1;
        }
        if (text instanceof ByteSpan b) {
            System.arraycopy(b.array(), b.offset(), into, at, n);
            return n;
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                return -1;
            }
            into[at + i] = (byte) c;
        }
        return n;
    }

    /**
     * @param text any text, e.g. a whole argument list
     * @param c a character
     * @return true if {@code c} occurs in {@code text}; a parser's span is searched eight bytes at a time
     */
    public static boolean contains(CharSequence text, char c) {
        int n = text.length();
        if (text instanceof ByteSpan b && c <= 0xFF) {
            byte[] a = b.array();
            int i = b.offset();
            int limit = i + n;
            long pattern = ONES * c;
            for (; i + Long.BYTES <= limit; i += Long.BYTES) {
                if (zeroBytes((long) EIGHT_BYTES.get(a, i) ^ pattern) != 0) {
                    return true;
                }
            }
            for (; i < limit; i++) {
                if (a[i] == (byte) c) {
                    return true;
                }
            }
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) == c) {
                return true;
            }
        }
        return false;
    }

    /**
     * Finds {@code name=value} at the top level of a struct or of an argument list, e.g.
     * {@code field("{sa_family=AF_INET, sin_port=htons(4444)}", "sin_port")} gives {@code htons(4444)}.
     *
     * @param text a struct (with or without its braces) or argument text
     * @param name the field name
     * @return the trimmed span of the value, or {@link #NO_SPAN}
     */
    public static long field(CharSequence text, String name) {
        int n = text.length();
        int i = skipSpaces(text, 0, n);
        boolean braced = i < n && text.charAt(i) == '{';
        if (braced) {
            i++;
        }
        while (i < n) {
            i = skipSpaces(text, i, n);
            int end = scanValue(text, i, n, braced);
            if (regionMatches(text, i, name) && i + name.length() < end && text.charAt(i + name.length()) == '=') {
                int v = i + name.length() + 1;
                return pack(v, trimEnd(text, v, end));
            }
            if (end >= n || text.charAt(end) != ',') {
                return NO_SPAN;
            }
            i = end + 1;
        }
        return NO_SPAN;
    }

    /**
     * Scans one value from {@code i}: returns the index of the top-level {@code ,} that ends it, of the
     * closing {@code }} when {@code stopAtBrace}, or {@code n}.
     */
    private static int scanValue(CharSequence s, int i, int n, boolean stopAtBrace) {
        int depth = 0;
        while (i < n) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    i = skipString(s, i, n);
                    continue;
                case '<':
                    i = skipDecoration(s, i, n);
                    continue;
                case '/':
                    if (i + 1 < n && s.charAt(i + 1) == '*') {
                        i = skipComment(s, i, n);
                        continue;
                    }
                    break;
                case '(':
                case '[':
                case '{':
                    depth++;
                    break;
                case ')':
                case ']':
                case '}':
                    if (depth == 0) {
                        if (stopAtBrace && c == '}') {
                            return i;
                        }
                    } else {
                        depth--;
                    }
                    break;
                case ',':
                    if (depth == 0) {
                        return i;
                    }
                    break;
                default:
                    break;
            }
            i++;
        }
        return n;
    }

    /** @return the index after the closing quote (or n when unterminated) */
    private static int skipString(CharSequence s, int i, int n) {
        for (i++; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            }
        }
        return n;
    }

    /** @return the index after the matching {@code >}; nested {@code <} open, {@code ->} does not close */
    private static int skipDecoration(CharSequence s, int i, int n) {
        int depth = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                i = skipString(s, i, n) - 1;
            } else if (c == '<') {
                depth++;
            } else if (c == '>' && s.charAt(i - 1) != '-' && --depth == 0) {
                return i + 1;
            }
        }
        return n;
    }

    private static int skipComment(CharSequence s, int i, int n) {
        for (i += 2; i + 1 < n; i++) {
            if (s.charAt(i) == '*' && s.charAt(i + 1) == '/') {
                return i + 2;
            }
        }
        return n;
    }

    private static int skipSpaces(CharSequence s, int i, int n) {
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static int trimEnd(CharSequence s, int start, int end) {
        while (end > start && s.charAt(end - 1) == ' ') {
            end--;
        }
        return end;
    }

    private static boolean regionMatches(CharSequence s, int at, String word) {
        if (at < 0 || at + word.length() > s.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (s.charAt(at + k) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- strings

    /**
     * Decodes a C string literal as strace prints it: {@code "a\nb"}, {@code "\x41"} ({@code -x},
     * {@code -xx}), octal {@code "\177"}, with or without a trailing {@code ...} truncation marker.
     * Leading text before the opening quote (e.g. the {@code @} of an abstract socket) is skipped.
     *
     * @param literal the literal
     * @return the decoded characters (bytes above 0x7f become chars 0x80-0xff), or {@code null} if there is no string
     */
    public static String decodeString(CharSequence literal) {
        return decodeString(literal, 0, literal.length());
    }

    /**
     * Decodes the C string literal that starts at or after {@code from}.
     *
     * @param text text holding a literal
     * @param from where to look for the opening quote
     * @param to where to stop looking
     * @return the decoded string, or {@code null} if there is no quote in range
     */
    public static String decodeString(CharSequence text, int from, int to) {
        int i = from;
        while (i < to && text.charAt(i) != '"') {
            i++;
        }
        if (i >= to) {
            return null;
        }
        int plain = plainEnd(text, i + 1, to, '"');
        if (plain < 0) {
            StringBuilder out = new StringBuilder(Math.min(64, to - i));
            decodeEscapes(text, i + 1, to, '"', out);
            return out.toString();
        }
        return text.subSequence(i + 1, plain).toString(); // nothing escaped: the text is the value
    }

    /**
     * @return the index of the first {@code stop} character (or {@code to}) when no backslash comes before it,
     *     else -1 (escapes to decode)
     */
    private static int plainEnd(CharSequence s, int i, int to, char stop) {
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c == stop) {
                return i;
            }
            if (c == '\\') {
                return -1;
            }
        }
        return to;
    }

    /**
     * Decodes C escapes from {@code i} until an unescaped {@code stop} character (or {@code to}).
     *
     * @return the index of the stop character, or {@code to}
     */
    private static int decodeEscapes(CharSequence s, int i, int to, char stop, StringBuilder out) {
        while (i < to) {
            char c = s.charAt(i);
            if (c == stop) {
                return i;
            }
            if (c != '\\' || i + 1 >= to) {
                out.append(c);
                i++;
                continue;
            }
            char e = s.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'v' -> out.append('\u000b');
                case 'f' -> out.append('\f');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'x' -> {
                    int v = 0;
                    int k = 0;
                    while (k < 2 && i < to && hexDigit(s.charAt(i)) >= 0) {
                        v = v * 16 + hexDigit(s.charAt(i++));
                        k++;
                    }
                    out.append((char) v);
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int k = 0; k < 2 && i < to && s.charAt(i) >= '0' && s.charAt(i) <= '7'; k++) {
                            v = v * 8 + (s.charAt(i++) - '0');
                        }
                        out.append((char) (v & 0xff));
                    } else {
                        out.append(e);
                    }
                }
            }
        }
        return to;
    }

    /**
     * @param literal a string argument
     * @return true when strace cut it at {@code -s} (the closing quote is followed by {@code ...})
     */
    public static boolean isTruncated(CharSequence literal) {
        int n = literal.length();
        return n >= 4 && literal.charAt(n - 1) == '.' && literal.charAt(n - 2) == '.' && literal.charAt(n - 3) == '.'
                && literal.charAt(n - 4) == '"';
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Decodes an array of strings such as execve's argv {@code ["sh", "-c", "id"]}. A {@code ...}
     * element (strace's {@code -a}/array truncation) ends the list with a {@code "..."} element; a
     * truncated string keeps its decoded prefix. Pointers, {@code NULL} and {@code [/* 3 vars *}{@code /]}
     * yield an empty list.
     *
     * @param array the array argument
     * @param max the most elements to return (hostile argv can be huge)
     * @return the decoded elements, never null
     */
    public static List<String> stringArray(CharSequence array, int max) {
        List<String> out = new ArrayList<>();
        int n = array.length();
        int i = skipSpaces(array, 0, n);
        if (i >= n || array.charAt(i) != '[') {
            return out;
        }
        i++;
        while (i < n && out.size() < max) {
            i = skipSpaces(array, i, n);
            int end = scanValue(array, i, n, false);
            int close = end;
            // the last element ends at the array's ']'
            if (end >= n) {
                close = lastIndexOf(array, ']', i, n);
                if (close < 0) {
                    close = n;
                }
            }
            if (i < close) {
                char c = array.charAt(i);
                if (c == '"') {
                    out.add(decodeString(array, i, close));
                } else if (c == '.' && regionMatches(array, i, "...")) {
                    out.add("...");
                    return out;
                }
            }
            if (end >= n) {
                break;
            }
            i = end + 1;
        }
        return out;
    }

    private static int lastIndexOf(CharSequence s, char c, int from, int to) {
        for (int k = to - 1; k >= from; k--) {
            if (s.charAt(k) == c) {
                return k;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- numbers and flags

    /**
     * Parses an integer as strace prints it: decimal, {@code 0x} hex, {@code 0}-prefixed octal
     * ({@code 0644}), with an optional sign; trailing text (a decoration, a comment) is ignored.
     *
     * @param text the value, e.g. {@code 3</etc/passwd>}, {@code -1}, {@code 0x7f}, {@code 0644}
     * @return the value, or {@link #NOT_A_NUMBER}
     */
    public static long parseLong(CharSequence text) {
        return parseLong(text, 0, text.length());
    }

    /**
     * Parses an integer in {@code [from, to)}; see {@link #parseLong(CharSequence)}.
     *
     * @param text the text
     * @param from the first index
     * @param to the end index
     * @return the value, or {@link #NOT_A_NUMBER}
     */
    public static long parseLong(CharSequence text, int from, int to) {
        int i = skipSpaces(text, from, to);
        boolean negative = false;
        if (i < to && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (i + 1 < to && text.charAt(i) == '0' && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')) {
            radix = 16;
            i += 2;
        } else if (i + 1 < to && text.charAt(i) == '0' && text.charAt(i + 1) >= '0' && text.charAt(i + 1) <= '7') {
            radix = 8;
            i++;
        }
        long v = 0;
        int digits = 0;
        for (; i < to; i++) {
            int d = hexDigit(text.charAt(i));
            if (d < 0 || d >= radix) {
                break;
            }
            if (digits++ > 18 && radix == 10 || digits > 16 && radix == 16 || digits > 22) {
                return NOT_A_NUMBER; // too long: overflow
            }
            v = v * radix + d;
        }
        if (digits == 0) {
            return NOT_A_NUMBER;
        }
        return negative ? -v : v;
    }

    /**
     * Tests a symbolic flag in text like {@code O_WRONLY|O_CREAT|O_TRUNC}, {@code PROT_READ|PROT_EXEC}
     * or {@code flags=CLONE_VM|CLONE_THREAD}: the name must appear as a whole word outside strings.
     *
     * @param text the flags argument (or a whole struct)
     * @param flag the flag name (letters, digits and {@code _}), e.g. {@code O_CREAT}
     * @return true if the flag is set
     */
    public static boolean hasFlag(CharSequence text, String flag) {
        int m = flag.length();
        if (text instanceof ByteSpan b && b.wordBounds != null) {
            int words = b.wordsFound == ByteSpan.WORDS_UNKNOWN ? rememberWords(b) : b.wordsFound;
            if (words != ByteSpan.WORDS_TOO_MANY) {
                int[] bounds = b.wordBounds;
                for (int w = 0; w < 2 * words; w += 2) {
                    if (bounds[w + 1] - bounds[w] == m && regionMatches(b, bounds[w], flag)) {
                        return true;
                    }
                }
                return false;
            }
        }
        int n = text.length();
        for (long w = nextWord(text, 0, n); w != NO_SPAN; w = nextWord(text, end(w), n)) {
            if (end(w) - start(w) == m && regionMatches(text, start(w), flag)) {
                return true;
            }
        }
        return false;
    }

    /** Finds the words of a parser's span once; returns their count or {@link ByteSpan#WORDS_TOO_MANY}. */
    private static int rememberWords(ByteSpan b) {
        int n = b.length();
        int found = 0;
        for (long w = nextWord(b, 0, n); w != NO_SPAN; w = nextWord(b, end(w), n)) {
            if (found == ByteSpan.REMEMBERED_WORDS) {
                found = ByteSpan.WORDS_TOO_MANY;
                break;
            }
            b.wordBounds[2 * found] = start(w);
            b.wordBounds[2 * found + 1] = end(w);
            found++;
        }
        b.wordsFound = found;
        return found;
    }

    /**
     * @return the span of the next whole word (a maximal run of letters, digits and {@code _}) at or after
     *     {@code i}, outside strings and decorations, or {@link #NO_SPAN}
     */
    private static long nextWord(CharSequence text, int i, int n) {
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"') {
                i = skipString(text, i, n);
            } else if (c == '<') {
                i = skipDecoration(text, i, n);
            } else if (isWordChar(c)) {
                int end = i + 1;
                while (end < n && isWordChar(text.charAt(end))) {
                    end++;
                }
                return pack(i, end);
            } else {
                i++;
            }
        }
        return NO_SPAN;
    }

    private static boolean isWordChar(char c) {
        return c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    // ---------------------------------------------------------------- file descriptors

    /**
     * @param arg an fd argument or return text, e.g. {@code 3</etc/passwd>}, {@code 3}, {@code AT_FDCWD}
     * @return the fd number, or -1 if it does not start with a non-negative number
     */
    public static int fd(CharSequence arg) {
        int n = arg.length();
        int i = skipSpaces(arg, 0, n);
        if (i >= n || arg.charAt(i) < '0' || arg.charAt(i) > '9') {
            return -1;
        }
        long v = 0;
        while (i < n && arg.charAt(i) >= '0' && arg.charAt(i) <= '9') {
            v = v * 10 + (arg.charAt(i++) - '0');
            if (v > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return (int) v;
    }

    /**
     * @param arg an fd argument, e.g. {@code 3<TCP:[127.0.0.1:40000->127.0.0.1:4444]>}
     * @return the raw text inside the outer {@code <...>} (e.g. {@code TCP:[127.0.0.1:40000->127.0.0.1:4444]}),
     *     or an empty string without {@code -y}
     */
    public static CharSequence fdDecoration(CharSequence arg) {
        int n = arg.length();
        for (int i = 0; i < n; i++) {
            char c = arg.charAt(i);
            if (c == '<') {
                int end = skipDecoration(arg, i, n);
                int close = end <= n && end > i + 1 && arg.charAt(end - 1) == '>' ? end - 1 : end;
                return arg.subSequence(i + 1, Math.max(i + 1, close));
            }
            if (c == '"' || c == ',' || c == '{' || c == '[') {
                break;
            }
        }
        return "";
    }

    /**
     * @param arg an fd argument with a path decoration, e.g. {@code 3</tmp/a\76b>}
     * @return the decoded path ({@code -y} escapes undone; a device suffix like {@code <char 1:3>} dropped),
     *     or {@code null} if the fd has no path decoration
     */
    public static String fdPath(CharSequence arg) {
        CharSequence d = fdDecoration(arg);
        if (d.length() == 0 || d.charAt(0) != '/') {
            return null;
        }
        int plain = plainEnd(d, 0, d.length(), '<');
        if (plain >= 0) {
            return d.subSequence(0, plain).toString(); // nothing escaped: the text is the path
        }
        StringBuilder out = new StringBuilder(d.length());
        decodeEscapes(d, 0, d.length(), '<', out);
        return out.toString();
    }

    /**
     * Reads a connected socket's peer from a {@code -yy} decoration:
     * {@code TCP:[127.0.0.1:40000->127.0.0.1:4444]} gives {@code 127.0.0.1:4444}; a listening
     * {@code TCP:[0.0.0.0:8080]} gives {@code 0.0.0.0:8080}; {@code UNIX-STREAM:[1234,"/run/x.sock"]} gives
     * {@code /run/x.sock}.
     *
     * @param decoration the text from {@link #fdDecoration}
     * @return the endpoint, or {@code null} for sockets without an address ({@code socket:[1234]},
     *     {@code TCP:[1234]}) and non-sockets
     */
    public static String socketEndpoint(CharSequence decoration) {
        if (!isSocketDecoration(decoration)) {
            return null;
        }
        int n = decoration.length();
        int open = indexOf(decoration, '[', 0, n);
        int close = lastIndexOf(decoration, ']', 0, n);
        if (open < 0 || close <= open + 1) {
            return null;
        }
        int q = indexOf(decoration, '"', open, close);
        if (q >= 0) {
            boolean abstractName = q > 0 && decoration.charAt(q - 1) == '@';
            String path = decodeString(decoration, q, close);
            return abstractName ? "@" + path : path;
        }
        int from = open + 1;
        for (int k = open + 1; k + 1 < close; k++) {
            if (decoration.charAt(k) == '-' && decoration.charAt(k + 1) == '>') {
                from = k + 2;
            }
        }
        for (int k = from; k < close; k++) {
            char c = decoration.charAt(k);
            if (c == ':' || c == '.') {
                return decoration.subSequence(from, close).toString();
            }
        }
        return null; // only an inode number
    }

    /**
     * @param decoration the text from {@link #fdDecoration}
     * @return true for socket decorations ({@code TCP:}, {@code UDP:}, {@code TCPv6:}, {@code UNIX-STREAM:},
     *     {@code socket:[...]}, {@code NETLINK:} ...)
     */
    public static boolean isSocketDecoration(CharSequence decoration) {
        int n = decoration.length();
        int colon = indexOf(decoration, ':', 0, Math.min(n, 24));
        if (colon <= 0 || colon + 1 >= n || decoration.charAt(colon + 1) != '[' || decoration.charAt(0) == '/') {
            return false;
        }
        // pipe:[..] and anon_inode:[..] are not sockets
        return !regionMatches(decoration, 0, "pipe:") && !regionMatches(decoration, 0, "anon_inode:");
    }

    private static int indexOf(CharSequence s, char c, int from, int to) {
        for (int k = from; k < to; k++) {
            if (s.charAt(k) == c) {
                return k;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- socket addresses

    /**
     * Reads a socket address struct: {@code {sa_family=AF_INET, sin_port=htons(4444),
     * sin_addr=inet_addr("127.0.0.1")}} gives {@code 127.0.0.1:4444}; AF_INET6 gives {@code [::1]:8080};
     * AF_UNIX gives the {@code sun_path}, with {@code @} for abstract names; other families give the
     * family name (e.g. {@code AF_NETLINK}).
     *
     * @param sockaddr the struct argument
     * @return the endpoint, or {@code null} if this is not a socket address
     */
    public static String socketAddress(CharSequence sockaddr) {
        long family = field(sockaddr, "sa_family");
        if (family == NO_SPAN) {
            return null;
        }
        CharSequence fam = sockaddr.subSequence(start(family), end(family));
        if (equalsText(fam, "AF_INET")) {
            String host = quotedIn(sockaddr, field(sockaddr, "sin_addr"));
            long port = portOf(sockaddr, field(sockaddr, "sin_port"));
            return host == null ? "AF_INET" : host + ":" + (port == NOT_A_NUMBER ? "?" : port);
        }
        if (equalsText(fam, "AF_INET6")) {
            String host = null;
            int p = indexOf(sockaddr, '"', 0, sockaddr.length());
            for (int k = 0; k + 9 < sockaddr.length(); k++) {
                if (regionMatches(sockaddr, k, "inet_pton(")) {
                    host = decodeString(sockaddr, k, sockaddr.length());
                    break;
                }
            }
            if (host == null && p >= 0) {
                host = decodeString(sockaddr, p, sockaddr.length());
            }
            long port = portOf(sockaddr, field(sockaddr, "sin6_port"));
            return host == null ? "AF_INET6" : "[" + host + "]:" + (port == NOT_A_NUMBER ? "?" : port);
        }
        if (equalsText(fam, "AF_UNIX") || equalsText(fam, "AF_LOCAL")) {
            long path = field(sockaddr, "sun_path");
            if (path == NO_SPAN) {
                return "AF_UNIX";
            }
            String decoded = decodeString(sockaddr, start(path), end(path));
            if (decoded == null) {
                return "AF_UNIX";
            }
            return sockaddr.charAt(start(path)) == '@' ? "@" + decoded : decoded;
        }
        return fam.toString();
    }

    private static String quotedIn(CharSequence s, long span) {
        return span == NO_SPAN ? null : decodeString(s, start(span), end(span));
    }

    private static long portOf(CharSequence s, long span) {
        if (span == NO_SPAN) {
            return NOT_A_NUMBER;
        }
        int from = start(span);
        int to = end(span);
        int paren = indexOf(s, '(', from, to);
        return parseLong(s, paren < 0 ? from : paren + 1, to);
    }

    private static boolean equalsText(CharSequence s, String text) {
        return s.length() == text.length() && regionMatches(s, 0, text);
    }
}
