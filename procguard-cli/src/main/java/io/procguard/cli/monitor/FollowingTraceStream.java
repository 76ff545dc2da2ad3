package io.procguard.cli.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Reads a {@link TraceFile} while strace appends to it, like {@code tail -f} that knows when to stop.
 * Single reader thread; {@link #close} may come from another thread. A daemon thread, the governor,
 * applies the backpressure.
 *
 * <p>End of trace: a read at end of file first asks whether strace still runs; only if it had already
 * exited before that read does end of file mean the end (everything strace wrote is in the file once
 * its process is gone), so the tail is always drained. While strace runs, the reader naps at end of
 * file, 1 ms after data and up to 32 ms while idle; strace's exit cuts any nap short, so the tail is
 * read as soon as strace is gone, not up to a nap later.
 *
 * <p>Batching: strace writes every trace line with its own {@code write} calls, so a reader that reads
 * again as soon as it has parsed would read a line or two at a time, each read waking the monitor and
 * costing a syscall and a pass of the pipeline. After a short read (under
 * {@value BatchingInputStream#SHORT_READ} bytes) the next read waits {@value #BATCH_NAP_NANOS} ns first
 * and takes everything written meanwhile; a read that fills the buffer does not wait, so a reader that
 * is behind catches up at full speed. The wait is the monitor's added latency, and unlike a FIFO's the
 * file never fills up meanwhile. On a {@code find} this took the monitor's reads from one per line or
 * two to one per ~50 lines and {@code procguard run} from 1.17x to 1.06x the wall time of strace with
 * the same flags (benchmarks/README.md).
 *
 * <p>Lag: the governor looks every {@value #GOVERNOR_MILLIS} ms at the file's size against the read
 * position. Above {@code maxLag} it stops strace ({@code SIGSTOP}; the traced processes then wait in
 * their next ptrace stop), below half of it resumes strace ({@code SIGCONT}); closing resumes it too.
 */
final class FollowingTraceStream extends InputStream implements WaitingInput {
    static final long GOVERNOR_MILLIS = 20;
    private static final long MIN_NAP_NANOS = 1_000_000;
    private static final long MAX_NAP_NANOS = 32_000_000;
    /** After a short read, the wait before the next one (see the class comment). */
    static final long BATCH_NAP_NANOS = 5_000_000;
    private static final long PAGE = 4096;

    private final FileChannel channel;
    private final TraceFile file;
    private final Process writer;
    private final long maxLag;
    private final Consumer<String> warnings;
    private final Thread governor;
    /** Bytes read so far; written by the reader, read by the governor. */
    private volatile long position;
    private volatile boolean closed;
    private long punchedTo;
    private boolean punchFailed;
    private long nap = MIN_NAP_NANOS;
    private boolean napFirst;
    private boolean stopped;
    private long stops;
    /** The thread in {@link #read}, which strace's exit wakes from its nap. */
    private volatile Thread reader;
    private Runnable whileWaiting = () -> { };

    FollowingTraceStream(FileChannel channel, TraceFile file, Process writer, long maxLag, Consumer<String> warnings) {
        this.channel = channel;
        this.file = file;
        this.writer = writer;
        this.maxLag = maxLag;
        this.warnings = warnings;
        this.governor = new Thread(this::govern, "procguard-trace-governor");
        governor.setDaemon(true);
        governor.start();
        writer.onExit().thenRun(() -> {
            Thread t = reader;
            if (t != null) {
                LockSupport.unpark(t);
            }
        });
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        ByteBuffer into = ByteBuffer.wrap(b, off, len);
        reader = Thread.currentThread();
        if (napFirst) {
            napFirst = false;
            nap(BATCH_NAP_NANOS);
        }
        while (!closed) {
            boolean writerGone = !writer.isAlive(); // asked before the read: a gone writer has written everything
            int n = channel.read(into, position);
            if (n > 0) {
                if (position == 0) {
                    file.removeNames(); // strace has the file open: the name can go
                }
                position += n;
                nap = MIN_NAP_NANOS;
                napFirst = n < Math.min(len, BatchingInputStream.SHORT_READ);
                if (position - punchedTo >= TraceFile.PUNCH_EVERY_BYTES) {
                    punchParsed();
                }
                return n;
            }
            if (writerGone) {
                return -1;
            }
            nap(nap);
            nap = Math.min(nap * 2, MAX_NAP_NANOS);
        }
        return -1;
    }

    @Override
    public void whileWaiting(Runnable task) {
        whileWaiting = task;
    }

    /** Waits up to {@code nanos}; strace's exit ends the wait early (as may a spurious wake-up: harmless). */
    private void nap(long nanos) throws InterruptedIOException {
        if (!writer.isAlive()) {
            return;
        }
        whileWaiting.run();
        LockSupport.parkNanos(this, nanos);
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted while following the trace file");
        }
    }

    /** Punches out whole pages before the read position: the parser holds those bytes already. */
    private void punchParsed() {
        long to = position & -PAGE;
        if (punchFailed || to <= punchedTo) {
            return;
        }
        if (file.punch(punchedTo, to - punchedTo)) {
            punchedTo = to;
        } else {
            punchFailed = true;
            warnings.accept("cannot punch the parsed trace out of " + file.path() + " (" + Posix.lastError()
                    + "); the file now grows with the trace");
        }
    }

    /** The governor's loop: stops strace above the lag limit and resumes it below half of it. */
    private void govern() {
        try {
            while (!closed && writer.isAlive()) {
                long lag = channel.size() - position;
                synchronized (this) {
                    if (!stopped && lag > maxLag && !closed) {
                        stopped = signal(Posix.SIGSTOP);
                        if (stopped && stops++ == 0) {
                            warnings.accept("the monitor is " + (lag >> 20) + " MiB behind the trace; strace, and so the "
                                    + "program, is paused whenever the lag exceeds " + (maxLag >> 20)
                                    + " MiB, until the monitor catches up (nothing is dropped)");
                        }
                    } else if (stopped && lag < maxLag / 2) {
                        resume();
                    }
                }
                Thread.sleep(GOVERNOR_MILLIS);
            }
        } catch (IOException | InterruptedException e) {
            // the channel was closed, or the JVM is ending: close() resumes strace
        }
    }

    private boolean signal(int sig) {
        return Posix.libc().kill((int) writer.pid(), sig) == 0;
    }

    private void resume() {
        if (stopped) {
            signal(Posix.SIGCONT);
            stopped = false;
        }
    }

    /** @return how often strace was stopped for lag */
    synchronized long stops() {
        return stops;
    }

    /** Ends reading and resumes strace if the governor stopped it. Safe from any thread. */
    @Override
    public void close() throws IOException {
        closed = true;
        synchronized (this) {
            resume();
        }
        governor.interrupt();
        channel.close();
    }
}
