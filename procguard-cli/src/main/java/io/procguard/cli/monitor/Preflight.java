package io.procguard.cli.monitor;

import io.procguard.cli.CliException;
import io.procguard.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/**
 * Checks what live monitoring needs before anything starts: strace on the PATH, the right to trace,
 * an existing user for {@code --user}, existing PIDs for attach. Each failure is one line that says
 * what to do. Stateless, thread-safe.
 */
public final class Preflight {
    /** Bit of CAP_SYS_PTRACE in the capability sets of {@code /proc/PID/status}. */
    private static final int CAP_SYS_PTRACE = 19;

    private Preflight() {
    }

    /**
     * @return the absolute path of strace found on the PATH
     * @throws CliException (exit 4) when strace is missing
     */
    public static Path strace() {
        Path strace = onPath("strace");
        if (strace != null) {
            return strace;
        }
        throw new CliException(ExitCodes.ENVIRONMENT, "strace not found on PATH; install it with: sudo apt-get install strace");
    }

    /**
     * @param program a program name
     * @return its absolute path, the first regular executable file of that name on the PATH, or
     *     {@code null}
     */
    public static Path onPath(String program) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return null;
    }

    /** @return true if this process runs as root */
    public static boolean isRoot() {
        try {
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** @return true if this process has CAP_SYS_PTRACE in its effective set */
    public static boolean hasPtraceCapability() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
                    return (caps >>> CAP_SYS_PTRACE & 1) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    /** @return the Yama ptrace scope (0 classic, 1 restricted, 2 admin only, 3 none), 0 without Yama */
    static int ptraceScope() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/kernel/yama/ptrace_scope")).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Checks that this process may trace: its own children ({@code run}) or other processes ({@code attach}).
     *
     * @param attach true for attaching to processes that are not our children
     * @throws CliException (exit 4) with what to do when it may not
     */
    public static void requireTracing(boolean attach) {
        int scope = ptraceScope();
        if (scope >= 3) {
            throw new CliException(ExitCodes.ENVIRONMENT,
                    "ptrace is disabled (kernel.yama.ptrace_scope=3); it can only be re-enabled by a reboot");
        }
        boolean privileged = hasPtraceCapability();
        if (privileged) {
            return;
        }
        if (attach || scope >= 2) {
            throw new CliException(ExitCodes.ENVIRONMENT, "tracing " + (attach ? "other processes" : "programs")
                    + " needs root or CAP_SYS_PTRACE; run it with sudo");
        }
    }

    /**
     * @param user a user name given to {@code --user}
     * @return the user's uid
     * @throws CliException (exit 3) if there is no such user, (exit 4) if we are not root
     */
    public static int requireUser(String user) {
        if (!hasPtraceCapability() || !isRoot()) {
            throw new CliException(ExitCodes.ENVIRONMENT, "--user needs root to switch users; run it with sudo");
        }
        try {
            UserPrincipal ignored = Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        } catch (UserPrincipalNotFoundException e) {
            throw new CliException(ExitCodes.BAD_INPUT, "--user " + user + ": no such user");
        } catch (IOException e) {
            throw new CliException(ExitCodes.ENVIRONMENT, "--user " + user + ": cannot look the user up: " + e.getMessage());
        }
        return uidOf(user);
    }

    /**
     * @param user a user name, or {@code null} for this process's user
     * @return the numeric uid ({@code id -u USER}, an argv list), or -1 if it cannot be told
     */
    public static int uidOf(String user) {
        if (user == null) {
            try {
                return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        try {
            Process p = new ProcessBuilder(java.util.List.of("id", "-u", "--", user)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? Integer.parseInt(out) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * @param pid a process id given on the command line
     * @return true if that process exists now
     */
    public static boolean processExists(int pid) {
        return pid > 0 && Files.isDirectory(Path.of("/proc", Integer.toString(pid)));
    }
}
