package io.procguard.shm;

import io.procguard.core.Status;

/**
 * One process as a consistent snapshot of its slot. Immutable. Strings come from shared memory
 * written on behalf of possibly hostile processes (comm, exe): escape them before printing to a
 * terminal.
 *
 * @param slot the slot index
 * @param state active or exited (never free)
 * @param pid the process id
 * @param startTime the process start time, clock ticks since boot (0 if unknown; derived from the trace, within one tick,
 *     for a process gone before /proc was read); with the pid it identifies the process
 * @param ppid the parent's pid, 0 if unknown
 * @param uid the effective user id, -1 (4294967295 as the table's u32) if unknown
 * @param comm the command name
 * @param exe the executable path, possibly shortened to its tail after "...", empty if unknown
 * @param status the classification
 * @param score the score in [0, 1], NaN if none
 * @param syscalls system calls seen
 * @param errors system calls that failed
 * @param signals signals received
 * @param children children forked or cloned
 * @param firstSeenMillis first seen, epoch milliseconds
 * @param lastSeenMillis last seen, epoch milliseconds
 * @param exitedMillis exit time, epoch milliseconds, 0 while running
 * @param exitCode the exit code, -1 while running or when killed by a signal
 * @param exitSignal the signal that killed it, 0 if none
 * @param reason the main reason for the status, possibly truncated
 * @param modelId the id of what decided
 * @param updates updates published for this process
 */
public record ProcessStatus(int slot, SlotState state, int pid, long startTime, int ppid, int uid, String comm, String exe,
        Status status, double score, long syscalls, long errors, long signals, long children, long firstSeenMillis,
        long lastSeenMillis, long exitedMillis, int exitCode, int exitSignal, String reason, String modelId, long updates) {

    /** @return true while the process runs */
    public boolean active() {
        return state == SlotState.ACTIVE;
    }
}
