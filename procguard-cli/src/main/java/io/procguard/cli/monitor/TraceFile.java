package io.procguard.cli.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * The trace channel as a regular file that the monitor follows while strace appends to it: strace
 * never blocks on a full pipe and never wakes a reader per {@code write} (it writes each line in two or
 * more), so tracing costs what {@code strace -o FILE} costs. One reader, not thread-safe;
 * {@link #close} removes the file and its directory.
 *
 * <p>Safety as root: the file lives in a fresh private directory (0700, from
 * {@link Files#createTempDirectory}) and is created here with {@code O_CREAT | O_EXCL | O_NOFOLLOW},
 * mode 0600, before strace opens it, so no other user can pre-create, replace or read it.
 *
 * <p>Bounded disk and memory: the reader punches the already-parsed prefix out of the file
 * ({@code fallocate(FALLOC_FL_PUNCH_HOLE)}, every {@value #PUNCH_EVERY_BYTES} bytes; the file stays
 * sparse, its size grows but its blocks do not), and when the monitor falls more than
 * {@code maxLagBytes} behind strace, strace is stopped ({@code SIGSTOP}) until the monitor has caught
 * up to half that lag ({@code SIGCONT}): the same backpressure a full FIFO gives, where the traced
 * processes wait in their next ptrace stop and nothing is dropped. A warning says so the first time.
 * {@link #create} refuses a file system that cannot punch holes (the caller then uses a
 * {@link TraceFifo}). strace is started with a parent-death signal (see {@link StraceCommand}), so a
 * monitor killed outright does not leave strace writing, or stopped, with no reader.
 */
public final class TraceFile implements TraceChannel {
    /** How much parsed trace accumulates before it is punched out. */
    static final long PUNCH_EVERY_BYTES = 8L << 20;
    /** Default most trace bytes written and not yet read before strace is stopped. */
    public static final long DEFAULT_MAX_LAG_BYTES = 64L << 20;

    private final Path dir;
    private final Path file;
    private final int fd;
    private final long maxLagBytes;
    private final Consumer<String> warnings;
    private FollowingTraceStream reader;
    private boolean closed;

    private TraceFile(Path dir, Path file, int fd, long maxLagBytes, Consumer<String> warnings) {
        this.dir = dir;
        this.file = file;
        this.fd = fd;
        this.maxLagBytes = maxLagBytes;
        this.warnings = warnings;
    }

    /**
     * Creates the private directory and the empty trace file, and checks that the file system can
     * punch holes into it.
     *
     * @param maxLagBytes stop strace while this much trace is unread (at least 1 MiB)
     * @param warnings receives the one-line backpressure warning
     * @return the channel
     * @throws IOException if either cannot be created, or the file system cannot punch holes
     */
    public static TraceFile create(long maxLagBytes, Consumer<String> warnings) throws IOException {
        if (maxLagBytes < (1L << 20)) {
            throw new IllegalArgumentException("maxLagBytes must be at least 1 MiB, got " + maxLagBytes);
        }
        Path dir = Files.createTempDirectory("procguard-");
        Path file = dir.resolve("trace.log");
        int fd = Posix.libc().open(file.toString(), Posix.O_RDWR | Posix.O_CREAT | Posix.O_EXCL | Posix.O_NOFOLLOW
                | Posix.O_CLOEXEC, 0600);
        if (fd < 0) {
            String why = Posix.lastError();
            Files.deleteIfExists(dir);
            throw new IOException("cannot create the trace file " + file + ": " + why);
        }
        TraceFile t = new TraceFile(dir, file, fd, maxLagBytes, warnings);
        if (!t.punch(0, 4096)) {
            String why = Posix.lastError();
            t.close();
            throw new IOException("the file system of " + dir + " cannot punch holes (" + why + ")");
        }
        return t;
    }

    @Override
    public Path path() {
        return file;
    }

    /**
     * Follows the file: reads what strace wrote, in batches (5 ms between short reads), waits (polling,
     * 1 ms rising to 32 ms while idle) at its end while strace runs, and ends once strace has exited and
     * the rest was read.
     *
     * @param writer strace
     * @return the trace
     * @throws IOException if the file cannot be opened for reading
     */
    @Override
    public InputStream openReader(Process writer) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        reader = new FollowingTraceStream(ch, this, writer, maxLagBytes, warnings);
        return reader;
    }

    /**
     * Punches {@code [offset, offset + length)} out of the file (its size does not change).
     *
     * @return false if the call failed (errno in {@link Posix#lastError()})
     */
    boolean punch(long offset, long length) {
        return Posix.libc().fallocate(fd, Posix.FALLOC_FL_PUNCH_HOLE | Posix.FALLOC_FL_KEEP_SIZE, offset, length) == 0;
    }

    /** @return the directory, for messages */
    Path dir() {
        return dir;
    }

    /** @return the file through this process's own descriptor ({@code /proc/self/fd/N}): valid after {@link #removeNames} too */
    Path openPath() {
        return Path.of("/proc/self/fd/" + fd);
    }

    /**
     * Removes the file's name and its directory once strace writes into it (the reader calls this at the first
     * bytes): both keep their open descriptors, and a monitor killed outright then leaves no trace data on disk.
     */
    synchronized void removeNames() {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            warnings.accept("cannot remove " + file + " early (" + e.getMessage() + "); it is removed at the end");
        }
    }

    /** Resumes strace if the reader stopped it, then removes the file and its directory. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (reader != null) {
            reader.close();
        }
        Posix.libc().close(fd);
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }
}
