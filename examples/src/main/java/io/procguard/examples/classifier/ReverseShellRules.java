package io.procguard.examples.classifier;

import io.procguard.core.Classifier;
import io.procguard.core.FeatureVector;
import io.procguard.core.ProcessView;
import io.procguard.core.Status;
import io.procguard.core.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Thread-safe and stateless: a hand-written rule set for reverse shells over ProcGuard's behaviour
 * features (any schema version that has {@code net.dup_socket_to_stdio} and {@code net.stdio_socket_io}). A TCP
 * socket duplicated onto stdin/stdout, or used as stdin/stdout, together with a shell or an exec after a connect, is
 * MALICIOUS; one of those signs alone is SUSPICIOUS.
 */
public final class ReverseShellRules implements Classifier {
    /** The provider name and id. */
    public static final String NAME = "rules";

    @Override
    public String id() {
        return NAME;
    }

    @Override
    public Verdict classify(ProcessView process) {
        FeatureVector v = process.features();
        if (v.schema().indexOf("net.dup_socket_to_stdio") < 0) {
            return new Verdict(Status.UNKNOWN, Double.NaN, List.of("features of " + v.schema() + " are not ProcGuard's behaviour features"),
                    process.evidence(), NAME);
        }
        boolean socketOnStdio = v.get("net.dup_socket_to_stdio") > 0 || v.get("net.stdio_socket_io") > 0;
        boolean shellish = v.get("exec.shell") > 0 || v.get("exec.after_connect") > 0 || v.get("exec.encoded_args") > 0;
        List<String> reasons = new ArrayList<>();
        if (v.get("net.dup_socket_to_stdio") > 0) {
            reasons.add("a TCP socket was duplicated onto stdin/stdout/stderr");
        }
        if (v.get("net.stdio_socket_io") > 0) {
            reasons.add("stdin/stdout is a TCP socket");
        }
        if (v.get("exec.shell") > 0) {
            reasons.add("runs a shell");
        }
        if (v.get("exec.after_connect") > 0) {
            reasons.add("exec'd after connecting to the network");
        }
        if (v.get("exec.encoded_args") > 0) {
            reasons.add("encoded command line (base64 -d, /dev/tcp, long blob)");
        }
        if (socketOnStdio && shellish) {
            return new Verdict(Status.MALICIOUS, 0.95, reasons, process.evidence(), NAME);
        }
        if (socketOnStdio || v.get("exec.encoded_args") > 0) {
            return new Verdict(Status.SUSPICIOUS, 0.6, reasons, process.evidence(), NAME);
        }
        return new Verdict(Status.BENIGN, 0.05, List.of("no reverse-shell sign"), process.evidence(), NAME);
    }
}
