package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.core.FeatureVector;
import io.procguard.core.Status;
import io.procguard.core.Verdict;
import io.procguard.core.process.ProcessRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MALICIOUS, the status {@code --kill-on malicious} acts on, needs an indicator of severity
 * {@value OnnxClassifier#MALICIOUS_MIN_SEVERITY} or more. With the bundled model: a setuid hunt of the corpus (a
 * training row, so scored above the malicious threshold whatever the forest's draw) stays SUSPICIOUS, with the reason,
 * while the corpus' most malicious-looking credential theft (severity 3) stays MALICIOUS; real strace runs of
 * {@code find / -perm -4000} are never MALICIOUS, and of {@code cat /etc/shadow} always flagged and never held back by
 * the rule. (Whether a live {@code cat /etc/shadow} reaches the malicious threshold, 0.993, depends on the forest's
 * draw: it did in 2 of 8 seeds with the session-12 labels, in 5 of 8 with the session-11 ones.)
 */
class MaliciousNeedsAnActTest {
    private static final Path CORPUS = Path.of("training/data/corpus-features.csv");
    private final BehaviourFeatures features = new BehaviourFeatures();

    @TempDir
    Path dir;

    @Test
    void aSetuidHuntAboveTheMaliciousThresholdStaysSuspiciousWithTheReason() throws Exception {
        TrainedModels.assumeBundledModel();
        try (OnnxClassifier c = OnnxClassifier.loadDefault()) {
            ProcessRecord row = corpusRows(c, ",find,/usr/bin/find,privilege-escalation,malicious,").get(0);
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
    void aCredentialTheftAboveTheMaliciousThresholdStaysMalicious() throws Exception {
        TrainedModels.assumeBundledModel();
        try (OnnxClassifier c = OnnxClassifier.loadDefault()) {
            List<ProcessRecord> thefts = corpusRows(c, ",credential-access,malicious,");
            List<Verdict> verdicts = c.classifyAll(thefts);
            int top = 0;
            for (int i = 1; i < verdicts.size(); i++) {
                top = verdicts.get(i).score() > verdicts.get(top).score() ? i : top;
            }
            Verdict verdict = verdicts.get(top);
            assertThat(thefts.get(top).features().get("ind.max_severity")).isEqualTo(3f);
            assertThat(c.statusOf(verdict.score())).as("the model alone says MALICIOUS (the top training row)").isEqualTo(Status.MALICIOUS);
            assertThat(verdict.status()).isEqualTo(Status.MALICIOUS);
            assertThat(verdict.reasons()).noneMatch(r -> r.contains("reaches the malicious threshold"));
        }
    }

    @Test
    void liveTheHuntIsNeverMaliciousAndReadingShadowIsNeverHeldBack() throws Exception {
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
            assertThat(verdicts.get(1).status()).as("ind.credential_read, severity 3").isIn(Status.SUSPICIOUS, Status.MALICIOUS);
            assertThat(verdicts.get(1).reasons().get(0)).startsWith("ind.credential_read=1");
            assertThat(verdicts.get(1).reasons()).noneMatch(r -> r.contains("reaches the malicious threshold"));
        }
    }

    /** @return the corpus rows whose line holds {@code marker}, as processes (at least one) */
    private static List<ProcessRecord> corpusRows(OnnxClassifier c, String marker) throws Exception {
        assumeTrue(Files.isRegularFile(CORPUS), "no " + CORPUS.toAbsolutePath());
        List<String> lines = Files.readAllLines(CORPUS);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        assertThat(c.schema().names()).isEqualTo(header.subList(6, header.size()));
        List<ProcessRecord> rows = new ArrayList<>();
        for (String line : lines) {
            if (line.contains(marker)) {
                String[] cells = line.split(",");
                float[] v = new float[header.size() - 6];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Float.parseFloat(cells[i + 6]);
                }
                rows.add(new ProcessRecord(7, 1, cells[2], cells[3], List.of(cells[2]), 500, 1, 0, 0,
                        -1, null, false, null, new FeatureVector(c.schema(), v), List.of()));
            }
        }
        assertThat(rows).as("rows holding %s in %s", marker, CORPUS).isNotEmpty();
        return rows;
    }
}
