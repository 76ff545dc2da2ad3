package io.procguard.cli.monitor;

import io.procguard.core.Status;
import io.procguard.core.pipeline.PipelineListener;
import io.procguard.core.pipeline.StatusChange;

/**
 * {@code --fail-on STATUS} of {@code run} and {@code attach}: remembers the first process that reached the status (or a
 * worse one) at any moment of the session, so that the command can exit {@link io.procguard.cli.ExitCodes#DETECTED}
 * as {@code analyze --fail-on} does. A process that later scores lower still counts: what it did was seen. Called on
 * the publisher thread, read by the command's thread once the session has ended.
 */
public final class FailOn implements PipelineListener {
    private final Status threshold;
    private volatile String first;

    /** @param threshold the status at or above which the session fails */
    public FailOn(Status threshold) {
        this.threshold = threshold;
    }

    @Override
    public void onStatusChange(StatusChange c) {
        if (first == null && c.verdict().status().atLeast(threshold)) {
            first = "pid " + c.pid() + " (" + io.procguard.cli.Printable.escape(c.process().comm()) + ") reached "
                    + c.verdict().status();
        }
    }

    /**
     * The exit status of a session with an optional {@code --fail-on}: {@link io.procguard.cli.ExitCodes#DETECTED} when
     * a process reached the threshold (said on stderr unless quiet, with the status it replaces), else {@code status}.
     *
     * @param failOn the session's listener, or null without {@code --fail-on}
     * @param status what the command exits with otherwise
     * @param otherwise what {@code status} is, for the message: {@code "the command exited with "} puts
     *     {@code the command exited with 3} in it
     * @param mode the console's mode: nothing is printed when quiet
     * @param err stderr
     * @return the exit status
     */
    public static int exitStatus(FailOn failOn, int status, String otherwise, ConsoleReporter.Mode mode, java.io.PrintWriter err) {
        String reached = failOn == null ? null : failOn.reached();
        if (reached == null) {
            return status;
        }
        if (mode != ConsoleReporter.Mode.QUIET) {
            err.println("procguard: " + reached + ": exit " + io.procguard.cli.ExitCodes.DETECTED + " (--fail-on "
                    + failOn.threshold.name().toLowerCase(java.util.Locale.ROOT) + "; " + otherwise + status + ")");
            err.flush();
        }
        return io.procguard.cli.ExitCodes.DETECTED;
    }

    /** @return the threshold, as given to {@code --fail-on} */
    public Status threshold() {
        return threshold;
    }

    /** @return what reached the threshold first ({@code pid 123 (sh) reached MALICIOUS}), or null when nothing did */
    public String reached() {
        return first;
    }
}
