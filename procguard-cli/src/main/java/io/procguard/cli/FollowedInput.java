package io.procguard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The input of {@code parse --follow}: a regular file read like {@code tail -f}, whose end of file is only
 * reported once {@link #stop} was called (Ctrl-C, SIGTERM), after everything written to the file until then
 * was read. The parser then sees a plain end of input, so it handles the last line and the calls still
 * waiting for their {@code <... resumed>} half exactly as at the end of a finished log. One thread reads;
 * {@link #stop} is safe from any thread.
 */
final class FollowedInput extends InputStream {
    /** How long to wait for the file to grow between two looks. */
    static final long POLL_MILLIS = 50;

    private final InputStream in;
    private volatile boolean stopping;
    private volatile Thread reader;

    /**
     * @param in a regular file's stream (a pipe's end of file is final: following it would wait forever)
     */
    FollowedInput(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        reader = Thread.currentThread();
        while (true) {
            boolean last = stopping; // observed before the read: what was written before the stop is read
            int n = in.read(b, off, len);
            if (n != -1 || last) {
                return n;
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
            if (Thread.interrupted()) {
                throw new InterruptedIOException("interrupted while following the file");
            }
        }
    }

    /** Ends the follow: the reader reads to the file's current end, then sees the end of input. */
    void stop() {
        stopping = true;
        Thread t = reader;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
