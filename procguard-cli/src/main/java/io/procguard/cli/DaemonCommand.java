package io.procguard.cli;

import io.procguard.cli.control.ControlClient;
import io.procguard.cli.control.Daemon;
import io.procguard.cli.monitor.MonitorOptions;
import io.procguard.cli.monitor.Preflight;
import io.procguard.cli.monitor.Scoring;
import io.procguard.cli.monitor.SignalRelay;
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
                + "{\"op\":\"list\"} and {\"op\":\"run\",\"argv\":[...],\"cwd\":\"/dir\"}; each answer is one JSON line, "
                + "{\"ok\":true,...} or {\"ok\":false,\"code\":...,\"error\":...}. The clients are 'procguard watch', "
                + "'unwatch' and 'list'.",
            "Each watched process gets its own strace (-p PID -f: all its threads and the children it starts), "
                + "its proc_<PID>.log files and its rows in the status table, as with 'attach'. Unwatch detaches and "
                + "leaves it running; a watched process that exits ends its watch, and 'list' says how it ended.",
            "Who may do what is decided by the caller's kernel credentials (SO_PEERCRED): root may watch any "
                + "process; other users only processes whose real uid is theirs and that do not run setuid or "
                + "setgid. Users unwatch only what they asked to watch and list only their own. Denied requests "
                + "get the reason and are logged on stderr and in LOG_DIR/daemon.log with the caller's uid and pid.",
            "run starts the command under strace as the requesting user (strace -u; as root only for root), "
                + "in a clean environment, in cwd (entered as that user). It has no terminal: stdin is /dev/null, "
                + "stdout and stderr go to LOG_DIR/run_<TIME>_<ID>.out (readable by root, first 16 MiB kept); "
                + "redirect inside the command to keep them elsewhere. Unwatching it interrupts it (SIGINT).",
            "SIGTERM or Ctrl-C stops the daemon cleanly: every watch is detached (the processes keep running), "
                + "their status-table slots released, the socket removed.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  sudo procguard daemon",
            "  sudo procguard daemon --log-dir /var/log/procguard --kill-on malicious --quiet",
            "  procguard watch $(pgrep -u \"$USER\" -n python3) && procguard list",
            "  echo '{\"op\":\"list\"}' | socat - UNIX-CONNECT:/run/procguard/procguard.sock",
            "",
            "Needs root. Limits against a hostile local user: request lines of 64 KiB arriving within 10 s, "
                + "--max-clients connections, --max-watched watches, --max-per-user per non-root user."
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

    @Option(names = "--max-clients", paramLabel = "N", description = "The most connections served at once. Default: ${DEFAULT-VALUE}")
    int maxClients = Daemon.Limits.defaults().maxClients();

    @Override
    public Integer call() throws Exception {
        if (!Preflight.isRoot()) {
            throw new CliException(ExitCodes.ENVIRONMENT, "the daemon needs root (it attaches to other users' processes); run it with sudo");
        }
        Preflight.requireTracing(true);
        Path strace = Preflight.strace();
        Daemon.Limits limits = new Daemon.Limits(maxWatched, maxPerUser, maxClients);
        var options = monitor.toOptions(root.verbose);
        // the relay outlives the daemon so a signal during the clean stop does not cut it short
        StopRequest stop = new StopRequest();
        try (Scoring scoring = monitor.loadScoring();
                SignalRelay relay = SignalRelay.install(n -> stop.request(), stop::request);
                Daemon daemon = Daemon.open(socket, limits, options, scoring, strace, monitor.lean(),
                        spec.commandLine().getOut(), spec.commandLine().getErr())) {
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
