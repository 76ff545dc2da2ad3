package io.procguard.strace;

import java.nio.charset.StandardCharsets;

/**
 * A zero-copy {@link CharSequence} over a range of a byte array, each byte read as one Latin-1 char.
 * Mutable and reused by the parser: valid until the parser moves on; do not modify. Not thread-safe.
 */
final class ByteSpan implements CharSequence {
    private byte[] bytes = new byte[0];
    private int start;
    private int length;

    ByteSpan() {
    }

    private ByteSpan(byte[] bytes, int start, int length) {
        this.bytes = bytes;
        this.start = start;
        this.length = length;
    }

    void set(byte[] b, int from, int to) {
        this.bytes = b;
        this.start = from;
        this.length = to - from;
    }

    void clear() {
        this.length = 0;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + ", length " + length);
        }
        return (char) (bytes[start + index] & 0xFF);
    }

    @Override
    public CharSequence subSequence(int from, int to) {
        if (from < 0 || to > length || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + "), length " + length);
        }
        return new ByteSpan(bytes, start + from, to - from);
    }

    @Override
    public String toString() {
        return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
    }
}
