package io.procguard.cli.monitor;

import io.procguard.shm.StatusTable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options {@code run}, {@code attach} and {@code daemon} share (a picocli mixin). Not thread-safe;
 * filled by picocli once per invocation.
 */
public final class MonitorOptions {
    @Option(names = "--log-dir", paramLabel = "DIR", defaultValue = "logs",
            description = "Per-process JSON-lines logs go here as proc_<PID>.log (created 0700). Default: ${DEFAULT-VALUE}")
    Path logDir;

    @Option(names = "--shm", paramLabel = "PATH",
            description = "Publish every process in this shared-memory status table. Default: " + "/dev/shm/procguard"
                    + " (skipped with a warning if another monitor uses it).")
    Path shm;

    @Option(names = "--no-shm", description = "Do not publish to a status table.")
    boolean noShm;

    @Option(names = "--shm-slots", paramLabel = "N", defaultValue = "1024",
            description = "Slots of the status table this session creates. Default: ${DEFAULT-VALUE}")
    int shmSlots;

    @Option(names = "--classifier", paramLabel = "NAME", defaultValue = "onnx",
            description = "Classifier provider by name. Default: ${DEFAULT-VALUE}")
    String classifier;

    @Option(names = "--model", paramLabel = "PATH", description = "Model file for the classifier (default: the bundled model).")
    Path model;

    @Option(names = "--json-dir", paramLabel = "DIR",
            description = "Also write every parsed event, per process, as JSON lines (events_<PID>.jsonl). Off by default.")
    Path jsonDir;

    @Option(names = "--json-max-mib", paramLabel = "MIB", defaultValue = "" + EventJsonWriter.DEFAULT_MAX_MIB,
            description = "At most MIB MiB of --json-dir files per session, counted as --log-max-mib counts the logs; then one "
                    + "warning and no more events written there (monitoring goes on). Default: ${DEFAULT-VALUE}")
    long jsonMaxMib;

    @Option(names = "--kill-on", paramLabel = "STATUS",
            description = "Opt-in enforcement: SIGKILL a process once it reaches this status (suspicious or malicious); logged. "
                    + "With the bundled models MALICIOUS needs an indicator of severity 2 or more: discovery alone is SUSPICIOUS; "
                    + "a write to a persistence location is an act, so an installer appending to ~/.bashrc or ssh-copy-id can "
                    + "reach MALICIOUS (procguard-ml/FEATURES.md lists each indicator's known false positives). A traced process "
                    + "that sends strace or procguard a signal (kill -9 $PPID), or clones a child strace cannot follow "
                    + "(CLONE_UNTRACED), is MALICIOUS whatever its score; such a child is killed too. If strace dies before the "
                    + "program ends, 'run' kills what is left of the program, which nothing could stop any more.")
    String killOn;

    @Option(names = "--score-every", paramLabel = "N", defaultValue = "1000",
            description = "Score a process after every N of its syscalls. Default: ${DEFAULT-VALUE}")
    long scoreEvery;

    @Option(names = "--score-interval", paramLabel = "MS", defaultValue = "1000",
            description = "... or when MS milliseconds passed since its last score, also while it makes no calls (blocked or "
                    + "sleeping after what it did; --kill-on acts then). Default: ${DEFAULT-VALUE}")
    long scoreInterval;

    @Option(names = "--log-limit", paramLabel = "N", defaultValue = "" + ProcessLogWriter.DEFAULT_MAX_RECORDS,
            description = "At most N records (or " + (ProcessLogWriter.MAX_BYTES_PER_PROCESS >> 20) + " MiB) per process log; then one "
                    + "'truncated' record, and the rest of that process's records are only counted (its exit and summary "
                    + "are always written). Default: ${DEFAULT-VALUE}")
    long logLimit;

    @Option(names = "--log-max-mib", paramLabel = "MIB", defaultValue = "" + ProcessLogWriter.DEFAULT_MAX_MIB,
            description = "At most MIB MiB of per-process logs per session, each file counted as at least 4 KiB (so a fork "
                    + "storm cannot use up the inodes either); then one warning and no more log records (statuses, "
                    + "--json-out and the status table go on). Default: ${DEFAULT-VALUE}")
    long logMaxMib;

    @Option(names = "--seccomp-bpf",
            description = "Lean mode: trace only the syscalls the behaviour features need, filtered in the kernel "
                    + "(lower overhead, mostly for read/write-heavy programs). Scored by the bundled lean model, trained "
                    + "on lean traces (without --model; other classifiers are told trace=lean): it catches less than "
                    + "the full model on never-seen attacks (procguard-ml/training/REPORT-lean.md).")
    boolean lean;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors (with --json-out, the status lines still go "
            + "to its FILE; not with --json).")
    boolean quiet;

    @Option(names = "--json", description = "Print one JSON line per status change on stdout instead of the lines on "
            + "stderr (stdout is shared with CMD: its own output comes in between; see --json-out).")
    boolean json;

    @Option(names = "--json-out", paramLabel = "FILE", description = "Write the JSON status lines of --json into FILE "
            + "(appended to, created 0600; a symbolic link, or a file another user owns or may write, is refused; - is "
            + "stdout), apart from CMD's output; stderr keeps the alarms "
            + "and the tally (or what --quiet or --verbose ask for).")
    Path jsonOut;

    /**
     * @param stdout procguard's standard output
     * @return where the JSON status lines go: {@code --json-out}'s file (flushed per line; the caller closes it),
     *     {@code stdout} for {@code --json}, else {@code null} (none)
     * @throws io.procguard.cli.CliException (exit 3) if the file cannot be opened
     */
    public PrintWriter statusOutput(PrintWriter stdout) {
        if (jsonOut == null) {
            return json && !quiet ? stdout : null; // --quiet --json printed nothing before --json-out existed: it still does not
        }
        if (jsonOut.toString().equals("-")) {
            return stdout; // --json-out - is --json, and says so even with --quiet
        }
        io.procguard.cli.OutputFiles.requireFolder("--json-out", jsonOut);
        io.procguard.cli.OutputFiles.requireOurOwn("--json-out", jsonOut);
        try {
            OutputStream os = Channels.newOutputStream(FileChannel.open(jsonOut, Set.<OpenOption>of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
            return new PrintWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            String why = Files.isSymbolicLink(jsonOut) ? "is a symbolic link; refusing to write through it"
                    : Files.isDirectory(jsonOut) ? "is a directory" : e.getMessage() == null ? e.toString() : e.getMessage();
            throw new io.procguard.cli.CliException(io.procguard.cli.ExitCodes.BAD_INPUT, "--json-out " + jsonOut + ": " + why, e);
        }
    }

    /** @return true for {@code --seccomp-bpf} */
    public boolean lean() {
        return lean;
    }

    /** @return the classifier and model to load */
    public Scoring loadScoring() {
        return Scoring.load(classifier, model, lean);
    }

    /** @return the classifier and model, the classifier loading on its own thread (see {@link Scoring#loadInBackground}) */
    public Scoring loadScoringInBackground() {
        return Scoring.loadInBackground(classifier, model, lean);
    }

    /** @return the {@code --classifier} name */
    public String classifierName() {
        return classifier;
    }

    /** Fails with a usage error naming the option and the value given when {@code value < min}. */
    private static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new io.procguard.cli.CliException(io.procguard.cli.ExitCodes.USAGE, option + " must be at least " + min + ", got "
                    + value);
        }
    }

    /** Fails with a usage error when a directory option is given as {@code ''}, which would mean the current directory. */
    private static void notEmpty(String option, Path dir) {
        if (dir != null && dir.toString().isEmpty()) {
            throw new io.procguard.cli.CliException(io.procguard.cli.ExitCodes.USAGE, option + " needs a directory, got ''"
                    + " (give . for the current one)");
        }
    }

    /** @return true if the user named the status table explicitly */
    public boolean shmExplicit() {
        return shm != null;
    }

    /**
     * @param verbose the global {@code --verbose}
     * @return the session options
     */
    public Monitor.Options toOptions(boolean verbose) {
        if (json && jsonOut != null) {
            throw new io.procguard.cli.CliException(io.procguard.cli.ExitCodes.USAGE,
                    "--json and --json-out: give one (--json writes the status lines to stdout, --json-out to its FILE)");
        }
        if (json && quiet) {
            throw new io.procguard.cli.CliException(io.procguard.cli.ExitCodes.USAGE,
                    "--json and --quiet: give one (--quiet prints nothing but errors; for the status lines in a file and "
                            + "nothing else on the terminal, use --json-out FILE --quiet)");
        }
        // --json-out leaves stderr as it would be without it: only --json (the lines on stdout) silences it
        ConsoleReporter.Mode mode = quiet ? ConsoleReporter.Mode.QUIET
                : json ? ConsoleReporter.Mode.JSON : verbose ? ConsoleReporter.Mode.VERBOSE : ConsoleReporter.Mode.HUMAN;
        atLeast("--score-every", scoreEvery, 1);
        atLeast("--score-interval", scoreInterval, 0);
        atLeast("--shm-slots", shmSlots, 1);
        atLeast("--log-limit", logLimit, 1);
        mebibytes("--log-max-mib", logMaxMib);
        mebibytes("--json-max-mib", jsonMaxMib);
        notEmpty("--log-dir", logDir);
        notEmpty("--json-dir", jsonDir);
        if (shmSlots > io.procguard.shm.StatusTableReader.MAX_SLOT_COUNT) {
            throw new io.procguard.cli.CliException(io.procguard.cli.ExitCodes.USAGE,
                    "--shm-slots must be 1 to " + io.procguard.shm.StatusTableReader.MAX_SLOT_COUNT + ", got " + shmSlots);
        }
        if (shm != null && !noShm) {
            io.procguard.cli.OutputFiles.requireFolder("--shm", shm); // a typo in the folder is bad input, like --json-out's
        }
        Path table = noShm ? null : shm != null ? shm : StatusTable.DEFAULT_PATH;
        return new Monitor.Options(logDir, table, shm != null, shmSlots, jsonDir, Sessions.threshold("--kill-on", killOn), mode, scoreEvery, scoreInterval,
                logLimit, logMaxMib, jsonMaxMib);
    }

    /** Refuses a size in MiB below 1 or too large to count in bytes (a usage error naming the option). */
    private static void mebibytes(String option, long mib) {
        atLeast(option, mib, 1);
        if (mib > Long.MAX_VALUE >> 20) {
            throw new io.procguard.cli.CliException(io.procguard.cli.ExitCodes.USAGE,
                    option + " must be 1 to " + (Long.MAX_VALUE >> 20) + ", got " + mib);
        }
    }
}
