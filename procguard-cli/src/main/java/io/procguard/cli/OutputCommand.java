package io.procguard.cli;

import io.procguard.cli.control.ClientOptions;
import io.procguard.cli.control.RunOutput;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code procguard output}: prints what a command the daemon runs for the caller wrote. Not thread-safe. */
@Command(name = "output", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        header = "Print the output of a command 'procguard daemon' runs for you ('procguard submit').",
        description = {
            "Prints what the command has written so far (stdout and stderr merged, the first 16 MiB), as bytes, "
                + "from --offset on; with --follow, also what it writes until it ends. The daemon keeps each user's "
                + "last 16 outputs, also after the command ended. You read your own runs; root reads any. The numbers "
                + "are those 'submit' prints and 'list' shows (KIND run). With --json it prints the daemon's answers "
                + "instead, one JSON object a line: the bytes base64 in data, offset, next_offset, size, and running "
                + "(false once no more can come).",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  procguard output 7",
            "  procguard output --follow 7 | grep -i error",
            "  procguard output --offset 1048576 7 > rest.txt",
            "",
            "Exit codes: 0 printed, 1 no daemon (or it is busy, or failed), 2 usage, 3 no output of that run for you, "
                + "141, silently, stdout was a pipe whose reader went away (| head)."
        })
public final class OutputCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Option(names = {"-f", "--follow"}, description = "Keep printing what the command writes until it has ended.")
    boolean follow;

    @Option(names = "--offset", paramLabel = "BYTES", description = "Start at this byte of the output. Default: 0")
    long offset;

    @Parameters(paramLabel = "ID", description = "The run's number ('procguard submit' prints it; 'procguard list' shows it).")
    int id;

    /** Where the output goes: this process's stdout, as bytes. */
    OutputStream rawOut = new FileOutputStream(FileDescriptor.out);

    @Override
    public Integer call() {
        if (id <= 0) {
            throw new ParameterException(spec.commandLine(), "ID must be a run's number (1 or more), not " + id);
        }
        if (offset < 0) {
            throw new ParameterException(spec.commandLine(), "--offset must be 0 or more, not " + offset);
        }
        spec.commandLine().getOut().flush();
        try {
            RunOutput.copy(client::connect, id, offset, follow, rawOut, client.json(), () -> false);
        } catch (RunOutput.ReaderGone gone) {
            return ExitCodes.CLOSED_PIPE; // procguard output 7 | head: nobody reads any more, nothing to say
        }
        return ExitCodes.OK;
    }
}
