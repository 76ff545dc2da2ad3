package io.procguard.cli.monitor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.procguard.core.ProcessView;
import io.procguard.core.Verdict;
import io.procguard.core.pipeline.PipelineListener;
import io.procguard.core.pipeline.ProcessExec;
import io.procguard.core.pipeline.ProcessExit;
import io.procguard.core.pipeline.ProcessStart;
import io.procguard.core.pipeline.StatusChange;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes {@code proc_<PID>.log}, one per monitored process, as JSON lines: {@code started} or
 * {@code attached} (pid, ppid, uid, exe, argv, start_time: field 22 of {@code /proc/PID/stat} when known), {@code exec}, {@code status} (from, to, score, reasons,
 * evidence), {@code signal}, {@code exit} (exit code or fatal signal) and a final {@code summary}
 * (events, errors, duration, syscall counts, final status). Single writer: called on the pipeline's
 * publisher thread. File safety and error handling: see {@link PerProcessFiles}.
 *
 * <p>Bounded: a process that execs, changes status or takes signals millions of times (a hostile one
 * can) must not fill the disk. After {@code maxRecords} records or {@value #MAX_BYTES_PER_PROCESS}
 * bytes in one process's life, one {@code truncated} record is written and further records of that
 * process are dropped and counted; its {@code exit} and {@code summary} are always written, the summary
 * with {@code dropped_records}. All the logs of one writer (one session) together take at most {@code maxMib}
 * MiB, each file counted as at least a block: a storm of short-lived processes cannot fill the disk or use up
 * its inodes either.
 */
public final class ProcessLogWriter implements PipelineListener, AutoCloseable {
    private final PerProcessFiles files;
    private final boolean attached;
    private final ProcessOwners owners;
    private final long maxRecords;
    /** Per live process: records written, bytes written, records dropped ({@code records < 0}: truncated). */
    private final Map<Integer, long[]> written = new java.util.HashMap<>();

    /** Default most records per process before its log is truncated. */
    public static final long DEFAULT_MAX_RECORDS = 10_000;
    /** Most bytes of records per process before its log is truncated (the exit and summary come on top). */
    public static final long MAX_BYTES_PER_PROCESS = 8L << 20;
    /** Default most MiB all the logs of one session may take on disk (see {@link PerProcessFiles}). */
    public static final long DEFAULT_MAX_MIB = 1024;

    /**
     * @param dir the log directory (created 0700 if absent)
     * @param attached true when the roots were attached to (logged as {@code attached}, not {@code started})
     * @param warnings receives the one warning given when writing fails
     */
    public ProcessLogWriter(Path dir, boolean attached, Consumer<String> warnings) {
        this(dir, attached, -1, DEFAULT_MAX_RECORDS, DEFAULT_MAX_MIB, warnings);
    }

    /**
     * @param dir the log directory (created 0700 if absent)
     * @param attached true when the roots were attached to (logged as {@code attached}, not {@code started})
     * @param rootUid the uid a root process runs as when {@code /proc} can no longer tell (it exited
     *     before it was looked at), or -1 if unknown
     * @param maxRecords records per process before its log is truncated (at least 1)
     * @param maxMib most MiB the logs this writer writes may take on disk, each file counted as at least one block
     *     (at least 1); past it one warning is given and nothing more is written
     * @param warnings receives the one warning given when writing fails or the limit is reached
     */
    public ProcessLogWriter(Path dir, boolean attached, int rootUid, long maxRecords, long maxMib, Consumer<String> warnings) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1, got " + maxRecords);
        }
        if (maxMib < 1 || maxMib > Long.MAX_VALUE >> 20) {
            throw new IllegalArgumentException("maxMib must be at least 1 and fit a long in bytes, got " + maxMib);
        }
        this.files = PerProcessFiles.open(dir, "proc_", ".log", maxMib << 20, warnings);
        this.attached = attached;
        this.owners = new ProcessOwners(rootUid);
        this.maxRecords = maxRecords;
    }

    /** @return the directory the logs go to */
    public Path dir() {
        return files.dir();
    }

    /** @return false once writing failed and logging stopped */
    public boolean healthy() {
        return files.healthy();
    }

    @Override
    public void onStart(ProcessStart s) {
        ObjectNode o = Json.record(attached && !s.forkedUnderTrace() ? "attached" : "started", s.pid(), s.timeNanos());
        o.put("ppid", s.ppid());
        // /proc only while it still shows this process: a short-lived one's pid may name a later process by now
        boolean same = s.startTime() == 0 || ProcInfo.statStartTime(s.pid()) == s.startTime();
        o.put("uid", owners.started(s, same ? ProcInfo.uid(s.pid()) : -1));
        List<String> argv = s.argv().isEmpty() && same ? ProcInfo.argv(s.pid()) : s.argv();
        String exe = s.exe().isEmpty() && same ? ProcInfo.exe(s.pid()) : s.exe();
        o.put("exe", exe);
        strings(o.putArray("argv"), argv);
        if (s.startTime() != 0) {
            o.put("start_time", s.startTime());
        }
        capped(s.pid(), s.timeNanos(), Json.line(o));
    }

    @Override
    public void onExec(ProcessExec e) {
        ObjectNode o = Json.record("exec", e.pid(), e.timeNanos());
        o.put("exe", e.exe());
        strings(o.putArray("argv"), e.argv());
        capped(e.pid(), e.timeNanos(), Json.line(o));
    }

    @Override
    public void onSignal(int pid, String signal, long timeNanos) {
        ObjectNode o = Json.record("signal", pid, timeNanos);
        o.put("signal", signal);
        capped(pid, timeNanos, Json.line(o));
    }

    @Override
    public void onStatusChange(StatusChange c) {
        ObjectNode o = Json.record("status", c.pid(), c.timeNanos());
        o.put("from", c.previous().name());
        verdict(o, c.verdict());
        o.put("events", c.process().eventCount());
        capped(c.pid(), c.timeNanos(), Json.line(o));
    }

    @Override
    public void onScored(ProcessView process, Verdict verdict) {
        // only changes are logged; the status table carries every score
    }

    @Override
    public void onExit(ProcessExit x) {
        ObjectNode o = Json.record("exit", x.pid(), x.timeNanos());
        o.put("ending", x.ending().name().toLowerCase(java.util.Locale.ROOT));
        if (x.ending() == ProcessExit.Ending.EXITED) {
            o.put("exit_code", x.exitCode());
        } else if (x.ending() == ProcessExit.Ending.KILLED) {
            o.put("signal", x.signal());
            o.put("core_dumped", x.coreDumped());
        }
        files.write(x.pid(), Json.line(o));
        ObjectNode s = Json.record("summary", x.pid(), x.timeNanos());
        s.put("events", x.events());
        s.put("errors", x.errors());
        s.put("duration_ms", x.durationNanos() / 1_000_000.0);
        ObjectNode counts = s.putObject("syscalls");
        for (Map.Entry<String, Long> en : x.syscallCounts().entrySet()) {
            counts.put(en.getKey(), en.getValue());
        }
        verdict(s, x.verdict());
        long[] w = written.remove(x.pid());
        s.put("dropped_records", w == null ? 0 : w[2]);
        files.write(x.pid(), Json.line(s));
        files.close(x.pid());
        owners.ended(x.pid());
    }

    /**
     * Records an enforcement action ({@code --kill-on}).
     *
     * @param pid the process
     * @param status the status that triggered it
     * @param done whether SIGKILL was delivered
     * @param timeNanos when
     */
    public void enforced(int pid, io.procguard.core.Status status, boolean done, long timeNanos) {
        ObjectNode o = Json.record("enforced", pid, timeNanos);
        o.put("action", "SIGKILL");
        o.put("status", status.name());
        o.put("delivered", done);
        capped(pid, timeNanos, Json.line(o));
    }

    /**
     * Writes a record of a live process unless its log reached the limit: the record that would pass
     * it is replaced by one {@code truncated} record, later ones are only counted.
     */
    private void capped(int pid, long timeNanos, String line) {
        long[] w = written.computeIfAbsent(pid, k -> new long[3]);
        if (w[0] < 0) {
            w[2]++;
            return;
        }
        if (w[0] >= maxRecords || w[1] + line.length() > MAX_BYTES_PER_PROCESS) {
            ObjectNode t = Json.record("truncated", pid, timeNanos);
            t.put("records", w[0]);
            t.put("bytes", w[1]);
            t.put("reason", "log limit reached (" + maxRecords + " records or " + MAX_BYTES_PER_PROCESS
                    + " bytes per process): further records of this process are counted, not written; its exit and summary follow");
            files.write(pid, Json.line(t));
            w[0] = -1;
            w[2] = 1;
            return;
        }
        w[0]++;
        w[1] += line.length();
        files.write(pid, line);
    }

    @Override
    public void onEnd() {
        files.close();
    }

    @Override
    public void close() {
        files.closeAll();
    }

    /** Puts status, score, reasons, evidence and classifier of a verdict. */
    static void verdict(ObjectNode o, Verdict v) {
        o.put("status", v.status().name());
        if (Double.isNaN(v.score())) {
            o.putNull("score");
        } else {
            o.put("score", v.score());
        }
        strings(o.putArray("reasons"), v.reasons());
        strings(o.putArray("evidence"), v.evidence());
        o.put("classifier", v.classifier());
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }
}
