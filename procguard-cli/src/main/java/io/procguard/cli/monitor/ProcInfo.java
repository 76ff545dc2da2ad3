package io.procguard.cli.monitor;

import io.procguard.core.pipeline.ProcessResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Thread-safe: reads facts about live processes from {@code /proc}: owner, executable, command line,
 * thread group, parent and start time. Every method answers "unknown" (-1, 0, empty) when the process is
 * gone, which for short-lived children is common; the start time is then derived from the trace.
 */
public final class ProcInfo implements ProcessResolver {
    /** The shared instance, for sessions whose roots were attached to (their parents are not known). */
    public static final ProcInfo INSTANCE = new ProcInfo(0);

    /** Field 22 of {@code /proc/PID/stat}: the start time in clock ticks since boot. */
    private static final int START_TIME_FIELD = 22;

    /** strace's pid when strace started the first root ({@code run}), else 0. */
    private final int rootParent;
    /** Set once the first root's parent was asked for. */
    private final java.util.concurrent.atomic.AtomicBoolean rootAsked = new java.util.concurrent.atomic.AtomicBoolean();

    private ProcInfo(int rootParent) {
        this.rootParent = rootParent;
    }

    /**
     * @param stracePid the pid of the strace that started the session's command ({@code strace -f -- CMD})
     * @return a resolver that knows the first root's parent is that strace, also once the root is gone from
     *     {@code /proc} (a {@code run -- true})
     */
    public static ProcInfo startedBy(long stracePid) {
        return new ProcInfo((int) stracePid);
    }

    /**
     * @param pid a process id
     * @return the uid owning {@code /proc/PID} (the process's real owner), or -1 if unknown
     */
    public static int uid(int pid) {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc", Integer.toString(pid)), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** @return {@code /proc/PID/comm} without its newline (at most 15 bytes, as the kernel keeps it), or empty if gone or not UTF-8 */
    static String comm(int pid) {
        try {
            String comm = Files.readString(Path.of("/proc", Integer.toString(pid), "comm"), StandardCharsets.UTF_8);
            return comm.endsWith("\n") ? comm.substring(0, comm.length() - 1) : comm;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** @return the target of {@code /proc/PID/exe}, or empty */
    static String exe(int pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), "exe")).toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** @return the NUL-separated {@code /proc/PID/cmdline} as a list (at most 64 strings), or empty */
    static List<String> argv(int pid) {
        List<String> out = new ArrayList<>();
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "cmdline"));
            int start = 0;
            for (int i = 0; i < b.length && out.size() < 64; i++) {
                if (b[i] == 0) {
                    out.add(new String(b, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return out;
    }

    /** @return a numeric field ({@code Tgid:}, {@code PPid:}) of {@code /proc/PID/status}, or 0 */
    private static int statusField(int pid, String field) {
        try {
            return statusField(Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "status")), field);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Finds {@code field} at a line start and reads the unsigned decimal after it, without decoding the
     * text into lines: the pipeline asks for a new process's parent on its reading thread, and
     * {@code Files.readAllLines} cost 1.4x (compiled) to 3x (interpreted) this per call.
     *
     * @param status the bytes of a {@code /proc/PID/status}
     * @param field its name with the colon, e.g. {@code PPid:}
     * @return the value, or 0 when the field is missing or not one decimal number that fits an int (blanks
     *     around it allowed, leading zeros too, as {@link Integer#parseInt} reads them)
     */
    static int statusField(byte[] status, String field) {
        int k = field.length();
        for (int line = 0; line < status.length; ) {
            int end = line;
            while (end < status.length && status[end] != '\n') {
                end++;
            }
            if (end - line >= k && startsWith(status, line, field)) {
                int p = line + k;
                int q = end;
                while (p < q && (status[p] == ' ' || status[p] == '\t')) {
                    p++;
                }
                while (q > p && (status[q - 1] == ' ' || status[q - 1] == '\t' || status[q - 1] == '\r')) {
                    q--;
                }
                if (p == q) {
                    return 0;
                }
                long value = 0;
                for (int i = p; i < q; i++) {
                    int digit = status[i] - '0';
                    value = value * 10 + digit;
                    if (digit < 0 || digit > 9 || value > Integer.MAX_VALUE) {
                        return 0;
                    }
                }
                return (int) value;
            }
            line = end + 1;
        }
        return 0;
    }

    private static boolean startsWith(byte[] b, int at, String prefix) {
        for (int j = 0; j < prefix.length(); j++) {
            if (b[at + j] != prefix.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param pid a process
     * @return its parent's pid ({@code PPid} in {@code /proc/PID/status}), 0 when gone
     */
    static int parentOf(int pid) {
        return statusField(pid, "PPid:");
    }

    /**
     * @param pid a process
     * @return its tracer's pid ({@code TracerPid} in {@code /proc/PID/status}), 0 when not traced or gone
     */
    static int tracerOf(int pid) {
        return statusField(pid, "TracerPid:");
    }

    /**
     * @param tracer a tracer's pid (strace)
     * @return the processes it traces now ({@code TracerPid} in {@code /proc/PID/status}), thread-group leaders only
     */
    public static List<Integer> tracedBy(long tracer) {
        List<Integer> traced = new ArrayList<>();
        try (java.util.stream.Stream<Path> all = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String name = p.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    int pid = Integer.parseInt(name);
                    if (statusField(pid, "TracerPid:") == tracer) {
                        traced.add(pid);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // /proc unreadable: nothing known to be traced
        }
        return traced;
    }

    @Override
    public int tgid(int tid) {
        return statusField(tid, "Tgid:");
    }

    @Override
    public int ppid(int pid) {
        int ppid = statusField(pid, "PPid:");
        // the first question is about the trace's first process, strace's child: the tracker starts it (and the
        // pipeline asks for its parent) before any other; later ones are about children the tracker places early
        boolean first = rootAsked.compareAndSet(false, true);
        return ppid == 0 && first ? rootParent : ppid;
    }

    /**
     * The kernel's start time if {@code /proc/PID} is still this process; otherwise (gone, or the pid names
     * a process that started after the trace showed this one) the moment the trace showed it, in the
     * kernel's units: for a child, its parent's fork call (the kernel's value, or one tick off when a tick
     * fell inside the call: 19 of 80 children of a busy shell were); for a root, its exec.
     */
    @Override
    public long startTime(int pid, long seenNanos) {
        long derived = ticksSinceBoot(seenNanos);
        long actual = statStartTime(pid);
        if (actual > 0 && (derived <= 0 || actual <= derived + 1)) {
            return actual;
        }
        return Math.max(0, derived);
    }

    /** @return the process group of {@code pid} (field 5 of {@code /proc/PID/stat}), or 0 when it is gone */
    static long processGroup(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 1).trim().split(" ")[2]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** @return true while process {@code pid} exists and has not exited (a zombie, state Z or X, has) */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            char state = stat.substring(stat.lastIndexOf(')') + 1).trim().charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** @return field 22 of {@code /proc/PID/stat}, or 0 when the process is gone */
    static long statStartTime(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"), StandardCharsets.UTF_8);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 1).trim().split(" ");
            return Long.parseLong(fields[START_TIME_FIELD - 3]); // fields[0] is field 3, the state
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * @param epochNanos a moment, nanoseconds since the epoch (a trace's {@code -ttt} timestamp)
     * @return that moment in clock ticks since boot ({@code CLOCK_BOOTTIME}, the kernel's clock for process
     *     start times), or 0 if it cannot be told
     */
    static long ticksSinceBoot(long epochNanos) {
        try {
            long hz = Posix.libc().sysconf(Posix.SC_CLK_TCK);
            long[] ts = new long[2];
            if (hz <= 0 || Posix.libc().clock_gettime(Posix.CLOCK_REALTIME, ts) != 0) {
                return 0;
            }
            long before = ts[0] * 1_000_000_000L + ts[1];
            if (Posix.libc().clock_gettime(Posix.CLOCK_BOOTTIME, ts) != 0) {
                return 0;
            }
            long boot = ts[0] * 1_000_000_000L + ts[1];
            if (Posix.libc().clock_gettime(Posix.CLOCK_REALTIME, ts) != 0) {
                return 0;
            }
            long after = ts[0] * 1_000_000_000L + ts[1];
            long bootedAt = before + (after - before) / 2 - boot; // the epoch time of boot, now
            long sinceBoot = epochNanos - bootedAt;
            return sinceBoot <= 0 ? 0 : sinceBoot / (1_000_000_000L / hz);
        } catch (RuntimeException | LinkageError e) {
            return 0; // no libc binding: unknown
        }
    }
}
