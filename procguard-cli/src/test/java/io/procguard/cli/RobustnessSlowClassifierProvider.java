package io.procguard.cli;

import io.procguard.core.Classifier;
import io.procguard.core.ClassifierProvider;
import io.procguard.cli.monitor.MonitorRulesProvider;
import io.procguard.core.ProcessView;
import io.procguard.core.Verdict;
import java.util.Map;

/**
 * A deliberately slow classifier for the backpressure test ({@code --classifier robustness-slow}): it
 * sleeps {@code -Dprocguard.test.classifyDelayMillis} (default 5) per process scored, so scoring falls
 * behind a fork-heavy program and the pipeline's bounded queue fills. Verdicts: those of {@code monitor-rules}.
 */
public final class RobustnessSlowClassifierProvider implements ClassifierProvider {
    @Override
    public String name() {
        return "robustness-slow";
    }

    @Override
    public String description() {
        return "test: sleeps per scoring, then the monitor-rules verdict";
    }

    @Override
    public Classifier create(Map<String, String> options) {
        long delay = Long.getLong("procguard.test.classifyDelayMillis", 5);
        Classifier rules = new MonitorRulesProvider().create(options);
        return new Classifier() {
            @Override
            public String id() {
                return "robustness-slow";
            }

            @Override
            public Verdict classify(ProcessView p) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Verdict v = rules.classify(p);
                return new Verdict(v.status(), v.score(), v.reasons(), v.evidence(), id());
            }
        };
    }
}
