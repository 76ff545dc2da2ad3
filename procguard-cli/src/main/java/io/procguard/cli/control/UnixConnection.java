package io.procguard.cli.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One accepted control connection: the peer's kernel credentials, line reads with a deadline and a
 * length limit, whole-line writes with a send timeout. One handler thread uses it; {@link #shutdown}
 * may come from any thread (it wakes a blocked read).
 */
final class UnixConnection implements AutoCloseable {
    /** The most a single blocking read or send waits. */
    static final long IO_TIMEOUT_MILLIS = 5_000;

    private final int fd;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final byte[] buffer;
    /** Where each read lands before it is appended to {@link #buffer} (JNA writes arrays from index 0). */
    private final byte[] scratch;
    private int start;
    private int end;

    UnixConnection(int fd, int maxLineBytes) {
        this.fd = fd;
        this.buffer = new byte[maxLineBytes + 1];
        this.scratch = new byte[maxLineBytes + 1];
    }

    /** Thrown when a line is longer than the limit: the connection cannot be resynchronised. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(int limit) {
            super("request line longer than " + limit + " bytes");
        }
    }

    /**
     * @return the peer's credentials
     * @throws IOException if the kernel does not tell
     */
    PeerCredentials peer() throws IOException {
        int[] ucred = new int[3];
        int[] length = {12};
        if (LibC.C.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_PEERCRED, ucred, length) != 0) {
            throw new IOException("SO_PEERCRED: " + LibC.lastError());
        }
        return new PeerCredentials(ucred[0], ucred[1], ucred[2]);
    }

    /**
     * Reads one line (without its newline) that must be complete by the deadline.
     *
     * @param deadlineNanos {@link System#nanoTime()} by which the whole line must have arrived
     * @return the line, or {@code null} at a clean end of stream (nothing pending)
     * @throws LineTooLongException if no newline comes within the limit
     * @throws IOException on a timeout, a truncated last line or a read error
     */
    String readLine(long deadlineNanos) throws IOException {
        while (true) {
            for (int i = start; i < end; i++) {
                if (buffer[i] == '\n') {
                    String line = new String(buffer, start, i - start, StandardCharsets.UTF_8);
                    start = i + 1;
                    return line;
                }
            }
            if (end - start >= buffer.length - 1) {
                throw new LineTooLongException(buffer.length - 1);
            }
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new IOException("timed out waiting for a complete request line");
            }
            timeout(LibC.SO_RCVTIMEO, Math.min(IO_TIMEOUT_MILLIS, Math.max(1, left / 1_000_000)));
            long n = LibC.C.read(fd, scratch, buffer.length - end);
            if (n > 0) {
                System.arraycopy(scratch, 0, buffer, end, (int) n);
                end += (int) n;
            } else if (n == 0) {
                if (end > start) {
                    throw new IOException("connection closed in the middle of a request line");
                }
                return null;
            } else {
                int errno = com.sun.jna.Native.getLastError();
                if (errno != LibC.EINTR && errno != LibC.EAGAIN) {
                    throw new IOException("read: " + LibC.errnoText(errno));
                }
            }
        }
    }

    /**
     * Sends one line (a newline is appended), waiting at most {@link #IO_TIMEOUT_MILLIS} for a peer that
     * does not read.
     *
     * @param line the text, without a newline
     * @throws IOException if the peer is gone or does not read
     */
    void writeLine(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        timeout(LibC.SO_SNDTIMEO, IO_TIMEOUT_MILLIS);
        int off = 0;
        while (off < bytes.length) {
            byte[] chunk = off == 0 ? bytes : java.util.Arrays.copyOfRange(bytes, off, bytes.length);
            long n = LibC.C.send(fd, chunk, chunk.length, LibC.MSG_NOSIGNAL);
            if (n < 0) {
                int errno = com.sun.jna.Native.getLastError();
                if (errno == LibC.EINTR) {
                    continue;
                }
                throw new IOException("send: " + LibC.errnoText(errno));
            }
            off += (int) n;
        }
    }

    private void timeout(int option, long millis) throws IOException {
        long[] timeval = {millis / 1000, millis % 1000 * 1000};
        if (LibC.C.setsockopt(fd, LibC.SOL_SOCKET, option, timeval, 16) != 0) {
            throw new IOException("setsockopt: " + LibC.lastError());
        }
    }

    /** Wakes a blocked read or send (they return end of stream or an error); safe from any thread. */
    void shutdown() {
        if (!closed.get()) {
            LibC.C.shutdown(fd, LibC.SHUT_RDWR);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LibC.C.close(fd);
        }
    }
}
