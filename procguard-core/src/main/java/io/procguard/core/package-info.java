/**
 * ProcGuard's event model ({@link io.procguard.core.TraceEvent}), the classifier SPI
 * ({@link io.procguard.core.Classifier}) and the types both sides share (statuses, verdicts, feature vectors).
 */
package io.procguard.core;
