package io.procguard.cli.monitor;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends a signal to a process: {@link #send} with {@code kill -s SIG PID} (an argv list, no shell), and {@link #killTraced}
 * through a pidfd, for enforcement. Stateless, thread-safe.
 */
final class Signaller {
    /** What {@link #killTraced} did. */
    enum Kill {
        /** SIGKILL was delivered to the process the tracer traces. */
        KILLED,
        /** No such process any more (it exited, and nothing reuses its pid, or it was reaped meanwhile). */
        GONE,
        /** The pid belongs to a process this tracer does not trace: the traced one is gone and its pid reused. */
        NOT_TRACED,
        /**
         * The tracer is gone (killed), so nothing is traced any more and the pid cannot be told from a reused one: nothing
         * was sent.
         */
        TRACER_GONE,
        /** The pidfd calls failed (a kernel before 5.3, seccomp): nothing was sent. */
        FAILED
    }

    private Signaller() {
    }

    /**
     * Kills a traced process and nothing else. The monitor decides late (it reads the trace behind the program), so by
     * then the process may have exited and its pid gone to another, untraced one; a plain {@code kill PID} would kill
     * that. So: open a pidfd for the pid (it pins one process), check that this process is traced by {@code tracer}
     * ({@code TracerPid} in {@code /proc/PID/status}, read after the pidfd is open: if the pinned process died and the
     * pid was reused in between, the signal through the pidfd fails instead of reaching the new one), then signal
     * through the pidfd.
     *
     * @param pid the traced process
     * @param tracer the pid of the strace that traces it
     * @return what happened
     */
    static Kill killTraced(int pid, long tracer) {
        if (pid <= 1 || pid == ProcessHandle.current().pid() || tracer <= 1) {
            return Kill.NOT_TRACED;
        }
        Posix.Calls libc;
        try {
            libc = Posix.libc();
        } catch (LinkageError | RuntimeException e) {
            return Kill.FAILED;
        }
        int pidfd = (int) libc.syscall(Posix.SYS_PIDFD_OPEN, pid, 0);
        if (pidfd < 0) {
            return com.sun.jna.Native.getLastError() == ESRCH ? Kill.GONE : Kill.FAILED;
        }
        try {
            if (ProcInfo.tracerOf(pid) != tracer) {
                return ProcessHandle.of(pid).isEmpty() ? Kill.GONE : !ProcInfo.running(tracer)
                        ? Kill.TRACER_GONE : Kill.NOT_TRACED;
            }
            if (libc.syscall(Posix.SYS_PIDFD_SEND_SIGNAL, pidfd, Posix.SIGKILL, null, 0) == 0) {
                return Kill.KILLED;
            }
            return com.sun.jna.Native.getLastError() == ESRCH ? Kill.GONE : Kill.FAILED;
        } finally {
            libc.close(pidfd);
        }
    }

    /**
     * Kills a child that {@code parent} started with {@code CLONE_UNTRACED}, out of strace's reach, and nothing else: a
     * pidfd pins the process, then it must still be untraced and {@code parent}'s child ({@code PPid}), which a reused
     * pid would not be (its parent gone, it would be init's or a subreaper's), then the signal goes through the pidfd.
     *
     * @param pid the child
     * @param parent the traced process that started it
     * @return true if SIGKILL was delivered
     */
    static boolean killUntracedChild(int pid, int parent) {
        if (pid <= 1 || pid == ProcessHandle.current().pid() || parent <= 1) {
            return false;
        }
        Posix.Calls libc;
        try {
            libc = Posix.libc();
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
        int pidfd = (int) libc.syscall(Posix.SYS_PIDFD_OPEN, pid, 0);
        if (pidfd < 0) {
            return false;
        }
        try {
            if (ProcInfo.parentOf(pid) != parent || ProcInfo.tracerOf(pid) != 0) {
                return false;
            }
            return libc.syscall(Posix.SYS_PIDFD_SEND_SIGNAL, pidfd, Posix.SIGKILL, null, 0) == 0;
        } finally {
            libc.close(pidfd);
        }
    }

    private static final int ESRCH = 3;

    /**
     * @param pid the target; pids 0 and 1, negative pids (process groups) and this JVM are refused
     * @param signal a name without {@code SIG}, e.g. {@code INT}, {@code KILL}
     * @return true if kill reported success
     */
    static boolean send(long pid, String signal) {
        if (pid <= 1 || pid == ProcessHandle.current().pid()) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(List.of("kill", "-s", signal, Long.toString(pid)))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
