package io.procguard.cli.monitor;

import io.procguard.cli.CliException;
import io.procguard.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * How the trace travels from strace to the monitor, for {@code run} and {@code attach} (a picocli
 * mixin): {@code --trace-channel file|fifo} and {@code --max-trace-lag}. Not thread-safe; filled by
 * picocli once per invocation.
 */
public final class TraceChannelOptions {
    @Option(names = "--trace-channel", paramLabel = "file|fifo",
            description = "How the trace travels from strace to procguard: 'file' (default; a regular file in a private "
                    + "directory that procguard follows and punches out as it parses: strace never waits for it) or "
                    + "'fifo' (a named pipe: each strace write wakes procguard; slower, see benchmarks/README.md). "
                    + "'file' falls back to 'fifo' where the file system cannot punch holes. The file's apparent size "
                    + "grows with the trace (only parsed blocks are freed): for sessions meant to last months, use 'fifo'.")
    String traceChannel;

    @Option(names = "--max-trace-lag", paramLabel = "MIB", defaultValue = "64",
            description = "With the file channel: when procguard falls this far behind the trace, strace (and so the "
                    + "traced processes) is paused until it catches up to half of it; nothing is dropped. "
                    + "Default: ${DEFAULT-VALUE} MiB")
    long maxTraceLagMib;

    /**
     * Checks the values; call before anything starts.
     *
     * @throws CliException (exit 2) for a bad value
     */
    public void validate() {
        fifoAsked();
        if (maxTraceLagMib < 1 || maxTraceLagMib > (1L << 20)) {
            throw new CliException(ExitCodes.USAGE, "--max-trace-lag must be between 1 and 1048576 MiB, not " + maxTraceLagMib);
        }
    }

    private boolean fifoAsked() {
        if (traceChannel == null || traceChannel.equals("file")) {
            return false;
        }
        if (traceChannel.equals("fifo")) {
            return true;
        }
        throw new CliException(ExitCodes.USAGE, "--trace-channel must be 'file' or 'fifo', not '" + traceChannel + "'");
    }

    /**
     * @param warnings the session's warnings (the lag warning; with {@code verbose}, the fallback to a FIFO)
     * @param verbose the global {@code --verbose}
     * @return the trace file, or the FIFO when asked for or when this file system cannot punch holes
     * @throws IOException if the FIFO cannot be created
     * @throws CliException (exit 4) if {@code --trace-channel file} was asked for and cannot be had
     */
    public TraceChannel open(Consumer<String> warnings, boolean verbose) throws IOException {
        if (!fifoAsked()) {
            try {
                return TraceFile.create(maxTraceLagMib << 20, warnings);
            } catch (IOException e) {
                if (traceChannel != null) {
                    throw new CliException(ExitCodes.ENVIRONMENT, "--trace-channel file: " + e.getMessage()
                            + "; use --trace-channel fifo", e);
                }
                if (verbose) {
                    warnings.accept(e.getMessage() + "; using a FIFO for the trace");
                }
            }
        }
        return TraceFifo.create();
    }

    /**
     * @param channel what {@link #open} gave
     * @param argv strace's argv
     * @return the argv, for a trace file under {@code setpriv --pdeathsig KILL} when setpriv is on the PATH
     *     (see {@link StraceCommand#dieWithParent})
     */
    public static List<String> forChannel(TraceChannel channel, List<String> argv) {
        Path setpriv = channel instanceof TraceFile ? Preflight.onPath("setpriv") : null;
        return setpriv == null ? argv : StraceCommand.dieWithParent(setpriv, argv);
    }
}
