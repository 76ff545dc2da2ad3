package io.procguard.cli.control;

import io.procguard.cli.CliException;
import io.procguard.cli.ExitCodes;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The listening control socket. One thread calls {@link #accept}; {@link #close} may come from another.
 *
 * <p>Safety as root: the socket's directory is created 0755 if absent (its parent must exist); an
 * existing one must be a real directory (not a symlink) owned by us and not writable by group or
 * others, so nobody else can replace the socket. A file already at the socket path is replaced only if
 * it is a socket (not a symlink, regular file or anything else) and nothing answers on it: the leftover
 * of a daemon that crashed. The socket is made 0666: every local user may connect, authorisation is by
 * the peer's credentials. {@link #close} removes the socket file, unless it is no longer ours.
 */
final class UnixListener implements AutoCloseable {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final Set<PosixFilePermission> DIR_0755 = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> SOCKET_0666 = PosixFilePermissions.fromString("rw-rw-rw-");

    private final Path path;
    private final int fd;
    private final Object inode;
    private volatile boolean closed;

    private UnixListener(Path path, int fd, Object inode) {
        this.path = path;
        this.fd = fd;
        this.inode = inode;
    }

    /**
     * Prepares the directory, clears a stale socket, binds and listens.
     *
     * @param socket where to listen
     * @param backlog pending connections the kernel queues
     * @return the listener
     * @throws CliException (exit 4) with what to do when the path cannot be used or a daemon answers there
     */
    static UnixListener open(Path socket, int backlog) {
        Path path = socket.toAbsolutePath().normalize();
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= LibC.SUN_PATH_SIZE) {
            throw new CliException(ExitCodes.USAGE, "--socket " + path + ": longer than " + (LibC.SUN_PATH_SIZE - 1)
                    + " bytes, the limit of a Unix socket path");
        }
        try {
            requireSafeDirectory(path.getParent());
            clearStale(path);
        } catch (IOException e) {
            throw new CliException(ExitCodes.ENVIRONMENT, path + ": " + describe(e), e);
        }
        int fd = LibC.C.socket(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new CliException(ExitCodes.ENVIRONMENT, "cannot create a Unix socket: " + LibC.lastError());
        }
        byte[] address = new byte[2 + name.length + 1];
        address[0] = (byte) LibC.AF_UNIX; // sa_family_t, little-endian
        System.arraycopy(name, 0, address, 2, name.length);
        if (LibC.C.bind(fd, address, address.length) != 0 || LibC.C.listen(fd, backlog) != 0) {
            String why = LibC.lastError();
            LibC.C.close(fd);
            throw new CliException(ExitCodes.ENVIRONMENT, "cannot listen on " + path + ": " + why);
        }
        try {
            Files.setPosixFilePermissions(path, SOCKET_0666);
            return new UnixListener(path, fd, Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            LibC.C.close(fd);
            throw new CliException(ExitCodes.ENVIRONMENT, path + ": " + describe(e), e);
        }
    }

    /** @return the socket's path */
    Path path() {
        return path;
    }

    /**
     * Waits up to {@code timeoutMillis} for a connection.
     *
     * @param timeoutMillis the most to wait
     * @param maxLineBytes the request line limit of the connection
     * @return the connection, or {@code null} if none came in time or the listener was closed
     * @throws IOException if accepting fails for another reason than a peer that gave up
     */
    UnixConnection accept(int timeoutMillis, int maxLineBytes) throws IOException {
        if (closed) {
            return null;
        }
        int[] pollfd = {fd, LibC.POLLIN};
        int ready = LibC.C.poll(pollfd, 1, timeoutMillis);
        if (ready <= 0 || closed) {
            return null;
        }
        int conn = LibC.C.accept4(fd, null, null, LibC.SOCK_CLOEXEC);
        if (conn < 0) {
            int errno = com.sun.jna.Native.getLastError();
            if (errno == LibC.EINTR || errno == LibC.EAGAIN || errno == 103 /* ECONNABORTED */ || closed) {
                return null;
            }
            throw new IOException("accept: " + LibC.errnoText(errno));
        }
        return new UnixConnection(conn, maxLineBytes);
    }

    /** Stops listening and removes the socket file if it is still the one we bound. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LibC.C.close(fd);
        try {
            if (inode.equals(Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS))) {
                Files.delete(path);
            }
        } catch (IOException gone) {
            // already removed: nothing to clean
        }
    }

    private static void requireSafeDirectory(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = dir.getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new NoSuchFileException(dir.toString(), null, "its parent directory does not exist");
            }
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_0755));
            Files.setPosixFilePermissions(dir, DIR_0755); // the umask may have removed bits
        }
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(dir + " is a symbolic link (symlinks are refused)");
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory");
        }
        Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Object me = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!owner.equals(me)) {
            throw new IOException(dir + " is owned by uid " + owner + ", not by us (uid " + me + "); remove it or choose another --socket");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(dir + " is writable by other users; chmod go-w it or choose another --socket");
        }
    }

    private static void clearStale(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new IOException("exists and is not a socket (" + (Files.isSymbolicLink(path) ? "a symlink" : "mode 0"
                    + Integer.toOctalString(mode)) + "); remove it or choose another --socket");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            throw new IOException("a daemon is already listening there; stop it first or choose another --socket");
        } catch (java.net.ConnectException refused) {
            Files.delete(path); // the socket of a daemon that crashed: nothing answers
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": " + (n.getReason() == null ? "no such file or directory" : n.getReason());
        }
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
