package io.procguard.cli.monitor;

import io.procguard.core.pipeline.ProcessResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads facts about live processes from {@code /proc}: owner, executable, command line, thread group
 * and parent. Every method answers "unknown" (-1, 0, empty) when the process is gone, which for
 * short-lived children is common. Stateless, thread-safe.
 */
public final class ProcInfo implements ProcessResolver {
    /** The shared instance. */
    public static final ProcInfo INSTANCE = new ProcInfo();

    private ProcInfo() {
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
        return statusField(pid, "PPid:");
    }
}
