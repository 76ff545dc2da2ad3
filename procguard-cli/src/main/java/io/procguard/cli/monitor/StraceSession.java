package io.procguard.cli.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One running strace writing its trace into a {@link TraceChannel}. Thread-safe for the signalling
 * methods (they may come from a signal handler thread); one thread reads the trace.
 *
 * <p>strace's own stdio is the program's: with {@link Redirect#INHERIT} the traced program reads and
 * writes the terminal untouched, and only strace's rare error messages share its stderr (attach and
 * detach chatter is off, see {@link StraceCommand}).
 */
public final class StraceSession implements AutoCloseable {
    private final Process strace;
    private final TraceChannel channel;

    private StraceSession(Process strace, TraceChannel channel) {
        this.strace = strace;
        this.channel = channel;
    }

    /**
     * Starts strace (an argv list, never a shell), in the session's environment plus
     * {@link StraceCommand#straceEnvironment}.
     *
     * @param argv from {@link StraceCommand}
     * @param channel the channel named in the argv's {@code -o}
     * @param stdin strace's (and so the program's) stdin
     * @param stdout its stdout
     * @param stderr its stderr
     * @return the session
     * @throws IOException if strace cannot be started
     */
    public static StraceSession start(List<String> argv, TraceChannel channel, Redirect stdin, Redirect stdout, Redirect stderr)
            throws IOException {
        return start(argv, channel, stdin, stdout, stderr, null);
    }

    /**
     * As {@link #start(List, TraceChannel, Redirect, Redirect, Redirect)}, with the environment strace and the program
     * get (e.g. the {@code --user}'s clean one) in place of this process's.
     *
     * @param environment the whole environment, or {@code null} to inherit this process's
     * @return the session
     * @throws IOException if strace cannot be started
     */
    public static StraceSession start(List<String> argv, TraceChannel channel, Redirect stdin, Redirect stdout, Redirect stderr,
            Map<String, String> environment) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(stdin).redirectOutput(stdout).redirectError(stderr);
        if (environment != null) {
            pb.environment().clear();
            pb.environment().putAll(environment);
        }
        pb.environment().putAll(StraceCommand.straceEnvironment());
        return new StraceSession(pb.start(), channel);
    }

    /**
     * Starts strace without a terminal (for the daemon): stdin from {@code /dev/null}; stdout and stderr,
     * strace's and a started program's, merged into one pipe that the caller must drain through
     * {@link #output()} (else strace, and with it the program, blocks once the pipe is full).
     *
     * @param argv from {@link StraceCommand}
     * @param channel the channel named in the argv's {@code -o}
     * @return the session
     * @throws IOException if strace cannot be started
     */
    public static StraceSession startDetached(List<String> argv, TraceChannel channel) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true);
        pb.environment().putAll(StraceCommand.straceEnvironment());
        return new StraceSession(pb.start(), channel);
    }

    /** @return the merged stdout and stderr of a {@link #startDetached} session (an empty stream otherwise) */
    public InputStream output() {
        return strace.getInputStream();
    }

    /**
     * @return the read end of the trace; at its end strace has finished (or died)
     * @throws IOException if the channel cannot be opened
     */
    public InputStream openTrace() throws IOException {
        return channel.openReader(strace);
    }

    /** @return strace's pid */
    public long pid() {
        return strace.pid();
    }

    /** @return true while strace runs */
    public boolean isAlive() {
        return strace.isAlive();
    }

    /** @return the program strace started ({@code run}), while it runs */
    public Optional<ProcessHandle> tracee() {
        return strace.toHandle().children().findFirst();
    }

    /**
     * Sends a signal to the program strace started ({@code run}).
     *
     * @param signal a signal name without {@code SIG}, e.g. {@code INT}
     */
    public void signalTracee(String signal) {
        tracee().ifPresent(p -> Signaller.send(p.pid(), signal));
    }

    /** Sends a signal (a name such as {@code INT}) to every process strace traces now. */
    public void signalTraced(String signal) {
        ProcInfo.tracedBy(strace.pid()).forEach(pid -> Signaller.send(pid, signal));
    }

    /** Makes strace detach from every process and exit ({@code attach}: they keep running). */
    public void detach() {
        if (strace.isAlive()) {
            Signaller.send(strace.pid(), "INT");
        }
    }

    /**
     * Kills strace at once (SIGKILL), for one that did not end after {@link #detach}: the kernel detaches every process
     * it traced, and they keep running.
     */
    public void kill() {
        strace.destroyForcibly();
    }

    /**
     * Waits for strace to end.
     *
     * @return its exit status as Java reports it: the program's exit code, or 128+N if signal N killed it
     * @throws InterruptedException if interrupted
     */
    public int waitFor() throws InterruptedException {
        return strace.waitFor();
    }

    /**
     * @param millis the most to wait
     * @return true if strace ended in time
     * @throws InterruptedException if interrupted
     */
    public boolean waitFor(long millis) throws InterruptedException {
        return strace.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    /** Kills strace if it still runs (its tracees are detached by the kernel), then removes the channel. */
    @Override
    public void close() throws IOException {
        if (strace.isAlive()) {
            detach();
            try {
                if (!strace.waitFor(2, TimeUnit.SECONDS)) {
                    strace.destroyForcibly();
                    strace.waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                strace.destroyForcibly();
            }
        }
        channel.close();
    }
}
