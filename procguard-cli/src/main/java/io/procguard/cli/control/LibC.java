package io.procguard.cli.control;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The few libc socket calls the control server needs that {@code java.nio} does not offer with the
 * file descriptor in hand ({@code SO_PEERCRED} with pid and numeric ids, per-socket timeouts). Errors
 * are -1 returns with {@link Native#getLastError()}. Thread-safe (plain system calls).
 *
 * <p>Loaded through {@link io.procguard.cli.monitor.Posix#load}, which keeps JNA's native stub out of
 * predictable {@code /tmp} paths.
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
        return io.procguard.cli.monitor.Posix.load(Calls.class);
    }

    static String lastError() {
        int errno = Native.getLastError();
        return errnoText(errno);
    }

    static String errnoText(int errno) {
        return io.procguard.cli.monitor.Posix.errnoText(errno);
    }
}
