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
 * {@code attached} (pid, ppid, uid, exe, argv), {@code exec}, {@code status} (from, to, score, reasons,
 * evidence), {@code signal}, {@code exit} (exit code or fatal signal) and a final {@code summary}
 * (events, errors, duration, syscall counts, final status). Single writer: called on the pipeline's
 * publisher thread. File safety and error handling: see {@link PerProcessFiles}.
 */
public final class ProcessLogWriter implements PipelineListener, AutoCloseable {
    private final PerProcessFiles files;
    private final boolean attached;
    private final Map<Integer, Integer> uids = new java.util.HashMap<>();
    private final int rootUid;

    /**
     * @param dir the log directory (created 0700 if absent)
     * @param attached true when the roots were attached to (logged as {@code attached}, not {@code started})
     * @param warnings receives the one warning given when writing fails
     */
    public ProcessLogWriter(Path dir, boolean attached, Consumer<String> warnings) {
        this(dir, attached, -1, warnings);
    }

    /**
     * @param dir the log directory (created 0700 if absent)
     * @param attached true when the roots were attached to (logged as {@code attached}, not {@code started})
     * @param rootUid the uid a root process runs as when {@code /proc} can no longer tell (it exited
     *     before it was looked at), or -1 if unknown
     * @param warnings receives the one warning given when writing fails
     */
    public ProcessLogWriter(Path dir, boolean attached, int rootUid, Consumer<String> warnings) {
        this.files = PerProcessFiles.open(dir, "proc_", ".log", warnings);
        this.attached = attached;
        this.rootUid = rootUid;
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
        int uid = ProcInfo.uid(s.pid());
        if (uid < 0) {
            // gone before we looked: children keep their parent's uid, roots run as the session's user
            uid = uids.getOrDefault(s.ppid(), s.forkedUnderTrace() ? -1 : rootUid);
        }
        uids.put(s.pid(), uid);
        o.put("uid", uid);
        List<String> argv = s.argv().isEmpty() ? ProcInfo.argv(s.pid()) : s.argv();
        String exe = s.exe().isEmpty() ? ProcInfo.exe(s.pid()) : s.exe();
        o.put("exe", exe);
        strings(o.putArray("argv"), argv);
        files.write(s.pid(), Json.line(o));
    }

    @Override
    public void onExec(ProcessExec e) {
        ObjectNode o = Json.record("exec", e.pid(), e.timeNanos());
        o.put("exe", e.exe());
        strings(o.putArray("argv"), e.argv());
        files.write(e.pid(), Json.line(o));
    }

    @Override
    public void onSignal(int pid, String signal, long timeNanos) {
        ObjectNode o = Json.record("signal", pid, timeNanos);
        o.put("signal", signal);
        files.write(pid, Json.line(o));
    }

    @Override
    public void onStatusChange(StatusChange c) {
        ObjectNode o = Json.record("status", c.pid(), c.timeNanos());
        o.put("from", c.previous().name());
        verdict(o, c.verdict());
        o.put("events", c.process().eventCount());
        files.write(c.pid(), Json.line(o));
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
        files.write(x.pid(), Json.line(s));
        files.close(x.pid());
        uids.remove(x.pid());
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
        files.write(pid, Json.line(o));
    }

    @Override
    public void onEnd() {
        files.close();
    }

    @Override
    public void close() {
        files.close();
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
