package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.core.Status;
import io.procguard.core.Verdict;
import io.procguard.core.process.ProcessRecord;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MALICIOUS, the status {@code --kill-on malicious} acts on, needs an indicator of severity
 * {@value OnnxClassifier#MALICIOUS_MIN_SEVERITY} or more: a hunt for setuid files scores above the bundled model's
 * malicious threshold on discovery alone and stays SUSPICIOUS; reading /etc/shadow is an act and is MALICIOUS.
 * Real strace runs, the bundled model.
 */
class MaliciousNeedsAnActTest {
    private final BehaviourFeatures features = new BehaviourFeatures();

    @TempDir
    Path dir;

    @Test
    void aSetuidHuntAboveTheMaliciousThresholdStaysSuspiciousWhileReadingShadowIsMalicious() throws Exception {
        StraceRuns.assumeStrace();
        assumeTrue(OnnxClassifier.class.getResource(OnnxClassifier.DEFAULT_MODEL_RESOURCE) != null, "no bundled model in this build");
        // the auditor's command (read-only): the corpus' privilege-escalation scenarios hunt the same way
        Path log = StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/bin/sh", "-c",
                "find /usr/bin -perm -4000 > /dev/null; cat /etc/shadow > /dev/null 2>&1; true");
        List<ProcessRecord> ps = StraceRuns.processes(log, features);
        ProcessRecord find = ps.stream().filter(p -> p.comm().equals("find")).findFirst().orElseThrow();
        ProcessRecord cat = ps.stream().filter(p -> p.comm().equals("cat")).findFirst().orElseThrow();
        assertThat(find.features().get("ind.recon")).as("find -perm -4000 hunts setuid files").isEqualTo(1f);
        assertThat(find.features().get("ind.max_severity")).isEqualTo(1f);
        try (OnnxClassifier c = OnnxClassifier.loadDefault()) {
            List<Verdict> verdicts = c.classifyAll(List.of(find, cat));
            Verdict hunt = verdicts.get(0);
            assertThat(hunt.score()).as("the model alone would say MALICIOUS").isGreaterThanOrEqualTo(c.maliciousThreshold());
            assertThat(c.statusOf(hunt.score())).isEqualTo(Status.MALICIOUS);
            assertThat(hunt.status()).isEqualTo(Status.SUSPICIOUS);
            assertThat(hunt.reasons().get(0)).startsWith("ind.recon=1");
            assertThat(hunt.reasons().get(hunt.reasons().size() - 1))
                    .contains("reaches the malicious threshold").endsWith("(an act, not discovery alone): SUSPICIOUS");
            Verdict shadow = verdicts.get(1);
            assertThat(shadow.status()).as("ind.credential_read, severity 3").isEqualTo(Status.MALICIOUS);
            assertThat(shadow.reasons()).noneMatch(r -> r.contains("reaches the malicious threshold"));
        }
    }
}
