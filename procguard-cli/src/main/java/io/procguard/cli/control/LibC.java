package io.procguard.cli.control;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The few libc socket calls the control server needs that {@code java.nio} does not offer with the
 * file descriptor in hand ({@code SO_PEERCRED} with pid and numeric ids, per-socket timeouts). Errors
 * are -1 returns with {@link Native#getLastError()}. Thread-safe (plain system calls).
 *
 * <p>JNA unpacks its native stub into {@code jna.tmpdir}; its default is a predictable directory in
 * {@code /tmp}, which another local user could prepare before a root daemon starts, so unless set it is
 * pointed at a fresh private (0700) directory before JNA loads.
 */
final class LibC {
    static final int AF_UNIX = 1;
    static final int SOCK_STREAM = 1;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_PEERCRED = 17;
    static final int SO_RCVTIMEO = 20;
    static final int SO_SNDTIMEO = 21;
    static final int POLLIN = 1;
    static final int MSG_NOSIGNAL = 0x4000;
    static final int SHUT_RDWR = 2;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    /** Bytes of {@code sun_path} in {@code struct sockaddr_un}, the terminating NUL included. */
    static final int SUN_PATH_SIZE = 108;

    /** The calls, bound by JNA. */
    interface Calls extends Library {
        int socket(int domain, int type, int protocol);

        int bind(int fd, byte[] sockaddr, int length);

        int listen(int fd, int backlog);

        int accept4(int fd, Pointer sockaddr, Pointer length, int flags);

        /** {@code struct pollfd} as two ints: fd, then events in the low and revents in the high half. */
        int poll(int[] pollfd, int count, int timeoutMillis);

        /** {@code struct ucred} is three ints: pid, uid, gid. */
        int getsockopt(int fd, int level, int name, int[] value, int[] length);

        /** {@code struct timeval} is two longs: seconds, microseconds. */
        int setsockopt(int fd, int level, int name, long[] value, int length);

        long read(int fd, byte[] buffer, long count);

        long send(int fd, byte[] buffer, long count, int flags);

        int shutdown(int fd, int how);

        int close(int fd);
    }

    static final Calls C = load();

    private LibC() {
    }

    private static Calls load() {
        if (System.getProperty("jna.tmpdir") == null) {
            try {
                Path dir = Files.createTempDirectory("procguard-jna-");
                dir.toFile().deleteOnExit();
                System.setProperty("jna.tmpdir", dir.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a private directory for JNA", e);
            }
        }
        return Native.load("c", Calls.class);
    }

    /** @return errno of this thread's last call, as text (e.g. "Connection refused (errno 111)") */
    static String lastError() {
        int errno = Native.getLastError();
        return errnoText(errno);
    }

    static String errnoText(int errno) {
        String name = io.procguard.core.Errnos.name(errno);
        return (name == null ? "errno" : name) + " (" + errno + ")";
    }
}
