package io.procguard.cli.monitor;

import io.procguard.core.Status;
import io.procguard.core.pipeline.PipelineListener;
import io.procguard.core.pipeline.StatusChange;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Opt-in enforcement ({@code --kill-on}): SIGKILL a process once it reaches a status, say so on
 * stderr and in its log. Called on the publisher thread. Never signals pid 1 or this JVM, a process whose exit the
 * trace already showed, or a process that the session's strace does not trace (the traced one gone and its pid
 * reused: {@link Signaller#killTraced}).
 */
public final class KillSwitch implements PipelineListener {
    private final Status threshold;
    private final ProcessLogWriter log;
    private final Consumer<String> notices;
    private final Set<Integer> killed = new HashSet<>();
    private volatile long tracer;

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

    /** @param stracePid the pid of the strace whose tracees may be killed; until set, none is */
    public void tracer(long stracePid) {
        this.tracer = stracePid;
    }

    @Override
    public void onStatusChange(StatusChange c) {
        if (!c.verdict().status().atLeast(threshold) || !killed.add(c.pid())) {
            return;
        }
        String what = "pid " + c.pid() + " (" + c.process().comm() + ") reached " + c.verdict().status();
        boolean done = false;
        if (c.process().exited()) {
            notices.accept("did not kill " + what + ": it had exited already");
        } else {
            Signaller.Kill outcome = Signaller.killTraced(c.pid(), tracer);
            done = outcome == Signaller.Kill.KILLED;
            notices.accept(switch (outcome) {
                case KILLED -> "killed " + what + " (--kill-on " + threshold.name().toLowerCase(java.util.Locale.ROOT) + ")";
                case GONE -> "did not kill " + what + ": it had exited already";
                case NOT_TRACED -> "did not kill " + what + ": it had exited, and its pid now belongs to a process this"
                        + " session does not trace";
                case TRACER_GONE -> "did not kill " + what + ": strace is gone, so it is no longer traced and its pid cannot"
                        + " be told from a new process's";
                case FAILED -> "could not kill " + what + ": pidfd_open or pidfd_send_signal failed (Linux 5.3 or later"
                        + " is needed)";
            });
        }
        if (log != null) {
            log.enforced(c.pid(), c.verdict().status(), done, c.timeNanos());
        }
    }
}
