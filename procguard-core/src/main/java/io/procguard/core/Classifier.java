package io.procguard.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides a {@link Verdict} for a process. Implementations must be thread-safe: ProcGuard's {@code Pipeline} calls
 * it from its one scoring thread, but one classifier may serve several pipelines at once (the CLI's daemon shares one
 * across its sessions) and embedders may call it from their own threads. Plug your own by implementing {@link ClassifierProvider}
 * and listing it in {@code META-INF/services/io.procguard.core.ClassifierProvider}.
 */
public interface Classifier extends AutoCloseable {
    /** @return an id for logs and verdicts, e.g. {@code "onnx:procguard-rf-3"} or {@code "rules"} */
    String id();

    /**
     * @param process a snapshot of the process
     * @return the verdict, never null; {@link Verdict#unknown} when there is too little evidence
     */
    Verdict classify(ProcessView process);

    /**
     * Classifies many processes; implementations backed by a model override this to score in one batch.
     *
     * @param processes snapshots
     * @return one verdict per process, in order
     */
    default List<Verdict> classifyAll(List<? extends ProcessView> processes) {
        List<Verdict> out = new ArrayList<>(processes.size());
        for (ProcessView p : processes) {
            out.add(classify(p));
        }
        return out;
    }

    /** Releases native resources. The default does nothing. */
    @Override
    default void close() {
    }
}
