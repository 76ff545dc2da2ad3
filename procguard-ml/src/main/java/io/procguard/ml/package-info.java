/** Per-process features and the ONNX Runtime scorer for the bundled RandomForest model. */
package io.procguard.ml;
