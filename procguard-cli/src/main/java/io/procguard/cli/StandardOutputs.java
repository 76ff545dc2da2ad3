package io.procguard.cli;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Descriptors 1 and 2 as {@code run} hands them to its command. Stateless.
 *
 * <p>A JVM started with stdout or stderr closed ({@code procguard run -- CMD >&-}, a service manager, an embedding
 * program) gets that descriptor for the first file it opens itself: the runtime image {@code lib/modules}, opened
 * read-only. Inherited, that file would be CMD's stdout. A descriptor that is not open, or is open read-only, is no
 * output anyone gave, so CMD gets {@code /dev/null} there instead, as the {@code ./procguard} launcher gives it.
 */
final class StandardOutputs {
    private static final int ACCESS_MODE = 3; // O_ACCMODE
    private static final int READ_ONLY = 0; // O_RDONLY

    private StandardOutputs() {
    }

    /**
     * @param fd 1 or 2
     * @return how the command gets that descriptor: inherited, or {@code /dev/null} when this process's is no output
     */
    static Redirect forCommand(int fd) {
        return isOutput(fd) ? Redirect.INHERIT : Redirect.DISCARD;
    }

    /** @return false when descriptor {@code fd} is not open or is open read-only; true otherwise, or when /proc cannot tell */
    static boolean isOutput(int fd) {
        Path info = Path.of("/proc/self/fdinfo/" + fd);
        try {
            for (String line : Files.readAllLines(info)) {
                if (line.startsWith("flags:")) {
                    return (Integer.parseInt(line.substring(6).trim(), 8) & ACCESS_MODE) != READ_ONLY;
                }
            }
            return true;
        } catch (NoSuchFileException e) {
            return !Files.isDirectory(Path.of("/proc/self/fdinfo")); // no such descriptor, unless there is no /proc
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }
}
