package io.procguard.cli.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each user keeps the last {@link Daemon#MAX_RUN_OUTPUTS_PER_USER} run outputs: a run removes that user's oldest, nothing else. */
class RunOutputsTest {
    @TempDir
    Path dir;

    @Test
    void aRunRemovesTheUsersOldestOutputsAndNothingElse() throws Exception {
        int keep = Daemon.MAX_RUN_OUTPUTS_PER_USER;
        for (int i = 0; i < keep + 4; i++) {
            // ids sort numerically, not as text: run 10 is newer than run 9
            Files.writeString(dir.resolve("run_1700000000_" + i + "_uid1000.out"), "x");
        }
        Files.writeString(dir.resolve("run_1600000000_1_uid10.out"), "another user's");
        Files.writeString(dir.resolve("run_1600000000_2_uid10000.out"), "a uid that ends like it");
        Files.writeString(dir.resolve("run_1600000000_3.out"), "an older daemon's name");
        Files.createSymbolicLink(dir.resolve("run_1500000000_1_uid1000.out"), dir.resolve("run_1600000000_1_uid10.out"));

        List<Path> removed = WatchSession.pruneRunOutputs(dir, 1000);

        assertThat(removed).extracting(p -> p.getFileName().toString()).containsExactly(
                "run_1700000000_0_uid1000.out", "run_1700000000_1_uid1000.out", "run_1700000000_2_uid1000.out",
                "run_1700000000_3_uid1000.out", "run_1700000000_4_uid1000.out");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("_uid1000.out") && n.startsWith("run_1700000000_")))
                    .hasSize(keep - 1);
        }
        assertThat(dir.resolve("run_1600000000_1_uid10.out")).exists();
        assertThat(dir.resolve("run_1600000000_2_uid10000.out")).exists();
        assertThat(dir.resolve("run_1600000000_3.out")).exists();
        assertThat(Files.isSymbolicLink(dir.resolve("run_1500000000_1_uid1000.out"))).as("not a file it made: left alone").isTrue();
        assertThat(WatchSession.pruneRunOutputs(dir, 1000)).as("nothing more to remove").isEmpty();
    }
}
