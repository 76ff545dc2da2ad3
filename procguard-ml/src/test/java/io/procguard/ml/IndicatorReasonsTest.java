package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.core.FeatureSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reasons of the bundled model name the behaviour indicator that fired, not the summaries of indicators. */
class IndicatorReasonsTest {
    @Test
    void reverseShellVerdictIsExplainedByTheReverseShellIndicator() {
        assumeTrue(OnnxClassifier.class.getResource(OnnxClassifier.DEFAULT_MODEL_RESOURCE) != null,
                "no bundled model in this build");
        FeatureSchema schema = new BehaviourFeatures().schema();
        float[] v = new float[schema.size()];
        set(v, schema, "ind.reverse_shell", 1);
        set(v, schema, "ind.count", 1);
        set(v, schema, "ind.max_severity", BehaviourFeatures.indicatorSeverity("ind.reverse_shell"));
        set(v, schema, "ind.any", 1);
        set(v, schema, "net.dup_socket_to_stdio", 1);
        try (OnnxClassifier c = OnnxClassifier.loadDefault()) {
            double score = c.score(v);
            List<String> reasons = c.explain(v, score);
            assertThat(reasons).as("score %.3f", score).isNotEmpty()
                    .noneMatch(r -> r.startsWith("ind.count") || r.startsWith("ind.any") || r.startsWith("ind.max_severity"));
            assertThat(reasons).anyMatch(r -> r.startsWith("ind.reverse_shell=1 (+") && r.contains("severity 3"));
        }
    }

    @Test
    void twoIndicatorsThatEachSufficeAreBothReasons() {
        assumeTrue(OnnxClassifier.class.getResource(OnnxClassifier.DEFAULT_MODEL_RESOURCE) != null,
                "no bundled model in this build");
        FeatureSchema schema = new BehaviourFeatures().schema();
        float[] v = new float[schema.size()];
        // a miner run from a file its family wrote: either indicator alone makes it malicious, so neither loses
        // anything when occluded by itself
        set(v, schema, "ind.cryptomining", 1);
        set(v, schema, "ind.staged_exec", 1);
        set(v, schema, "ind.count", 2);
        set(v, schema, "ind.max_severity", 3);
        set(v, schema, "ind.any", 1);
        set(v, schema, "act.syscalls_log", 7);
        set(v, schema, "net.connect_count", 0.69f);
        try (OnnxClassifier c = OnnxClassifier.loadDefault()) {
            double score = c.score(v);
            List<String> reasons = c.explain(v, score);
            assertThat(score).isGreaterThan(0.9);
            assertThat(reasons).as("score %.3f", score).hasSizeGreaterThanOrEqualTo(2);
            assertThat(reasons.subList(0, 2)).as("score %.3f", score)
                    .anyMatch(r -> r.startsWith("ind.cryptomining=1 (+")).anyMatch(r -> r.startsWith("ind.staged_exec=1 (+"));
        }
    }

    @Test
    void onlyTheBehaviourIndicatorsHaveASeverity() {
        assertThat(BehaviourFeatures.indicatorSeverity("ind.credential_read")).isEqualTo(3);
        assertThat(BehaviourFeatures.indicatorSeverity("ind.recon")).isEqualTo(1);
        assertThat(BehaviourFeatures.indicatorSeverity("ind.count")).isZero();
        assertThat(BehaviourFeatures.indicatorSeverity("net.connect_count")).isZero();
        assertThat(BehaviourFeatures.indicatorSeverity("no.such.feature")).isZero();
    }

    private static void set(float[] v, FeatureSchema schema, String name, float value) {
        int i = schema.indexOf(name);
        assertThat(i).as(name).isNotNegative();
        v[i] = value;
    }
}
