package io.procguard.examples.classifier;

import io.procguard.core.Classifier;
import io.procguard.core.ClassifierProvider;
import java.util.Map;

/** Makes {@link ReverseShellRules} available as {@code --classifier rules}. Stateless, thread-safe. */
public final class ReverseShellRulesProvider implements ClassifierProvider {
    /** Creates the provider (ServiceLoader needs a public no-argument constructor). */
    public ReverseShellRulesProvider() {
    }

    @Override
    public String name() {
        return ReverseShellRules.NAME;
    }

    @Override
    public String description() {
        return "example: hand-written reverse-shell rules over ProcGuard's behaviour features";
    }

    @Override
    public Classifier create(Map<String, String> options) {
        return new ReverseShellRules();
    }
}
