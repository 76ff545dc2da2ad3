package io.procguard.core.process;

import io.procguard.core.FeatureVector;
import io.procguard.core.ProcessView;
import java.util.List;
import java.util.Objects;

/**
 * An immutable snapshot of one tracked process: identity, the last successful execve, counters, and
 * its features and evidence at the moment of the snapshot. Safe to hand to other threads.
 *
 * @param pid the process id (thread-group id)
 * @param ppid the parent's pid, 0 if unknown (a root of the trace)
 * @param comm the command name: the basename of the executed file, at most 15 characters as in the kernel,
 *     inherited from the parent until the process execs, {@code "?"} if never known
 * @param exe the path given to the last successful execve (inherited from the parent before that), or empty; a
 *     relative path ({@code ./x}) is made absolute against the working directory the process had at that execve,
 *     when the trace shows it ({@code -yy}'s {@code AT_FDCWD</dir>} on a later call, before any chdir)
 * @param argv the argv of the last successful execve (at most {@value ProcessTracker#MAX_ARGV} elements), or empty
 * @param eventCount events counted for this process, all threads together
 * @param threads how many of its threads are currently known
 * @param firstNanos timestamp of its first event, or {@link io.procguard.core.TraceEvent#ABSENT}
 * @param lastNanos timestamp of its latest event, or {@link io.procguard.core.TraceEvent#ABSENT}
 * @param exitCode the exit code for {@link EndReason#EXITED}, else -1
 * @param signal the fatal signal for {@link EndReason#KILLED}, else {@code null}
 * @param coreDumped whether the fatal signal dumped core
 * @param end why the process was handed out, or {@code null} while it is live
 * @param features the feature values at the moment of the snapshot
 * @param evidence the accumulator's evidence events at the moment of the snapshot
 */
public record ProcessRecord(
        int pid,
        int ppid,
        String comm,
        String exe,
        List<String> argv,
        long eventCount,
        int threads,
        long firstNanos,
        long lastNanos,
        int exitCode,
        String signal,
        boolean coreDumped,
        EndReason end,
        FeatureVector features,
        List<String> evidence) implements ProcessView {

    /** Validates and copies the lists. */
    public ProcessRecord {
        Objects.requireNonNull(comm, "comm");
        Objects.requireNonNull(exe, "exe");
        argv = List.copyOf(argv);
        evidence = List.copyOf(evidence);
        Objects.requireNonNull(features, "features");
    }

    /** @return true once the process exited or was killed */
    @Override
    public boolean exited() {
        return end == EndReason.EXITED || end == EndReason.KILLED;
    }
}
