package io.procguard.cli;

import io.procguard.shm.ProcessStatus;
import io.procguard.shm.StatusTable;
import io.procguard.shm.StatusTableFormatException;
import io.procguard.shm.StatusTableReader;
import io.procguard.shm.TableInfo;
import io.procguard.shm.WriterState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code procguard status}: prints the shared-memory status table, once or refreshing. Reads the
 * table read-only, so it needs no root. Not thread-safe (one per invocation).
 */
@Command(name = "status", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        showDefaultValues = true,
        header = "Show every monitored process from the shared-memory status table (no root needed).",
        description = {
            "Reads the table that 'procguard run', 'attach' or 'daemon' publishes and prints one row per "
                + "process, most suspicious first: pid, command, status, score, system calls, how long it "
                + "has been watched, and the main reason. Exited processes stay listed (STATE exit) until "
                + "their slot is reused.",
            "If the writer is gone (killed, crashed) or has stopped beating, the last values are still "
                + "shown, with a warning on stderr and exit code 4.",
            "",
            "--json fields, one object per process (null: unknown, or does not apply):",
            "  pid, comm, status, score    score null before the first scoring",
            "  state                       ACTIVE or EXITED",
            "  syscalls, errors, signals, children, updates, slot",
            "  reason, model_id            what decided, and why",
            "  exe                         executable path; null if unknown",
            "  ppid                        parent pid; null if unknown",
            "  uid                         effective uid; null if unknown",
            "  start_time                  clock ticks since boot (/proc/PID/stat field 22); null if unknown",
            "  first_seen_ms, last_seen_ms epoch milliseconds",
            "  exited_ms                   epoch milliseconds; null while running",
            "  exit_code                   null while running or when a signal killed it",
            "  exit_signal                 number of the signal that killed it; null if none",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  procguard status",
            "  procguard status --watch --interval 0.5",
            "  procguard status --json | jq '.[] | select(.status == \"MALICIOUS\") | .pid'",
            "",
            "Exit codes: 0 live (or cleanly closed) table, 3 not a usable table, 4 no table or its writer is gone/stale."
        })
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--shm", paramLabel = "PATH", description = "The status table file.")
    Path shm = StatusTable.DEFAULT_PATH;

    @Option(names = "--json", description = "Print a JSON array of every process (one array per line with --watch).")
    boolean json;

    @Option(names = {"-w", "--watch"}, description = "Refresh until Ctrl-C (or --count refreshes).")
    boolean watch;

    @Option(names = "--interval", paramLabel = "SECONDS", description = "Seconds between refreshes with --watch, 0.01 to 3600.")
    double interval = 1.0;

    @Option(names = "--count", paramLabel = "N", description = "With --watch, stop after N refreshes (0: never).")
    int count;

    @Option(names = "--active", description = "Only running processes; hide exited ones.")
    boolean activeOnly;

    @Override
    public Integer call() throws Exception {
        if (!(interval >= 0.01 && interval <= 3600)) { // negated: NaN fails every comparison and must not pass as in range
            throw new CliException(ExitCodes.USAGE, "--interval must be 0.01 to 3600 seconds: " + interval);
        }
        if (count < 0) {
            throw new CliException(ExitCodes.USAGE, "--count must not be negative: " + count);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StatusRows rows = new StatusRows(json, activeOnly);
        if (!watch) {
            return show(out, err, rows, false);
        }
        boolean clear = !json && System.console() != null;
        int code = ExitCodes.OK;
        for (int i = 0; count == 0 || i < count; i++) {
            if (i > 0) {
                Thread.sleep((long) (interval * 1000));
            }
            if (clear) {
                out.print("\033[H\033[2J");
            } else if (i > 0 && !json) {
                out.println();
            }
            try {
                code = show(out, err, rows, !clear); // reopened every time: a restarted writer makes a new file
            } catch (CliException e) {
                // No table yet, or one being (re)created by a restarting writer: keep watching.
                err.println("procguard: " + e.getMessage());
                code = e.exitCode();
            }
            out.flush();
            err.flush();
        }
        return code;
    }

    /** The writer's state last reported on stderr, so that a watch that does not clear the screen says it once. */
    private WriterState reported;

    /** @param onceAState a watch scrolling down the page: the table's state said when it changes, not at every refresh */
    private int show(PrintWriter out, PrintWriter err, StatusRows rows, boolean onceAState) throws IOException {
        try (StatusTableReader reader = open()) {
            List<ProcessStatus> processes = reader.snapshot();
            TableInfo info = reader.info();
            WriterState state = reader.writerState();
            long now = System.currentTimeMillis();
            rows.print(out, info, state, processes, now);
            String problem = StatusRows.describe(state, info, now);
            if (problem != null && !(onceAState && state == reported)) {
                err.println("procguard: table at " + shm + " " + problem);
            }
            reported = state;
            String owner = foreignOwner();
            if (owner != null) {
                err.println("procguard: warning: the table at " + shm + " belongs to " + owner + ", not to root or you: "
                        + "anyone can write such a file; do not trust what it says");
            }
            return state == WriterState.LIVE || state == WriterState.CLOSED ? ExitCodes.OK : ExitCodes.ENVIRONMENT;
        }
    }

    /** @return the table file's owner as {@code uid N} when it is neither root nor this process's user, else null */
    private String foreignOwner() {
        try {
            int owner = (Integer) java.nio.file.Files.getAttribute(shm, "unix:uid");
            int me = (Integer) java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid");
            return owner == 0 || owner == me ? null : "uid " + owner;
        } catch (IOException | RuntimeException e) {
            return null; // gone meanwhile: the next read says so
        }
    }

    private StatusTableReader open() throws IOException {
        try {
            return StatusTableReader.open(shm);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.ENVIRONMENT, "no table at " + shm + ": is 'procguard run' or 'procguard daemon' running?");
        } catch (StatusTableFormatException e) {
            throw new CliException(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
    }
}
