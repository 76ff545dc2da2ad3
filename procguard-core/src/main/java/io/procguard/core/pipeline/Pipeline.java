package io.procguard.core.pipeline;

import io.procguard.core.Classifier;
import io.procguard.core.FeatureAccumulator;
import io.procguard.core.FeatureExtractor;
import io.procguard.core.FeatureSchema;
import io.procguard.core.TraceEvent;
import io.procguard.core.process.ProcessListener;
import io.procguard.core.process.ProcessRecord;
import io.procguard.core.process.ProcessTracker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Turns a stream of trace events into per-process features, verdicts and lifecycle callbacks.
 * Single use, not thread-safe: build one with {@link #builder}, call {@link #run} once.
 *
 * <p>Two threads: the caller reads events and updates each process's features (cheap, O(1) state per
 * process); a publisher thread scores snapshots with the {@link Classifier} (in batches) and calls the
 * {@link PipelineListener}s. Between them is a bounded queue: when scoring or a listener falls behind,
 * the reader blocks instead of queueing without bound, which in live monitoring stops reading the
 * FIFO, which blocks strace, which blocks the tracee. Memory stays bounded whatever the trace length.
 *
 * <p>A process is scored every {@code scoreEveryEvents} of its events or, when it gets an event at
 * least {@code scoreEveryMillis} after its last scoring, then once more at its exit. A scoring request
 * is not queued twice: while one waits, the next is skipped and the later one sees the newer features.
 * A process that goes quiet (blocked in a call: a reverse shell waiting for input, a dropper sleeping)
 * makes no events; when the source calls {@link #idle()} while it waits for input, such a process is
 * scored once {@code scoreEveryMillis} have passed since its last scoring, if it had events since.
 *
 * <pre>{@code
 * PipelineStats stats = Pipeline.builder(extractor, classifier)
 *         .scoreEveryEvents(500).scoreEveryMillis(250)
 *         .listener(myTableSink)
 *         .build()
 *         .run(parser::next);
 * }</pre>
 */
public final class Pipeline {
    /** The most often {@link #idle} looks at the live processes. */
    private static final long IDLE_SCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final FeatureExtractor extractor;
    private final Classifier classifier;
    private final long scoreEveryEvents;
    private final long scoreEveryNanos;
    private final int queueCapacity;
    private final int maxLiveProcesses;
    private final boolean sticky;
    private final ProcessResolver resolver;
    private final List<PipelineListener> listeners;
    private final Consumer<String> warnings;

    private final Map<Integer, CountingAccumulator> byPid = new HashMap<>();
    private final List<CountingAccumulator> due = new ArrayList<>();
    private CountingAccumulator unbound;
    private ProcessTracker tracker;
    private BlockingQueue<Publisher.Task> queue;
    private Thread publisherThread;
    private long events;
    /** While {@link #run} runs: {@link #idle} acts only then. */
    private boolean running;
    /** {@link System#nanoTime()} of the last look at quiet processes. */
    private long lastIdleScan;
    /** Timestamp of the event being handled: the start time of a process its first event creates. */
    private long currentNanos = TraceEvent.ABSENT;
    private boolean used;

    private Pipeline(Builder b) {
        this.extractor = b.extractor;
        this.classifier = b.classifier;
        this.scoreEveryEvents = b.scoreEveryEvents;
        this.scoreEveryNanos = TimeUnit.MILLISECONDS.toNanos(b.scoreEveryMillis);
        this.queueCapacity = b.queueCapacity;
        this.maxLiveProcesses = b.maxLiveProcesses;
        this.sticky = b.sticky;
        this.resolver = b.resolver;
        this.listeners = List.copyOf(b.listeners);
        this.warnings = b.warnings;
    }

    /**
     * @param extractor makes the per-process feature accumulators
     * @param classifier scores snapshots; must accept the extractor's schema
     * @return a builder with the defaults: score every 1000 events or 1000 ms, queue of 256, sticky statuses
     */
    public static Builder builder(FeatureExtractor extractor, Classifier classifier) {
        return new Builder(extractor, classifier);
    }

    /**
     * Reads {@code source} to its end, then reports every process still running as
     * {@link ProcessExit.Ending#DETACHED} and calls {@link PipelineListener#onEnd}. Returns when every
     * callback has been made, also when the source fails.
     *
     * @param source the events
     * @return what was seen
     * @throws IOException what the source threw, after the processes seen so far were reported
     * @throws InterruptedException if interrupted while waiting for the publisher
     */
    public PipelineStats run(EventSource source) throws IOException, InterruptedException {
        if (used) {
            throw new IllegalStateException("a Pipeline runs once");
        }
        used = true;
        queue = new ArrayBlockingQueue<>(queueCapacity);
        tracker = ProcessTracker.builder(new Wrapping()).listener(new Lifecycle())
                .tgidResolver(resolver::tgid).ppidResolver(resolver::ppid)
                .maxLiveProcesses(maxLiveProcesses).build();
        Publisher publisher = new Publisher(queue, classifier, listeners, warnings, sticky);
        publisherThread = new Thread(publisher, "procguard-publisher");
        publisherThread.setDaemon(true);
        publisherThread.start();
        running = true;
        try {
            for (TraceEvent e = source.next(); e != null; e = source.next()) {
                events++;
                currentNanos = e.timestampNanos();
                tracker.accept(e);
                scoreDue();
            }
        } finally {
            running = false;
            boolean ended = false;
            try {
                tracker.finish();
                put(new Publisher.End());
                ended = true;
            } finally {
                if (!ended) {
                    // cancelled (interrupted) or failed while queueing: no end task will come, so stop the publisher
                    // instead of leaving it waiting for one forever
                    publisherThread.interrupt();
                }
                awaitPublisher();
            }
        }
        return new PipelineStats(events, tracker.startedCount(), publisher.scorings.get(), publisher.statusChanges.get());
    }

    /**
     * Waits for the publisher thread to end, even if this thread is interrupted meanwhile (the interrupt is kept for the
     * caller, and passed on to the publisher, which then stops at its next task).
     */
    private void awaitPublisher() throws InterruptedException {
        boolean interrupted = false;
        while (true) {
            try {
                publisherThread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                publisherThread.interrupt();
            }
        }
        if (interrupted) {
            throw new InterruptedException("interrupted while the publisher finished");
        }
    }

    /**
     * Scores the processes that went quiet: those with events since their last scoring, which was at least
     * {@code scoreEveryMillis} ago. Call it from inside the source's {@code next()}, on the thread running
     * {@link #run}, while the source waits for input (e.g. before each nap of a stream that follows a growing
     * file: {@code parser.whileWaiting(pipeline::idle)} with procguard-strace's follow mode); outside {@link #run} it
     * does nothing. Cheap to call often: it looks at the live processes at most
     * every {@code min(scoreEveryMillis, 100)} ms. It blocks, like the events do, while the publisher's queue is
     * full.
     */
    public void idle() {
        if (!running) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastIdleScan < Math.min(scoreEveryNanos, IDLE_SCAN_NANOS)) {
            return;
        }
        lastIdleScan = now;
        for (CountingAccumulator c : byPid.values()) {
            if (c.dueWhileQuiet(now)) {
                due.add(c);
            }
        }
        scoreDue();
    }

    /** Queues a scoring for each process whose accumulator said it was due during the last event. */
    private void scoreDue() {
        for (int i = 0; i < due.size(); i++) {
            CountingAccumulator c = due.get(i);
            ProcessRecord r = tracker.find(c.pid);
            if (r != null && r.pid() == c.pid && c.scorePending.compareAndSet(false, true)) {
                put(new Publisher.Score(r, c.scorePending, timeOf(r.lastNanos())));
            }
        }
        due.clear();
    }

    /**
     * Queues a task, blocking while the queue is full (the backpressure). Fails instead of blocking
     * forever if the publisher thread has died.
     */
    private void put(Publisher.Task task) {
        try {
            while (!queue.offer(task, 100, TimeUnit.MILLISECONDS)) {
                if (!publisherThread.isAlive()) {
                    throw new IllegalStateException("the publisher thread died; see the earlier error");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing for the publisher", e);
        }
    }

    /** Gives the tracker counting accumulators around the real ones. */
    private final class Wrapping implements FeatureExtractor, CountingAccumulator.Hooks {
        @Override
        public FeatureSchema schema() {
            return extractor.schema();
        }

        @Override
        public FeatureAccumulator newAccumulator() {
            // the tracker creates the accumulator right before it reports the start, where it is bound
            unbound = new CountingAccumulator(extractor.newAccumulator(), this, scoreEveryEvents, scoreEveryNanos);
            return unbound;
        }

        @Override
        public FeatureAccumulator newAccumulator(FeatureAccumulator parent) {
            // the extractor's own child of the parent's real accumulator: lineage features (fork generation, files
            // the parent created, the fork-storm chain) as in an offline replay of the same trace
            FeatureAccumulator real = parent instanceof CountingAccumulator c ? c.delegate() : parent;
            unbound = new CountingAccumulator(extractor.newAccumulator(real), this, scoreEveryEvents, scoreEveryNanos);
            return unbound;
        }

        @Override
        public void signal(CountingAccumulator process, TraceEvent signal) {
            put(new Publisher.Signal(process.pid, signal.signalName(), timeOf(signal.timestampNanos())));
        }

        @Override
        public void due(CountingAccumulator process) {
            due.add(process);
        }
    }

    /** Turns the tracker's lifecycle into publisher tasks. */
    private final class Lifecycle implements ProcessListener {
        @Override
        public void started(ProcessRecord r) {
            CountingAccumulator c = unbound;
            unbound = null;
            c.pid = r.pid();
            byPid.put(r.pid(), c);
            int ppid = r.ppid() > 0 ? r.ppid() : resolver.ppid(r.pid());
            boolean forked = r.ppid() > 0 || ppid > 0 && tracker.find(ppid) != null; // parent traced too
            long seen = timeOf(r.firstNanos() != TraceEvent.ABSENT ? r.firstNanos() : currentNanos);
            // here, on the reading thread, not on the publisher's: that one may wait for the classifier long
            // after a short-lived process is gone (and its pid perhaps reused)
            long startTime = resolver.startTime(r.pid(), seen);
            put(new Publisher.Start(new ProcessStart(r.pid(), ppid, forked, r.comm(), r.exe(), r.argv(), seen, startTime)));
        }

        @Override
        public void execed(ProcessRecord r) {
            put(new Publisher.Exec(new ProcessExec(r.pid(), r.exe(), r.argv(), timeOf(r.lastNanos()))));
        }

        @Override
        public void ended(ProcessRecord r) {
            CountingAccumulator c = byPid.remove(r.pid());
            due.remove(c);
            ProcessExit.Ending ending = switch (r.end()) {
                case EXITED -> ProcessExit.Ending.EXITED;
                case KILLED -> ProcessExit.Ending.KILLED;
                case EVICTED -> ProcessExit.Ending.EVICTED;
                default -> ProcessExit.Ending.DETACHED;
            };
            long duration = r.firstNanos() == TraceEvent.ABSENT ? 0 : Math.max(0, r.lastNanos() - r.firstNanos());
            long time = ending == ProcessExit.Ending.EXITED || ending == ProcessExit.Ending.KILLED
                    ? timeOf(r.lastNanos()) : wallNanos();
            put(new Publisher.Exit(r, new ProcessExit(r.pid(), ending, r.exitCode(), r.signal(), r.coreDumped(), time,
                    c.events, c.errors, duration, c.syscallCounts(), null)));
        }
    }

    /** Trace timestamps when they are epoch-based ({@code -ttt}), else the wall clock. */
    private static long timeOf(long traceNanos) {
        return traceNanos != TraceEvent.ABSENT && traceNanos > 100_000_000_000_000_000L ? traceNanos : wallNanos();
    }

    private static long wallNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Settings of a {@link Pipeline}. Not thread-safe. */
    public static final class Builder {
        private final FeatureExtractor extractor;
        private final Classifier classifier;
        private long scoreEveryEvents = 1000;
        private long scoreEveryMillis = 1000;
        private int queueCapacity = 256;
        private int maxLiveProcesses = ProcessTracker.DEFAULT_MAX_LIVE_PROCESSES;
        private boolean sticky = true;
        private ProcessResolver resolver = ProcessResolver.NONE;
        private final List<PipelineListener> listeners = new ArrayList<>();
        private Consumer<String> warnings = message ->
                System.getLogger(Pipeline.class.getName()).log(System.Logger.Level.WARNING, message);

        private Builder(FeatureExtractor extractor, Classifier classifier) {
            this.extractor = Objects.requireNonNull(extractor, "extractor");
            this.classifier = Objects.requireNonNull(classifier, "classifier");
        }

        /**
         * @param n score a process after every {@code n} of its events (at least 1)
         * @return this
         */
        public Builder scoreEveryEvents(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("scoreEveryEvents must be at least 1, got " + n);
            }
            this.scoreEveryEvents = n;
            return this;
        }

        /**
         * @param millis score a process that gets an event at least this long after its last scoring (0: every event)
         * @return this
         */
        public Builder scoreEveryMillis(long millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("scoreEveryMillis must not be negative, got " + millis);
            }
            this.scoreEveryMillis = millis;
            return this;
        }

        /**
         * @param capacity how many tasks may wait for the publisher before the reader blocks (at least 1)
         * @return this
         */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be at least 1, got " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /**
         * @param max the most processes tracked at once; beyond it the least recently active one is
         *     reported as {@link ProcessExit.Ending#EVICTED} (bounds memory under a fork bomb)
         * @return this
         */
        public Builder maxLiveProcesses(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxLiveProcesses must be at least 1, got " + max);
            }
            this.maxLiveProcesses = max;
            return this;
        }

        /**
         * @param sticky true (the default) to keep a process's highest status even if later scorings are lower
         * @return this
         */
        public Builder stickyStatus(boolean sticky) {
            this.sticky = sticky;
            return this;
        }

        /**
         * @param resolver answers tgid/ppid questions for new thread ids ({@code /proc} in live monitoring)
         * @return this
         */
        public Builder resolver(ProcessResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * @param listener receives callbacks on the publisher thread, in the order added
         * @return this
         */
        public Builder listener(PipelineListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param warnings receives one-line warnings (a failing classifier or listener); default: System.Logger
         * @return this
         */
        public Builder warnings(Consumer<String> warnings) {
            this.warnings = Objects.requireNonNull(warnings, "warnings");
            return this;
        }

        /** @return the pipeline */
        public Pipeline build() {
            return new Pipeline(this);
        }
    }
}
