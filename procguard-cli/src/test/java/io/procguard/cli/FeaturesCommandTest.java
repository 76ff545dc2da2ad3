package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code procguard features} on real strace logs: what it refuses before writing a byte of CSV. */
class FeaturesCommandTest {

    @Test
    void helpShowsNoEmptyDefaults() {
        CliRunner.Result r = CliRunner.run("features", "--help");
        assertThat(r.out()).contains("--label=L", "--family=F", "Default: 20").doesNotContainPattern("Default:\\s*\\n");
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
}
