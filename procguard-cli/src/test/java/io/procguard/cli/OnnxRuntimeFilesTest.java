package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime's telemetry, left on, opens {@code /tmp/mat-debug-PID.log} (created, truncated, symbolic links followed) and
 * writes under {@code ~/.cache/Microsoft}. The launcher and the Maven test runs set {@code ORT_DISABLE_TELEMETRY=1};
 * {@code java -jar procguard.jar} and embedders need not: the scorer sets it before ONNX Runtime starts.
 */
class OnnxRuntimeFilesTest {
    @TempDir
    Path dir;

    @Test
    void scoringWithoutTheTelemetryVariableLeavesNoFileInTmpNorInHome() throws Exception {
        Path log = ParseTestLogs.trace(dir, List.of("-f"), "/bin/true");
        Path home = Files.createDirectory(dir.resolve("home"));
        Process p = MonitorProcess.start(dir, env -> {
            env.remove("ORT_DISABLE_TELEMETRY");
            env.put("HOME", home.toString());
        }, "analyze", "--json", log.toString());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("stderr"))).isZero();
        assertThat(Files.readString(dir.resolve("stdout"))).contains("\"verdict\"");
        assertThat(Path.of("/tmp/mat-debug-" + p.pid() + ".log")).doesNotExist();
        try (var left = Files.list(home)) {
            assertThat(left).as("nothing made in HOME (~/.cache/Microsoft)").isEmpty();
        }
    }
}
