package io.procguard.cli.control;

import io.procguard.core.ProcessView;
import io.procguard.core.Verdict;
import io.procguard.core.pipeline.PipelineListener;
import io.procguard.core.pipeline.ProcessExec;
import io.procguard.core.pipeline.ProcessExit;
import io.procguard.core.pipeline.ProcessStart;
import io.procguard.core.pipeline.StatusChange;

/**
 * Runs every callback of a listener while holding a shared lock, so listeners of several pipelines
 * that write one single-writer resource (the status table) take turns: the lock makes each writer's
 * bookkeeping visible to the next. Thread-safe.
 */
final class SerializedListener implements PipelineListener {
    private final PipelineListener delegate;
    private final Object lock;

    SerializedListener(PipelineListener delegate, Object lock) {
        this.delegate = delegate;
        this.lock = lock;
    }

    @Override
    public void onStart(ProcessStart start) {
        synchronized (lock) {
            delegate.onStart(start);
        }
    }

    @Override
    public void onExec(ProcessExec exec) {
        synchronized (lock) {
            delegate.onExec(exec);
        }
    }

    @Override
    public void onSignal(int pid, String signal, long timeNanos) {
        synchronized (lock) {
            delegate.onSignal(pid, signal, timeNanos);
        }
    }

    @Override
    public void onStatusChange(StatusChange change) {
        synchronized (lock) {
            delegate.onStatusChange(change);
        }
    }

    @Override
    public void onScored(ProcessView process, Verdict verdict) {
        synchronized (lock) {
            delegate.onScored(process, verdict);
        }
    }

    @Override
    public void onExit(ProcessExit exit) {
        synchronized (lock) {
            delegate.onExit(exit);
        }
    }

    @Override
    public void onEnd() {
        synchronized (lock) {
            delegate.onEnd();
        }
    }
}
