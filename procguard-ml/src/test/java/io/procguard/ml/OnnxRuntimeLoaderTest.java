package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxRuntimeLoaderTest {

    /** Run in a second JVM: loads and uses the bundled model, then exits normally. */
    public static void main(String[] args) {
        try (OnnxClassifier classifier = OnnxClassifier.loadDefault()) {
            System.out.println(classifier.id());
        }
    }

    @Test
    void aJvmThatScoresLeavesNothingInItsTemporaryDirectory(@TempDir Path tmp) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path javaHome = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(javaHome.toString(), "-Djava.io.tmpdir=" + tmp, "-cp", classPath,
                OnnxRuntimeLoaderTest.class.getName())).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("second JVM finished").isTrue();

        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).as("it really loaded ONNX Runtime and the model").contains("onnx:procguard-rf-");
        assertThat(entries(tmp)).as("left in java.io.tmpdir").isEmpty();
    }

    @Test
    void aNativePathTheUserChoseIsUsedAndLeftAlone(@TempDir Path tmp) throws Exception {
        Path chosen = Files.createDirectory(tmp.resolve("native"));
        for (String library : List.of("libonnxruntime.so", "libonnxruntime4j_jni.so")) {
            try (InputStream in = getClass().getResourceAsStream("/ai/onnxruntime/native/linux-x64/" + library)) {
                Assumptions.assumeTrue(in != null, "ONNX Runtime's linux-x64 libraries are not on the class path");
                Files.copy(in, chosen.resolve(library));
            }
        }
        Path jvmTmp = Files.createDirectory(tmp.resolve("tmp"));
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path javaHome = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(javaHome.toString(), "-Djava.io.tmpdir=" + jvmTmp,
                "-Donnxruntime.native.path=" + chosen, "-cp", classPath, OnnxRuntimeLoaderTest.class.getName()))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("second JVM finished").isTrue();

        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("onnx:procguard-rf-");
        assertThat(entries(chosen)).as("the user's libraries").containsExactlyInAnyOrder("libonnxruntime.so",
                "libonnxruntime4j_jni.so");
        assertThat(entries(jvmTmp)).as("left in java.io.tmpdir").isEmpty();
    }

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(x -> x.getFileName().toString()).toList();
        }
    }
}
