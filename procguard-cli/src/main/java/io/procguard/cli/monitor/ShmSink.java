package io.procguard.cli.monitor;

import io.procguard.core.ProcessView;
import io.procguard.core.Signals;
import io.procguard.core.Verdict;
import io.procguard.core.pipeline.PipelineListener;
import io.procguard.core.pipeline.ProcessExec;
import io.procguard.core.pipeline.ProcessExit;
import io.procguard.core.pipeline.ProcessStart;
import io.procguard.shm.ProcessIdentity;
import io.procguard.shm.SlotUpdate;
import io.procguard.shm.StatusTable;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Publishes every monitored process in the shared-memory {@link StatusTable}: claims a slot at start,
 * renames it on exec, updates status, score and counters at every scoring, marks it exited (or
 * releases it when the trace ends while it still runs). Single writer: called on the pipeline's
 * publisher thread, which is the table's one writer thread.
 *
 * <p>A full table is not fatal: the process is not published, one warning says so (the rest of
 * monitoring, logs included, goes on), and later processes get slots as they free up.
 */
public final class ShmSink implements PipelineListener {
    /**
     * The table logs each refused claim as a multi-line java.util.logging record; this sink says it once,
     * in one line, so the table's own warnings are muted (held here: the logging API keeps loggers weakly).
     */
    private static final java.util.logging.Logger TABLE_LOG = java.util.logging.Logger.getLogger(StatusTable.class.getName());

    static {
        TABLE_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private final StatusTable table;
    private final Consumer<String> warnings;
    private final Map<Integer, Slot> slots = new HashMap<>();
    private final ProcessOwners owners;
    private final SlotUpdate update = new SlotUpdate();
    private boolean warnedFull;

    /** A claimed slot and the counters the table shows that the pipeline does not keep. */
    private static final class Slot {
        final int index;
        long signals;
        long children;

        Slot(int index) {
            this.index = index;
        }
    }

    /**
     * @param table the table, owned by the caller (closed by it)
     * @param rootUid the uid the session's roots run as (the command of {@code run}, the process
     *     attached to), published when a root is gone before {@code /proc} is read; -1 if unknown
     * @param warnings receives one-line warnings (a full table)
     */
    public ShmSink(StatusTable table, int rootUid, Consumer<String> warnings) {
        this.table = table;
        this.owners = new ProcessOwners(rootUid);
        this.warnings = warnings;
    }

    @Override
    public void onStart(ProcessStart s) {
        Slot parent = slots.get(s.ppid());
        if (parent != null) {
            parent.children++;
        }
        ProcessIdentity id;
        try {
            id = ProcessIdentity.of(s.pid());
            if (s.startTime() != 0 && id.startTime() != s.startTime()) {
                throw new IOException("pid " + s.pid() + " names a later process now");
            }
            owners.started(s, id.uid());
            // the trace's parent: /proc's is init's or a subreaper's once the real parent has ended
            id = new ProcessIdentity(id.pid(), id.startTime(), s.ppid() > 0 ? s.ppid() : id.ppid(), id.uid(), id.comm(), id.exe());
        } catch (IOException | RuntimeException gone) {
            // a short-lived process may be gone before we look; publish what the trace says (the start time
            // was taken when the trace showed it), and the inferred uid (a fork inherits its parent's; a later
            // setuid shows in its own syscalls)
            id = new ProcessIdentity(s.pid(), s.startTime(), s.ppid(), owners.started(s, -1), s.comm(), s.exe());
        }
        int slot = table.claim(id, s.timeNanos() / 1_000_000); // the trace's time: the publisher may run behind it
        if (slot < 0) {
            if (!warnedFull) {
                warnedFull = true;
                warnings.accept("status table " + table.path() + " is full (" + table.slotCount()
                        + " slots); some processes are not published there (logs still have them)");
            }
            return;
        }
        slots.put(s.pid(), new Slot(slot));
    }

    @Override
    public void onExec(ProcessExec e) {
        Slot s = slots.get(e.pid());
        if (s != null) {
            String comm = e.exe().substring(e.exe().lastIndexOf('/') + 1);
            table.describe(s.index, comm.length() > 15 ? comm.substring(0, 15) : comm, e.exe());
        }
    }

    @Override
    public void onSignal(int pid, String signal, long timeNanos) {
        Slot s = slots.get(pid);
        if (s != null) {
            s.signals++;
        }
    }

    @Override
    public void onScored(ProcessView process, Verdict verdict) {
        Slot s = slots.get(process.pid());
        if (s != null) {
            table.update(s.index, update.verdict(verdict).counters(process.eventCount(), 0, s.signals, s.children).lastSeen(0));
        }
    }

    @Override
    public void onExit(ProcessExit x) {
        owners.ended(x.pid());
        Slot s = slots.remove(x.pid());
        if (s == null) {
            return;
        }
        table.update(s.index, update.verdict(x.verdict()).counters(x.events(), x.errors(), s.signals, s.children)
                .lastSeen(x.timeNanos() / 1_000_000));
        long exited = x.timeNanos() / 1_000_000;
        switch (x.ending()) {
            case EXITED -> table.markExited(s.index, x.exitCode(), 0, exited);
            case KILLED -> table.markExited(s.index, -1, Math.max(0, Signals.number(x.signal())), exited);
            default -> table.release(s.index);
        }
    }

    @Override
    public void onEnd() {
        for (Slot s : slots.values()) {
            table.release(s.index);
        }
        slots.clear();
    }
}
