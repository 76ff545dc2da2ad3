package io.procguard.cli.control;

import io.procguard.cli.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The options every control client shares (a picocli mixin): {@code --socket} and {@code --json}. Not
 * thread-safe; filled by picocli once per invocation.
 */
public final class ClientOptions {
    @Option(names = "--socket", paramLabel = "PATH", description = "The daemon's control socket. Default: ${DEFAULT-VALUE}")
    Path socket = ControlClient.DEFAULT_SOCKET;

    @Option(names = "--json", description = "Print the daemon's answers as JSON (one object per line), for scripts.")
    boolean json;

    /** @return true for {@code --json} */
    public boolean json() {
        return json;
    }

    /** @return a client connected to {@code --socket} */
    public ControlClient connect() {
        return ControlClient.connect(socket);
    }

    /**
     * Sends one request per PID on one connection and prints each answer: the ok line (or the answer
     * as JSON with {@code --json}) on stdout, the refusal on stderr: {@code procguard: REASON} when the daemon's
     * reason names the pid ({@code pid N: no such process}, {@code pid N is not watched}), else
     * {@code procguard: pid N: REASON}.
     *
     * @param pids the PIDs (checked by {@link ProcessIds})
     * @param request sends the request for one pid
     * @param okLine the human line for a successful answer
     * @param out stdout
     * @param err stderr
     * @return 0 if all succeeded, else 1 if any was denied or failed, else 3 (no such process, not watched)
     */
    public int perPid(List<Integer> pids, BiFunction<ControlClient, Integer, ControlClient.Reply> request,
            Function<ControlClient.Reply, String> okLine, PrintWriter out, PrintWriter err) {
        int exit = ExitCodes.OK;
        try (ControlClient client = connect()) {
            for (int pid : pids) {
                ControlClient.Reply r = request.apply(client, pid);
                if (json) {
                    out.println(Answer.line(r.body()));
                } else if (r.ok()) {
                    out.println(okLine.apply(r));
                }
                if (!r.ok()) {
                    err.println("procguard: " + aboutPid(pid, r.error()));
                    exit = exit == ExitCodes.FAILURE || r.exitCode() == ExitCodes.FAILURE ? ExitCodes.FAILURE : r.exitCode();
                }
                out.flush();
                err.flush();
            }
        }
        return exit;
    }

    /**
     * @param pid the pid asked about
     * @param reason the daemon's reason for refusing it
     * @return the reason as it is when it names the pid already (most do, for clients that show it as it comes),
     *     else prefixed with {@code pid N: }, so that the pid is said once
     */
    static String aboutPid(int pid, String reason) {
        return Pattern.compile("\\bpid " + pid + "\\b").matcher(reason).find() ? reason : "pid " + pid + ": " + reason;
    }
}
