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

/** {@code procguard unwatch}: asks the daemon to stop watching processes. Not thread-safe. */
@Command(name = "unwatch", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        header = "Ask 'procguard daemon' to stop watching processes; they keep running.",
        description = {
            "strace detaches from the process and the children it follows; their logs end with a 'detached' exit "
                + "record. A command the daemon runs ('procguard submit') is stopped instead, as Ctrl-C stops a job: "
                + "SIGINT to each of its processes, SIGTERM to those left after 5 s, SIGKILL 5 s later. Users may unwatch what they asked to watch; root anything. Another user's process is "
                + "denied with the reason watch gives, whether or not it is watched.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  procguard unwatch 1234",
            "  procguard list --json | jq -r '.[] | select(.state == \"watching\") | .pid' | xargs procguard unwatch",
            "",
            "Exit codes: 0 all unwatched, 1 denied (or no daemon, or it is busy), 2 usage (an argument that is not a PID), "
                + "3 not watched (your own process or no such one)."
        })
public final class UnwatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(arity = "1..*", paramLabel = "PID", description = "Processes to stop watching.")
    List<String> pids;

    @Override
    public Integer call() {
        return client.perPid(ProcessIds.parse(spec, pids), ControlClient::unwatch,
                r -> "unwatched pid " + r.body().path("pid").asInt() + " (#" + r.body().path("id").asInt() + "): "
                        + r.body().path("ending").asText(),
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
