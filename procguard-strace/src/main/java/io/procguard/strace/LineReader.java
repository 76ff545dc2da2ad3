package io.procguard.strace;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * Splits an input stream into lines inside one reusable buffer, without copying: after {@link #next()}
 * the line is {@code buf[lineStart, lineEnd)} (newline and a trailing CR removed), valid until the next
 * call. Lines longer than the limit are skipped in bounded memory. Single reader thread; {@link #close()}
 * may be called from another thread to end a follow-mode wait.
 */
final class LineReader {
    /** {@link #next()} result: no more input. */
    static final int END = 0;
    /** {@link #next()} result: a line is available. */
    static final int LINE = 1;
    /**
     * {@link #next()} result: the current line has just grown past the limit; {@link #excerpt} holds its start.
     * Returned as soon as the limit is crossed, before the rest of the line is read (which may never end, e.g.
     * {@code /dev/zero}); the next call skips that rest in bounded memory.
     */
    static final int OVERLONG = 2;

    private static final int INITIAL_CAPACITY = 64 * 1024;
    private static final int READ_SLACK = 64 * 1024;
    private static final int EXCERPT = 120;

    private final InputStream in;
    private final int maxLineLength;
    private final boolean follow;
    private final long pollMillis;
    private final String sourceName;
    private volatile boolean closed;
    /** Set by {@link #finish()}: the next end of input is final, even in follow mode. */
    private volatile boolean finishing;
    /** Run on the reading thread before each nap of follow mode, or null. */
    Runnable whileWaiting;

    byte[] buf;
    int lineStart;
    int lineEnd;
    /** False for a last line that ended at end of input without a newline. */
    boolean terminated;
    long lineNumber;
    long bytesConsumed;
    /** Start of the last overlong line (for messages). */
    byte[] excerpt = new byte[0];

    private int pos;
    private int limit;
    private int scanFrom;
    private boolean eof;
    /** True after {@link #OVERLONG} until the over-long line's newline has been read. */
    private boolean skipping;

    LineReader(InputStream in, String sourceName, int maxLineLength, boolean follow, long pollMillis) {
        this.in = in;
        this.sourceName = sourceName;
        this.maxLineLength = maxLineLength;
        this.follow = follow;
        this.pollMillis = pollMillis;
        this.buf = new byte[Math.min(INITIAL_CAPACITY, maxLineLength + 1)];
    }

    /** @return {@link #LINE}, {@link #OVERLONG} or {@link #END} */
    int next() throws IOException {
        if (skipping && !skipRestOfOverlong()) {
            return END;
        }
        while (true) {
            int nl = ByteSearch.indexOfNewline(buf, scanFrom, limit);
            if (nl >= 0) {
                return nl - pos <= maxLineLength ? take(nl, true) : overlongEndingAt(nl);
            }
            scanFrom = limit;
            if (limit - pos > maxLineLength) {
                return overlong();
            }
            if (eof) {
                return pos < limit ? take(limit, false) : END;
            }
            if (!fill()) {
                return END;
            }
        }
    }

    private int take(int end, boolean newline) {
        lineStart = pos;
        lineEnd = end > pos && buf[end - 1] == '\r' ? end - 1 : end;
        bytesConsumed += end - pos + (newline ? 1 : 0);
        pos = newline ? end + 1 : end;
        scanFrom = pos;
        terminated = newline;
        lineNumber++;
        return LINE;
    }

    /** Reads more bytes after {@code limit}; false when closed in follow mode. */
    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            scanFrom -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            int cap = (int) Math.min((long) maxLineLength + READ_SLACK, Math.max(buf.length * 2L, INITIAL_CAPACITY));
            buf = java.util.Arrays.copyOf(buf, cap);
        }
        while (true) {
            if (closed) {
                return false;
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n > 0) {
                limit += n;
                return true;
            }
            if (n < 0) {
                if (!follow || finishing) {
                    eof = true;
                    return true;
                }
                pause();
            }
        }
    }

    private void pause() throws InterruptedIOException {
        if (whileWaiting != null) {
            whileWaiting.run();
        }
        try {
            Thread.sleep(pollMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while following " + sourceName);
        }
    }

    /** Counts the current line, whole in the buffer up to its newline at {@code nl}, as over-long and skips it. */
    private int overlongEndingAt(int nl) {
        excerpt = java.util.Arrays.copyOfRange(buf, pos, pos + Math.min(EXCERPT, nl - pos));
        lineNumber++;
        terminated = true;
        bytesConsumed += nl + 1 - pos;
        pos = nl + 1;
        scanFrom = pos;
        return OVERLONG;
    }

    /** Counts the current line as over-long, keeps its start for the message and starts skipping it. */
    private int overlong() {
        excerpt = java.util.Arrays.copyOfRange(buf, pos, pos + Math.min(EXCERPT, limit - pos));
        lineNumber++;
        terminated = true;
        skipping = true;
        return OVERLONG;
    }

    /**
     * Discards the rest of the over-long line up to and including its newline, in bounded memory.
     *
     * @return false when the input ended (or the reader was closed) inside the line
     */
    private boolean skipRestOfOverlong() throws IOException {
        while (true) {
            int nl = ByteSearch.indexOfNewline(buf, scanFrom, limit);
            if (nl >= 0) {
                bytesConsumed += nl + 1 - pos;
                pos = nl + 1;
                scanFrom = pos;
                skipping = false;
                return true;
            }
            bytesConsumed += limit - pos;
            pos = 0;
            limit = 0;
            scanFrom = 0;
            if (eof || !fill() || eof) {
                return false;
            }
        }
    }

    /** Makes the next end of input final (follow mode stops there, nothing unread is lost); safe from another thread. */
    void finish() {
        finishing = true;
    }

    /** Ends a follow-mode wait; safe to call from another thread. */
    void close() throws IOException {
        closed = true;
        in.close();
    }
}
