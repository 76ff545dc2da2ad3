package io.procguard.cli.monitor;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The trace channel: a FIFO inside a fresh private directory (0700, from
 * {@link Files#createTempDirectory}), so no other user can open, replace or pre-create it. strace
 * writes it with {@code -o}; the monitor reads it. One reader, not thread-safe; {@link #close} removes
 * the FIFO and the directory.
 */
public final class TraceFifo implements TraceChannel {
    private final Path dir;
    private final Path fifo;

    private TraceFifo(Path dir, Path fifo) {
        this.dir = dir;
        this.fifo = fifo;
    }

    /**
     * Creates the private directory and the FIFO ({@code mkfifo -m 600}, run with an argv list).
     *
     * @return the channel
     * @throws IOException if either cannot be created
     */
    public static TraceFifo create() throws IOException {
        Path dir = Files.createTempDirectory("procguard-");
        Path fifo = dir.resolve("trace.fifo");
        try {
            Process mk = new ProcessBuilder(List.of("mkfifo", "-m", "600", fifo.toString()))
                    .redirectErrorStream(true).start();
            String out = new String(mk.getInputStream().readAllBytes()).trim();
            if (mk.waitFor() != 0 || !Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("cannot create the trace FIFO " + fifo + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Files.deleteIfExists(dir);
            throw new IOException("interrupted while creating the trace FIFO", e);
        } catch (IOException e) {
            Files.deleteIfExists(fifo);
            Files.deleteIfExists(dir);
            throw e;
        }
        return new TraceFifo(dir, fifo);
    }

    @Override
    public Path path() {
        return fifo;
    }

    /**
     * Opens the read end. Opening a FIFO blocks until a writer opens it; if the writer dies before it
     * ever does (strace failed to start), this opens the write end itself so the reader sees an
     * immediate end of file instead of hanging. Reads go through {@link BatchingInputStream}.
     *
     * @param writer strace
     * @return the read end
     * @throws IOException if the FIFO cannot be opened
     */
    @Override
    public InputStream openReader(Process writer) throws IOException {
        FutureTask<FileInputStream> open = new FutureTask<>(() -> new FileInputStream(fifo.toFile()));
        Thread opener = new Thread(open, "procguard-fifo-open");
        opener.setDaemon(true);
        opener.start();
        try {
            while (true) {
                try {
                    BatchingInputStream in = new BatchingInputStream(open.get(50, TimeUnit.MILLISECONDS), writer);
                    close(); // both ends are open: the names are no longer needed, and nothing is left behind by a crash
                    return in;
                } catch (TimeoutException notYet) {
                    if (!writer.isAlive()) {
                        try (FileOutputStream unblock = new FileOutputStream(fifo.toFile())) {
                            // opening the write end releases the blocked reader; closing it gives EOF
                        }
                    }
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening the trace FIFO", e);
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(fifo);
        Files.deleteIfExists(dir);
    }
}
