/**
 * Measures a scorer on labelled features: the features CSV reader ({@link io.procguard.ml.evaluation.FeaturesCsv})
 * and the binary metrics ({@link io.procguard.ml.evaluation.Evaluation}: confusion matrix, accuracy, precision,
 * recall, F1, macro-F1, ROC AUC, recall at a false-positive rate, per family).
 */
package io.procguard.ml.evaluation;
