package io.procguard.cli.monitor;

import io.procguard.cli.CliException;
import io.procguard.cli.ExitCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One append-only file per process ({@code PREFIX<PID>SUFFIX}) in a directory only we can write. Not
 * thread-safe (one writer thread).
 *
 * <p>Safety as root: the directory is created 0700, an existing one must be a real directory (not a
 * symlink) owned by us and not writable by group or others. It is opened once, checked through that handle
 * (the same inode as the path names, owner, mode), and every file is created relative to the handle
 * ({@code openat}), so renaming the directory or replacing it with a symlink meanwhile (its parent may
 * belong to someone else, e.g. the default {@code logs/} in a user's working directory) cannot send files
 * elsewhere. Files are created 0600 with {@code CREATE_NEW} and never through a symlink
 * ({@code NOFOLLOW_LINKS}). A file that exists already (the same pid in an earlier run) is appended to. Every line is one {@code write} on an unbuffered
 * channel, so a crash loses nothing already written. At most {@value #MAX_OPEN} files are open at a
 * time; the least recently written is closed and reopened on demand.
 *
 * <p>On the first I/O error (disk full, directory removed) one warning is given and the writer stops
 * writing: monitoring goes on, nothing spins on a failing disk.
 *
 * <p>Bounded: the files one writer fills use at most {@code maxDiskBytes}, counted as the bytes written plus one
 * {@value #BLOCK}-byte block for each file it writes to (a small file takes a block and an inode), so a traced
 * fork storm can neither fill the disk nor use up its inodes. Past the budget one warning is given and nothing
 * more is written.
 */
final class PerProcessFiles implements AutoCloseable {
    static final int MAX_OPEN = 256;
    /** What each file is counted as at least, on top of its bytes: a file system block. */
    static final int BLOCK = 4096;
    private static final FileAttribute<Set<PosixFilePermission>> FILE_0600 =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> DIR_0700 =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final Path dir;
    private final SecureDirectoryStream<Path> handle;
    private final String prefix;
    private final String suffix;
    private final Consumer<String> warnings;
    private final LinkedHashMap<Integer, SeekableByteChannel> open = new LinkedHashMap<>(64, 0.75f, true);
    private boolean failed;
    private final long maxDiskBytes;
    private long diskBytes;
    /** Pids whose file this writer has written to (each counted as one {@link #BLOCK}). */
    private final java.util.BitSet written = new java.util.BitSet();
    private boolean budgetSpent;

    private PerProcessFiles(Path dir, SecureDirectoryStream<Path> handle, String prefix, String suffix, long maxDiskBytes,
            Consumer<String> warnings) {
        this.dir = dir;
        this.handle = handle;
        this.prefix = prefix;
        this.suffix = suffix;
        this.maxDiskBytes = maxDiskBytes;
        this.warnings = warnings;
    }

    /**
     * Creates (0700) or checks the directory.
     *
     * @param dir the directory
     * @param prefix file name before the pid, e.g. {@code proc_}
     * @param suffix file name after the pid, e.g. {@code .log}
     * @param maxDiskBytes most disk the files may take (bytes, and a block per file), {@code Long.MAX_VALUE} for no limit
     * @param warnings receives the one-line warning of the first write error, and of the budget spent
     * @return the writer
     * @throws CliException (exit 3) if the directory is unusable, with the reason
     */
    static PerProcessFiles open(Path dir, String prefix, String suffix, long maxDiskBytes, Consumer<String> warnings) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                Path parent = abs.getParent();
                if (parent != null) {
                    requireTrustedAncestors(abs);
                    Files.createDirectories(parent);
                }
                Files.createDirectory(abs, DIR_0700);
            }
            if (Files.isSymbolicLink(abs)) {
                throw new CliException(ExitCodes.BAD_INPUT, abs + ": is a symbolic link (symlinks are refused)");
            }
            if (!Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw new CliException(ExitCodes.BAD_INPUT, abs + ": not a directory");
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.BAD_INPUT, abs + ": cannot create the directory: " + reason(abs, e), e);
        }
        SecureDirectoryStream<Path> handle = openChecked(abs);
        return new PerProcessFiles(abs, handle, prefix, suffix, maxDiskBytes, warnings);
    }

    /**
     * Before directories are created for {@code abs}: every part of its path that exists must be one that only we (or
     * root) control. A symbolic link another user owns would send root's new directories where that user chose
     * ({@code /home/eve/logs -> /etc/cron.d}), and a directory another user may write (without the sticky bit) lets them
     * swap what is created in it.
     *
     * @param abs the absolute, normalised path of the directory to create
     * @throws CliException (exit 3) naming the part that is not trusted
     * @throws IOException if a part cannot be read
     */
    private static void requireTrustedAncestors(Path abs) throws IOException {
        Object me = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        Path at = abs.getRoot();
        for (Path part : abs) {
            at = at.resolve(part);
            if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                return; // the rest is created by us
            }
            Object owner = Files.getAttribute(at, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            boolean trustedOwner = owner.equals(me) || owner.equals(0);
            if (Files.isSymbolicLink(at) && !trustedOwner) {
                throw new CliException(ExitCodes.BAD_INPUT, abs + ": " + at + " is a symbolic link owned by uid " + owner
                        + "; refusing to create directories through it");
            }
            int mode = (Integer) Files.getAttribute(at, "unix:mode");
            if (Files.isDirectory(at) && (mode & 0022) != 0 && (mode & 01000) == 0) {
                throw new CliException(ExitCodes.BAD_INPUT, abs + ": " + at + " is writable by other users (and not sticky); "
                        + "refusing to create directories in it");
            }
        }
    }

    /**
     * @param abs the directory that could not be created
     * @param e why
     * @return the reason in words ({@code permission denied}), preceded by the path that failed only when it is not
     *     {@code abs} but a parent
     */
    private static String reason(Path abs, IOException e) {
        if (!(e instanceof FileSystemException f)) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
        String why = f instanceof AccessDeniedException ? "permission denied"
                : f instanceof NoSuchFileException ? "no such file or directory"
                : f instanceof FileAlreadyExistsException ? "not a directory" // createDirectories' answer for a file in the way
                : f.getReason() != null ? f.getReason().substring(0, 1).toLowerCase(Locale.ROOT) + f.getReason().substring(1)
                : f.getMessage();
        return f.getFile() == null || Path.of(f.getFile()).equals(abs) ? why : f.getFile() + ": " + why;
    }

    /** Opens the directory and checks what was opened, through the handle: the directory the path names now, ours, private. */
    private static SecureDirectoryStream<Path> openChecked(Path abs) {
        SecureDirectoryStream<Path> handle = null;
        try {
            if (!(Files.newDirectoryStream(abs) instanceof SecureDirectoryStream<Path> sds)) {
                throw new CliException(ExitCodes.ENVIRONMENT, abs + ": this platform cannot create files relative to a directory handle");
            }
            handle = sds;
            PosixFileAttributes opened = sds.getFileAttributeView(PosixFileAttributeView.class).readAttributes();
            BasicFileAttributes named = Files.readAttributes(abs, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!named.isDirectory() || opened.fileKey() == null || !opened.fileKey().equals(named.fileKey())) {
                throw new CliException(ExitCodes.BAD_INPUT, abs + ": changed while it was opened (replaced by a symlink?); refusing it");
            }
            Object owner = Files.getAttribute(abs, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Object me = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!owner.equals(me) || !opened.owner().equals(Files.getOwner(Path.of("/proc/self")))) {
                throw new CliException(ExitCodes.BAD_INPUT, abs + ": owned by uid " + owner + ", not by us (uid " + me + "); choose another directory");
            }
            Set<PosixFilePermission> perms = opened.permissions();
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new CliException(ExitCodes.BAD_INPUT, abs + ": writable by other users; chmod go-w it or choose another directory");
            }
            if (!Files.isWritable(abs)) {
                throw new CliException(ExitCodes.BAD_INPUT, abs + ": not writable");
            }
            return sds;
        } catch (IOException | RuntimeException e) {
            if (handle != null) {
                try {
                    handle.close();
                } catch (IOException ignored) {
                    // failing anyway
                }
            }
            if (e instanceof CliException c) {
                throw c;
            }
            throw new CliException(ExitCodes.BAD_INPUT, abs + ": cannot open the directory: " + e.getMessage(), e);
        }
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
        if (failed || budgetSpent) {
            return;
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        boolean first = pid < 0 || !written.get(pid);
        long cost = bytes.length + (first ? BLOCK : 0);
        if (cost > maxDiskBytes - diskBytes) {
            budgetSpent = true;
            warnings.accept(dir + ": the " + prefix + "*" + suffix + " files of this session reached their limit of "
                    + (maxDiskBytes >= 1 << 20 ? (maxDiskBytes >> 20) + " MiB" : maxDiskBytes + " bytes") + " (" + written.cardinality() + " files; each counted as at least "
                    + BLOCK + " bytes); no more records are written to them, monitoring goes on");
            return;
        }
        diskBytes += cost;
        if (first && pid >= 0) {
            written.set(pid);
        }
        try {
            SeekableByteChannel ch = channel(pid);
            ByteBuffer buf = ByteBuffer.wrap(bytes);
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
        SeekableByteChannel ch = open.remove(pid);
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing is buffered: every line was written through already
            }
        }
    }

    /** Closes every open file (a write failure closes them too; the directory handle stays until {@link #closeAll}). */
    @Override
    public void close() {
        for (Integer pid : open.keySet().toArray(new Integer[0])) {
            close(pid);
        }
    }

    /** Closes every open file and the directory handle; nothing is written after this. */
    void closeAll() {
        close();
        failed = true;
        try {
            handle.close();
        } catch (IOException ignored) {
            // a directory handle: nothing to flush
        }
    }

    private SeekableByteChannel channel(int pid) throws IOException {
        SeekableByteChannel ch = open.get(pid);
        if (ch != null) {
            return ch;
        }
        if (open.size() >= MAX_OPEN) {
            close(open.keySet().iterator().next());
        }
        Path name = Path.of(prefix + pid + suffix); // relative: opened in the directory handle
        try {
            ch = handle.newByteChannel(name, Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), FILE_0600);
        } catch (FileAlreadyExistsException exists) {
            BasicFileAttributes there = handle.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
            if (!there.isRegularFile()) {
                throw new IOException(file(pid) + (there.isSymbolicLink() ? " is a symbolic link (symlinks are refused)"
                        : " exists and is not a regular file"));
            }
            ch = handle.newByteChannel(name, Set.<OpenOption>of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                    LinkOption.NOFOLLOW_LINKS));
        }
        open.put(pid, ch);
        return ch;
    }
}
