package io.procguard.shm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * File handling that is safe as root in a shared directory: no symbolic links followed, no
 * non-regular files, no files of other users, modes set explicitly. Stateless.
 */
final class SafeFiles {
    private static final int STICKY = 01000;
    private static final int GROUP_OR_OTHER_WRITE = 0022;

    private SafeFiles() {
    }

    /**
     * Opens an existing regular file without following a symbolic link (O_NOFOLLOW).
     *
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws StatusTableFormatException if it is a symbolic link or not a regular file
     */
    static FileChannel openExisting(Path path, StandardOpenOption... mode) throws IOException {
        checkRegular(path, Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        Set<OpenOption> options = new java.util.HashSet<>(Set.of(mode));
        options.add(LinkOption.NOFOLLOW_LINKS);
        try {
            return FileChannel.open(path, options);
        } catch (FileSystemException e) {
            if (Files.isSymbolicLink(path)) { // swapped for a link after the check: O_NOFOLLOW refused it
                throw StatusTableFormatException.of(path, "is a symbolic link; refusing to follow it");
            }
            throw e;
        }
    }

    private static void checkRegular(Path path, BasicFileAttributes attributes) throws StatusTableFormatException {
        if (attributes.isSymbolicLink()) {
            throw StatusTableFormatException.of(path, "is a symbolic link; refusing to follow it");
        }
        if (!attributes.isRegularFile()) {
            throw StatusTableFormatException.of(path, "not a regular file");
        }
    }

    /**
     * Checks that an existing file at {@code path} is a regular file owned by this process's user,
     * without following links.
     */
    static void checkOwnedRegularFile(Path path) throws IOException {
        checkRegular(path, Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int me = currentUid();
        if (owner != me) {
            throw new FileSystemException(path.toString(), null, "owned by uid " + owner + ", not by this process's uid "
                    + me + "; refusing to use it: remove it or choose another path");
        }
    }

    /**
     * Checks the directory that will hold a new file: owned by root or by us, and if others may
     * write to it, sticky (as /dev/shm and /tmp are), so nobody else can swap our file.
     */
    static void checkParentDirectory(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new FileSystemException(String.valueOf(parent), null, "not a directory (parent of " + path + ")");
        }
        int owner = (Integer) Files.getAttribute(parent, "unix:uid");
        int mode = (Integer) Files.getAttribute(parent, "unix:mode");
        if (owner != 0 && owner != currentUid()) {
            throw new FileSystemException(parent.toString(), null, "owned by uid " + owner
                    + ", who could replace the table; choose a directory owned by root or by you");
        }
        if ((mode & GROUP_OR_OTHER_WRITE) != 0 && (mode & STICKY) == 0) {
            throw new FileSystemException(parent.toString(), null, String.format(
                    "writable by other users (mode %04o) and not sticky, so they could replace the table; "
                            + "choose a private or sticky directory such as /dev/shm", mode & 07777));
        }
    }

    /**
     * Creates a new file exclusively (O_CREAT | O_EXCL, which never follows a link) and sets its
     * mode explicitly, so the umask does not matter.
     */
    static FileChannel createNew(Path path, Set<PosixFilePermission> permissions) throws IOException {
        FileChannel channel = FileChannel.open(path,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(permissions));
        try {
            // The view opens the file with O_NOFOLLOW and uses fchmod.
            Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setPermissions(permissions);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * @param length how many bytes to read from the start of the file
     * @return those bytes, little-endian; fewer (limit below {@code length}) if the file is shorter
     */
    static ByteBuffer readPrefix(Path path, int length) throws IOException {
        try (FileChannel channel = openExisting(path, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && channel.read(b) > 0) {
                // keep reading
            }
            return b.flip();
        }
    }

    /** @return the effective uid of this process (the owner of /proc/self) */
    static int currentUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }
}
