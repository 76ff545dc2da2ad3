/**
 * Readers that turn public system-call datasets (ADFA-LD) into ProcGuard's event model, so the same
 * feature extractor and training path serve them.
 */
package io.procguard.ml.dataset;
