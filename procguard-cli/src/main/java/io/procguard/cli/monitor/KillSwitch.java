package io.procguard.cli.monitor;

import io.procguard.core.Status;
import io.procguard.core.pipeline.PipelineListener;
import io.procguard.core.pipeline.StatusChange;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Opt-in enforcement ({@code --kill-on}): SIGKILL a process once it reaches a status, say so on
 * stderr and in its log. Called on the publisher thread. Never signals pid 1 or this JVM.
 */
public final class KillSwitch implements PipelineListener {
    private final Status threshold;
    private final ProcessLogWriter log;
    private final Consumer<String> notices;
    private final Set<Integer> killed = new HashSet<>();

    /**
     * @param threshold kill at this status or above
     * @param log where the enforcement is recorded, or {@code null}
     * @param notices receives one line per kill
     */
    public KillSwitch(Status threshold, ProcessLogWriter log, Consumer<String> notices) {
        this.threshold = threshold;
        this.log = log;
        this.notices = notices;
    }

    @Override
    public void onStatusChange(StatusChange c) {
        if (!c.verdict().status().atLeast(threshold) || !killed.add(c.pid())) {
            return;
        }
        boolean done = Signaller.send(c.pid(), "KILL");
        String what = "pid " + c.pid() + " (" + c.process().comm() + ") reached " + c.verdict().status();
        notices.accept(done ? "killed " + what + " (--kill-on " + threshold.name().toLowerCase(java.util.Locale.ROOT) + ")"
                : "could not kill " + what + "; it may have exited already");
        if (log != null) {
            log.enforced(c.pid(), c.verdict().status(), done, c.timeNanos());
        }
    }
}
