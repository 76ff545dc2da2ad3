package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procguard.core.Status;
import io.procguard.ml.BehaviourFeatures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on real strace runs: {@code features} exports a labelled corpus, the project's train.py
 * trains a model on it, {@code analyze} scores fresh traces with that model.
 */
class AnalyzeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Path model;
    private static Path reverseShell;
    private static Path benign;

    @BeforeAll
    static void corpusAndModel() throws Exception {
        if (!works("strace", "-o", "/dev/null", "/bin/true") || !works("/usr/bin/python3", "-c", "import sklearn, onnx")) {
            return;
        }
        StringBuilder manifest = new StringBuilder("trace,family,label\n");
        for (int run = 0; run < 3; run++) {
            manifest.append(trace("revshell" + run, reverseShellScript(), "-f", "-ttt", "-T", "-yy", "-s", "256")).append(",revshell,malicious\n");
            manifest.append(trace("shadow" + run, List.of("/bin/sh", "-c", "cat /etc/shadow /etc/gshadow; id"), "-f", "-yy"))
                    .append(",shadow,malicious\n");
            manifest.append(trace("ls" + run, List.of("/bin/ls", "-la", "/usr", "/etc"), "-f", "-yy")).append(",ls,benign\n");
            manifest.append(trace("sh" + run, List.of("/bin/sh", "-c", "for i in 1 2 3; do echo $i; done; date; sort /etc/services | head -2"),
                    "-f", "-yy")).append(",shell,benign\n");
        }
        Path manifestFile = dir.resolve("manifest.csv");
        Files.writeString(manifestFile, manifest, StandardCharsets.UTF_8);
        CliRunner.Result features = CliRunner.run("features", "--manifest", manifestFile.toString());
        assertThat(features.exitCode()).as(features.err()).isZero();
        Path csv = dir.resolve("features.csv");
        Files.writeString(csv, features.out(), StandardCharsets.UTF_8);
        Path root = Path.of(System.getProperty("procguard.repo.root", "..")).toAbsolutePath();
        Path train = root.resolve("procguard-ml/training/train.py");
        if (!Files.isRegularFile(train)) {
            return;
        }
        Path m = dir.resolve("model.onnx");
        if (works("/usr/bin/python3", train.toString(), "--features", csv.toString(), "--out-model", m.toString(), "--report",
                dir.resolve("REPORT.md").toString(), "--fixture", dir.resolve("parity.csv").toString(), "--schema-version",
                BehaviourFeatures.SCHEMA_VERSION, "--trees", "30", "--fixture-rows", "20", "--jobs", "1",
                // a toy corpus: loose false-positive targets so that its thresholds are below 1
                "--fpr-suspicious", "0.5", "--fpr-malicious", "0.34")) {
            model = m;
        }
        reverseShell = dir.resolve(trace("revshell-fresh", reverseShellScript(), "-f", "-ttt", "-T", "-yy", "-s", "256"));
        benign = dir.resolve(trace("ls-fresh", List.of("/bin/ls", "-la", "/usr", "/etc"), "-f"));
    }

    private static List<String> reverseShellScript() {
        return List.of("/usr/bin/python3", "-c", "import socket,os,sys\n"
                + "s=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\n"
                + "os.dup2(s.fileno(),0);os.dup2(s.fileno(),1)\n"
                + "os.execv('/bin/sh',['sh','-i','-c','id; uname -a'])\n", "PORT");
    }

    /** Traces argv (PORT replaced by a listening loopback port); returns the log's name in {@code dir}. */
    private static String trace(String name, List<String> command, String... flags) throws Exception {
        Path log = dir.resolve(name + ".log");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread sink = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    s.getInputStream().readAllBytes();
                } catch (IOException ignored) {
                    // traces without a connect never get here
                }
            });
            sink.setDaemon(true);
            sink.start();
            List<String> argv = new ArrayList<>(List.of("strace"));
            argv.addAll(List.of(flags));
            argv.addAll(List.of("-o", log.toString()));
            for (String a : command) {
                argv.add(a.equals("PORT") ? Integer.toString(listener.getLocalPort()) : a);
            }
            works(argv.toArray(String[]::new));
        }
        return log.getFileName().toString();
    }

    private static boolean works(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void assumeModel() {
        assumeTrue(model != null, "needs strace, /usr/bin/python3 with scikit-learn and onnx, and procguard-ml/training/train.py");
    }

    @Test
    void featuresWritesTheContractHeaderAndOneRowPerProcess() throws IOException {
        assumeModel();
        List<String> lines = Files.readAllLines(dir.resolve("features.csv"));
        assertThat(lines.get(0)).isEqualTo("trace,pid,comm,exe,family,label," + String.join(",", new BehaviourFeatures().schema().names()));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("revshell0.log,").contains(",sh,/bin/sh,revshell,malicious,"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("ls0.log,").contains(",ls,/bin/ls,ls,benign,"));
        int columns = lines.get(0).split(",").length;
        assertThat(lines).allSatisfy(l -> assertThat(l.split(",", -1)).hasSize(columns));
    }

    @Test
    void analyzeJsonGivesPerProcessVerdictsWithReasonsAndEvidence() throws IOException {
        assumeModel();
        CliRunner.Result r = CliRunner.run("analyze", "--json", "--model", model.toString(), reverseShell.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("verdict").asText()).isIn("UNKNOWN", "BENIGN", "SUSPICIOUS", "MALICIOUS");
        JsonNode shell = null;
        for (JsonNode p : doc.get("processes")) {
            assertThat(p.has("pid") && p.has("comm") && p.has("exe") && p.has("status") && p.has("score") && p.has("reasons")).isTrue();
            if (p.get("comm").asText().equals("sh")) {
                shell = p;
            }
        }
        assertThat(shell).isNotNull();
        assertThat(shell.get("exe").asText()).isEqualTo("/bin/sh");
        // ppid: a process of the log, or null where the log does not say (the first process's parent is not in it)
        java.util.Set<Integer> pids = new java.util.HashSet<>();
        doc.get("processes").forEach(p -> pids.add(p.get("pid").asInt()));
        assertThat(doc.get("processes")).allSatisfy(p -> assertThat(p.get("ppid").isNull() || pids.contains(p.get("ppid").asInt()))
                .as("%s", p).isTrue());
        assertThat(doc.get("processes")).anySatisfy(p -> assertThat(p.get("ppid").isNull()).isTrue());
        double worst = 0;
        for (JsonNode p : doc.get("processes")) {
            worst = Math.max(worst, p.get("score").asDouble());
        }
        assertThat(doc.get("score").asDouble()).isEqualTo(worst);
        assertThat(shell.get("evidence").toString()).contains("dup2(3, 0) = 0").contains("connect(3, 127.0.0.1:");
        JsonNode ls = JSON.readTree(CliRunner.run("analyze", "--json", "--model", model.toString(), benign.toString()).out());
        assertThat(shell.get("score").asDouble()).as("a reverse shell scores above ls")
                .isGreaterThan(ls.get("processes").get(0).get("score").asDouble());
        String reason = shell.get("reasons").get(0).asText();
        if (shell.get("status").asText().equals("BENIGN")) {
            assertThat(reason).startsWith("score ").contains("below the suspicious threshold");
        } else {
            assertThat(reason).matches("[a-z0-9_.]+=[^ ]+ \\(\\+\\d\\.\\d\\d\\): .+");
        }
    }

    @Test
    void failOnExits10OnlyWhenAProcessReachesTheStatus() throws IOException {
        assumeModel();
        for (Path log : List.of(reverseShell, benign)) {
            Status verdict = Status.valueOf(JSON.readTree(CliRunner.run("analyze", "--json", "--model", model.toString(),
                    log.toString()).out()).get("verdict").asText());
            for (Status failOn : List.of(Status.SUSPICIOUS, Status.MALICIOUS)) {
                CliRunner.Result r = CliRunner.run("analyze", "--model", model.toString(), "--fail-on",
                        failOn.name().toLowerCase(Locale.ROOT), log.toString());
                assertThat(r.exitCode()).as(log + " " + verdict + " --fail-on " + failOn)
                        .isEqualTo(verdict.atLeast(failOn) ? ExitCodes.DETECTED : ExitCodes.OK);
                assertThat(r.out()).contains("PID").contains("verdict: " + verdict.name());
            }
        }
        // all UNKNOWN (too few events) reaches no status; not with the reverse shell, whose ind.reverse_shell is scored anyway
        CliRunner.Result few = CliRunner.run("analyze", "--model", model.toString(), "--min-events", "1000000", "--fail-on",
                "suspicious", benign.toString());
        assertThat(few.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(few.out()).contains("UNKNOWN").contains("verdict: UNKNOWN");
    }

    @Test
    void minEventsBelowOneIsAUsageErrorAsInFeatures(@TempDir Path tmp) throws Exception {
        Path log = ParseTestLogs.trace(tmp, List.of("-f"), "/bin/true");
        for (String n : List.of("0", "-1")) {
            for (String command : List.of("analyze", "features")) {
                CliRunner.Result r = CliRunner.run(command, "--min-events", n, log.toString());
                assertThat(r.exitCode()).as(command + " " + n).isEqualTo(ExitCodes.USAGE);
                assertThat(r.err()).as(command).isEqualTo("procguard: --min-events must be at least 1, got " + n + "\n");
            }
        }
    }

    @Test
    void failOnOtherThanSuspiciousOrMaliciousIsAUsageErrorNamingBoth(@TempDir Path tmp) throws Exception {
        Path log = ParseTestLogs.trace(tmp, List.of("-f"), "/bin/true");
        for (String status : List.of("unknown", "benign", "BENIGN", "high")) {
            CliRunner.Result r = CliRunner.run("analyze", "--fail-on", status, log.toString());
            assertThat(r.exitCode()).as(status).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).isEqualTo("procguard: --fail-on must be 'suspicious' or 'malicious', not '" + status + "'\n");
        }
    }

    @Test
    void missingLogIsBadInputInOneLine() {
        CliRunner.Result r = CliRunner.run("analyze", "/nonexistent/trace.log");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).satisfiesAnyOf(
                e -> assertThat(e.strip()).isEqualTo("procguard: /nonexistent/trace.log: no such file"),
                e -> assertThat(e.strip()).startsWith("procguard: classpath:/io/procguard/ml/model/procguard-default.onnx"));
    }

    @Test
    void unusableModelIsBadInputInOneLine(@TempDir Path tmp) throws IOException {
        Path junk = tmp.resolve("junk.onnx");
        Files.writeString(junk, "not a model");
        CliRunner.Result r = CliRunner.run("analyze", "--model", junk.toString(), "-");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err().strip()).startsWith("procguard: " + junk + ": not an ONNX model (").doesNotContain("\n");
        CliRunner.Result unknown = CliRunner.run("analyze", "--classifier", "nosuch", "-");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unknown.err()).startsWith("procguard: no classifier named 'nosuch'; available: [").contains("onnx");
    }

    @Test
    void badManifestLineIsReportedWithItsLocation(@TempDir Path tmp) throws IOException {
        Path manifest = tmp.resolve("m.csv");
        Files.writeString(manifest, "trace,family,label\na.log,x\n");
        CliRunner.Result r = CliRunner.run("features", "--manifest", manifest.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("procguard: " + manifest + ":2:1: expected 3 fields trace,family,label, got 2");
    }

    @Test
    void helpTeachesWithDescriptionExamplesAndDefaults() {
        CliRunner.Result analyze = CliRunner.run("analyze", "--help");
        assertThat(analyze.out()).contains("Examples:").contains("--fail-on").contains("Default: onnx").contains("-yy");
        CliRunner.Result features = CliRunner.run("features", "--help");
        assertThat(features.out()).contains("--manifest").contains("trace,pid,comm,exe,family,label").contains("Default: 20");
    }

    @Test
    void aBidiOverrideInANameIsShownEscapedNotObeyed(@TempDir Path tmp) throws IOException {
        // "/tmp/ev<U+202E>lif.sh" shows as "/tmp/evhs.fil" when the override is obeyed; strace prints its bytes in octal
        Path log = Files.writeString(tmp.resolve("bidi.log"),
                "100 1700000000.000001 execve(\"/tmp/ev\\342\\200\\256lif.sh\", [\"ev\\342\\200\\256lif.sh\"], 0x7ffd /* 1 var */) = 0\n"
                        + "100 1700000000.000002 exit_group(0) = ?\n100 1700000000.000003 +++ exited with 0 +++\n");
        CliRunner.Result r = CliRunner.run("analyze", log.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("/tmp/ev\\u202elif.sh").doesNotContain("\u202e");
        CliRunner.Result json = CliRunner.run("analyze", "--json", log.toString());
        assertThat(JSON.readTree(json.out()).get("processes").get(0).get("exe").asText()).as("JSON keeps the real name")
                .isEqualTo("/tmp/ev\u202elif.sh");
    }
}
