package io.procguard.shm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fields of {@code /proc/PID/stat} the table needs. Immutable.
 *
 * @param comm the command name (between the first '(' and the last ')')
 * @param state the one-letter state (R, S, D, Z, X, ...)
 * @param ppid field 4
 * @param startTime field 22, clock ticks since boot
 */
record ProcStat(String comm, char state, int ppid, long startTime) {
    /** Index of field 3 (state) once split after the last ')'; field N is at N - 3. */
    private static final int FIRST_FIELD_AFTER_COMM = 3;
    private static final int PPID_FIELD = 4;
    private static final int START_TIME_FIELD = 22;

    static ProcStat read(int pid) throws IOException {
        return parse(Files.readString(Path.of("/proc", Integer.toString(pid), "stat"), StandardCharsets.UTF_8), pid);
    }

    /**
     * Parses one stat line. The comm may hold spaces and parentheses, so fields are counted after
     * the last ')'.
     */
    static ProcStat parse(String line, int pid) throws IOException {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IOException("/proc/" + pid + "/stat: no (comm) in: " + shorten(line));
        }
        String[] fields = line.substring(close + 1).trim().split(" ");
        if (fields.length <= START_TIME_FIELD - FIRST_FIELD_AFTER_COMM || fields[0].isEmpty()) {
            throw new IOException("/proc/" + pid + "/stat: " + fields.length + " fields after comm, need "
                    + (START_TIME_FIELD - FIRST_FIELD_AFTER_COMM + 1) + ": " + shorten(line));
        }
        try {
            return new ProcStat(line.substring(open + 1, close), fields[0].charAt(0),
                    Integer.parseInt(fields[PPID_FIELD - FIRST_FIELD_AFTER_COMM]),
                    Long.parseLong(fields[START_TIME_FIELD - FIRST_FIELD_AFTER_COMM]));
        } catch (NumberFormatException e) {
            throw new IOException("/proc/" + pid + "/stat: " + e.getMessage() + " in: " + shorten(line), e);
        }
    }

    /** @return true if process {@code pid} exists, is not a zombie, and started at {@code startTime} */
    static boolean isRunning(int pid, long startTime) {
        if (pid <= 0) {
            return false;
        }
        try {
            ProcStat stat = read(pid);
            return stat.startTime == startTime && stat.state != 'Z' && stat.state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    static int effectiveUid(int pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).trim().split("\\s+");
                if (ids.length >= 2) {
                    return Integer.parseUnsignedInt(ids[1]);
                }
            }
        }
        throw new IOException("/proc/" + pid + "/status: no Uid line");
    }

    static String exe(int pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), "exe")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return ""; // kernel threads, other users' processes without root
        }
    }

    private static String shorten(String s) {
        String line = s.strip();
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }
}
