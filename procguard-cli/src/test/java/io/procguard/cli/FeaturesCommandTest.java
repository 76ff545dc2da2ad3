package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code procguard features} on real strace logs: what it refuses before writing a byte of CSV, and CSV that
 * {@code evaluate} reads back whatever the trace is named.
 */
class FeaturesCommandTest {

    @Test
    void helpShowsNoEmptyDefaults() {
        CliRunner.Result r = CliRunner.run("features", "--help");
        assertThat(r.out()).contains("--label=L", "--family=F", "Default: 20").doesNotContainPattern("Default:\\s*\\n");
    }

    @Test
    void aTraceNamedWithANewlineACommaAndQuotesIsQuotedSoEvaluateReadsEveryRowBack(@TempDir Path dir) throws Exception {
        Path odd = Files.move(ParseTestLogs.trace(dir, List.of("-f", "-ttt", "-T", "-yy"), "/bin/sh", "-c", "ls / > /dev/null; cat /etc/hostname"),
                dir.resolve("run\n2, \"odd\".log"));
        CliRunner.Result features = CliRunner.run("features", "--label", "benign", "--min-events", "1", odd.toString());
        assertThat(features.exitCode()).as(features.err()).isZero();
        long rows = features.out().lines().filter(l -> l.startsWith("\"" + dir)).count();
        assertThat(rows).as(features.out()).isEqualTo(3); // sh, ls, cat
        Path csv = Files.writeString(dir.resolve("features.csv"), features.out());
        try (io.procguard.ml.evaluation.FeaturesCsv read = io.procguard.ml.evaluation.FeaturesCsv.open(csv)) {
            for (int i = 0; i < rows; i++) {
                assertThat(read.next()).isTrue();
                assertThat(read.trace()).isEqualTo(odd.toString());
                assertThat(read.lineNumber()).isEqualTo(2 + 2 * i); // each row spans two lines
            }
            assertThat(read.next()).isFalse();
        }
        // the same trace named in a manifest: the quoted name spans two lines there too
        Path manifest = Files.writeString(dir.resolve("manifest.csv"), "trace,family,label\n"
                + FeaturesManifest.quote(odd.getFileName().toString()) + ",shell,benign\n");
        CliRunner.Result fromManifest = CliRunner.run("features", "--min-events", "1", "--manifest", manifest.toString());
        assertThat(fromManifest.exitCode()).as(fromManifest.err()).isZero();
        assertThat(fromManifest.out().lines().filter(l -> l.startsWith("\"run")).count()).as(fromManifest.err()).isEqualTo(3);
        assertThat(fromManifest.out()).contains(",shell,benign,");
        Path model = Path.of(System.getProperty("procguard.repo.root", "..")).toAbsolutePath()
                .resolve("procguard-ml/src/main/resources/io/procguard/ml/model/procguard-default.onnx");
        CliRunner.Result evaluate = CliRunner.run("evaluate", "--json", "--model", model.toString(), "--features", csv.toString());
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(evaluate.out()).toString()).contains("\"rows\":3");
    }

    @Test
    void anInputThatCannotBeReadFailsBeforeTheHeaderSoNoPartialCsvIsLeft(@TempDir Path dir) throws Exception {
        Path good = ParseTestLogs.trace(dir, List.of("-f"), "/bin/ls", "/");
        Path missing = dir.resolve("missing.log");
        Path noPermission = Files.copy(good, dir.resolve("noperm.log"));
        Files.setPosixFilePermissions(noPermission, Set.of());
        Path folder = Files.createDirectory(dir.resolve("folder"));
        for (Path bad : List.of(missing, noPermission, folder)) {
            CliRunner.Result r = CliRunner.runWithoutFilePermissionOverride(dir, "features", good.toString(), bad.toString());
            assertThat(r.exitCode()).as(bad.toString()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.out()).as(bad.toString()).isEmpty();
            assertThat(r.err()).as(bad.toString()).matches("procguard: " + java.util.regex.Pattern.quote(bad.toString())
                    + ": (no such file|permission denied|is a directory)\n");
        }
        Path manifest = dir.resolve("manifest.csv");
        Files.writeString(manifest, "trace,family,label\n" + good.getFileName() + ",ls,benign\nmissing.log,x,benign\n");
        CliRunner.Result fromManifest = CliRunner.run("features", "--manifest", manifest.toString());
        assertThat(fromManifest.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(fromManifest.out()).isEmpty();
        assertThat(fromManifest.err()).isEqualTo("procguard: " + missing.toAbsolutePath() + ": no such file\n");
        CliRunner.Result zip = CliRunner.run("features", "--format", "adfa-ld", missing.toString());
        assertThat(zip.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(zip.out()).isEmpty();
    }

    @Test
    void aManifestThatIsAFolderOrNotUtf8TextIsNamedSoWithItsLineAndColumn(@TempDir Path dir) throws Exception {
        CliRunner.Result folder = CliRunner.run("features", "--manifest", dir.toString());
        assertThat(folder.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(folder.err()).isEqualTo("procguard: " + dir + ": is a directory\n");
        Path binary = dir.resolve("manifest.csv");
        Files.write(binary, new byte[] {'t', 'r', 'a', 'c', 'e', ',', 'f', 'a', 'm', 'i', 'l', 'y', ',', 'l', 'a', 'b', 'e', 'l', '\n',
            'a', 'b', (byte) 0xff, (byte) 0xfe, ',', 'x', ',', '0', '\n'});
        CliRunner.Result notText = CliRunner.run("features", "--manifest", binary.toString());
        assertThat(notText.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(notText.err()).isEqualTo("procguard: " + binary + ":2:3: is not UTF-8 text (byte 0xff); a manifest is a UTF-8 CSV\n");
        assertThat(notText.out()).isEmpty();
    }

    @Test
    void aLabelThatEvaluateAndTrainPyWouldRefuseIsRefusedBeforeAnyRow(@TempDir Path dir) throws Exception {
        Path log = ParseTestLogs.trace(dir, List.of("-f"), "/bin/true");
        CliRunner.Result two = CliRunner.run("features", "--label", "2", log.toString());
        assertThat(two.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(two.err()).isEqualTo("procguard: --label: label '2' is neither benign (0, benign, normal) nor malicious "
                + "(1, malicious, suspicious, attack)\n");
        assertThat(two.out()).isEmpty();
        for (String accepted : List.of("0", "1", "Benign", "attack", "normal")) {
            CliRunner.Result ok = CliRunner.run("features", "--min-events", "1", "--label", accepted, log.toString());
            assertThat(ok.exitCode()).as(accepted + ": " + ok.err()).isZero();
        }
        Path manifest = Files.writeString(dir.resolve("manifest.csv"), "trace,family,label\n" + log.getFileName() + ",x,benign\n"
                + "\"two\nlines.log\",x,2\n");
        CliRunner.Result fromManifest = CliRunner.run("features", "--manifest", manifest.toString());
        assertThat(fromManifest.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(fromManifest.err()).isEqualTo("procguard: " + manifest + ":4:14: label '2' is neither benign (0, benign, normal) "
                + "nor malicious (1, malicious, suspicious, attack) (leave it empty for unlabelled rows)\n");
        assertThat(fromManifest.out()).isEmpty();
    }

    @Test
    void aLogThatIsNotStraceOutputLeavesNoHeaderOnlyCsvWhileATraceWithoutRowsGivesTheHeader(@TempDir Path dir) throws Exception {
        Path notStrace = Files.writeString(dir.resolve("notes.txt"), "hello\nworld\n");
        CliRunner.Result bad = CliRunner.run("features", notStrace.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.err()).contains(notStrace + ":1:1: not strace output");
        assertThat(bad.out()).isEmpty();
        Path log = ParseTestLogs.trace(dir, List.of("-f"), "/bin/true");
        CliRunner.Result none = CliRunner.run("features", "--min-events", "1000000", log.toString());
        assertThat(none.exitCode()).as(none.err()).isZero();
        assertThat(none.out().lines().toList()).hasSize(1).allMatch(l -> l.startsWith("trace,pid,comm,exe,family,label,"));
        CliRunner.Result some = CliRunner.run("features", "--min-events", "1", log.toString());
        assertThat(some.out().lines().filter(l -> l.startsWith("trace,")).count()).isEqualTo(1);
        assertThat(some.out().lines().findFirst()).hasValueSatisfying(l -> assertThat(l).startsWith("trace,pid,"));
    }
}
