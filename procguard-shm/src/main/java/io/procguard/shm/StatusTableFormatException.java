package io.procguard.shm;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that is not a usable status table: a symbolic link, not a regular file, truncated, a wrong
 * magic, another major version, a size that does not match its header. The message is one line,
 * {@code PATH: at byte N: what is wrong}. Immutable.
 */
public final class StatusTableFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message one line: the file, the offset and what is wrong */
    public StatusTableFormatException(String message) {
        super(message);
    }

    static StatusTableFormatException at(Path path, long offset, String problem) {
        return new StatusTableFormatException(path + ": at byte " + offset + ": " + problem);
    }

    static StatusTableFormatException of(Path path, String problem) {
        return new StatusTableFormatException(path + ": " + problem);
    }
}
