package io.procguard.ml.evaluation;

/**
 * How one family of rows fared at a threshold: its recall if it is malicious, its false-positive rate
 * if it is benign. Immutable.
 *
 * @param family the family column of the rows
 * @param label 1 for a malicious family, 0 for a benign one
 * @param rows rows of the family
 * @param flagged rows of the family at or above the threshold
 */
public record FamilyRate(String family, int label, long rows, long flagged) {
    /** @return flagged / rows: recall for a malicious family, false-positive rate for a benign one */
    public double rate() {
        return rows == 0 ? 0.0 : (double) flagged / rows;
    }
}
