package io.procguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procguard.cli.monitor.ConsoleReporter;
import io.procguard.shm.ProcessStatus;
import io.procguard.shm.TableInfo;
import io.procguard.shm.WriterState;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders status-table rows for {@code procguard status}: a human table (names escaped, since traced
 * programs choose their own) or a JSON array. Not thread-safe.
 */
final class StatusRows {
    /** Most alarming first: score (none last), then status, then pid. */
    static final Comparator<ProcessStatus> ORDER = Comparator
            .comparingDouble((ProcessStatus p) -> Double.isNaN(p.score()) ? -1 : p.score()).reversed()
            .thenComparing(ProcessStatus::status, Comparator.reverseOrder())
            .thenComparingInt(ProcessStatus::pid);
    private static final String ROW = "%7s  %-15s  %-10s  %5s  %10s  %6s  %-5s  %s%n";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The uid a writer publishes when nothing tells it ((uid_t) -1, never a real uid). */
    static final int UNKNOWN_UID = -1;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final boolean json;
    private final boolean activeOnly;

    StatusRows(boolean json, boolean activeOnly) {
        this.json = json;
        this.activeOnly = activeOnly;
    }

    void print(PrintWriter out, TableInfo info, WriterState state, List<ProcessStatus> processes, long nowMillis) {
        List<ProcessStatus> rows = new ArrayList<>();
        for (ProcessStatus p : processes) {
            if (p.active() || !activeOnly) {
                rows.add(p);
            }
        }
        rows.sort(ORDER);
        if (json) {
            printJson(out, rows);
            return;
        }
        long running = processes.stream().filter(ProcessStatus::active).count();
        out.printf("%s: writer pid %d %s, %d %s (%d running, %d exited), %d slots, %d %s%n", info.path(),
                info.writerPid(), state.name().toLowerCase(Locale.ROOT), processes.size(), processes.size() == 1 ? "process" : "processes",
                running, processes.size() - running, info.slotCount(), info.overflows(), info.overflows() == 1 ? "overflow" : "overflows");
        out.printf(ROW, "PID", "COMM", "STATUS", "SCORE", "SYSCALLS", "AGE", "STATE", "REASON");
        for (ProcessStatus p : rows) {
            out.printf(ROW, p.pid(), p.comm().isEmpty() ? "-" : Printable.escape(p.comm()), p.status(), Double.isNaN(p.score()) ? "-" : String.format(Locale.ROOT, "%.2f", p.score()),
                    p.syscalls(), age(nowMillis - p.firstSeenMillis()), p.active() ? "run" : "exit",
                    Printable.escape(ConsoleReporter.brief(List.of(p.reason()))));
        }
    }

    private static void printJson(PrintWriter out, List<ProcessStatus> rows) {
        List<Map<String, Object>> array = new ArrayList<>();
        for (ProcessStatus p : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", p.pid());
            m.put("comm", p.comm());
            m.put("status", p.status().name());
            m.put("score", Double.isNaN(p.score()) ? null : p.score());
            m.put("state", p.state().name());
            m.put("syscalls", p.syscalls());
            m.put("errors", p.errors());
            m.put("signals", p.signals());
            m.put("children", p.children());
            m.put("reason", p.reason());
            m.put("model_id", p.modelId());
            // the table's "unknown" and "not yet" values (0 start time, 0 ppid, uid -1, empty exe, exit fields of a running
            // process) are null, not numbers a script could take for real ones (StatusCommand's --help lists them)
            m.put("exe", p.exe().isEmpty() ? null : p.exe());
            m.put("ppid", p.ppid() == 0 ? null : p.ppid());
            m.put("uid", p.uid() == UNKNOWN_UID ? null : Integer.toUnsignedLong(p.uid()));
            m.put("start_time", p.startTime() == 0 ? null : p.startTime());
            m.put("first_seen_ms", p.firstSeenMillis());
            m.put("last_seen_ms", p.lastSeenMillis());
            m.put("exited_ms", p.exitedMillis() == 0 ? null : p.exitedMillis());
            m.put("exit_code", p.exitCode() == -1 ? null : p.exitCode());
            m.put("exit_signal", p.exitSignal() == 0 ? null : p.exitSignal());
            m.put("updates", p.updates());
            m.put("slot", p.slot());
            array.add(m);
        }
        try {
            out.println(JSON.writeValueAsString(array));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    /** @return why the table is not live, as the end of a sentence, or null if it is */
    static String describe(WriterState state, TableInfo info, long nowMillis) {
        return switch (state) {
            case LIVE -> null;
            case CLOSED -> "was closed by its writer (pid " + info.writerPid() + ") at "
                    + TIME.format(Instant.ofEpochMilli(info.heartbeatMillis()).atZone(ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS))
                    + ": these are its final values";
            case GONE -> "is stale: its writer (pid " + info.writerPid() + ") is gone without closing it (killed or crashed); "
                    + "showing its last values";
            case STALE -> "is stale: its writer (pid " + info.writerPid() + ") has not beaten for "
                    + age(info.heartbeatAgeMillis(nowMillis)) + "; showing its last values";
        };
    }

    /** @return {@code 42s}, {@code 3m07s}, {@code 2h05m}, {@code 3d04h} */
    static String age(long millis) {
        long s = Math.max(0, millis / 1000);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, s / 3600 % 24);
    }
}
