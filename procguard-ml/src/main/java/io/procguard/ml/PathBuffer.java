package io.procguard.ml;

import io.procguard.strace.Arguments;
import java.nio.charset.StandardCharsets;

/**
 * A path argument decoded into a reused byte array (Latin-1, one byte per character), its
 * {@link String#hashCode()} computed over those bytes: a read-only open whose path no rule matches
 * ({@link PathRules#mayMatchRead}) needs nothing else, so it is counted without making a String.
 * Single writer, not thread-safe: one per thread ({@link #get()}), used within one event.
 *
 * <p>Only literals without escapes are taken ({@link #decode} gives {@link #ESCAPED} otherwise), so the
 * bytes are exactly the characters {@link BehaviourAccumulator#decodePath} would give.
 */
final class PathBuffer {
    /** {@link #decode}: the argument holds no string literal (decodePath gives null). */
    static final int ABSENT = -1;
    /** {@link #decode}: the literal has escapes, holds characters above 0xFF, or is too long; decode it as before. */
    static final int ESCAPED = -2;
    /** Longer paths (with their directory) are left to the String code. */
    static final int MAX_LENGTH = 8192;

    private static final ThreadLocal<PathBuffer> PER_THREAD = ThreadLocal.withInitial(PathBuffer::new);

    private byte[] bytes = new byte[512];
    private int length;
    /** The last two directories {@link #join} was given, and their bytes (null: a character above 0xFF). */
    private String dir;
    private byte[] dirBytes;
    private String olderDir;
    private byte[] olderDirBytes;

    private PathBuffer() {
    }

    /** @return this thread's buffer */
    static PathBuffer get() {
        return PER_THREAD.get();
    }

    /**
     * Takes the characters between the first {@code "} of {@code literal} and the next {@code "} (or the
     * end), as {@link BehaviourAccumulator#decodePath} does when they hold no backslash.
     *
     * @param literal an argument, e.g. {@code "/etc/passwd"}
     * @return the path's length, {@link #ABSENT} or {@link #ESCAPED}
     */
    int decode(CharSequence literal) {
        int n = literal.length();
        if (n > bytes.length) {
            if (n > MAX_LENGTH) {
                return ESCAPED;
            }
            bytes = new byte[Math.max(n, 2 * bytes.length)];
        }
        byte[] b = bytes;
        if (Arguments.copyBytes(literal, b, 0) < 0) {
            return ESCAPED; // a character above 0xFF: not a parser's text
        }
        int quote = 0;
        while (quote < n && b[quote] != '"') {
            quote++;
        }
        if (quote >= n) {
            return ABSENT;
        }
        int end = quote + 1;
        while (end < n && b[end] != '"') {
            if (b[end] == '\\') {
                return ESCAPED;
            }
            end++;
        }
        length = end - quote - 1;
        System.arraycopy(b, quote + 1, b, 0, length);
        return length;
    }

    /** @return true when the path starts with {@code /} (decodePath's result is then never joined) */
    boolean absolute() {
        return length > 0 && bytes[0] == '/';
    }

    /** @return the path's length (0: the empty path) */
    int length() {
        return length;
    }

    /**
     * Puts {@code dir} and, unless it ends with one, a {@code /} before the path, as
     * {@code dir.endsWith("/") ? dir + path : dir + "/" + path}.
     *
     * @param dir the directory (from {@link Arguments#fdPath})
     * @return false, leaving the path as it was, when the directory holds a character above 0xFF or the
     *     joined path is longer than {@link #MAX_LENGTH}
     */
    boolean join(String dir) {
        byte[] d = dirBytes(dir);
        if (d == null) {
            return false;
        }
        int head = d.length > 0 && d[d.length - 1] == '/' ? d.length : d.length + 1;
        int total = head + length;
        if (total > MAX_LENGTH) {
            return false;
        }
        if (total > bytes.length) {
            bytes = java.util.Arrays.copyOf(bytes, Math.max(total, 2 * bytes.length));
        }
        System.arraycopy(bytes, 0, bytes, head, length);
        System.arraycopy(d, 0, bytes, 0, d.length);
        bytes[head - 1] = '/';
        length = total;
        return true;
    }

    private byte[] dirBytes(String d) {
        if (d == dir) {
            return dirBytes;
        }
        if (d == olderDir) {
            String s = olderDir;
            byte[] b = olderDirBytes;
            olderDir = dir;
            olderDirBytes = dirBytes;
            dir = s;
            dirBytes = b;
            return b;
        }
        byte[] b = new byte[d.length()];
        if (Arguments.copyBytes(d, b, 0) < 0) {
            b = null;
        }
        olderDir = dir;
        olderDirBytes = dirBytes;
        dir = d;
        dirBytes = b;
        return b;
    }

    /** @return {@link String#hashCode()} of the path's String */
    int hash() {
        int h = 0;
        byte[] b = bytes;
        for (int i = 0, n = length; i < n; i++) {
            h = 31 * h + (b[i] & 0xFF);
        }
        return h;
    }

    /** @return false if no read rule can match the path ({@link PathRules#mayMatchRead}) */
    boolean mayMatchRead() {
        return PathRules.mayMatchRead(bytes, length);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }
}
