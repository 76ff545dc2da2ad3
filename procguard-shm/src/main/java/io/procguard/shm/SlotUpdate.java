package io.procguard.shm;

import io.procguard.core.Status;
import io.procguard.core.Verdict;
import java.util.Objects;

/**
 * What one {@link StatusTable#update} publishes for a process: classification, score, counters,
 * last-seen time, main reason and model id. Mutable and reusable, so the pipeline can publish
 * without allocating; not thread-safe. Fields keep their values between updates.
 */
public final class SlotUpdate {
    Status status = Status.UNKNOWN;
    double score = Double.NaN;
    long syscalls;
    long errors;
    long signals;
    long children;
    long lastSeenMillis;
    String reason = "";
    String modelId = "";

    /**
     * @param status the classification
     * @return this
     */
    public SlotUpdate status(Status status) {
        this.status = Objects.requireNonNull(status, "status");
        return this;
    }

    /**
     * @param score the score in [0, 1], or NaN if none
     * @return this
     */
    public SlotUpdate score(double score) {
        this.score = score;
        return this;
    }

    /**
     * @param syscalls system calls seen so far
     * @param errors system calls that failed so far
     * @param signals signals received so far
     * @param children children forked or cloned so far
     * @return this
     */
    public SlotUpdate counters(long syscalls, long errors, long signals, long children) {
        this.syscalls = syscalls;
        this.errors = errors;
        this.signals = signals;
        this.children = children;
        return this;
    }

    /**
     * @param lastSeenMillis when the process was last seen, epoch milliseconds; 0 means "now, at update time"
     * @return this
     */
    public SlotUpdate lastSeen(long lastSeenMillis) {
        this.lastSeenMillis = lastSeenMillis;
        return this;
    }

    /**
     * @param reason the main reason for the status; the table keeps its first 95 UTF-8 bytes
     * @return this
     */
    public SlotUpdate reason(String reason) {
        this.reason = Objects.requireNonNull(reason, "reason");
        return this;
    }

    /**
     * @param modelId the id of what decided, e.g. {@code onnx:procguard-rf-1.0}; the table keeps 31 bytes
     * @return this
     */
    public SlotUpdate modelId(String modelId) {
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        return this;
    }

    /**
     * Takes status, score, first reason (empty if none) and classifier id from a verdict.
     *
     * @param verdict a classifier's answer
     * @return this
     */
    public SlotUpdate verdict(Verdict verdict) {
        return status(verdict.status()).score(verdict.score())
                .reason(verdict.reasons().isEmpty() ? "" : verdict.reasons().get(0))
                .modelId(verdict.classifier());
    }
}
