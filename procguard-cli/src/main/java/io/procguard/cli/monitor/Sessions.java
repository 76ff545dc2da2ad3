package io.procguard.cli.monitor;

import io.procguard.cli.CliException;
import io.procguard.cli.ExitCodes;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small checks shared by the commands that start monitoring sessions. Stateless, thread-safe. */
public final class Sessions {
    /** Exit status of a command that cannot be found, as shells report it. */
    public static final int COMMAND_NOT_FOUND = 127;
    /** What a shell exits with for a command that exists but cannot be run (a directory, no execute permission). */
    public static final int COMMAND_NOT_EXECUTABLE = 126;

    private Sessions() {
    }

    /**
     * Checks that the program exists before strace is started, the way a shell would look it up.
     *
     * @param program the first word of the command
     * @throws CliException (exit 127) if there is no such executable
     */
    public static void requireProgram(String program) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            if (!Files.exists(p)) {
                throw new CliException(COMMAND_NOT_FOUND, program + ": no such file");
            }
            if (Files.isDirectory(p)) {
                throw new CliException(COMMAND_NOT_EXECUTABLE, program + ": is a directory");
            }
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw new CliException(COMMAND_NOT_EXECUTABLE, program + ": permission denied (not an executable file)");
            }
            return;
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return;
            }
        }
        throw new CliException(COMMAND_NOT_FOUND, program + ": command not found");
    }

    /**
     * Reads the status an option such as {@code --kill-on} or {@code --fail-on} names, in any case.
     *
     * @param option the option's name, for the message
     * @param text its value, or null when not given
     * @return the status, or null for null
     * @throws CliException (exit 2) for anything but suspicious or malicious
     */
    public static io.procguard.core.Status threshold(String option, String text) {
        if (text == null) {
            return null;
        }
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "suspicious" -> io.procguard.core.Status.SUSPICIOUS;
            case "malicious" -> io.procguard.core.Status.MALICIOUS;
            default -> throw new CliException(ExitCodes.USAGE, option + " must be 'suspicious' or 'malicious', not '" + text + "'");
        };
    }
}
