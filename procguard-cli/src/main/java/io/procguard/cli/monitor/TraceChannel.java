package io.procguard.cli.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where strace writes a session's trace ({@code -o PATH}) and how the monitor reads it back: a
 * {@link TraceFile} (the default of {@code run}) or a {@link TraceFifo}. Both live in a fresh private
 * (0700) directory. One reader; {@link #close} removes the path and its directory.
 */
public interface TraceChannel extends AutoCloseable {
    /** @return the path for strace's {@code -o} */
    Path path();

    /**
     * Opens the read end. Reads block until strace writes more; they end (return -1) once strace has
     * exited and everything it wrote was read.
     *
     * @param writer the strace process named in the argv
     * @return the trace as strace writes it
     * @throws IOException if the channel cannot be opened
     */
    InputStream openReader(Process writer) throws IOException;

    /** Removes the channel and its directory. */
    @Override
    void close() throws IOException;
}
