package io.procguard.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The input of {@code parse --follow}: a regular file read like {@code tail -F}, whose end of file is only
 * reported once {@link #stop} was called (Ctrl-C, SIGTERM), after everything written to the file until then
 * was read. The parser then sees a plain end of input, so it handles the last line and the calls still
 * waiting for their {@code <... resumed>} half exactly as at the end of a finished log.
 *
 * <p>Rotation: at each end of file it looks whether the file was truncated (its size is now below what was
 * read: {@code logrotate copytruncate}, {@code > live.log}) or, for a named file, whether the name now
 * belongs to another file (rename and create, as {@code logrotate} does by default). Either is said in one
 * line on the notice stream and reading goes on from the start of the truncated or new file. A replaced file
 * is first read to its end (what its writer added up to the switch belongs to the stream), and a last line it
 * leaves unterminated is ended with a newline, so that it is not glued to the new file's first line. While
 * the name names nothing (between a rename and the create), the old file is still followed. One thread
 * reads; {@link #stop} is safe from any thread.
 */
final class FollowedInput extends InputStream {
    /** How long to wait for the file to grow between two looks. */
    static final long POLL_MILLIS = 50;

    private final Path path;
    private final String name;
    private final PrintWriter notices;
    private FileChannel channel;
    private Object fileKey;
    private Replacement replacement;
    private Object refusedKey;
    private boolean lineOpen;
    private boolean endLine;
    private volatile boolean stopping;
    private volatile Thread reader;

    /** A file found at the path in place of the one being read, opened; switched to once the old one is drained. */
    private record Replacement(FileChannel channel, Object fileKey) {
    }

    private FollowedInput(Path path, String name, FileChannel channel, Object fileKey, PrintWriter notices) {
        this.path = path;
        this.name = name;
        this.channel = channel;
        this.fileKey = fileKey;
        this.notices = notices;
    }

    /**
     * @param file a regular file
     * @param notices where rotations are reported, one line each
     * @return the file, followed by name (a rename and create is noticed)
     * @throws IOException if it cannot be opened
     */
    static FollowedInput file(Path file, PrintWriter notices) throws IOException {
        Replacement opened = open(file);
        for (int attempt = 0; opened == null && attempt < 3 && Files.exists(file); attempt++) {
            opened = open(file); // renamed between two looks: try the file now there
        }
        if (opened == null) {
            throw new NoSuchFileException(file.toString());
        }
        return new FollowedInput(file, file.toString(), opened.channel(), opened.fileKey(), notices);
    }

    /**
     * @param notices where truncations are reported
     * @return standard input (a regular file, {@code < live.log}), followed by descriptor: a truncation is
     *     noticed, a replacement cannot be (there is no name to look at)
     */
    static FollowedInput stdin(PrintWriter notices) {
        return new FollowedInput(null, "<stdin>", new FileInputStream(FileDescriptor.in).getChannel(), null, notices);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        reader = Thread.currentThread();
        while (true) {
            if (endLine) { // the replaced file's last line had no newline: end it before the new file's first
                endLine = false;
                lineOpen = false;
                b[off] = '\n';
                return 1;
            }
            boolean last = stopping; // observed before the read: what was written before the stop is read
            int n = channel.read(ByteBuffer.wrap(b, off, len));
            if (n > 0) {
                lineOpen = b[off + n - 1] != '\n';
                return n;
            }
            if (last) {
                return -1;
            }
            if (replacement != null) {
                switchToReplacement(); // the old file was read to its end after the new one was seen
                continue;
            }
            if (truncated() || replaced()) {
                continue; // read the truncated file from its start; or the old file once more before switching
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
            if (Thread.interrupted()) {
                throw new InterruptedIOException("interrupted while following " + name);
            }
        }
    }

    /** @return true if the file is now shorter than what was read of it; then reads it from its start */
    private boolean truncated() throws IOException {
        long position = channel.position();
        long size = channel.size();
        if (size >= position) {
            return false;
        }
        notices.println("procguard: " + Printable.escape(name) + ": truncated (now " + size + " bytes, " + position
                + " were read); reading it from its start" + (lineOpen ? " (its last line read, unterminated, ends there)" : ""));
        notices.flush();
        channel.position(0);
        endLine = lineOpen;
        return true;
    }

    /** @return true if the name now belongs to another regular file, opened as the replacement */
    private boolean replaced() throws IOException {
        if (path == null) {
            return false;
        }
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException gone) {
            return false; // between a rename and the create: the old file may still grow
        }
        if (Objects.equals(now.fileKey(), fileKey) || Objects.equals(now.fileKey(), refusedKey)) {
            return false;
        }
        if (!now.isRegularFile()) {
            refusedKey = now.fileKey();
            notices.println("procguard: " + Printable.escape(name) + ": replaced by something that is not a regular file; still following "
                    + "the file it named before");
            notices.flush();
            return false;
        }
        replacement = open(path);
        return replacement != null;
    }

    private void switchToReplacement() throws IOException {
        long read = channel.position();
        channel.close();
        channel = replacement.channel();
        fileKey = replacement.fileKey();
        replacement = null;
        notices.println("procguard: " + Printable.escape(name) + ": replaced by a new file (rotated?); the old one was read to its end ("
                + read + " bytes" + (lineOpen ? ", its last line unterminated" : "") + "); reading the new one from its start");
        notices.flush();
        endLine = lineOpen;
    }

    /**
     * @return the file at {@code path} opened, with the key of the file opened (looked at before and after the
     *     open: a name that changed meanwhile gives null, and the next look tries again), or null
     */
    private static Replacement open(Path path) throws IOException {
        Object before;
        try {
            before = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException gone) {
            return null;
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException gone) {
            return null;
        }
        Object after;
        try {
            after = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException gone) {
            after = null;
        }
        if (before == null || !before.equals(after)) {
            ch.close();
            return null;
        }
        return new Replacement(ch, before);
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
        try {
            if (replacement != null) {
                replacement.channel().close();
            }
        } finally {
            channel.close();
        }
    }
}
