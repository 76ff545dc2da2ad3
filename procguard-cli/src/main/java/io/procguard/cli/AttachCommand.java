package io.procguard.cli;

import io.procguard.cli.control.ProcessIds;
import io.procguard.cli.monitor.ConsoleReporter;
import io.procguard.cli.monitor.EarlySignals;
import io.procguard.cli.monitor.FailOn;
import io.procguard.cli.monitor.Monitor;
import io.procguard.cli.monitor.MonitorOptions;
import io.procguard.cli.monitor.Preflight;
import io.procguard.cli.monitor.Scoring;
import io.procguard.cli.monitor.Sessions;
import io.procguard.cli.monitor.SignalRelay;
import io.procguard.cli.monitor.StraceCommand;
import io.procguard.cli.monitor.StraceSession;
import io.procguard.cli.monitor.TraceChannel;
import io.procguard.cli.monitor.TraceChannelOptions;
import io.procguard.core.Signals;
import io.procguard.core.Status;
import io.procguard.core.pipeline.PipelineListener;
import io.procguard.core.pipeline.ProcessExit;
import java.io.PrintWriter;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code procguard attach}: monitors running processes until Ctrl-C, then detaches. Not thread-safe. */
@Command(name = "attach", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        header = "Attach to running processes (all threads, and children they start) and classify them live.",
        description = {
            "Attaches strace to each PID with all its threads and follows the children they fork. Ctrl-C "
                + "(or SIGTERM) detaches and leaves them running. A PID that does not exist is reported and "
                + "skipped; one that exits while attached is reported with its exit status. If strace itself "
                + "is killed, procguard says so and exits with 1; the processes run on, no longer traced.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  sudo procguard attach 1234",
            "  sudo procguard attach --json --no-shm $(pgrep -d' ' nginx)",
            "",
            "Needs root or CAP_SYS_PTRACE.",
            "Exit codes: 0 detached (Ctrl-C, SIGTERM) or every process ended, 1 strace was killed, 10 --fail-on: a process "
                + "reached that status, 2 usage (an argument that is not a PID), "
                + "3 none of the PIDs exists, 4 not root, or strace could not attach."
        })
public final class AttachCommand implements Callable<Integer> {
    @ParentCommand
    ProcGuardCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    MonitorOptions monitor;

    @Mixin
    TraceChannelOptions trace;

    @Option(names = "--fail-on", paramLabel = "STATUS",
            description = "Exit 10 when any process reached STATUS (suspicious or malicious) at any moment of the session; "
                    + "stderr names the first such process.")
    String failOn;

    @Parameters(arity = "1..*", paramLabel = "PID", description = "Processes to attach to.")
    List<String> pids;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Integer> pids = ProcessIds.parse(spec, this.pids);
        trace.validate();
        Status failStatus = Sessions.threshold("--fail-on", failOn);
        Preflight.requireTracing(true);
        Path strace = Preflight.strace();
        List<Integer> live = new ArrayList<>();
        for (int pid : pids) {
            if (pid == ProcessHandle.current().pid()) {
                err.println("procguard: pid " + pid + " is procguard itself; skipped");
            } else if (Preflight.processExists(pid)) {
                live.add(pid);
            } else {
                err.println("procguard: pid " + pid + ": no such process; skipped");
            }
        }
        err.flush();
        if (live.isEmpty()) {
            throw new CliException(ExitCodes.BAD_INPUT, "none of the given processes exists");
        }
        Monitor.Options options = monitor.toOptions(root.verbose);
        PrintWriter statusOut = monitor.statusOutput(out);
        try (AutoCloseable closeStatus = statusOut == null || statusOut == out ? () -> { } : statusOut::close;
                Scoring scoring = monitor.loadScoring();
                Monitor m = Monitor.open(options, scoring.extractor(), scoring.classifier(), true, -1, statusOut, err);
                TraceChannel channel = trace.open(m.warnings(), root.verbose)) {
            FailOn detection = failStatus == null ? null : new FailOn(failStatus);
            if (detection != null) {
                m.addListener(detection);
            }
            if (options.mode() != ConsoleReporter.Mode.QUIET) { // --quiet: nothing but errors
                m.addListener(new ExitReporter(new HashSet<>(live), err));
            }
            List<String> argv = TraceChannelOptions.forChannel(channel, StraceCommand.attach(strace, channel.path(), monitor.lean(), live));
            if (root.verbose) {
                err.println(Printable.escape("procguard: " + StraceCommand.describe(argv)));
                err.flush();
            }
            // the relay goes in before strace starts: a Ctrl-C in between would end procguard at once and leave strace
            // tracing the processes, with nobody reading its trace
            AtomicBoolean asked = new AtomicBoolean();
            EarlySignals early = new EarlySignals((session, n) -> detach(session, asked), session -> detach(session, asked));
            Monitor.Outcome outcome;
            try (SignalRelay relay = early.install();
                    StraceSession session = StraceSession.start(argv, channel, Redirect.PIPE, Redirect.DISCARD, Redirect.INHERIT)) {
                early.started(session);
                outcome = m.follow(session);
            }
            int status = outcome.straceStatus();
            if (!asked.get() && status == 1 && outcome.stats().processes() == 0) {
                // strace said why on stderr (e.g. 'attach: ptrace(PTRACE_SEIZE, 2): Operation not permitted')
                throw new CliException(ExitCodes.ENVIRONMENT, "could not attach to " + (live.size() == 1 ? "pid " + live.get(0)
                        : "any of pids " + live) + " (strace's reason above: a kernel thread, a process traced already, "
                        + "or one that may not be traced)");
            }
            if (!asked.get() && status > 128) {
                err.println("procguard: strace was killed by " + Signals.name(status - 128)
                        + outcome.attackedBy()
                        + "; the processes run on, no longer traced; the logs hold what was traced");
                err.flush();
                return FailOn.exitStatus(detection, ExitCodes.FAILURE, "else exit ", options.mode(), err);
            }
            return FailOn.exitStatus(detection, ExitCodes.OK, "else exit ", options.mode(), err);
        }
    }

    private static void detach(StraceSession session, AtomicBoolean asked) {
        asked.set(true);
        session.detach();
    }

    /** Says when an attached process ends while we watch it. */
    private static final class ExitReporter implements PipelineListener {
        private final Set<Integer> attached;
        private final PrintWriter err;

        ExitReporter(Set<Integer> attached, PrintWriter err) {
            this.attached = attached;
            this.err = err;
        }

        @Override
        public void onExit(ProcessExit x) {
            if (!attached.contains(x.pid())) {
                return;
            }
            switch (x.ending()) {
                case EXITED -> err.println("procguard: pid " + x.pid() + " exited with " + x.exitCode() + " while attached");
                case KILLED -> err.println("procguard: pid " + x.pid() + " was killed by " + x.signal() + " while attached");
                default -> err.println("procguard: detached from pid " + x.pid() + " (" + x.verdict().status() + ")");
            }
            err.flush();
        }
    }
}
