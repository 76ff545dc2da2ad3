package io.procguard.cli.monitor;

import io.procguard.core.Classifier;
import io.procguard.core.ProcessView;
import io.procguard.core.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * A classifier that is still being loaded on its own thread (ONNX Runtime's native library and the
 * model session take about a second), so that strace and the traced program start at once. Thread-safe.
 *
 * <p>Scoring calls wait until it is ready: the pipeline's bounded scoring queue fills, then its reader
 * stops reading the trace, which waits in the trace channel (bounded too, see {@link TraceFile}); so
 * nothing is dropped and memory stays bounded. If loading fails, every verdict is
 * {@link Verdict#unknown unknown} and {@link #ready()} carries the failure, for the caller to stop the
 * session.
 */
final class DeferredClassifier implements Classifier {
    private final String name;
    private final CompletableFuture<Classifier> ready = new CompletableFuture<>();

    /**
     * @param name the provider name (the id until the classifier is ready)
     * @param load creates the classifier; run on a new daemon thread
     */
    DeferredClassifier(String name, Supplier<Classifier> load) {
        this.name = name;
        Thread t = new Thread(() -> {
            try {
                ready.complete(load.get());
            } catch (RuntimeException | Error e) {
                ready.completeExceptionally(e);
            }
        }, "procguard-classifier-load");
        t.setDaemon(true);
        t.start();
    }

    /** @return completes with the loaded classifier, or exceptionally with why it could not be loaded */
    CompletableFuture<Classifier> ready() {
        return ready;
    }

    @Override
    public String id() {
        Classifier c = ready.getNow(null);
        return c == null ? name : c.id();
    }

    @Override
    public Verdict classify(ProcessView process) {
        Classifier c = await();
        return c == null ? Verdict.unknown(name) : c.classify(process);
    }

    @Override
    public List<Verdict> classifyAll(List<? extends ProcessView> processes) {
        Classifier c = await();
        if (c != null) {
            return c.classifyAll(processes);
        }
        List<Verdict> out = new ArrayList<>(processes.size());
        processes.forEach(p -> out.add(Verdict.unknown(name)));
        return out;
    }

    /** Waits for the load to end, then closes the classifier if there is one. */
    @Override
    public void close() {
        Classifier c = await();
        if (c != null) {
            c.close();
        }
    }

    /** @return the classifier once loaded, or {@code null} if loading failed */
    private Classifier await() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return ready.get();
                } catch (InterruptedException e) {
                    interrupted = true; // keep waiting: the loader thread ends by itself
                } catch (ExecutionException e) {
                    return null;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
