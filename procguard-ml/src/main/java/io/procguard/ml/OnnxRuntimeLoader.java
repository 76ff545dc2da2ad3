package io.procguard.ml;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * Loads ONNX Runtime's native libraries without leaving anything behind in the temporary directory.
 *
 * <p>ONNX Runtime Java extracts its libraries from the jar into a fresh {@code onnxruntime-java*} directory under
 * {@code java.io.tmpdir}; it deletes the files when the JVM exits but not the directory (the directory's
 * delete-on-exit runs before the files'), so every JVM that scores leaves an empty directory there: hundreds in
 * {@code /tmp} for a root-run monitor, its tests and its users' services. Here, on Linux, when the user has not
 * chosen {@code onnxruntime.native.path} and the runtime is not loaded yet, the two libraries are copied into a
 * private 0700 directory, loaded from there, and deleted with the directory right after loading (a loaded
 * library stays mapped). ONNX Runtime's own extraction directory is then empty and removed at exit. With
 * {@code onnxruntime.native.path} set (the {@code procguard} launcher sets it), or on other systems, ONNX
 * Runtime loads as it always does. ONNX Runtime's telemetry files under {@code ~/.cache/Microsoft} can only be
 * prevented from the environment ({@code ORT_DISABLE_TELEMETRY=1}, README.md), not from here.
 */
final class OnnxRuntimeLoader {

    private static final String NATIVE_PATH = "onnxruntime.native.path";
    private static final List<String> LIBRARIES = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so");
    private static OrtEnvironment environment;

    private OnnxRuntimeLoader() {
    }

    /**
     * @return the process-wide ONNX Runtime environment, loading the native libraries on first use
     */
    static synchronized OrtEnvironment environment() {
        if (environment != null) {
            return environment;
        }
        String platform = platform();
        if (System.getProperty(NATIVE_PATH) != null || platform == null
                || OnnxRuntimeLoader.class.getResource(resource(platform, LIBRARIES.get(0))) == null) {
            environment = OrtEnvironment.getEnvironment();
            return environment;
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("procguard-onnxruntime");
            for (String library : LIBRARIES) {
                try (InputStream in = OnnxRuntimeLoader.class.getResourceAsStream(resource(platform, library))) {
                    if (in == null) {
                        throw new IOException("missing resource " + resource(platform, library));
                    }
                    Files.copy(in, dir.resolve(library));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack ONNX Runtime's native libraries: " + e.getMessage(), e);
        }
        System.setProperty(NATIVE_PATH, dir.toString());
        try {
            environment = OrtEnvironment.getEnvironment();
            return environment;
        } finally {
            System.clearProperty(NATIVE_PATH);
            deleteQuietly(dir);
        }
    }

    private static String resource(String platform, String library) {
        return "/ai/onnxruntime/native/" + platform + "/" + library;
    }

    /** @return ONNX Runtime's resource folder for this machine, or null where this loader leaves it alone */
    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || System.getProperty("java.vendor", "").contains("Android")) {
            return null;
        }
        return switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x64" -> "linux-x64";
            case "aarch64" -> "linux-aarch64";
            default -> null;
        };
    }

    private static void deleteQuietly(Path dir) {
        for (String library : LIBRARIES) {
            try {
                Files.deleteIfExists(dir.resolve(library));
            } catch (IOException e) {
                // left for the system's tmp cleaner; the library is loaded either way
            }
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not empty or gone: nothing more to do
        }
    }
}
