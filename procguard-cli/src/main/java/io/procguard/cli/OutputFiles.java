package io.procguard.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;

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

    /**
     * Refuses an existing output file that root (or whoever runs procguard) should not write: a regular file or FIFO
     * another user owns, or a regular file another user may write (its content could be forged in between, it is
     * theirs and not ours to truncate or append to, or a FIFO would hold the command until they read it). A file or FIFO of our own and a character device such as {@code /dev/null} are fine; an absent file is
     * created 0600 by the caller; a symbolic link or a directory is left to the caller's open ({@code NOFOLLOW_LINKS}) to refuse.
     *
     * @param option the option, e.g. {@code --out}
     * @param file the file it names
     * @throws CliException (exit 3) if the file is one of those
     */
    public static void requireOurOwn(String option, Path file) {
        try {
            PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                return;
            }
            if (a.isDirectory()) {
                return; // the caller's open says so
            }
            int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            boolean fifo = (mode & 0170000) == 0010000;
            if (!a.isRegularFile() && !fifo) {
                return; // a device (/dev/null, /dev/stdout); a socket fails at the open
            }
            Object owner = Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Object me = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!owner.equals(me)) {
                throw new CliException(ExitCodes.BAD_INPUT, option + " " + file + ": " + (fifo ? "a FIFO" : "a file") + " owned by uid "
                        + owner + ", not by us (uid " + me + "); refusing to write to it");
            }
            if (a.isRegularFile() && (a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                    || a.permissions().contains(PosixFilePermission.OTHERS_WRITE))) {
                throw new CliException(ExitCodes.BAD_INPUT, option + " " + file + ": writable by other users; chmod go-w it or "
                        + "choose another file");
            }
        } catch (NoSuchFileException absent) {
            // created 0600 by the caller
        } catch (IOException e) {
            // the caller's open reports it
        }
    }
}
