package io.procguard.cli.monitor;

import io.procguard.core.Classifier;
import io.procguard.core.ClassifierProvider;
import io.procguard.core.ProcessView;
import io.procguard.core.Status;
import io.procguard.core.Verdict;
import java.util.List;
import java.util.Map;

/**
 * A transparent rule classifier for the monitoring tests ({@code --classifier monitor-rules}): it makes
 * the plumbing's outcome predictable (an outbound inet connect is MALICIOUS, anything with 20 syscalls
 * BENIGN) so tests of logs, exit codes and the status table do not depend on a trained model. The ONNX
 * classifier has its own end-to-end test.
 */
public final class MonitorRulesProvider implements ClassifierProvider {
    @Override
    public String name() {
        return "monitor-rules";
    }

    @Override
    public String description() {
        return "test rules: inet connect -> MALICIOUS, else BENIGN after 20 syscalls";
    }

    @Override
    public Classifier create(Map<String, String> options) {
        return new Classifier() {
            @Override
            public String id() {
                return "monitor-rules";
            }

            @Override
            public Verdict classify(ProcessView p) {
                if (p.features().get("net.connect_inet") > 0) {
                    return new Verdict(Status.MALICIOUS, 0.99, List.of("connects to an inet address"), p.evidence(), id());
                }
                return p.eventCount() >= 20 ? new Verdict(Status.BENIGN, 0.01, List.of("ordinary"), List.of(), id())
                        : Verdict.unknown(id());
            }
        };
    }
}
