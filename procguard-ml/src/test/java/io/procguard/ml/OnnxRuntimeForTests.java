package io.procguard.ml;

import ai.onnxruntime.OrtEnvironment;

/**
 * ONNX Runtime's environment for tests outside this package: the one {@link OnnxClassifier} uses, loaded from a private
 * directory that is deleted at once. {@code OrtEnvironment.getEnvironment()} called first in a JVM would let ONNX
 * Runtime unpack its libraries itself and leave an {@code onnxruntime-java*} directory in /tmp.
 */
public final class OnnxRuntimeForTests {
    private OnnxRuntimeForTests() {
    }

    /** @return the process-wide environment */
    public static OrtEnvironment environment() {
        return OnnxRuntimeLoader.environment();
    }
}
