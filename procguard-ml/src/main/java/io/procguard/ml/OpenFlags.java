package io.procguard.ml;

import io.procguard.strace.Arguments;

/**
 * The open flags features look at, read in one pass over an {@code open}/{@code openat} flags argument
 * ({@code O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC}) instead of one {@link Arguments#hasFlag} search per flag.
 * Stateless, thread-safe. A flag counts as {@code hasFlag} counts it: a whole word (a maximal run of
 * letters, digits and {@code _}); text holding a string or a decoration is left to {@code hasFlag} itself.
 */
final class OpenFlags {
    static final int WRONLY = 1;
    static final int RDWR = 1 << 1;
    static final int CREAT = 1 << 2;
    static final int TRUNC = 1 << 3;
    static final int APPEND = 1 << 4;
    /** {@code creat(path, mode)}: no flags argument, a write that creates (and truncates, but is not counted so). */
    static final int NO_ARGUMENT = 1 << 5;
    /** Flags that make an open a write. */
    static final int WRITES = WRONLY | RDWR | CREAT | TRUNC | APPEND | NO_ARGUMENT;
    /** O_DIRECTORY: a directory opened to be listed (find, ls, a shell's glob), none of its files read. */
    static final int DIRECTORY = 1 << 6;

    private OpenFlags() {
    }

    /**
     * @param flags the flags argument, or null for {@code creat}
     * @return the bits above
     */
    static int of(CharSequence flags) {
        if (flags == null) {
            return NO_ARGUMENT;
        }
        int n = flags.length();
        int bits = 0;
        int i = 0;
        while (i < n) {
            char c = flags.charAt(i);
            if (c == '"' || c == '<') {
                return slow(flags); // words inside strings and decorations do not count: hasFlag knows how to skip them
            }
            if (!isWordChar(c)) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isWordChar(flags.charAt(i))) {
                i++;
            }
            bits |= bit(flags, start, i - start);
        }
        return bits;
    }

    private static int bit(CharSequence s, int at, int length) {
        if (length < 6 || s.charAt(at) != 'O' || s.charAt(at + 1) != '_') {
            return 0;
        }
        return switch (length) {
            case 6 -> is(s, at, "O_RDWR") ? RDWR : 0;
            case 7 -> is(s, at, "O_CREAT") ? CREAT : is(s, at, "O_TRUNC") ? TRUNC : 0;
            case 8 -> is(s, at, "O_WRONLY") ? WRONLY : is(s, at, "O_APPEND") ? APPEND : 0;
            case 11 -> is(s, at, "O_DIRECTORY") ? DIRECTORY : 0;
            default -> 0;
        };
    }

    private static boolean is(CharSequence s, int at, String word) {
        for (int k = 2; k < word.length(); k++) {
            if (s.charAt(at + k) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int slow(CharSequence flags) {
        return (Arguments.hasFlag(flags, "O_WRONLY") ? WRONLY : 0) | (Arguments.hasFlag(flags, "O_RDWR") ? RDWR : 0)
                | (Arguments.hasFlag(flags, "O_CREAT") ? CREAT : 0) | (Arguments.hasFlag(flags, "O_TRUNC") ? TRUNC : 0)
                | (Arguments.hasFlag(flags, "O_APPEND") ? APPEND : 0) | (Arguments.hasFlag(flags, "O_DIRECTORY") ? DIRECTORY : 0);
    }

    private static boolean isWordChar(char c) {
        return c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }
}
