package io.procguard.cli.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.procguard.cli.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * The daemon's own audit trail: {@code daemon.log} in the log directory, one JSON object per line
 * ({@code time}, {@code event}: started, watch, unwatch, run, denied, refused, ended, stopped; the peer's
 * uid and pid where a request or connection caused it), and the same as one human line on stderr. Thread-safe: handler and
 * session threads log concurrently, each line is one {@code write}.
 *
 * <p>The file is opened with {@code O_NOFOLLOW} and created 0600 inside the log directory, which
 * {@link io.procguard.cli.monitor.ProcessLogWriter} has checked (ours, not writable by others).
 */
final class DaemonLog implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final PrintWriter err;
    private final boolean quiet;
    private boolean failed;

    private DaemonLog(Path file, FileChannel channel, PrintWriter err, boolean quiet) {
        this.file = file;
        this.channel = channel;
        this.err = err;
        this.quiet = quiet;
    }

    /**
     * @param logDir the checked log directory
     * @param err stderr
     * @param quiet only denials and failures go to stderr
     * @return the log
     * @throws IOException if {@code daemon.log} cannot be opened (or is a symlink)
     */
    static DaemonLog open(Path logDir, PrintWriter err, boolean quiet) throws IOException {
        Path file = logDir.resolve("daemon.log");
        FileChannel ch = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            ch.close();
            throw new IOException(file + " is not a regular file");
        }
        return new DaemonLog(file, ch, err, quiet);
    }

    /** @return the file */
    Path file() {
        return file;
    }

    /**
     * @param event the event name
     * @return a record with {@code time} and {@code event} set, to fill and pass to {@link #write}
     */
    static ObjectNode record(String event) {
        ObjectNode o = Request.MAPPER.createObjectNode();
        o.put("time", Instant.now().toString());
        o.put("event", event);
        return o;
    }

    /**
     * @param peer who asked, or {@code null}
     * @param event the event name
     * @return a record with the peer's uid and pid
     */
    static ObjectNode record(String event, PeerCredentials peer) {
        ObjectNode o = record(event);
        if (peer != null) {
            o.put("peer_uid", peer.uid());
            o.put("peer_pid", peer.pid());
        }
        return o;
    }

    /**
     * Appends the record and prints {@code procguard: HUMAN} on stderr.
     *
     * @param record from {@link #record}
     * @param human the line for stderr
     * @param important print it even with {@code --quiet} (denials, failures)
     */
    synchronized void write(ObjectNode record, String human, boolean important) {
        if (!failed) {
            try {
                ByteBuffer buf = ByteBuffer.wrap((Answer.line(record) + "\n").getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            } catch (IOException e) {
                failed = true;
                err.println("procguard: cannot write " + file + ": " + e.getMessage() + "; the daemon log goes on stderr only");
            }
        }
        if (important || !quiet) {
            err.println(Printable.escape("procguard: " + human));
        }
        err.flush();
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // every line was written through: nothing is lost
        }
    }
}
