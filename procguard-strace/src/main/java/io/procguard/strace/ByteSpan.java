package io.procguard.strace;

import java.nio.charset.StandardCharsets;

/**
 * A zero-copy {@link CharSequence} over a range of a byte array, each byte read as one Latin-1 char.
 * Mutable and reused by the parser: valid until the parser moves on; do not modify. Not thread-safe.
 *
 * <p>Feature code asks one event for argument 0, then 2, then 1, and tests a flags argument for five
 * flags; so the parser's own spans (made with {@link #ByteSpan()}) remember, until {@link #set} or
 * {@link #clear} moves them, what {@link Arguments} found in them: the top-level argument spans, a
 * reused view per argument ({@link Arguments#nth}), and the whole words of the text and of each view
 * ({@link Arguments#hasFlag}). Plain {@link #subSequence} results remember nothing.
 */
final class ByteSpan implements CharSequence {
    /** How many leading arguments a parser's span remembers (syscalls have at most six). */
    static final int REMEMBERED_ARGUMENTS = 8;
    /** How many words a span remembers; text with more is scanned again on each query. */
    static final int REMEMBERED_WORDS = 8;
    /** {@link #wordsFound} before the words are looked for. */
    static final int WORDS_UNKNOWN = -1;
    /** {@link #wordsFound} when there are more than {@link #REMEMBERED_WORDS}. */
    static final int WORDS_TOO_MANY = -2;

    private byte[] bytes = new byte[0];
    private int start;
    private int length;

    /** Packed spans of the first {@link #argumentsFound} arguments; null unless this is a parser's span. */
    final long[] argumentSpans;
    /** How many leading arguments {@link #argumentSpans} holds. */
    int argumentsFound;
    /** Where the scan for the next argument resumes: after the comma that ended the last one found, or -1 at the end. */
    int argumentsResume;
    /** A reused view per argument; null unless this is a parser's span. */
    private final ByteSpan[] views;
    /** Bit k set: {@code views[k]} shows argument k of the current text. */
    private int viewsCurrent;

    /** Start and end of each remembered word, or null for a plain sub-sequence. */
    final int[] wordBounds;
    /** How many words {@link #wordBounds} holds, {@link #WORDS_UNKNOWN} or {@link #WORDS_TOO_MANY}. */
    int wordsFound = WORDS_UNKNOWN;

    /** A parser's span: remembers arguments, views and words. */
    ByteSpan() {
        argumentSpans = new long[REMEMBERED_ARGUMENTS];
        views = new ByteSpan[REMEMBERED_ARGUMENTS];
        wordBounds = new int[2 * REMEMBERED_WORDS];
    }

    /** A view of one argument of a parser's span: remembers its words. */
    private ByteSpan(int[] wordBounds) {
        this.argumentSpans = null;
        this.views = null;
        this.wordBounds = wordBounds;
    }

    /** A plain sub-sequence: remembers nothing. */
    private ByteSpan(byte[] bytes, int start, int length) {
        this.bytes = bytes;
        this.start = start;
        this.length = length;
        this.argumentSpans = null;
        this.views = null;
        this.wordBounds = null;
    }

    void set(byte[] b, int from, int to) {
        this.bytes = b;
        this.start = from;
        this.length = to - from;
        forget();
    }

    void clear() {
        this.length = 0;
        forget();
    }

    private void forget() {
        argumentsFound = 0;
        argumentsResume = 0;
        viewsCurrent = 0;
        wordsFound = WORDS_UNKNOWN;
    }

    /**
     * @param index an argument index below {@link #REMEMBERED_ARGUMENTS}, on a parser's span
     * @param from where the argument starts in this text
     * @param to where it ends
     * @return the reused view of that argument (the same object until this span moves)
     */
    ByteSpan view(int index, int from, int to) {
        ByteSpan v = views[index];
        if ((viewsCurrent & (1 << index)) != 0) {
            return v;
        }
        if (from < 0 || to > length || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + "), length " + length);
        }
        if (v == null) {
            v = new ByteSpan(new int[2 * REMEMBERED_WORDS]);
            views[index] = v;
        }
        v.set(bytes, start + from, start + to);
        viewsCurrent |= 1 << index;
        return v;
    }

    /** @return the array this span reads (not a copy; the parser's, valid until the span moves) */
    byte[] array() {
        return bytes;
    }

    /** @return where this span's first character is in {@link #array()} */
    int offset() {
        return start;
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
