package io.procguard.shm;

import java.nio.file.Path;

/**
 * A status table's header as a reader saw it at one moment. Immutable.
 *
 * @param path the table file
 * @param versionMajor the layout major version
 * @param versionMinor the layout minor version
 * @param headerLength the header length in bytes
 * @param slotCount the number of slots
 * @param slotLength the length of one slot in bytes
 * @param writerPid the writer's process id
 * @param writerStartTime the writer's start time (field 22 of /proc/PID/stat)
 * @param closed true if the writer closed the table cleanly
 * @param createdMillis when the table was created, epoch milliseconds
 * @param heartbeatIntervalMillis how often the writer promises to beat
 * @param heartbeatMillis the last heartbeat, epoch milliseconds
 * @param overflows claims refused because every slot was active
 * @param evictions exited slots reused before their cooldown because the table was full
 * @param claims slots claimed since creation
 */
public record TableInfo(Path path, int versionMajor, int versionMinor, int headerLength, int slotCount, int slotLength,
        int writerPid, long writerStartTime, boolean closed, long createdMillis, long heartbeatIntervalMillis,
        long heartbeatMillis, long overflows, long evictions, long claims) {

    /**
     * @param nowMillis the current time, epoch milliseconds
     * @return how long ago the writer last beat, in milliseconds (0 if the clock went backwards)
     */
    public long heartbeatAgeMillis(long nowMillis) {
        return Math.max(0, nowMillis - heartbeatMillis);
    }
}
