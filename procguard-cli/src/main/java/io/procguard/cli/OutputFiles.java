package io.procguard.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks on an output file named by an option ({@code parse --out}, {@code evaluate --scores},
 * {@code run --json-out}, {@code --shm}), made before any work so that a typo in its folder does not cost a long run and
 * ends in one line naming the option. Stateless.
 */
public final class OutputFiles {
    private OutputFiles() {
    }

    /**
     * @param option the option, e.g. {@code --out}
     * @param file the file it names
     * @throws CliException (exit 3) if the folder the file would go into does not exist or is not a folder
     */
    public static void requireFolder(String option, Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new CliException(ExitCodes.BAD_INPUT, option + " " + file + ": " + (Files.exists(parent) ? parent
                    + " is not a directory" : "no such directory " + parent));
        }
    }
}
