package io.procguard.core.process;

import java.util.ArrayList;
import java.util.List;

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
     * @return the quoted strings in order until the argv array closes: path first, then argv
     */
    static List<String> strings(CharSequence args, int max) {
        List<String> out = new ArrayList<>();
        int n = args.length();
        int depth = 0;
        for (int i = 0; i < n && out.size() < max; i++) {
            char c = args.charAt(i);
            if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i = unescape(args, i + 1, sb);
                out.add(sb.toString());
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                break;
            }
        }
        return out;
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

    /** Appends the unescaped body of a string starting at {@code i}; returns the index of the closing quote. */
    private static int unescape(CharSequence s, int i, StringBuilder sb) {
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
                    sb.append((char) (Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16)));
                    i += 2;
                } else if (e >= '0' && e <= '7') {
                    int v = e - '0';
                    while (i + 1 < n && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '7' && v < 32) {
                        v = v * 8 + s.charAt(++i) - '0';
                    }
                    sb.append((char) v);
                } else {
                    sb.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                }
            } else {
                sb.append(c);
            }
        }
        return n;
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
     * @param path an executable path
     * @return the kernel's comm for it: the basename, cut to 15 characters
     */
    static String comm(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        return base.length() > 15 ? base.substring(0, 15) : base;
    }
}
