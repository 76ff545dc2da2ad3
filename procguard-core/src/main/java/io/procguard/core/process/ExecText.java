package io.procguard.core.process;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the file name and argv from execve's argument text
 * ({@code "/bin/sh", ["sh", "-c", "id"], 0x7ffe... /* 39 vars *}{@code /}) and tests clone flags.
 * Stateless. A minimal reader: the general decoders live in {@code io.procguard.strace.Arguments},
 * which core cannot depend on.
 */
final class ExecText {
    private ExecText() {
    }

    /**
     * @param args execve (or execveat, whose path is the second argument) text
     * @param max the most strings to return
     * @return the quoted strings in order until the argv array closes: path first, then argv; each as the bytes
     *     strace's escapes stand for
     */
    static List<byte[]> strings(CharSequence args, int max) {
        List<byte[]> out = new ArrayList<>();
        int n = args.length();
        int depth = 0;
        ByteSink bytes = new ByteSink();
        for (int i = 0; i < n && out.size() < max; i++) {
            char c = args.charAt(i);
            if (c == '"') {
                bytes.length = 0;
                i = unescape(args, i + 1, bytes);
                out.add(java.util.Arrays.copyOf(bytes.bytes, bytes.length));
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                break;
            }
        }
        return out;
    }

    /**
     * Text for people and JSON: the bytes of a path or argument as UTF-8, which is what Linux file names and
     * command lines are in practice. A byte that is not part of valid UTF-8 is kept visible as {@code \xNN}
     * rather than replaced, so nothing is lost (a name that itself holds the four characters {@code \x41}
     * reads the same as byte 0x41 would: strace's own text, kept as evidence, tells them apart).
     *
     * @param bytes the decoded bytes
     * @return them as text
     */
    static String text(byte[] bytes) {
        return text(bytes, bytes.length);
    }

    private static String text(byte[] bytes, int length) {
        boolean ascii = true;
        for (int i = 0; i < length && ascii; i++) {
            ascii = bytes[i] >= 0;
        }
        if (ascii) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        CharBuffer out = CharBuffer.allocate(length * 4);
        while (true) {
            CoderResult r = utf8.decode(in, out, true);
            if (r.isUnderflow()) {
                break;
            }
            for (int k = 0; k < r.length(); k++) {
                out.put(String.format(Locale.ROOT, "\\x%02x", in.get() & 0xff));
            }
        }
        return out.flip().toString();
    }

    /** A growing byte array reused across the strings of one exec. */
    private static final class ByteSink {
        byte[] bytes = new byte[64];
        int length;

        void add(int b) {
            if (length == bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, length * 2);
            }
            bytes[length++] = (byte) b;
        }
    }

    /**
     * @param args execve (or execveat) text
     * @return true when {@link #strings} would find at least one string (cheap: stops at the first quote)
     */
    static boolean hasString(CharSequence args) {
        int n = args.length();
        int depth = 0;
        for (int i = 0; i < n; i++) {
            char c = args.charAt(i);
            if (c == '"') {
                return true;
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                return false;
            }
        }
        return false;
    }

    /**
     * Appends the bytes of a string body starting at {@code i} (strace's C escapes: {@code \n \t \r \v \f},
     * octal, {@code \xNN} under {@code -x}, and any other escaped character as itself; a character above 0xff, which
     * strace never prints, as its UTF-8 bytes); returns the index of the closing quote.
     */
    private static int unescape(CharSequence s, int i, ByteSink sb) {
        int n = s.length();
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < n) {
                char e = s.charAt(++i);
                if (e == 'x' && i + 2 < n && Character.digit(s.charAt(i + 1), 16) >= 0
                        && Character.digit(s.charAt(i + 2), 16) >= 0) {
                    sb.add(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                    i += 2;
                } else if (e >= '0' && e <= '7') {
                    int v = e - '0';
                    while (i + 1 < n && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '7' && v < 32) {
                        v = v * 8 + s.charAt(++i) - '0';
                    }
                    sb.add(v);
                } else {
                    add(sb, switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        case 'v' -> '\u000b';
                        case 'f' -> '\f';
                        case 'a' -> '\u0007';
                        case 'b' -> '\b';
                        default -> e;
                    });
                }
            } else {
                add(sb, c);
            }
        }
        return n;
    }

    private static void add(ByteSink sb, char c) {
        if (c < 0x100) {
            sb.add(c);
        } else {
            for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                sb.add(b & 0xff);
            }
        }
    }

    /** {@link #cloneFlags} bit: {@code CLONE_THREAD} occurs as a whole word. */
    static final int CLONE_THREAD = 1;
    /** {@link #cloneFlags} bit: {@code CLONE_PARENT} occurs as a whole word. */
    static final int CLONE_PARENT = 2;

    /**
     * One scan for both clone flags the tracker needs; each must occur as a whole identifier (as in {@code A|B}), not as part of a longer one.
     *
     * @param text clone's argument text
     * @return {@link #CLONE_THREAD} and {@link #CLONE_PARENT} bits
     */
    static int cloneFlags(CharSequence text) {
        int bits = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isIdent(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isIdent(text.charAt(i))) {
                i++;
            }
            // a maximal identifier run: a whole word exactly when its length and text match
            if (i - start == 12 && text.charAt(start) == 'C') {
                if (regionMatches(text, start, "CLONE_THREAD")) {
                    bits |= CLONE_THREAD;
                } else if (regionMatches(text, start, "CLONE_PARENT")) {
                    bits |= CLONE_PARENT;
                }
            }
        }
        return bits;
    }

    private static boolean regionMatches(CharSequence text, int at, String word) {
        for (int k = 1; k < word.length(); k++) {
            if (text.charAt(at + k) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdent(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /**
     * @param path an executable path, as bytes
     * @return the kernel's comm for it: the basename, cut to 15 bytes (a character the cut would split is left out)
     */
    static String comm(byte[] path) {
        int start = path.length;
        while (start > 0 && path[start - 1] != '/') {
            start--;
        }
        int end = Math.min(path.length, start + 15);
        if (end < path.length) {
            // back off to the start of a UTF-8 sequence the cut would split (continuation bytes are 10xxxxxx)
            int lead = end;
            while (lead > start && lead > end - 3 && (path[lead] & 0xc0) == 0x80) {
                lead--;
            }
            if (lead < end && (path[lead] & 0xc0) == 0xc0 && lead + utf8Length(path[lead]) > end) {
                end = lead;
            }
        }
        return text(java.util.Arrays.copyOfRange(path, start, end));
    }

    /** @return how many bytes a UTF-8 sequence with this lead byte has */
    private static int utf8Length(byte lead) {
        int b = lead & 0xff;
        return b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    }
}
