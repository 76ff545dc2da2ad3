package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.Status;
import io.procguard.core.Verdict;
import io.procguard.core.process.ProcessRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ordinary shell scripts, traced for real, get no alarm from the bundled model. The schema-3 model flagged most
 * of them (its {@code ind.fork_storm} fired on the nested subshells of command substitutions): {@code ldd /bin/ls}
 * was MALICIOUS at 0.99.
 */
class ShellScriptsAreBenignTest {
    private final BehaviourFeatures features = new BehaviourFeatures();

    @TempDir
    Path dir;

    @BeforeEach
    void needsTheBundledModelAndStrace() {
        TrainedModels.assumeBundledModel();
        StraceRuns.assumeStrace();
    }

    @Test
    void everydayScriptsRaiseNoAlarm() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "alpha,1\nbeta,2\ngamma,3\n");
        List<String[]> scripts = new ArrayList<>();
        scripts.add(new String[] {"/usr/bin/ldd", "/bin/ls"});
        scripts.add(new String[] {"/bin/bash", "-c", "cd '" + dir + "' && for f in /etc/*.conf; do n=$(grep -c . \"$f\" 2>/dev/null);"
                + " echo \"$(basename \"$f\") $n\"; done | sort -k2 -n | tail -3 > /dev/null"});
        scripts.add(new String[] {"/bin/bash", "-c", "cd '" + dir + "' && cat a.txt | while read l; do echo \"$l\" | grep -q , &&"
                + " k=$(echo \"$l\" | cut -d, -f1 | tr a-z A-Z); v=$(echo \"$l\" | cut -d, -f2); echo \"$k=$v\" >> out.txt; done"});
        scripts.add(new String[] {"/bin/sh", "-c", "cd '" + dir + "' && gzip -c a.txt > a.gz && zgrep -c beta a.gz > /dev/null"
                + " && zcat a.gz | wc -l > /dev/null; which ls sort > /dev/null"});
        try (OnnxClassifier c = OnnxClassifier.loadDefault()) {
            for (String[] script : scripts) {
                List<ProcessRecord> ps = StraceRuns.processes(StraceRuns.trace(dir, StraceRuns.RECOMMENDED, script), features);
                assertThat(ps).as(String.join(" ", script)).hasSizeGreaterThan(2);
                for (ProcessRecord p : ps) {
                    Verdict v = c.classify(p);
                    assertThat(v.status()).as("%s in %s: score %s, reasons %s", p.comm(), String.join(" ", script), v.score(),
                            v.reasons()).isIn(Status.UNKNOWN, Status.BENIGN);
                }
            }
        }
    }

    /**
     * {@code chmod +x} of a script one just wrote, outside /tmp (where making a fresh file executable is a staging
     * sign the forest may weigh): the model of session 11 said SUSPICIOUS 0.38 from {@code file.chmod_exec} alone,
     * learnt from {@code evasion_rename}'s {@code chmod 755}, labelled malicious until that chmod became a bystander.
     */
    @Test
    void makingAScriptExecutableRaisesNoAlarm() throws Exception {
        Path home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chmod-"); // private (0700), not under /tmp
        try (OnnxClassifier c = OnnxClassifier.loadDefault()) {
            String[] script = {"/bin/sh", "-c", "cd '" + home + "' && printf '#!/bin/sh\\necho hi\\n' > deploy.sh"
                    + " && chmod +x deploy.sh && chmod 755 deploy.sh && chmod u+x deploy.sh"};
            List<ProcessRecord> ps = StraceRuns.processes(StraceRuns.trace(dir, StraceRuns.RECOMMENDED, script), features);
            assertThat(ps.stream().filter(p -> p.comm().equals("chmod"))).as("the three chmod processes").hasSize(3);
            for (ProcessRecord p : ps) {
                Verdict v = c.classify(p);
                assertThat(v.status()).as("%s %s: score %s, reasons %s", p.comm(), p.argv(), v.score(), v.reasons())
                        .isIn(Status.UNKNOWN, Status.BENIGN);
            }
        } finally {
            try (var files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
