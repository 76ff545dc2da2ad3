package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.shm.ProcessStatus;
import io.procguard.shm.StatusTableReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --seccomp-bpf} with the bundled classifier: real strace, real programs, the bundled lean model. */
@Timeout(120)
class LeanModeTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsTracing() {
        MonitorProcess.assumeTracing();
    }

    @Test
    void leanTracesAreScoredByTheLeanModelWhichPassesEverydayToolsAndFlagsACredentialRead() throws Exception {
        Path table = dir.resolve("table");
        // the model trained on full traces flagged every one of these processes in a lean trace
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--seccomp-bpf", "--shm", table.toString(), "--quiet", "--",
                "bash", "-c", "ls -la /usr > /dev/null; tar -C /usr/share/doc -cf - bash | wc -c > /dev/null;"
                        + " sort /etc/passwd | head -3 > /dev/null; cat /etc/shadow > /dev/null");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<ProcessStatus> all;
        try (StatusTableReader reader = StatusTableReader.open(table)) {
            all = reader.snapshot();
        }
        assertThat(all).extracting(ProcessStatus::comm).contains("bash", "ls", "tar", "wc", "sort", "head", "cat");
        assertThat(all).allSatisfy(s -> assertThat(s.modelId()).as(s.comm()).contains("lean"));
        assertThat(all).filteredOn(s -> s.comm().equals("cat"))
                .allSatisfy(s -> assertThat(s.status().name()).as(s.reason()).isIn("SUSPICIOUS", "MALICIOUS"));
        assertThat(all).filteredOn(s -> !s.comm().equals("cat"))
                .allSatisfy(s -> assertThat(s.status().name()).as(s.comm() + ": " + s.reason()).isIn("BENIGN", "UNKNOWN"));
    }
}
