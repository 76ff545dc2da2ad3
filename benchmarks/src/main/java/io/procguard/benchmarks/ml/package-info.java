/** JMH benchmarks of ProcGuard's feature extraction and ONNX scoring, each with a baseline in the same class. */
package io.procguard.benchmarks.ml;
