package io.procguard.cli.monitor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.procguard.core.EventKind;
import io.procguard.core.TraceEvent;
import io.procguard.core.pipeline.EventSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code --json-dir}: every parsed event, one JSON object per line, in {@code events_<PID>.jsonl} per
 * process (threads go to their process's file). Same file safety as the logs ({@link PerProcessFiles}).
 * Single reader thread, not thread-safe.
 */
final class EventJsonWriter implements AutoCloseable {
    /** Default most MiB one session's {@code --json-dir} files may take ({@code --json-max-mib}). */
    public static final long DEFAULT_MAX_MIB = 4096;
    private final PerProcessFiles files;
    private final Map<Integer, Integer> processOfThread = new HashMap<>();

    private EventJsonWriter(PerProcessFiles files) {
        this.files = files;
    }

    /**
     * @param dir the directory (created 0700 if missing)
     * @param maxMib the most MiB the session's files may take, counted as {@link PerProcessFiles} does
     * @param warnings receives the one-line warnings (a write error, the budget spent)
     * @return the writer
     */
    static EventJsonWriter open(Path dir, long maxMib, Consumer<String> warnings) {
        return new EventJsonWriter(PerProcessFiles.open(dir, "events_", ".jsonl", maxMib << 20, warnings));
    }

    /**
     * @param source the parser
     * @return a source that writes each event before handing it on
     */
    EventSource tee(EventSource source) {
        return () -> {
            TraceEvent e = source.next();
            if (e != null && e.pid() > 0) {
                write(e);
            }
            return e;
        };
    }

    private void write(TraceEvent e) {
        int tid = e.pid();
        Integer pid = processOfThread.get(tid);
        if (pid == null) {
            int tgid = ProcInfo.INSTANCE.tgid(tid);
            pid = tgid > 0 ? tgid : tid;
            processOfThread.put(tid, pid);
        }
        ObjectNode o = Json.NODES.objectNode();
        o.put("pid", pid);
        o.put("tid", tid);
        o.put("kind", e.kind().name());
        if (e.timestampNanos() != TraceEvent.ABSENT) {
            o.put("timestamp", e.timestampNanos() / 1e9);
        }
        if (e.kind() == EventKind.SYSCALL) {
            o.put("syscall", e.syscallName());
            o.put("args", e.arguments().toString());
            if (e.hasReturnValue()) {
                o.put("return", e.returnValue());
            }
            if (e.errnoName() != null) {
                o.put("errno", e.errnoName());
            }
            if (e.durationNanos() != TraceEvent.ABSENT) {
                o.put("duration", e.durationNanos() / 1e9);
            }
        } else if (e.signalName() != null) {
            o.put("signal", e.signalName());
        }
        if (e.kind() == EventKind.EXITED) {
            o.put("exit_code", e.exitCode());
        }
        files.write(pid, Json.line(o));
        if (e.kind() == EventKind.EXITED || e.kind() == EventKind.KILLED) {
            processOfThread.remove(tid);
            if (tid == pid) {
                files.close(pid);
            }
        }
    }

    @Override
    public void close() {
        files.closeAll();
    }
}
