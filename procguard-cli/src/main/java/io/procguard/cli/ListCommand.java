package io.procguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.procguard.cli.control.ClientOptions;
import io.procguard.cli.control.ControlClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code procguard list}: shows the daemon's watches. Not thread-safe. */
@Command(name = "list", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        header = "List what 'procguard daemon' watches: active watches and how recent ones ended.",
        description = {
            "One row per watch: its number, the pid, the process owner's uid, watch or run, its state (watching, "
                + "or how it ended: exited N, killed by SIGX, detached), the status of the watched process and the "
                + "worst status of any process it started, how many of its processes live, since when, and the "
                + "command. Root sees every watch; other users the watches of their own processes. Under a watch whose worst "
                + "status is SUSPICIOUS or worse, one more line names the first process that reached it and its first "
                + "reason; --json has it as culprit, with every reason and the evidence its verdict gave then.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  procguard list",
            "  procguard list --json | jq '.[] | select(.worst == \"MALICIOUS\")'",
            "",
            "Exit codes: 0 listed, 1 no daemon or it failed."
        })
public final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ControlClient.Reply r;
        try (ControlClient c = client.connect()) {
            r = c.list();
        }
        if (!r.ok()) {
            throw new CliException(r.exitCode(), r.error());
        }
        JsonNode watches = r.body().path("watches");
        if (client.json()) {
            out.println(watches.toString());
        } else if (watches.isEmpty()) {
            out.println("no watches");
        } else {
            String format = "%4s  %7s  %6s  %-5s  %-32s  %-10s  %-10s  %5s  %-8s  %s%n";
            out.printf(format, "ID", "PID", "UID", "KIND", "STATE", "STATUS", "WORST", "PROCS", "SINCE", "COMMAND");
            for (JsonNode w : watches) {
                String state = w.path("state").asText().equals("watching")
                        ? "watching" + (w.has("root") ? " (" + w.path("root").asText() + ")" : "") : w.path("ending").asText();
                String since = w.path("since").asText();
                // the command and the root's name come from the watched program: escaped, they cannot write to the terminal
                out.printf(format, w.path("id").asInt(), w.path("pid").asInt(), w.path("uid").asInt(), w.path("kind").asText(),
                        shorten(Printable.escape(state), 32), w.path("status").asText(), w.path("worst").asText(),
                        w.path("processes").asInt(), since.length() >= 19 ? since.substring(11, 19) : since,
                        Printable.escape(w.path("command").asText()));
                JsonNode culprit = w.path("culprit");
                if (culprit.isObject()) {
                    // why the worst status: the first process that reached it and its first reason
                    JsonNode reasons = culprit.path("reasons");
                    out.println("      pid " + culprit.path("pid").asInt() + " (" + Printable.escape(culprit.path("comm").asText()) + ") "
                            + culprit.path("status").asText() + (reasons.isEmpty() ? "" : ": " + shorten(Printable.escape(reasons.get(0).asText()), 100)));
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String shorten(String s, int max) {
        return s.length() > max ? s.substring(0, max - 3) + "..." : s;
    }
}
