package io.procguard.cli.monitor;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The libc calls the trace file channel needs and {@code java.nio} does not offer: {@code open} with
 * {@code O_NOFOLLOW | O_EXCL}, {@code fallocate} to punch out the parsed prefix, {@code kill} without
 * starting a process, and {@code pidfd_open}/{@code pidfd_send_signal} to signal one process and not whatever
 * reuses its pid, and {@code sched_getaffinity}/{@code sched_setaffinity} for {@link CpuPlacement}. Errors are -1 returns with {@link Native#getLastError()}. Thread-safe (plain
 * system calls).
 *
 * <p>JNA unpacks its native stub into {@code jna.tmpdir}; its default is a predictable directory in
 * {@code /tmp}, which another local user could prepare before a root monitor starts, so unless set it
 * is pointed at a fresh private (0700) directory before JNA loads ({@link #load}), removed as soon as JNA is
 * loaded. Not at exit: JNA recreates a missing {@code jna.tmpdir} (0755) and unpacks into it, so an exit
 * during {@link #bindInBackground}'s binding waits for it instead of deleting the directory under it.
 *
 * <p>Start-up: on Linux JNA's first use runs {@code /sbin/ldconfig -p} (a fork and exec, about 0.1 s
 * of the monitor's start) only to fill its fallback search path {@code jna.platform.library.path};
 * libc is found by its soname without it. Unless set, that path is given the JVM's own
 * {@code java.library.path} (the system library directories), which skips the fork.
 */
public final class Posix {
    /** How long an exit waits for {@link #bindInBackground}'s thread to finish binding (it takes ~40 ms). */
    private static final long EXIT_WAIT_MILLIS = 2000;
    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_NOFOLLOW = 0400000;
    static final int O_CLOEXEC = 02000000;
    static final int FALLOC_FL_KEEP_SIZE = 1;
    static final int FALLOC_FL_PUNCH_HOLE = 2;
    static final int SIGCONT = 18;
    static final int SIGSTOP = 19;
    static final int EOPNOTSUPP = 95;

    /** The calls, bound by JNA. */
    interface Calls extends Library {
        int open(String path, int flags, int mode);

        long read(int fd, byte[] buffer, long count);

        int fallocate(int fd, int mode, long offset, long length);

        int kill(int pid, int signal);

        int close(int fd);

        int clock_gettime(int clockId, long[] timespec);

        long sysconf(int name);

        long syscall(long number, Object... args);

        int sched_getaffinity(int tid, long maskBytes, byte[] mask);

        int sched_setaffinity(int tid, long maskBytes, byte[] mask);
    }

    /** {@code pidfd_open(2)}: the same number on every Linux architecture (5.3 and later). */
    static final long SYS_PIDFD_OPEN = 434;
    /** {@code pidfd_send_signal(2)}: the same number on every Linux architecture (5.1 and later). */
    static final long SYS_PIDFD_SEND_SIGNAL = 424;
    static final int SIGKILL = 9;

    static final int CLOCK_REALTIME = 0;
    static final int CLOCK_BOOTTIME = 7;
    static final int SC_CLK_TCK = 2;

    /**
     * libc, bound on first use. Held apart from {@link Posix} itself so that calling {@link #bindInBackground}
     * (a static method, which initialises its class on the calling thread) does not bind on {@code main}.
     */
    static final class Bound {
        static final Calls C = load(Calls.class);

        private Bound() {
        }
    }

    private Posix() {
    }

    /** @return libc's calls, bound by JNA on the first call (or already, by {@link #bindInBackground}'s thread) */
    static Calls libc() {
        return Bound.C;
    }

    /**
     * Binds libc on a daemon thread now, so that the first call on the session's thread finds it bound.
     * JNA's set-up and the random name of its private directory took about 40 ms of {@code run}'s start,
     * all before strace could start (the trace file is created with these calls); started from
     * {@code main}, they overlap picocli's work on the arguments instead. A failure here is left for that
     * first call to report: it meets the same failed class initialisation.
     */
    public static void bindInBackground() {
        Thread t = new Thread(() -> {
            try {
                Class.forName(Bound.class.getName(), true, Posix.class.getClassLoader());
            } catch (Throwable e) {
                // the first real use reports it
            }
        }, "procguard-libc");
        t.setDaemon(true);
        t.start();
        try {
            // an exit while it binds (a usage error, SIGTERM at start) waits for it, so that it removes JNA's directory
            // itself: JNA recreates a missing jna.tmpdir (0755) and unpacks into it, after any clean-up at exit
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    t.join(EXIT_WAIT_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "procguard-libc-exit"));
        } catch (IllegalStateException exiting) {
            // already exiting: nothing to wait for
        }
    }

    /**
     * Loads libc bindings with JNA, its native stub unpacked into a private directory.
     *
     * @param calls the binding interface
     * @param <T> its type
     * @return the bound calls
     */
    public static <T extends Library> T load(Class<T> calls) {
        synchronized (Posix.class) {
            if (System.getProperty("jna.tmpdir") == null) {
                try {
                    Path dir = Files.createTempDirectory("procguard-jna-"); // 0700; removed once JNA is loaded, not at exit
                    System.setProperty("jna.tmpdir", dir.toString());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create a private directory for JNA", e);
                }
            }
            if (System.getProperty("jna.platform.library.path") == null) {
                System.setProperty("jna.platform.library.path", System.getProperty("java.library.path", "/lib:/usr/lib"));
            }
        }
        try {
            return Native.load("c", calls);
        } finally {
            removeJnaDirectory(); // loaded or not, JNA has unpacked what it could by now
        }
    }

    /** JNA's stub is loaded by now: its private directory (empty, or holding the unpacked stub) can go. */
    private static void removeJnaDirectory() {
        String dir = System.getProperty("jna.tmpdir");
        if (dir == null || !Path.of(dir).getFileName().toString().startsWith("procguard-jna-")) {
            return; // someone else's directory
        }
        try (var files = Files.newDirectoryStream(Path.of(dir))) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(Path.of(dir));
        } catch (IOException e) {
            // left for the system's /tmp cleaning: a private 0700 directory
        }
    }

    /** @return the last call's errno as {@code ENAME (N)} */
    public static String lastError() {
        return errnoText(Native.getLastError());
    }

    /**
     * @param errno an error number
     * @return it as {@code ENAME (N)}
     */
    public static String errnoText(int errno) {
        String name = io.procguard.core.Errnos.name(errno);
        return (name == null ? "errno" : name) + " (" + errno + ")";
    }
}
