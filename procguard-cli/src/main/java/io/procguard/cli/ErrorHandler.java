package io.procguard.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The one place where exceptions become exit codes and one-line messages. Stack traces are printed
 * only with {@code --verbose}. Not thread-safe (one per invocation).
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    /** The message when results could not be written to stdout (a full disk, a closed pipe). */
    static final String CANNOT_WRITE_STDOUT = "cannot write to standard output";

    private final ProcGuardCommand root;

    ErrorHandler(ProcGuardCommand root) {
        this.root = root;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("procguard: " + oneLine(ex.getMessage()));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        int code;
        String message;
        Throwable shown = ex;
        if (ex instanceof CliException cli && CANNOT_WRITE_STDOUT.equals(cli.getMessage())
                && cmd.getOut() instanceof ProcGuardCommand.StandardOutput so && so.readerGone()) {
            return ExitCodes.CLOSED_PIPE; // procguard parse big.log | head: nobody reads any more, nothing to say
        }
        if (ex instanceof CliException cli) {
            code = cli.exitCode();
            message = cli.getMessage();
        } else if (ex instanceof UncheckedIOException io) {
            shown = io.getCause();
            code = ioExitCode(io.getCause());
            message = describe(io.getCause());
        } else if (ex instanceof IOException io) {
            code = ioExitCode(io);
            message = describe(io);
        } else {
            code = ExitCodes.FAILURE;
            message = "internal error: " + ex + (root.verbose ? "" : " (run with --verbose for details)");
        }
        err.println("procguard: " + oneLine(message));
        if (root.verbose) {
            // the trace quotes the same messages: each of its lines escaped like the one above
            java.io.StringWriter trace = new java.io.StringWriter();
            shown.printStackTrace(new PrintWriter(trace));
            trace.toString().lines().forEach(l -> err.println(Printable.escape(l.replace("\t", "    "))));
        }
        err.flush();
        return code;
    }

    private static int ioExitCode(IOException io) {
        return io instanceof NoSuchFileException || io instanceof AccessDeniedException ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
    }

    private static String describe(IOException io) {
        if (io instanceof NoSuchFileException e) {
            return e.getFile() + ": no such file";
        }
        if (io instanceof AccessDeniedException e) {
            return e.getFile() + ": permission denied";
        }
        return io.getMessage() == null ? io.toString() : io.getMessage();
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        // messages quote input (a file's first line, an argument): its control bytes must not reach the terminal raw
        String line = Printable.escape(s.replace('\n', ' ').replace('\r', ' '));
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }
}
