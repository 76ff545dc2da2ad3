package io.procguard.cli.monitor;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads the trace FIFO in fewer, larger chunks. Single reader, not thread-safe.
 *
 * <p>strace writes each trace line in two or more {@code write} calls, and every write into an empty
 * pipe wakes the reader: read at once, the monitor wakes, reads a fragment and parses it once per
 * fragment, which on a busy machine takes CPU from strace and the traced program. After a short read
 * (under {@value #SHORT_READ} bytes) this stream naps {@value #NAP_MICROS} µs before the next read, which
 * then takes everything written meanwhile. The bytes already read are handed on at once (no added
 * latency); a read that fills its buffer never naps, so a fast trace is read at full speed, and the
 * 64 KiB pipe cannot fill during a nap below about 64 MB/s of trace.
 *
 * <p>Given a task to run {@link #whileWaiting while waiting}, it does not block in {@code read} on an empty
 * pipe: it runs the task and naps (1 ms, doubling up to 32 ms) until bytes are there or strace is gone, then
 * reads.
 */
final class BatchingInputStream extends FilterInputStream implements WaitingInput {
    /** A read returning less than this (and less than asked for) is short. */
    static final int SHORT_READ = 4096;
    /** How long to wait after a short read before reading again. */
    static final long NAP_MICROS = 1000;

    private static final long MIN_WAIT_NANOS = 1_000_000;
    private static final long MAX_WAIT_NANOS = 32_000_000;

    private final Process writer;
    private boolean napFirst;
    private Runnable whileWaiting;

    /**
     * @param in the FIFO's read end
     * @param writer strace, the FIFO's writer
     */
    BatchingInputStream(InputStream in, Process writer) {
        super(in);
        this.writer = writer;
    }

    @Override
    public void whileWaiting(Runnable task) {
        whileWaiting = task;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (napFirst) {
            LockSupport.parkNanos(NAP_MICROS * 1000);
        }
        if (whileWaiting != null) {
            for (long wait = MIN_WAIT_NANOS; in.available() == 0 && writer.isAlive(); wait = Math.min(wait * 2, MAX_WAIT_NANOS)) {
                whileWaiting.run();
                LockSupport.parkNanos(this, wait);
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted while reading the trace FIFO");
                }
            }
        }
        int n = in.read(b, off, len);
        napFirst = n >= 0 && n < Math.min(len, SHORT_READ);
        return n;
    }
}
