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
 * Runtime loads as it always does.
 *
 * <p>ONNX Runtime 1.29's telemetry, unless {@code ORT_DISABLE_TELEMETRY=1} is in the process environment when its
 * environment starts, opens {@code /tmp/mat-debug-PID.log} ({@code O_WRONLY|O_CREAT|O_TRUNC}, following symbolic
 * links: a predictable path in a world-writable directory, as root for a monitor) and writes a device id and a
 * database under {@code ~/.cache/Microsoft}. So before starting it, when the variable is not set at all, this sets it
 * to 1 in the process environment (libc's {@code setenv}, through JNA: Java cannot change its own environment); a
 * value the user set is kept.
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
        disableTelemetryUnlessChosen();
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

    /** The environment variable ONNX Runtime reads when its environment starts; see the class comment. */
    static final String TELEMETRY_VARIABLE = "ORT_DISABLE_TELEMETRY";

    /** libc's {@code setenv}. */
    private interface LibC extends com.sun.jna.Library {
        int setenv(String name, String value, int overwrite);
    }

    /** Sets {@link #TELEMETRY_VARIABLE} to 1 when the process environment has no value for it (Linux only). */
    private static void disableTelemetryUnlessChosen() {
        if (System.getenv(TELEMETRY_VARIABLE) != null || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return;
        }
        try {
            // JNA's first use runs /sbin/ldconfig -p for its search path unless jna.platform.library.path is set
            com.sun.jna.Native.load(com.sun.jna.Platform.C_LIBRARY_NAME, LibC.class).setenv(TELEMETRY_VARIABLE, "1", 0);
        } catch (LinkageError e) {
            // no JNA native support here: ONNX Runtime starts as it would have (README.md says how to set the variable)
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
