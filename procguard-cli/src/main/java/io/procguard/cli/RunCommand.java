package io.procguard.cli;

import io.procguard.cli.control.Account;
import io.procguard.cli.monitor.CpuPlacement;
import io.procguard.cli.monitor.EarlySignals;
import io.procguard.cli.monitor.FailOn;
import io.procguard.cli.monitor.Monitor;
import io.procguard.cli.monitor.MonitorOptions;
import io.procguard.cli.monitor.Preflight;
import io.procguard.cli.monitor.ProcInfo;
import io.procguard.cli.monitor.Scoring;
import io.procguard.cli.monitor.Sessions;
import io.procguard.cli.monitor.SignalRelay;
import io.procguard.cli.monitor.StraceCommand;
import io.procguard.cli.monitor.StraceSession;
import io.procguard.cli.monitor.TraceChannel;
import io.procguard.cli.monitor.TraceChannelOptions;
import io.procguard.core.Signals;
import io.procguard.core.Status;
import io.procguard.core.pipeline.ProcessExit;
import java.io.PrintWriter;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code procguard run}: runs a command under strace and monitors it and its children. Not thread-safe. */
@Command(name = "run", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        header = "Run a command under strace and classify it and every process it starts, live.",
        description = {
            "Starts CMD under strace -f, parses the trace as it is written, scores each process every N syscalls "
                + "or T ms and at its exit, publishes it in the shared-memory status table and writes "
                + "logs/proc_<PID>.log. CMD's stdin, stdout and stderr pass through untouched: the trace travels "
                + "through its own file in a private directory (or a FIFO, --trace-channel). Exits with CMD's exit code (128+N if signal N killed it).",
            "Ctrl-C stops the program (it gets the SIGINT, as without procguard) and then the monitor, cleanly; "
                + "processes that outlive it (e.g. started in the background) are still traced and waited for: "
                + "a second Ctrl-C sends them SIGTERM, a third SIGKILL.",
            "If strace itself dies first (killed, out of memory), procguard says so, keeps the logs of what was "
                + "traced and exits with strace's status (128+N for signal N); the program, no longer traced, "
                + "keeps running.",
            "The classifier (ONNX Runtime and the model) loads while CMD starts, to save about a second; scoring "
                + "waits for it. A model that exists but cannot be loaded then kills CMD and exits 3.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  sudo procguard run -- make -j2",
            "  sudo procguard run --user alice --kill-on malicious -- ./untrusted.sh --flag",
            "  sudo procguard run --fail-on suspicious -- ./ci-job.sh   # exit 10 if anything was suspicious",
            "  sudo procguard run --json-out statuses.jsonl --log-dir /var/log/procguard -- python3 job.py",
            "",
            "Needs root (or CAP_SYS_PTRACE) for --user and where ptrace is restricted; strace 5.3 or newer.",
            "Exit codes: CMD's own (128+N if signal N killed it; strace's the same way if strace died first), 10 --fail-on: a "
                + "process reached that status, 2 usage, "
                + "3 an unknown --user or --classifier, an unusable --log-dir, --json-out or model, 4 strace missing, "
                + "not allowed to trace, or --user without root, 126 CMD not executable, 127 CMD not found."
        })
public final class RunCommand implements Callable<Integer> {
    @ParentCommand
    ProcGuardCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    MonitorOptions monitor;

    @Option(names = {"-u", "--user"}, paramLabel = "USER",
            description = "Run CMD as this user (strace -u: its uid, gid and groups), not as root, in a clean environment "
                    + "as sudo gives: the user's HOME, USER and LOGNAME, PATH=" + Account.USER_PATH + ", and of yours only TERM, "
                    + "COLORTERM, LANG, LANGUAGE, LC_*, TZ and DISPLAY (no secrets, no LD_PRELOAD; pass a variable with "
                    + "'env NAME=VALUE CMD'). CMD then gets no controlling terminal (its own session), so it cannot push "
                    + "keystrokes into your shell (TIOCSTI); it still reads and writes the terminal, but programs that "
                    + "open /dev/tty fail. Ctrl-C is passed on by procguard.")
    String user;

    @Option(names = "--affinity", paramLabel = "MODE", defaultValue = "split",
            description = "split (default): the monitor's threads run on the last CPU procguard may use, strace and CMD on the "
                    + "others, so CMD sees one CPU less (nproc). Tracing is much cheaper with strace and CMD on the same "
                    + "CPUs and the monitor out of their way (on a 2-vCPU VM a compile under procguard took 3.0x the time of "
                    + "plain strace unsplit, 0.9x split; benchmarks/README.md). off: leave every CPU to all of them. "
                    + "With a single usable CPU there is nothing to split.")
    String affinity;

    @Option(names = "--fail-on", paramLabel = "STATUS",
            description = "Exit 10 instead of CMD's exit code when any process reached STATUS (suspicious or malicious) at any "
                    + "moment, e.g. to fail a CI job; stderr names the first such process and CMD's own exit code.")
    String failOn;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (put them after --).")
    List<String> command;

    @Mixin
    TraceChannelOptions trace;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        trace.validate();
        Preflight.requireTracing(false);
        Path strace = Preflight.strace();
        int uid = user == null ? Preflight.uidOf(null) : Preflight.requireUser(user);
        Account account = null;
        Path setsid = null;
        if (user != null) {
            account = Account.lookup(uid); // also turns a numeric --user into the name strace -u needs
            if (account == null) {
                throw new CliException(ExitCodes.BAD_INPUT, "--user " + user + ": no such user in the passwd database");
            }
            setsid = Preflight.onPath("setsid");
            if (setsid == null) {
                throw new CliException(ExitCodes.ENVIRONMENT, "--user needs setsid (util-linux) to keep the program off your "
                        + "terminal's session; install it: apt-get install util-linux");
            }
        }
        boolean split = switch (affinity.toLowerCase(java.util.Locale.ROOT)) {
            case "split" -> true;
            case "off" -> false;
            default -> throw new CliException(ExitCodes.USAGE, "--affinity must be 'split' or 'off', not '" + affinity + "'");
        };
        Status failStatus = Sessions.threshold("--fail-on", failOn);
        Sessions.requireProgram(command.get(0));
        Monitor.Options options = monitor.toOptions(root.verbose);
        // the classifier (ONNX Runtime and the model, about a second) loads while strace and CMD start
        PrintWriter statusOut = monitor.statusOutput(out);
        try (AutoCloseable closeStatus = statusOut == null || statusOut == out ? () -> { } : statusOut::close;
                Scoring scoring = monitor.loadScoringInBackground();
                Monitor m = Monitor.open(options, scoring.extractor(), scoring.classifier(), false, uid, statusOut, err);
                TraceChannel channel = trace.open(m.warnings(), root.verbose);
                CpuPlacement cpus = split ? CpuPlacement.split(m.warnings()) : null) {
            FailOn detection = failStatus == null ? null : new FailOn(failStatus);
            if (detection != null) {
                m.addListener(detection);
            }
            List<String> argv = TraceChannelOptions.forChannel(channel,
                    StraceCommand.run(strace, channel.path(), monitor.lean(), account == null ? null : account.name(), command));
            Map<String, String> environment = null;
            if (account != null) {
                // no controlling terminal for a program run as another user: it could push keystrokes into the
                // root shell that started procguard (TIOCSTI); and a clean environment, as sudo gives: its own HOME,
                // USER and LOGNAME, a plain PATH, none of root's secrets or LD_PRELOAD-like hooks
                argv = StraceCommand.inNewSession(setsid, argv);
                environment = account.environmentFrom(System.getenv());
            }
            if (root.verbose) {
                err.println(cpus == null ? "procguard: CPUs: not split (" + (split ? "one usable CPU" : "--affinity off") + ")"
                        : "procguard: CPUs: the monitor on " + cpus.monitorCpus() + ", strace and CMD on " + cpus.tracedCpus());
                err.println(Printable.escape("procguard: " + StraceCommand.describe(argv)));
                err.flush();
            }
            // a JVM started with stdin (stdout, stderr) closed has a file of its own (its runtime image) as descriptor 0
            // (1, 2): CMD gets /dev/null there, as it would from the launcher, not the JDK's files (StandardOutputs)
            Redirect stdin = StandardInput.notGiven() == null ? Redirect.INHERIT : Redirect.from(new java.io.File("/dev/null"));
            boolean ownSession = account != null;
            // the relay goes in before strace starts: the program can start, and a Ctrl-C reach procguard, before
            // the next line returns, and the JVM's own handler would end procguard at once (exit 130, no logs,
            // the program left running untraced)
            EarlySignals early = new EarlySignals((session, n) -> interrupt(session, n, ownSession, err),
                    session -> session.signalTracee("TERM"));
            Monitor.Outcome outcome;
            AtomicReference<String> loadFailure = new AtomicReference<>();
            try (SignalRelay relay = early.install();
                    StraceSession session = startStrace(cpus, argv, channel, stdin, environment)) {
                early.started(session);
                scoring.ready().whenComplete((classifier, e) -> {
                    if (e != null) {
                        loadFailure.set(why(e) + (signalAll(session, true) > 0 ? "; the program was killed" : ""));
                    }
                });
                outcome = m.follow(session);
            }
            // a short program can end before the model has loaded, and nothing waits for it then: wait here (closing
            // the classifier would wait anyway), so that a model that does not load is never a silent success
            String failure = scoring.ready().handle((classifier, e) -> e == null ? null : why(e)).join();
            if (failure != null) {
                String told = loadFailure.get();
                throw new CliException(ExitCodes.BAD_INPUT, "--classifier " + monitor.classifierName() + ": "
                        + (told != null ? told : failure));
            }
            if (outcome.root() == null || outcome.root().ending() == ProcessExit.Ending.DETACHED
                    || outcome.root().ending() == ProcessExit.Ending.EVICTED) {
                // fail closed: with strace gone nothing can be enforced on what is left, and --kill-on asked for that
                List<Long> killed = options.killOn() != null && outcome.root() != null ? killUntraced(outcome.root().pid()) : List.of();
                err.println("procguard: " + straceEndedFirst(outcome, killed));
                err.flush();
            }
            return FailOn.exitStatus(detection, outcome.programExitStatus(), "the command exited with ", options.mode(), err);
        }
    }

    /** Starts strace, on the traced CPUs when {@code cpus} splits them. */
    private static StraceSession startStrace(CpuPlacement cpus, List<String> argv, TraceChannel channel, Redirect stdin,
            Map<String, String> environment) throws Exception {
        Callable<StraceSession> start = () -> StraceSession.start(argv, channel, stdin, StandardOutputs.forCommand(1),
                StandardOutputs.forCommand(2), environment);
        return cpus == null ? start.call() : cpus.startTraced(start);
    }

    /** @return the message of what made the classifier's load fail */
    private static String why(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /**
     * @param outcome a session whose trace ended before the program did
     * @param killed the processes {@code --kill-on} killed because strace was gone, or empty
     * @return why the program's end is not known, who attacked strace if anyone did, and what became of the program
     */
    static String straceEndedFirst(Monitor.Outcome outcome, List<Long> killed) {
        int status = outcome.straceStatus();
        String signal = status > 128 ? Signals.name(status - 128) : null;
        String how = signal != null ? "strace was killed by " + signal : "strace exited with status " + status;
        how += " before the program ended" + outcome.attackedBy();
        ProcessExit root = outcome.root();
        String program;
        if (root == null) {
            program = "the program was never traced";
        } else if (!killed.isEmpty()) {
            program = "--kill-on: procguard killed what was left of it, untraced (" + (killed.size() == 1 ? "pid " : "pids ")
                    + killed.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + ")";
        } else {
            program = ProcessHandle.of(root.pid()).map(ProcessHandle::isAlive).orElse(false)
                    ? "pid " + root.pid() + " keeps running, no longer traced" : "its end was not traced";
        }
        return how + "; " + program + "; the logs hold what was traced (exit status " + status + ")";
    }

    /**
     * SIGKILLs the program and its descendants once strace is gone (they are no longer traced, so
     * {@link io.procguard.cli.monitor.KillSwitch} cannot act on them any more).
     *
     * @param rootPid the program, as the trace showed it
     * @return the pids killed
     */
    private static List<Long> killUntraced(int rootPid) {
        List<Long> killed = new ArrayList<>();
        ProcessHandle.of(rootPid).filter(ProcessHandle::isAlive).ifPresent(program -> {
            List<ProcessHandle> all = new ArrayList<>();
            all.add(program);
            program.descendants().forEach(all::add);
            for (ProcessHandle p : all) {
                if (p.destroyForcibly()) {
                    killed.add(p.pid());
                }
            }
        });
        return killed;
    }

    /**
     * Ctrl-C in a terminal reaches the whole process group, so the program has its SIGINT already; a
     * SIGINT sent to procguard alone is passed on after a moment. Processes that outlive it (they ignore
     * SIGINT, or were started in the background, which a non-interactive shell starts with SIGINT
     * ignored) are still traced and procguard waits for them, as it must; it says so, and a second
     * Ctrl-C sends SIGTERM, a third SIGKILL, to every process strace traces, so three always end the session.
     */
    private static void interrupt(StraceSession session, int count, boolean ownSession, PrintWriter err) {
        if (count == 1) {
            if (ownSession) {
                // the terminal's Ctrl-C reached only procguard (the program is in its own session): pass it on to
                // every traced process, as the terminal would have to its foreground job
                session.signalTraced("INT");
            }
            Thread t = new Thread(() -> {
                try {
                    if (!session.waitFor(300)) {
                        session.signalTracee("INT");
                    }
                    if (!session.waitFor(1_500)) {
                        int left = ProcInfo.tracedBy(session.pid()).size();
                        if (left == 0) {
                            return; // strace is finishing
                        }
                        synchronized (err) {
                            err.println("procguard: " + left + (left == 1 ? " process" : " processes")
                                    + " outlived the interrupt and " + (left == 1 ? "is" : "are")
                                    + " still traced; Ctrl-C again sends SIGTERM, a third time SIGKILL");
                            err.flush();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "procguard-sigint");
            t.setDaemon(true);
            t.start();
        } else {
            signalAll(session, count > 2);
        }
    }

    /**
     * Sends SIGTERM (or SIGKILL) to every process strace traces, also those reparented away from strace,
     * and to any untraced descendant.
     *
     * @return how many processes were signalled
     */
    private static int signalAll(StraceSession session, boolean kill) {
        Set<Long> targets = new TreeSet<>();
        ProcInfo.tracedBy(session.pid()).forEach(pid -> targets.add((long) pid));
        ProcessHandle.of(session.pid()).ifPresent(strace -> strace.descendants().forEach(d -> targets.add(d.pid())));
        for (long pid : targets) {
            ProcessHandle.of(pid).ifPresent(kill ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
        }
        return targets.size();
    }
}
