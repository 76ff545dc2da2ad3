package io.procguard.cli;

import io.procguard.cli.control.ControlClient;
import io.procguard.cli.control.Daemon;
import io.procguard.cli.monitor.MonitorOptions;
import io.procguard.cli.monitor.Preflight;
import io.procguard.cli.monitor.Scoring;
import io.procguard.cli.monitor.SignalRelay;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code procguard daemon}: watches processes on request, through a Unix control socket. Not thread-safe. */
@Command(name = "daemon", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        header = "Run until stopped and watch processes on request ('procguard watch PID') through a Unix socket.",
        description = {
            "Listens on SOCKET for one-line JSON requests: {\"op\":\"watch\",\"pid\":N}, {\"op\":\"unwatch\",\"pid\":N}, "
                + "{\"op\":\"list\"}, {\"op\":\"run\",\"argv\":[...],\"cwd\":\"/dir\"} and {\"op\":\"output\",\"id\":N,"
                + "\"offset\":K}; each answer is one JSON line, "
                + "{\"ok\":true,...} or {\"ok\":false,\"code\":...,\"error\":...}. The clients are 'procguard watch', "
                + "'unwatch', 'list', 'submit' (run) and 'output'.",
            "Each watched process gets its own strace (-p PID -f: all its threads and the children it starts), "
                + "its proc_<PID>.log files and its rows in the status table, as with 'attach'. Unwatch detaches and "
                + "leaves it running; a watched process that exits ends its watch, and 'list' says how it ended.",
            "Who may do what is decided by the caller's kernel credentials (SO_PEERCRED): root may watch any "
                + "process; other users only processes whose real uid is theirs and that do not run setuid or "
                + "setgid. Users unwatch only what they asked to watch (another user's process is denied, watched or not) "
                + "and list only their own. Denied requests "
                + "get the reason and are logged on stderr and in LOG_DIR/daemon.log with the caller's uid and pid.",
            "run starts the command under strace as the requesting user (strace -u; as root only for root), "
                + "in a clean environment, in cwd (entered as that user). It has no terminal: stdin is /dev/null, "
                + "stdout and stderr go to LOG_DIR/run_<TIME>_<ID>_uid<UID>.out (first 16 MiB kept; "
                + "each user's last " + Daemon.MAX_RUN_OUTPUTS_PER_USER + " are kept, a new run removes older ones). "
                + "The user reads them with output requests: up to " + Daemon.OUTPUT_CHUNK_BYTES / 1024 + " KiB from "
                + "offset K, base64 in data, with next_offset and running (false once no more can come); other users' "
                + "runs are not found. Redirect inside the command to keep the output elsewhere. Unwatching a run "
                + "stops it as Ctrl-C stops a job: SIGINT to each of its processes, SIGTERM to those left after 5 s, "
                + "SIGKILL 5 s later.",
            "Connections are limited so that no local user can lock others out: users other than root share "
                + "--max-clients at once, one uid at most --max-clients-per-user of them, and root may always have "
                + Daemon.ROOT_RESERVE + " more that nobody else may take. A request must arrive within "
                + Daemon.LINE_DEADLINE_MILLIS / 1000 + " s of the connection (or of the previous "
                + "answer), else the connection is closed, so an idle one does not keep its place. A connection beyond "
                + "a limit gets one JSON line, {\"ok\":false,\"code\":\"busy\",\"refused\":true,\"error\":...}, and is "
                + "closed; the clients print the reason and exit 1. Refusals are logged once per uid and burst (the "
                + "first with its reason, then their count once the uid has had none for "
                + Daemon.REFUSAL_QUIET_MILLIS / 1000 + " s).",
            "SIGTERM or Ctrl-C stops the daemon cleanly: every watch is detached (the processes keep running), "
                + "their status-table slots released, the socket removed. A strace that has not let go within "
                + Daemon.DETACH_SECONDS + " s is killed, which releases its processes too: none stays traced by a "
                + "daemon that is gone.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  sudo procguard daemon",
            "  sudo procguard daemon --log-dir /var/log/procguard --kill-on malicious --quiet",
            "  procguard watch $(pgrep -u \"$USER\" -n python3) && procguard list",
            "  echo '{\"op\":\"list\"}' | socat - UNIX-CONNECT:/run/procguard/procguard.sock",
            "",
            "Needs root. Limits against a hostile local user: request lines of 64 KiB arriving within "
                + Daemon.LINE_DEADLINE_MILLIS / 1000 + " s, --max-clients connections (--max-clients-per-user per non-root user, "
                + Daemon.ROOT_RESERVE + " more for root), "
                + "--max-watched watches, --max-per-user per non-root user.",
            "Exit codes: 0 stopped (SIGINT, SIGTERM), 2 usage, 3 the log directory cannot be used, 4 not root, the socket "
                + "cannot be set up, or --shm names a table that cannot be created."
        })
public final class DaemonCommand implements Callable<Integer> {
    @ParentCommand
    ProcGuardCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "The control socket (made 0666; its directory is created 0755 and must be root's). Default: ${DEFAULT-VALUE}")
    Path socket = ControlClient.DEFAULT_SOCKET;

    @Mixin
    MonitorOptions monitor;

    @Option(names = "--max-watched", paramLabel = "N", description = "The most processes watched at once. Default: ${DEFAULT-VALUE}")
    int maxWatched = Daemon.Limits.defaults().maxWatched();

    @Option(names = "--max-per-user", paramLabel = "N",
            description = "The most watches one non-root user may have at once. Default: ${DEFAULT-VALUE}")
    int maxPerUser = Daemon.Limits.defaults().maxPerUser();

    @Option(names = "--max-clients", paramLabel = "N",
            description = "The most connections served at once to users other than root (root may have " + Daemon.ROOT_RESERVE
                    + " more). Default: ${DEFAULT-VALUE}")
    int maxClients = Daemon.Limits.defaults().maxClients();

    @Option(names = "--max-clients-per-user", paramLabel = "N",
            description = "The most connections served at once to one non-root user. Default: ${DEFAULT-VALUE}")
    int maxClientsPerUser = Daemon.Limits.defaults().maxClientsPerUser();

    @Override
    public Integer call() throws Exception {
        if (!Preflight.isRoot()) {
            throw new CliException(ExitCodes.ENVIRONMENT, "the daemon needs root (it attaches to other users' processes); run it with sudo");
        }
        Preflight.requireTracing(true);
        Path strace = Preflight.strace();
        Daemon.Limits limits = new Daemon.Limits(maxWatched, maxPerUser, maxClients, maxClientsPerUser);
        var options = monitor.toOptions(root.verbose);
        // the relay outlives the daemon so a signal during the clean stop does not cut it short
        StopRequest stop = new StopRequest();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter statusOut = monitor.statusOutput(out);
        try (AutoCloseable closeStatus = statusOut == null || statusOut == out ? () -> { } : statusOut::close;
                Scoring scoring = monitor.loadScoring();
                SignalRelay relay = SignalRelay.install(n -> stop.request(), stop::request);
                Daemon daemon = Daemon.open(socket, limits, options, scoring, strace, monitor.lean(), statusOut,
                        spec.commandLine().getErr())) {
            stop.attach(daemon);
            daemon.serve();
        }
        return ExitCodes.OK;
    }

    /** Remembers a stop asked for before the daemon was listening. Thread-safe. */
    private static final class StopRequest {
        private Daemon daemon;
        private boolean requested;

        synchronized void request() {
            requested = true;
            if (daemon != null) {
                daemon.stop();
            }
        }

        synchronized void attach(Daemon d) {
            daemon = d;
            if (requested) {
                d.stop();
            }
        }
    }
}
