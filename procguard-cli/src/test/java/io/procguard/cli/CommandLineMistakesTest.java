package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes an SRE makes on the command line: each is one line naming what is wrong, with the documented exit code. */
class CommandLineMistakesTest {
    @TempDir
    Path dir;

    @Test
    void anOutputFileInAFolderThatDoesNotExistIsRefusedBeforeAnyWorkNamingTheOptionAndTheFolder() throws Exception {
        Path log = ParseTestLogs.trace(dir, List.of("-f"), "/bin/true");
        Path missing = dir.resolve("no-such-dir");
        CliRunner.Result parse = CliRunner.run("parse", "--out", missing.resolve("events.jsonl").toString(), log.toString());
        assertThat(parse.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(parse.err()).isEqualTo("procguard: --out " + missing.resolve("events.jsonl") + ": no such directory " + missing + "\n");

        Path model = bundledModel();
        Path features = dir.resolve("f.csv");
        CliRunner.Result csv = CliRunner.run("features", "--label", "0", "--min-events", "1", log.toString());
        assertThat(csv.exitCode()).as(csv.err()).isZero();
        Files.writeString(features, csv.out());
        CliRunner.Result scores = CliRunner.run("evaluate", "--model", model.toString(), "--features", features.toString(),
                "--scores", missing.resolve("s.csv").toString());
        assertThat(scores.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(scores.err()).isEqualTo("procguard: --scores " + missing.resolve("s.csv") + ": no such directory " + missing + "\n");
        assertThat(scores.out()).as("refused before scoring").isEmpty();

        Path aFile = Files.writeString(dir.resolve("plain"), "x");
        CliRunner.Result underAFile = CliRunner.run("parse", "--out", aFile.resolve("events.jsonl").toString(), log.toString());
        assertThat(underAFile.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(underAFile.err()).isEqualTo("procguard: --out " + aFile.resolve("events.jsonl") + ": " + aFile
                + " is not a directory\n");
    }

    @Test
    void runsJsonOutInAFolderThatDoesNotExistIsRefusedBeforeTheCommandStarts() throws Exception {
        MonitorProcess.assumeTracing();
        Path missing = dir.resolve("no-such-dir");
        Path marker = dir.resolve("ran");
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--no-shm", "--classifier", "monitor-rules", "--json-out",
                missing.resolve("s.jsonl").toString(), "--", "/usr/bin/touch", marker.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("procguard: --json-out " + missing.resolve("s.jsonl") + ": no such directory " + missing + "\n");
        assertThat(marker).doesNotExist();
    }

    @Test
    void controlBytesOfAnInputFileOrAnArgumentNeverReachTheTerminalRaw() throws Exception {
        Path features = dir.resolve("garbage.csv");
        Files.write(features, "\u001b]0;owned\u0007\u001b[2J\u202e,x\n".getBytes(StandardCharsets.UTF_8));
        CliRunner.Result r = CliRunner.run("evaluate", "--model", bundledModel().toString(), "--features", features.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).startsWith("procguard: " + features + ":1:1: expected the header")
                .contains("\\x1b]0;owned\\x07\\x1b[2J\\u202e,x").doesNotContain("\u001b").doesNotContain("\u0007")
                .doesNotContain("\u202e");
        assertThat(r.err().lines()).hasSize(1);

        CliRunner.Result option = CliRunner.run("parse", "--bogus\u001b[2J", "x.log");
        assertThat(option.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(option.err()).startsWith("procguard: Unknown option: '--bogus\\x1b[2J'").doesNotContain("\u001b");
    }

    @Test
    void aNumericOptionOfRunOrAttachOutOfRangeIsAUsageErrorNamingThatOptionAndItsValue() {
        MonitorProcess.assumeTracing(); // checked after the right to trace: refused before anything starts or attaches
        String[][] cases = {{"--score-every", "0", "at least 1"}, {"--score-interval", "-5", "at least 0"},
            {"--shm-slots", "0", "at least 1"}, {"--log-limit", "-1", "at least 1"}, {"--log-max-mib", "0", "at least 1"},
            {"--json-max-mib", "0", "at least 1"}};
        for (String command : List.of("run", "attach")) {
            for (String[] c : cases) {
                String target = command.equals("run") ? "/bin/true" : "1";
                CliRunner.Result r = CliRunner.run(command, "--no-shm", c[0], c[1], "--", target);
                assertThat(r.exitCode()).as("%s %s %s", command, c[0], c[1]).isEqualTo(ExitCodes.USAGE);
                assertThat(r.err()).isEqualTo("procguard: " + c[0] + " must be " + c[2] + ", got " + c[1] + "\n");
            }
        }
    }

    @Test
    void anEvaluateThresholdOutsideZeroToOneIsAUsageErrorBeforeTheModelIsLoaded() throws Exception {
        Path features = Files.writeString(dir.resolve("f.csv"), "not read\n");
        for (String t : List.of("-1", "2", "1.0000001", "NaN", "Infinity")) {
            CliRunner.Result r = CliRunner.run("evaluate", "--model", dir.resolve("no-model.onnx").toString(), "--features",
                    features.toString(), "--threshold", t);
            assertThat(r.exitCode()).as(t).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).isEqualTo("procguard: --threshold must be between 0 and 1 (scores are probabilities), got " + t + "\n");
        }
    }

    @Test
    void anEvaluateFalsePositiveRateThatIsNotANumberFromZeroToOneIsAUsageErrorBeforeTheModelIsLoaded() throws Exception {
        Path features = Files.writeString(dir.resolve("f.csv"), "not read\n");
        for (String rate : List.of("-0.1", "1.5", "NaN", "Infinity", "-Infinity")) {
            CliRunner.Result r = CliRunner.run("evaluate", "--model", dir.resolve("no-model.onnx").toString(), "--features",
                    features.toString(), "--fpr", rate);
            assertThat(r.exitCode()).as(rate).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(rate).startsWith("procguard: --fpr must be between 0 and 1, got ");
        }
    }

    @Test
    void aModelThatIsAFolderIsNamedAsOneNotAsMissing() throws Exception {
        Path log = ParseTestLogs.trace(dir, List.of("-f"), "/bin/true");
        Path folder = Files.createDirectory(dir.resolve("model.onnx"));
        CliRunner.Result analyze = CliRunner.run("analyze", "--model", folder.toString(), log.toString());
        assertThat(analyze.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(analyze.err()).isEqualTo("procguard: " + folder + ": is a directory, not a model file\n");
        CliRunner.Result evaluate = CliRunner.run("evaluate", "--model", folder.toString(), "--features", log.toString());
        assertThat(evaluate.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(evaluate.err()).isEqualTo("procguard: " + folder + ": is a directory, not a model file\n");
    }

    @Test
    void theDaemonClientsSayWhatIsWrongWithTheirArgumentsOrTheDaemonInOneLine() {
        Path socket = dir.resolve("no-daemon.sock");
        CliRunner.Result noDaemon = CliRunner.run("submit", "--socket", socket.toString(), "--", "/bin/true");
        assertThat(noDaemon.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(noDaemon.err()).isEqualTo("procguard: cannot connect to " + socket + ": is 'procguard daemon' running?\n");

        CliRunner.Result noDir = CliRunner.run("submit", "--socket", socket.toString(), "--cwd", dir.resolve("gone").toString(), "--", "/bin/true");
        assertThat(noDir.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(noDir.err()).isEqualTo("procguard: --cwd " + dir.resolve("gone") + ": not a directory\n");

        CliRunner.Result badFailOn = CliRunner.run("submit", "--socket", socket.toString(), "--fail-on", "benign", "--", "/bin/true");
        assertThat(badFailOn.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badFailOn.err()).startsWith("procguard: --fail-on must be 'suspicious' or 'malicious', not 'benign'");

        CliRunner.Result noCommand = CliRunner.run("submit", "--socket", socket.toString());
        assertThat(noCommand.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noCommand.err()).contains("Missing required parameter: 'CMD'");

        for (String[] c : new String[][] {{"0", "ID must be a run's number (1 or more), not 0"}, {"seven", "Invalid value for positional parameter"}}) {
            CliRunner.Result r = CliRunner.run("output", "--socket", socket.toString(), c[0]);
            assertThat(r.exitCode()).as(c[0]).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(c[0]).contains(c[1]).doesNotContain("Exception");
        }
        CliRunner.Result negative = CliRunner.run("output", "--socket", socket.toString(), "--offset", "-1", "3");
        assertThat(negative.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(negative.err()).contains("--offset must be 0 or more, not -1");
    }

    /** @return the model the CLI ships, copied out of its jar */
    private Path bundledModel() throws Exception {
        Path model = dir.resolve("bundled.onnx");
        try (InputStream in = CommandLineMistakesTest.class.getResourceAsStream("/io/procguard/ml/model/procguard-default.onnx")) {
            assertThat(in).as("the bundled model on the class path").isNotNull();
            Files.copy(in, model);
        }
        return model;
    }
}
