package io.procguard.ml.evaluation;

/**
 * A point of the ROC curve chosen by a false-positive budget. Immutable.
 *
 * @param maxFpr the budget: at most this share of benign rows may be flagged
 * @param threshold the lowest threshold that keeps within it (flagged when score &gt;= threshold)
 * @param fpr the false-positive rate reached at that threshold (&lt;= maxFpr)
 * @param recall the share of malicious rows flagged at that threshold
 */
public record OperatingPoint(double maxFpr, double threshold, double fpr, double recall) {
}
