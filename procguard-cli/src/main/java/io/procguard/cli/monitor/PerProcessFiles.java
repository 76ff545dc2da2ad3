package io.procguard.cli.monitor;

import io.procguard.cli.CliException;
import io.procguard.cli.ExitCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One append-only file per process ({@code PREFIX<PID>SUFFIX}) in a directory only we can write. Not
 * thread-safe (one writer thread).
 *
 * <p>Safety as root: the directory is created 0700, an existing one must be a real directory (not a
 * symlink) owned by us and not writable by group or others; files are created 0600 with
 * {@code CREATE_NEW} and never through a symlink ({@code NOFOLLOW_LINKS}). A file that exists already
 * (the same pid in an earlier run) is appended to. Every line is one {@code write} on an unbuffered
 * channel, so a crash loses nothing already written. At most {@value #MAX_OPEN} files are open at a
 * time; the least recently written is closed and reopened on demand.
 *
 * <p>On the first I/O error (disk full, directory removed) one warning is given and the writer stops
 * writing: monitoring goes on, nothing spins on a failing disk.
 */
final class PerProcessFiles implements AutoCloseable {
    static final int MAX_OPEN = 256;
    private static final FileAttribute<Set<PosixFilePermission>> FILE_0600 =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> DIR_0700 =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final Path dir;
    private final String prefix;
    private final String suffix;
    private final Consumer<String> warnings;
    private final LinkedHashMap<Integer, FileChannel> open = new LinkedHashMap<>(64, 0.75f, true);
    private boolean failed;

    private PerProcessFiles(Path dir, String prefix, String suffix, Consumer<String> warnings) {
        this.dir = dir;
        this.prefix = prefix;
        this.suffix = suffix;
        this.warnings = warnings;
    }

    /**
     * Creates (0700) or checks the directory.
     *
     * @param dir the directory
     * @param prefix file name before the pid, e.g. {@code proc_}
     * @param suffix file name after the pid, e.g. {@code .log}
     * @param warnings receives the one-line warning of the first write error
     * @return the writer
     * @throws CliException (exit 3) if the directory is unusable, with the reason
     */
    static PerProcessFiles open(Path dir, String prefix, String suffix, Consumer<String> warnings) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                Path parent = abs.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.createDirectory(abs, DIR_0700);
            }
            if (Files.isSymbolicLink(abs) || !Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw new CliException(ExitCodes.BAD_INPUT, abs + ": not a directory (symlinks are refused)");
            }
            Object owner = Files.getAttribute(abs, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Object me = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!owner.equals(me)) {
                throw new CliException(ExitCodes.BAD_INPUT, abs + ": owned by uid " + owner + ", not by us (uid " + me + "); choose another directory");
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(abs, LinkOption.NOFOLLOW_LINKS);
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new CliException(ExitCodes.BAD_INPUT, abs + ": writable by other users; chmod go-w it or choose another directory");
            }
            if (!Files.isWritable(abs)) {
                throw new CliException(ExitCodes.BAD_INPUT, abs + ": not writable");
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.BAD_INPUT, abs + ": cannot create the directory: " + e.getMessage(), e);
        }
        return new PerProcessFiles(abs, prefix, suffix, warnings);
    }

    /** @return the directory */
    Path dir() {
        return dir;
    }

    /** @return the file of one process */
    Path file(int pid) {
        return dir.resolve(prefix + pid + suffix);
    }

    /** @return false once a write failed and the writer stopped */
    boolean healthy() {
        return !failed;
    }

    /**
     * Appends one line (ending in a newline) to the process's file.
     *
     * @param pid the process
     * @param line the line
     */
    void write(int pid, String line) {
        if (failed) {
            return;
        }
        try {
            FileChannel ch = channel(pid);
            ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException e) {
            failed = true;
            warnings.accept("cannot write " + file(pid) + ": " + (e.getMessage() == null ? e.toString() : e.getMessage())
                    + "; monitoring goes on without these files");
            close();
        }
    }

    /** Closes the file of a process that ended. */
    void close(int pid) {
        FileChannel ch = open.remove(pid);
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing is buffered: every line was written through already
            }
        }
    }

    /** Closes every open file. */
    @Override
    public void close() {
        for (Integer pid : open.keySet().toArray(new Integer[0])) {
            close(pid);
        }
    }

    private FileChannel channel(int pid) throws IOException {
        FileChannel ch = open.get(pid);
        if (ch != null) {
            return ch;
        }
        if (open.size() >= MAX_OPEN) {
            close(open.keySet().iterator().next());
        }
        Path f = file(pid);
        try {
            ch = FileChannel.open(f, Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), FILE_0600);
        } catch (FileAlreadyExistsException exists) {
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(f + " exists and is not a regular file (symlinks are refused)");
            }
            ch = FileChannel.open(f, StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
        }
        open.put(pid, ch);
        return ch;
    }
}
