package io.procguard.cli;

import io.procguard.cli.control.ClientOptions;
import io.procguard.cli.control.ControlClient;
import io.procguard.cli.control.ProcessIds;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code procguard watch}: asks the daemon to watch processes. Not thread-safe. */
@Command(name = "watch", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        header = "Ask 'procguard daemon' to watch running processes (no root needed for your own).",
        description = {
            "The daemon attaches strace to each PID (all threads, and the children it starts), classifies it live "
                + "and logs it like 'procguard attach'. Returns once strace traces the process. Root may watch any "
                + "process; other users their own (real uid theirs, not setuid/setgid). Watching a process that is "
                + "watched already succeeds and says so.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  procguard watch 1234",
            "  procguard watch $(pgrep -u \"$USER\" node)",
            "  procguard watch --json 1234 | jq .id",
            "",
            "Exit codes: 0 all watched, 1 denied or failed (or no daemon), 2 usage (an argument that is not a PID), 3 no such process."
        })
public final class WatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(arity = "1..*", paramLabel = "PID", description = "Processes to watch.")
    List<String> pids;

    @Override
    public Integer call() {
        return client.perPid(ProcessIds.parse(spec, pids), ControlClient::watch,
                r -> (r.body().path("already").asBoolean() ? "already watching pid " : "watching pid ") + r.body().path("pid").asInt()
                        + " (#" + r.body().path("id").asInt() + ")",
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
