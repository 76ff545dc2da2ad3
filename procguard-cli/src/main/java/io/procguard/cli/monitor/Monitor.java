package io.procguard.cli.monitor;

import io.procguard.cli.CliException;
import io.procguard.cli.ExitCodes;
import io.procguard.cli.Printable;
import io.procguard.core.Classifier;
import io.procguard.core.FeatureExtractor;
import io.procguard.core.Signals;
import io.procguard.core.Status;
import io.procguard.core.pipeline.EventSource;
import io.procguard.core.pipeline.Pipeline;
import io.procguard.core.pipeline.PipelineListener;
import io.procguard.core.pipeline.PipelineStats;
import io.procguard.core.pipeline.ProcessExit;
import io.procguard.core.pipeline.ProcessStart;
import io.procguard.shm.StatusTable;
import io.procguard.strace.ParserOptions;
import io.procguard.strace.StraceParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Ties one strace session to the pipeline and its sinks: the per-process logs, the shared-memory
 * table, the console, optional JSON event files and optional enforcement. Not thread-safe: open one per
 * session, {@link #follow} once, close it.
 *
 * <p>Everything that can fail because of the environment (log directory, status table, classifier)
 * is set up in {@link #open}, before strace starts, so a bad option never leaves a half-traced program.
 */
public final class Monitor implements AutoCloseable {
    /**
     * What a session does besides tracing. Immutable.
     *
     * @param logDir where {@code proc_<PID>.log} files go
     * @param shmPath the status table file, or {@code null} for none
     * @param shmRequired true if the table was asked for by name: failing to create it is then an error,
     *     otherwise a warning
     * @param shmSlots slots when this session creates the table
     * @param jsonDir where parsed events go per process as JSON lines, or {@code null} (the default)
     * @param killOn SIGKILL a process at this status or above, or {@code null} (the default)
     * @param mode what the console shows
     * @param scoreEveryEvents score a process every this many of its events
     * @param scoreEveryMillis ... or when this long has passed since its last scoring
     * @param logMaxRecords records per process log before it is truncated (see {@link ProcessLogWriter})
     * @param logMaxMib most MiB the session's process logs may take on disk (see {@link ProcessLogWriter})
     * @param jsonMaxMib most MiB the session's {@code jsonDir} files may take on disk, counted as the logs are
     */
    public record Options(Path logDir, Path shmPath, boolean shmRequired, int shmSlots, Path jsonDir, Status killOn, ConsoleReporter.Mode mode,
            long scoreEveryEvents, long scoreEveryMillis, long logMaxRecords, long logMaxMib, long jsonMaxMib) {
        /**
         * The options with the default limits ({@link ProcessLogWriter#DEFAULT_MAX_RECORDS}, {@link ProcessLogWriter#DEFAULT_MAX_MIB},
         * {@link EventJsonWriter#DEFAULT_MAX_MIB}).
         */
        public Options(Path logDir, Path shmPath, boolean shmRequired, int shmSlots, Path jsonDir, Status killOn, ConsoleReporter.Mode mode,
                long scoreEveryEvents, long scoreEveryMillis) {
            this(logDir, shmPath, shmRequired, shmSlots, jsonDir, killOn, mode, scoreEveryEvents, scoreEveryMillis,
                    ProcessLogWriter.DEFAULT_MAX_RECORDS, ProcessLogWriter.DEFAULT_MAX_MIB, EventJsonWriter.DEFAULT_MAX_MIB);
        }
    }

    /**
     * How a session ended.
     *
     * @param straceStatus strace's exit status (128+N if a signal killed it)
     * @param root the end of the first traced process, or {@code null} if the trace never showed it
     * @param stats what the pipeline saw
     * @param malformedLines trace lines the parser skipped
     * @param tracerAttacks traced processes that sent strace or this JVM a signal (or tried to), otherwise went for
     *     them, or started a child out of strace's reach: the first call of each; they were made MALICIOUS
     */
    public record Outcome(int straceStatus, ProcessExit root, PipelineStats stats, long malformedLines,
            List<TracerAttack> tracerAttacks) {
        /**
         * @return {@code , after pid N (comm) attacked it: CALL} for the first of {@link #tracerAttacks} that went for
         *     strace or procguard, or an empty string when no process did
         */
        public String attackedBy() {
            List<TracerAttack> attacks = tracerAttacks.stream().filter(a -> !a.escape()).toList();
            if (attacks.isEmpty()) {
                return "";
            }
            TracerAttack first = attacks.get(0);
            return ", after pid " + first.pid() + " (" + first.comm() + ") attacked it: " + first.call()
                    + (attacks.size() > 1 ? " (and " + (attacks.size() - 1) + " more, in the logs)" : "");
        }

        /**
         * @return the exit status a shell would report for the traced program: its exit code, or 128+N if
         *     signal N killed it; strace's own status when the trace did not show the end
         */
        public int programExitStatus() {
            if (root == null) {
                return straceStatus;
            }
            if (root.ending() == ProcessExit.Ending.EXITED) {
                return root.exitCode();
            }
            if (root.ending() == ProcessExit.Ending.KILLED) {
                int n = Signals.number(root.signal());
                return n > 0 ? 128 + n : straceStatus;
            }
            return straceStatus;
        }
    }

    /**
     * A traced process's first attack on the session's strace or on this JVM, or its first child started out of
     * strace's reach.
     *
     * @param pid the process
     * @param comm its command name, escaped for a terminal ({@code ?} if it was never scored)
     * @param escape true for a child started out of strace's reach ({@code CLONE_UNTRACED}), false for an attack on
     *     strace or procguard
     * @param call the call as strace printed it, escaped: {@code kill(7521, SIGKILL) = -1 EPERM}, or with
     *     {@code <cut: strace died>} when strace died while printing it
     */
    public record TracerAttack(int pid, String comm, boolean escape, String call) {
    }

    private final Options options;
    private final FeatureExtractor extractor;
    private final Classifier classifier;
    private final PrintWriter err;
    private final Consumer<String> warnings;
    private final ProcessLogWriter logs;
    private final StatusTable table;
    /** {@code --json-dir}'s writer, opened with the logs so that a bad directory is refused before anything runs; or null. */
    private final EventJsonWriter json;
    private final List<PipelineListener> listeners = new ArrayList<>();
    private final ConsoleReporter console;
    private final AtomicReference<ProcessExit> root = new AtomicReference<>();
    /** True for {@code attach} sessions: the roots are not strace's children. */
    private final boolean attached;
    /** {@code --kill-on}, or null. */
    private final KillSwitch killSwitch;
    /** Finds traced processes attacking strace or this JVM, or starting children out of strace's reach. */
    private final TracerGuard guard;
    /** The comm of each attacking process, from its status changes, for the outcome's lines. */
    private final Map<Integer, String> comms = new java.util.concurrent.ConcurrentHashMap<>();

    private Monitor(Options options, FeatureExtractor extractor, Classifier classifier, boolean attached, int rootUid,
            PrintWriter statusLines, PrintWriter err) {
        this.options = options;
        this.attached = attached;
        this.extractor = extractor;
        this.classifier = classifier;
        this.err = err;
        this.warnings = message -> {
            synchronized (err) {
                err.println(Printable.escape("procguard: " + message));
                err.flush();
            }
        };
        this.guard = new TracerGuard(warnings, options.killOn() != null);
        this.logs = new ProcessLogWriter(options.logDir(), attached, rootUid, options.logMaxRecords(), options.logMaxMib(), warnings);
        listeners.add(logs);
        try {
            this.json = options.jsonDir() == null ? null : EventJsonWriter.open(options.jsonDir(), options.jsonMaxMib(), warnings);
        } catch (RuntimeException e) {
            logs.close();
            throw e;
        }
        StatusTable t = null;
        if (options.shmPath() != null) {
            try {
                t = StatusTable.create(options.shmPath(), StatusTable.Options.defaults().withSlotCount(options.shmSlots()));
            } catch (IOException e) {
                String why = "status table " + options.shmPath() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage());
                if (options.shmRequired()) {
                    logs.close();
                    if (json != null) {
                        json.close();
                    }
                    throw new CliException(ExitCodes.ENVIRONMENT, why, e);
                }
                warnings.accept(why + "; not publishing to a status table (name one with --shm PATH)");
            }
            if (t != null) {
                listeners.add(new ShmSink(t, rootUid, warnings));
            }
        }
        this.table = t;
        this.console = new ConsoleReporter(options.mode(), statusLines, err);
        console.trailer(() -> "; logs in " + logs.dir() + (logs.healthy() ? "" : " (incomplete: writing failed, see above)"));
        listeners.add(console);
        if (options.killOn() != null) {
            killSwitch = new KillSwitch(options.killOn(), logs, warnings);
            listeners.add(killSwitch); // after the console: the alarm, then the kill
        } else {
            killSwitch = null;
        }
        listeners.add(new RootWatcher(root));
        listeners.add(new PipelineListener() {
            @Override
            public void onStatusChange(io.procguard.core.pipeline.StatusChange c) {
                if (c.verdict().status() == Status.MALICIOUS && guard.attacked(c.pid())) {
                    comms.put(c.pid(), console.name(c.pid(), c.process().comm())); // named in the outcome
                }
            }
        });
    }

    /**
     * Sets up the sinks. The classifier and extractor stay owned by the caller.
     *
     * @param options the session's options
     * @param extractor the features the classifier expects
     * @param classifier scores processes
     * @param attached true for {@code attach} sessions (roots are logged as attached)
     * @param rootUid the uid the traced program runs as ({@code run}), or -1 if unknown
     * @param statusLines where the JSON status lines go ({@link MonitorOptions#statusOutput}), or {@code null} for none
     * @param err stderr
     * @return the monitor
     * @throws CliException if the log directory or the status table cannot be used
     */
    public static Monitor open(Options options, FeatureExtractor extractor, Classifier classifier, boolean attached,
            int rootUid, PrintWriter statusLines, PrintWriter err) {
        return new Monitor(options, extractor, classifier, attached, rootUid, statusLines, err);
    }

    /**
     * @param listener one more listener, called after the built-in ones; add before {@link #follow}
     */
    public void addListener(PipelineListener listener) {
        listeners.add(listener);
    }

    /** @return where the session's one-line warnings go (stderr, prefixed {@code procguard: }) */
    public Consumer<String> warnings() {
        return warnings;
    }

    /** @return where the logs go */
    public Path logDir() {
        return logs.dir();
    }

    /**
     * Reads the session's trace to its end (strace finished, or was stopped), then waits for strace.
     *
     * @param session a started strace
     * @return how it ended
     * @throws IOException if the trace cannot be opened
     * @throws InterruptedException if interrupted
     */
    public Outcome follow(StraceSession session) throws IOException, InterruptedException {
        if (killSwitch != null) {
            killSwitch.tracer(session.pid());
        }
        guard.tracer(session.pid());
        AtomicLong malformed = new AtomicLong();
        PipelineStats stats;
        try (InputStream in = session.openTrace();
                StraceParser parser = StraceParser.of(in, "strace trace", ParserOptions.defaults());
                EventJsonWriter json = this.json) {
            parser.onProblem(p -> {
                if (malformed.incrementAndGet() <= 3) {
                    warnings.accept("skipped a trace line: " + p);
                }
            });
            EventSource source = guard.watch(json == null ? parser::next : json.tee(parser::next));
            ProcInfo resolver = attached ? ProcInfo.INSTANCE : ProcInfo.startedBy(session.pid()); // strace forks the command
            Pipeline.Builder b = Pipeline.builder(extractor, guard.classifier(classifier)).resolver(resolver)
                    .scoreEveryEvents(options.scoreEveryEvents()).scoreEveryMillis(options.scoreEveryMillis())
                    .warnings(warnings);
            listeners.forEach(b::listener);
            Pipeline pipeline = b.build();
            if (in instanceof WaitingInput waiting) {
                waiting.whileWaiting(pipeline::idle); // quiet processes are scored while strace writes nothing
            }
            stats = pipeline.run(source);
        }
        int status = session.waitFor();
        List<TracerAttack> attacks = guard.attacks().stream()
                .map(a -> new TracerAttack(a.pid(), Printable.escape(comms.getOrDefault(a.pid(), "?")), a.escape(), a.call())).toList();
        return new Outcome(status, root.get(), stats, malformed.get(), attacks);
    }

    /** Closes the status table (readers see a clean close) and the logs. */
    @Override
    public void close() {
        logs.close();
        if (json != null) {
            json.close(); // again after follow: closing twice is harmless
        }
        if (table != null) {
            try {
                table.close();
            } catch (IOException e) {
                warnings.accept("closing status table " + table.path() + ": " + e.getMessage());
            }
        }
    }

    /** Remembers how the first traced process ended. */
    private static final class RootWatcher implements PipelineListener {
        private final AtomicReference<ProcessExit> root;
        private int rootPid;

        RootWatcher(AtomicReference<ProcessExit> root) {
            this.root = root;
        }

        @Override
        public void onStart(ProcessStart start) {
            if (rootPid == 0) {
                rootPid = start.pid();
            }
        }

        @Override
        public void onExit(ProcessExit exit) {
            if (exit.pid() == rootPid) {
                root.set(exit);
            }
        }
    }
}
