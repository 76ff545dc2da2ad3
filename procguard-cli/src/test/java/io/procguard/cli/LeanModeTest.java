package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.shm.ProcessStatus;
import io.procguard.shm.StatusTableReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --seccomp-bpf} with the bundled classifier: real strace, real programs, the bundled lean model. */
@Timeout(120)
@ExtendWith(NeedsTracing.class)
class LeanModeTest {
    @TempDir
    Path dir;

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

    @Test
    void suWithoutATerminalIsASetidAttemptInLeanTracesToo() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/su")) || Files.isExecutable(Path.of("/bin/su")), "no su on this machine");
        Path table = dir.resolve("table");
        // as nobody, stdin /dev/null: su asks for a password it cannot read. ind.setid_attempt needs the failed
        // ioctl(0, TCGETS) that says stdin is no terminal, which a lean trace held only since ioctl joined the set
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--seccomp-bpf", "--user", "nobody", "--shm", table.toString(),
                "--quiet", "--", "su", "root", "-c", "id");
        assertThat(r.exitCode()).as(r.err()).isNotZero();
        List<ProcessStatus> all;
        try (StatusTableReader reader = StatusTableReader.open(table)) {
            all = reader.snapshot();
        }
        assertThat(all).filteredOn(s -> s.comm().equals("su")).singleElement().satisfies(s -> {
            assertThat(s.modelId()).contains("lean");
            assertThat(s.status().name()).as(s.reason()).isIn("SUSPICIOUS", "MALICIOUS");
            assertThat(s.reason()).contains("ind.setid_attempt");
        });
    }
}
