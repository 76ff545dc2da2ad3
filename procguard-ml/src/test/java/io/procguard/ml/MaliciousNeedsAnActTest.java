package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.core.FeatureVector;
import io.procguard.core.Status;
import io.procguard.core.Verdict;
import io.procguard.core.process.ProcessRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MALICIOUS, the status {@code --kill-on malicious} acts on, needs an indicator of severity
 * {@value OnnxClassifier#MALICIOUS_MIN_SEVERITY} or more. With the bundled model: a setuid hunt of the corpus (a
 * training row, so scored above the malicious threshold whatever the forest's draw) stays SUSPICIOUS, with the reason;
 * real strace runs of {@code find / -perm -4000} and {@code cat /etc/shadow} are never MALICIOUS and always MALICIOUS.
 */
class MaliciousNeedsAnActTest {
    private static final Path CORPUS = Path.of("training/data/corpus-features.csv");
    private final BehaviourFeatures features = new BehaviourFeatures();

    @TempDir
    Path dir;

    @Test
    void aSetuidHuntAboveTheMaliciousThresholdStaysSuspiciousWithTheReason() throws Exception {
        TrainedModels.assumeBundledModel();
        assumeTrue(Files.isRegularFile(CORPUS), "no " + CORPUS.toAbsolutePath());
        List<String> lines = Files.readAllLines(CORPUS);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        String hunt = lines.stream().filter(l -> l.contains(",find,/usr/bin/find,privilege-escalation,malicious,")).findFirst()
                .orElseThrow(() -> new AssertionError("no find row of privilege-escalation in " + CORPUS));
        String[] cells = hunt.split(",");
        float[] v = new float[header.size() - 6];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(cells[i + 6]);
        }
        try (OnnxClassifier c = OnnxClassifier.loadDefault()) {
            assertThat(c.schema().names()).isEqualTo(header.subList(6, header.size()));
            ProcessRecord row = new ProcessRecord(7, 1, "find", "/usr/bin/find", List.of("find", "/", "-perm", "-4000"), 500, 1, 0, 0,
                    -1, null, false, null, new FeatureVector(c.schema(), v), List.of());
            assertThat(row.features().get("ind.recon")).isEqualTo(1f);
            assertThat(row.features().get("ind.max_severity")).isEqualTo(1f);
            Verdict verdict = c.classify(row);
            assertThat(c.statusOf(verdict.score())).as("the model alone says MALICIOUS (a training row)").isEqualTo(Status.MALICIOUS);
            assertThat(verdict.status()).isEqualTo(Status.SUSPICIOUS);
            assertThat(verdict.reasons().get(0)).startsWith("ind.recon=1");
            assertThat(verdict.reasons().get(verdict.reasons().size() - 1))
                    .contains("reaches the malicious threshold").endsWith("(an act, not discovery alone): SUSPICIOUS");
        }
    }

    @Test
    void liveTheHuntIsFlaggedButNeverMaliciousWhileReadingShadowIs() throws Exception {
        TrainedModels.assumeBundledModel();
        StraceRuns.assumeStrace();
        // the auditor's command (read-only)
        Path log = StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/bin/sh", "-c",
                "find /usr/bin -perm -4000 > /dev/null; cat /etc/shadow > /dev/null 2>&1; true");
        List<ProcessRecord> ps = StraceRuns.processes(log, features);
        ProcessRecord find = ps.stream().filter(p -> p.comm().equals("find")).findFirst().orElseThrow();
        ProcessRecord cat = ps.stream().filter(p -> p.comm().equals("cat")).findFirst().orElseThrow();
        assertThat(find.features().get("ind.recon")).as("find -perm -4000 hunts setuid files").isEqualTo(1f);
        try (OnnxClassifier c = OnnxClassifier.loadDefault()) {
            List<Verdict> verdicts = c.classifyAll(List.of(find, cat));
            assertThat(verdicts.get(0).status()).isEqualTo(Status.SUSPICIOUS);
            assertThat(verdicts.get(1).status()).as("ind.credential_read, severity 3").isEqualTo(Status.MALICIOUS);
            assertThat(verdicts.get(1).reasons()).noneMatch(r -> r.contains("reaches the malicious threshold"));
        }
    }
}
