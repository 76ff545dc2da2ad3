package io.procguard.cli.control;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The PID arguments of {@code watch}, {@code unwatch} and {@code attach}: anything that is not a number from
 * 1 to {@link Request#PID_MAX} is a usage error (exit 2, as picocli's own), reported before anything
 * connects or attaches. Checked in the command rather than by a picocli converter: picocli would take a
 * bad value after a good one ({@code watch 1 abc}) for an unmatched argument and say only that. Stateless.
 */
public final class ProcessIds {
    /** Longest part of a bad argument quoted back in the message. */
    private static final int SHOWN = 40;

    private ProcessIds() {
    }

    /**
     * @param spec the command, for the usage error
     * @param args the PIDs as typed
     * @return them as numbers
     * @throws CommandLine.ParameterException (exit 2) naming the first argument that is not a process id
     */
    public static List<Integer> parse(CommandSpec spec, List<String> args) {
        List<Integer> pids = new ArrayList<>(args.size());
        for (String a : args) {
            int pid;
            try {
                pid = Integer.parseInt(a.trim());
            } catch (NumberFormatException e) {
                pid = -1;
            }
            if (pid < 1 || pid > Request.PID_MAX) {
                throw new CommandLine.ParameterException(spec.commandLine(), "'" + (a.length() > SHOWN ? a.substring(0, SHOWN)
                        + "..." : a) + "' is not a process id (1 to " + Request.PID_MAX + ")");
            }
            pids.add(pid);
        }
        return pids;
    }
}
