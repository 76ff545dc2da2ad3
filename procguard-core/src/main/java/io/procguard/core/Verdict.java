package io.procguard.core;

import java.util.List;
import java.util.Objects;

/**
 * A classifier's answer for one process, with what explains it. Immutable.
 *
 * @param status the classification
 * @param score the probability-like score in [0, 1] that the process is suspicious (NaN if none)
 * @param reasons short human-readable reasons, most important first (e.g. {@code "connects to 127.0.0.1:4444 then dup2 onto stdin"})
 * @param evidence concrete events that support the verdict, rendered as strace-like text (e.g. {@code "connect(3, 127.0.0.1:4444)"})
 * @param classifier the id of what decided: classifier name and model id, e.g. {@code "onnx:procguard-rf-1.0"}
 */
public record Verdict(Status status, double score, List<String> reasons, List<String> evidence, String classifier) {
    /** Validates and copies the lists. */
    public Verdict {
        Objects.requireNonNull(status, "status");
        reasons = List.copyOf(reasons);
        evidence = List.copyOf(evidence);
        Objects.requireNonNull(classifier, "classifier");
    }

    /**
     * @param classifier the id of what decided
     * @return an UNKNOWN verdict with no score, for a process with too little evidence
     */
    public static Verdict unknown(String classifier) {
        return new Verdict(Status.UNKNOWN, Double.NaN, List.of("too little evidence"), List.of(), classifier);
    }
}
