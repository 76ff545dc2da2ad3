package io.procguard.core.pipeline;

import io.procguard.core.Classifier;
import io.procguard.core.ProcessView;
import io.procguard.core.Status;
import io.procguard.core.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The scoring and publishing side of the pipeline: takes tasks from the bounded queue, scores
 * snapshots in batches, and calls the listeners. Runs on its own thread; the only thread that touches
 * the listeners and the per-process status map.
 */
final class Publisher implements Runnable {
    /** Work for the publisher, queued by the reader in trace order. */
    sealed interface Task permits Start, Exec, Signal, Score, Exit, End {
    }

    record Start(ProcessStart start) implements Task {
    }

    record Exec(ProcessExec exec) implements Task {
    }

    record Signal(int pid, String signal, long timeNanos) implements Task {
    }

    record Score(ProcessView view, AtomicBoolean pending, long timeNanos) implements Task {
    }

    record Exit(ProcessView view, ProcessExit exit) implements Task {
    }

    record End() implements Task {
    }

    private static final int MAX_BATCH = 64;

    private final BlockingQueue<Task> queue;
    private final Classifier classifier;
    private final List<PipelineListener> listeners;
    private final Consumer<String> warnings;
    private final boolean sticky;
    private final Map<Integer, Verdict> current = new HashMap<>();
    final AtomicLong scorings = new AtomicLong();
    final AtomicLong statusChanges = new AtomicLong();

    Publisher(BlockingQueue<Task> queue, Classifier classifier, List<PipelineListener> listeners,
            Consumer<String> warnings, boolean sticky) {
        this.queue = queue;
        this.classifier = classifier;
        this.listeners = List.copyOf(listeners);
        this.warnings = warnings;
        this.sticky = sticky;
    }

    @Override
    public void run() {
        List<Task> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                if (publish(batch)) {
                    return;
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return true once the end task was handled */
    private boolean publish(List<Task> batch) {
        List<ProcessView> views = new ArrayList<>();
        for (Task t : batch) {
            if (t instanceof Score s) {
                views.add(s.view());
            } else if (t instanceof Exit x) {
                views.add(x.view());
            }
        }
        List<Verdict> verdicts = classify(views);
        int next = 0;
        for (Task t : batch) {
            if (t instanceof Start s) {
                notify(l -> l.onStart(s.start()));
            } else if (t instanceof Exec e) {
                notify(l -> l.onExec(e.exec()));
            } else if (t instanceof Signal s) {
                notify(l -> l.onSignal(s.pid(), s.signal(), s.timeNanos()));
            } else if (t instanceof Score s) {
                s.pending().set(false); // the reader may queue the next scoring of this process
                decide(s.view(), verdicts.get(next++), s.timeNanos());
            } else if (t instanceof Exit x) {
                Verdict last = decide(x.view(), verdicts.get(next++), x.exit().timeNanos());
                current.remove(x.view().pid());
                ProcessExit e = x.exit();
                ProcessExit done = new ProcessExit(e.pid(), e.ending(), e.exitCode(), e.signal(), e.coreDumped(),
                        e.timeNanos(), e.events(), e.errors(), e.durationNanos(), e.syscallCounts(), last);
                notify(l -> l.onExit(done));
            } else if (t instanceof End) {
                notify(PipelineListener::onEnd);
                return true;
            }
        }
        return false;
    }

    /** Applies a new verdict; returns the one now in force. */
    private Verdict decide(ProcessView view, Verdict verdict, long timeNanos) {
        scorings.incrementAndGet();
        Verdict before = current.get(view.pid());
        Status previous = before == null ? Status.UNKNOWN : before.status();
        if (before != null && sticky && previous.code() > verdict.status().code()) {
            // a process that was caught once does not become benign by diluting its trace
            notify(l -> l.onScored(view, before));
            return before;
        }
        current.put(view.pid(), verdict);
        if (verdict.status() != previous) {
            statusChanges.incrementAndGet();
            StatusChange change = new StatusChange(view.pid(), previous, verdict, view, timeNanos);
            notify(l -> l.onStatusChange(change));
        }
        notify(l -> l.onScored(view, verdict));
        return verdict;
    }

    private List<Verdict> classify(List<ProcessView> views) {
        if (views.isEmpty()) {
            return List.of();
        }
        try {
            List<Verdict> out = classifier.classifyAll(views);
            if (out.size() == views.size()) {
                return out;
            }
            warnings.accept("classifier " + classifier.id() + " returned " + out.size() + " verdicts for "
                    + views.size() + " processes; scoring one by one");
        } catch (RuntimeException e) {
            warnings.accept("classifier " + classifier.id() + " failed on a batch: " + e);
        }
        List<Verdict> out = new ArrayList<>(views.size());
        for (ProcessView v : views) {
            try {
                out.add(classifier.classify(v));
            } catch (RuntimeException e) {
                warnings.accept("classifier " + classifier.id() + " failed on pid " + v.pid() + ": " + e);
                out.add(Verdict.unknown(classifier.id()));
            }
        }
        return out;
    }

    private void notify(Consumer<PipelineListener> call) {
        for (PipelineListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                warnings.accept("listener " + l.getClass().getSimpleName() + " failed: " + e);
            }
        }
    }
}
