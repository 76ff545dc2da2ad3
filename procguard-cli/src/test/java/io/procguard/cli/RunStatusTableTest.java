package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.shm.ProcessStatus;
import io.procguard.shm.StatusTableReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What {@code procguard run} leaves in the status table for short-lived processes. */
@Timeout(120)
@ExtendWith(NeedsTracing.class)
class RunStatusTableTest {
    @TempDir
    Path dir;

    @Test
    void shortLivedChildrenArePublishedWithTheirOwnersUidNeverAnUnknownOne() throws Exception {
        Path table = dir.resolve("table");
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--quiet", "--shm", table.toString(), "--",
                "sh", "-c", "for i in 1 2 3 4 5 6 7 8; do true | cat /etc/hostname > /dev/null; done");
        assertThat(r.exitCode()).isZero();
        try (StatusTableReader reader = StatusTableReader.open(table)) {
            List<ProcessStatus> all = reader.snapshot();
            assertThat(all).hasSizeGreaterThanOrEqualTo(9)
                    .allSatisfy(p -> assertThat(p.uid()).as("uid of %d (%s)", p.pid(), p.comm()).isZero());
        }
    }
}
