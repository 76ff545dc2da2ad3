package io.procguard.cli;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips each test of a class annotated {@code @ExtendWith(NeedsTracing.class)} unless strace runs here and may trace
 * ({@link MonitorProcess#assumeTracing()}: root with ptrace, strace installed; CI runs as root).
 */
final class NeedsTracing implements BeforeEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        MonitorProcess.assumeTracing();
    }
}
