package io.procguard.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.procguard.cli.control.ClientOptions;
import io.procguard.cli.control.ControlClient;
import io.procguard.cli.control.RunOutput;
import io.procguard.cli.monitor.Sessions;
import io.procguard.cli.monitor.SignalRelay;
import io.procguard.core.Status;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code procguard submit}: asks the daemon to run a command as the caller, under strace, and shows its output and
 * how it was classified. Not thread-safe.
 */
@Command(name = "submit", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        header = "Ask 'procguard daemon' to run a command under strace as you (no root needed); show its output and verdict.",
        description = {
            "The daemon starts CMD as your user, in the current directory (or --cwd), in a clean environment (PATH, HOME, "
                + "USER, LOGNAME and LANG=C.UTF-8 only), with stdin /dev/null and no terminal, and traces and classifies it "
                + "and every process it starts as 'procguard run' does (its logs are the daemon's). submit shows what CMD "
                + "writes as it comes (stdout and stderr merged, as the daemon records them; the first 16 MiB), then on "
                + "stderr how CMD ended, its status, and the worst status any of its processes reached, with the first "
                + "process that reached it (SUSPICIOUS or worse): its reasons and evidence. Like "
                + "'run' it waits for processes CMD leaves running, and exits with CMD's exit code. With --json that "
                + "report is one line: the watch as 'list --json' shows it, plus exit_status (-1 when CMD's is unknown).",
            "Ctrl-C interrupts CMD (the daemon sends each of its processes SIGINT, SIGTERM to those left after 5 s, "
                + "SIGKILL 5 s later) and goes on showing its output until it ends; a second Ctrl-C stops waiting, and "
                + "what is left of CMD goes on under the daemon. SIGTERM or SIGHUP to submit (timeout, a closed terminal) "
                + "stops CMD the same way and exits 143. With --detach submit returns once CMD runs; "
                + "read its output with 'procguard output ID', see how it ended with 'procguard list'.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  procguard submit -- make -j2",
            "  procguard submit --fail-on suspicious -- ./install.sh",
            "  procguard submit --detach --json -- ./nightly.sh | jq .id",
            "  procguard output --follow 7",
            "",
            "Exit codes: CMD's own (128+N if signal N killed it), 10 --fail-on: a process reached that status, 1 denied or "
                + "failed (or no daemon, or it is busy), or the watch ended without CMD's exit code (detached, strace "
                + "died), 2 usage, 3 --cwd is not a directory (or the daemon found the request malformed), 130 a second Ctrl-C stopped waiting, "
                + "143 SIGTERM or SIGHUP, 141, silently, stdout was a pipe whose reader went away (CMD is then stopped as by Ctrl-C)."
        })
public final class SubmitCommand implements Callable<Integer> {
    /** Exit status after a second Ctrl-C (128 + SIGINT, as a shell reports it). */
    static final int STOPPED_WAITING = 130;
    /** Exit status after SIGTERM or SIGHUP (128 + SIGTERM). */
    static final int TERMINATED = 143;

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Option(names = "--cwd", paramLabel = "DIR", description = "The directory CMD starts in, entered as you. Default: the current one.")
    Path cwd;

    @Option(names = "--detach", description = "Return once CMD runs: print its pid and number (with --json the daemon's answer).")
    boolean detach;

    @Option(names = "--fail-on", paramLabel = "STATUS",
            description = "Exit 10 instead of CMD's exit code when any of its processes reached STATUS (suspicious or "
                    + "malicious) at any moment, e.g. to fail a CI job.")
    String failOn;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (put them after --).")
    List<String> command;

    /** Where CMD's output goes: this process's stdout, as bytes (it need not be text). */
    OutputStream rawOut = new FileOutputStream(FileDescriptor.out);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Status threshold = Sessions.threshold("--fail-on", failOn);
        Path dir = (cwd == null ? Path.of("") : cwd).toAbsolutePath().normalize();
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new CliException(ExitCodes.BAD_INPUT, "--cwd " + dir + ": not a directory");
        }
        ControlClient.Reply started;
        try (ControlClient c = client.connect()) {
            started = c.run(command, dir.toString());
        }
        if (!started.ok()) {
            throw new CliException(started.exitCode(), started.error());
        }
        int id = started.body().path("id").asInt();
        int pid = started.body().path("pid").asInt();
        if (detach) {
            out.println(client.json() ? RunOutput.json(started.body())
                    : "running pid " + pid + " (#" + id + "); its output: procguard output " + id);
            out.flush();
            return ExitCodes.OK;
        }
        err.println("procguard: running pid " + pid + " (#" + id + ")");
        err.flush();
        out.flush();
        boolean[] stop = new boolean[1];
        boolean[] terminated = new boolean[1];
        try (SignalRelay relay = SignalRelay.install(n -> interrupted(n, pid, id, stop, err), () -> terminated(pid, stop, terminated))) {
            RunOutput.copy(client::connect, id, 0, true, rawOut, false, () -> stopped(stop));
        } catch (RunOutput.ReaderGone gone) {
            // 'submit -- yes | head': run locally, SIGPIPE would end the writer; here it writes to the daemon's file
            // and would run on unread, so it is stopped as Ctrl-C stops it; nothing to say, as for SIGPIPE
            try (ControlClient c = client.connect()) {
                c.unwatch(pid);
            } catch (CliException ignored) {
                // the daemon went away too: nothing more to stop it with
            }
            return ExitCodes.CLOSED_PIPE;
        }
        if (stopped(terminated)) {
            return TERMINATED;
        }
        if (stopped(stop)) {
            err.println("procguard: stopped waiting for #" + id + "; it goes on under the daemon ('procguard output " + id
                    + "', 'procguard list', 'procguard unwatch " + pid + "')");
            err.flush();
            return STOPPED_WAITING;
        }
        try (ControlClient c = client.connect()) {
            return ended(c, id, pid, threshold, err);
        }
    }

    /** Reads how the run ended, says it on stderr and gives the exit status. */
    private int ended(ControlClient c, int id, int pid, Status threshold, PrintWriter err) {
        ObjectNode w = RunOutput.watch(c, id);
        if (w == null) {
            throw new CliException(ExitCodes.FAILURE, "#" + id + " is no longer listed by the daemon; how it ended is unknown");
        }
        String ending = w.hasNonNull("root") ? w.path("root").asText() : w.path("ending").asText();
        int status = RunOutput.exitStatus(ending);
        Status worst = Status.valueOf(w.path("worst").asText(Status.UNKNOWN.name()));
        if (client.json()) {
            w.put("exit_status", status);
            err.println(RunOutput.json(w));
        } else {
            err.println("procguard: #" + id + " (pid " + pid + ") " + Printable.escape(ending) + "; status " + w.path("status").asText()
                    + ", worst of its processes " + worst);
        }
        com.fasterxml.jackson.databind.JsonNode culprit = w.path("culprit");
        if (!client.json() && culprit.isObject()) {
            // names, reasons and evidence come from the traced programs: escaped, they cannot write to the terminal
            List<String> reasons = new java.util.ArrayList<>();
            culprit.path("reasons").forEach(r -> reasons.add(Printable.escape(r.asText())));
            err.println("procguard: pid " + culprit.path("pid").asInt() + " (" + Printable.escape(culprit.path("comm").asText()) + ") reached "
                    + culprit.path("status").asText() + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons)));
            culprit.path("evidence").forEach(e -> err.println("procguard:   " + Printable.escape(e.asText())));
        }
        err.flush();
        if (threshold != null && worst.atLeast(threshold)) {
            if (!client.json()) {
                err.println("procguard: a process of #" + id + " reached " + worst + ": exit " + ExitCodes.DETECTED + " (--fail-on "
                        + failOn.toLowerCase(java.util.Locale.ROOT) + (status >= 0 ? "; the command exited with " + status : "") + ")");
                err.flush();
            }
            return ExitCodes.DETECTED;
        }
        if (status < 0) {
            throw new CliException(ExitCodes.FAILURE, "#" + id + " ended without the command's exit code: " + Printable.escape(ending));
        }
        return status;
    }

    private void interrupted(int count, int pid, int id, boolean[] stop, PrintWriter err) {
        if (count > 1) {
            stopWaiting(stop);
            return;
        }
        err.println("procguard: interrupting pid " + pid + " (#" + id + "): SIGINT to its processes, SIGTERM after 5 s, SIGKILL 5 s "
                + "later; Ctrl-C again to stop waiting for it");
        err.flush();
        try (ControlClient c = client.connect()) {
            ControlClient.Reply r = c.unwatch(pid);
            if (!r.ok()) {
                err.println("procguard: cannot interrupt pid " + pid + ": " + r.error());
            }
        } catch (CliException e) {
            err.println("procguard: cannot interrupt pid " + pid + ": " + e.getMessage());
        }
        err.flush();
    }

    /** SIGTERM or SIGHUP (the terminal went away, {@code timeout}): stops the command, as for {@code run}, then stops waiting. */
    private void terminated(int pid, boolean[] stop, boolean[] terminated) {
        stopWaiting(terminated);
        try (ControlClient c = client.connect()) {
            c.unwatch(pid);
        } catch (CliException ignored) {
            // the daemon went away: nothing more to stop it with
        }
        stopWaiting(stop);
    }

    private static void stopWaiting(boolean[] stop) {
        synchronized (stop) {
            stop[0] = true;
        }
    }

    private static boolean stopped(boolean[] stop) {
        synchronized (stop) {
            return stop[0];
        }
    }
}
