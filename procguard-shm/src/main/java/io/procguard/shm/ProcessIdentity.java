package io.procguard.shm;

import java.io.IOException;
import java.util.Objects;

/**
 * Who a process is: pid and start time identify it across pid reuse; ppid, uid, comm and exe
 * describe it when its slot is claimed. Immutable.
 *
 * @param pid the process id
 * @param startTime field 22 of /proc/PID/stat (clock ticks since boot), 0 if unknown
 * @param ppid the parent's pid, 0 if unknown
 * @param uid the effective user id, -1 if unknown
 * @param comm the command name (the kernel keeps 15 bytes)
 * @param exe the executable path, empty if unknown
 */
public record ProcessIdentity(int pid, long startTime, int ppid, int uid, String comm, String exe) {
    /** Validates. */
    public ProcessIdentity {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
        Objects.requireNonNull(comm, "comm");
        Objects.requireNonNull(exe, "exe");
    }

    /**
     * Reads a live process's identity from /proc: start time, ppid and comm from
     * {@code /proc/PID/stat}, the effective uid from {@code /proc/PID/status}, the exe link if
     * readable (it needs the same user or root; empty otherwise).
     *
     * @param pid the process id
     * @return its identity now
     * @throws java.nio.file.NoSuchFileException if there is no such process
     * @throws IOException if /proc cannot be read or parsed
     */
    public static ProcessIdentity of(int pid) throws IOException {
        ProcStat stat = ProcStat.read(pid);
        return new ProcessIdentity(pid, stat.startTime(), stat.ppid(), ProcStat.effectiveUid(pid), stat.comm(), ProcStat.exe(pid));
    }

    /**
     * @return the identity of this JVM's process
     * @throws IOException if /proc cannot be read
     */
    public static ProcessIdentity self() throws IOException {
        return of((int) ProcessHandle.current().pid());
    }

    /**
     * @param other another identity
     * @return true if both name the same process (same pid and start time)
     */
    public boolean sameProcess(ProcessIdentity other) {
        return pid == other.pid && startTime == other.startTime;
    }
}
