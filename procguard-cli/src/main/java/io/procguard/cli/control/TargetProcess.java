package io.procguard.cli.control;

import io.procguard.shm.ProcessIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A process someone asked to watch, as {@code /proc/PID/status} and {@code /proc/PID/stat} show it
 * now: its identity (pid and start time, which survive pid reuse), thread group, tracer, and the four
 * user and group ids (real, effective, saved, filesystem). Immutable.
 *
 * @param identity pid, start time, comm and exe
 * @param tgid the thread group (the process a thread belongs to)
 * @param tracerPid the pid tracing it, 0 if none
 * @param uids real, effective, saved and filesystem uid
 * @param gids real, effective, saved and filesystem gid
 */
record TargetProcess(ProcessIdentity identity, int tgid, int tracerPid, int[] uids, int[] gids) {
    /**
     * @param pid a process id
     * @return the process now
     * @throws NoSuchFileException if there is no such process
     * @throws IOException if /proc cannot be read or parsed
     */
    static TargetProcess read(int pid) throws IOException {
        ProcessIdentity id = ProcessIdentity.of(pid);
        int tgid = -1;
        int tracer = -1;
        int[] uids = null;
        int[] gids = null;
        for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("Tgid:")) {
                tgid = Integer.parseInt(line.substring(5).trim());
            } else if (line.startsWith("TracerPid:")) {
                tracer = Integer.parseInt(line.substring(10).trim());
            } else if (line.startsWith("Uid:")) {
                uids = ids(line.substring(4));
            } else if (line.startsWith("Gid:")) {
                gids = ids(line.substring(4));
            }
        }
        if (tgid < 0 || tracer < 0 || uids == null || gids == null) {
            throw new IOException("/proc/" + pid + "/status lacks Tgid, TracerPid, Uid or Gid");
        }
        return new TargetProcess(id, tgid, tracer, uids, gids);
    }

    /** @return the pid */
    int pid() {
        return identity.pid();
    }

    /** @return the real uid: who the process belongs to */
    int owner() {
        return uids[0];
    }

    /** @return true if effective, saved or filesystem ids differ from the real ones (a setuid/setgid program) */
    boolean changedIdentity() {
        for (int i = 1; i < 4; i++) {
            if (uids[i] != uids[0] || gids[i] != gids[0]) {
                return true;
            }
        }
        return false;
    }

    /** @return e.g. "uid 1000 (effective 0)" */
    String describeIds() {
        return "real uid " + uids[0] + ", effective " + uids[1] + ", saved " + uids[2] + "; real gid " + gids[0]
                + ", effective " + gids[1] + ", saved " + gids[2];
    }

    /**
     * @param pid a process id
     * @return its tracer pid now, or -1 if it is gone
     */
    static int tracerOf(int pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("TracerPid:")) {
                    return Integer.parseInt(line.substring(10).trim());
                }
            }
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
        return -1;
    }

    private static int[] ids(String fields) throws IOException {
        String[] parts = fields.trim().split("\\s+");
        if (parts.length != 4) {
            throw new IOException("expected four ids, got: " + fields.trim());
        }
        int[] ids = new int[4];
        for (int i = 0; i < 4; i++) {
            ids[i] = Integer.parseInt(parts[i]);
        }
        return ids;
    }
}
