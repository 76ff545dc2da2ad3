package io.procguard.cli;

import io.procguard.strace.ParseProblem;
import io.procguard.strace.ParserOptions;
import io.procguard.strace.StraceParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The parser options shared by {@code parse} and {@code summary} (a picocli mixin), and how both open
 * their input and report skipped lines. Not thread-safe (one per invocation).
 */
final class ParseInput {
    /** How many skipped lines are shown one by one before only the count is given. */
    static final int SHOWN_PROBLEMS = 5;

    @Option(names = "--strict", description = "Stop at the first malformed line (exit code 3) instead of skipping it. Also reads every argument list to its end, so it reports an argument list that is broken before a well-formed ' = RET' (the default mode keeps such a line as a call); slower on long argument lists.")
    boolean strict;

    @Option(names = "--max-line-length", paramLabel = "BYTES",
            description = "Longer lines are skipped and reported.")
    int maxLineLength = ParserOptions.DEFAULT_MAX_LINE_LENGTH;

    @Option(names = "--pid", paramLabel = "PID",
            description = "Pid given to events of a log without a pid column (strace without -f), and to the first process of a -f log written to a shared stderr, whose first lines have none.")
    int defaultPid;

    ParserOptions options(boolean follow) {
        if (maxLineLength < 64) {
            throw new CliException(ExitCodes.USAGE, "--max-line-length must be at least 64, got " + maxLineLength);
        }
        if (defaultPid < 0) {
            throw new CliException(ExitCodes.USAGE, "--pid must not be negative, got " + defaultPid);
        }
        return ParserOptions.defaults().withStrict(strict).withMaxLineLength(maxLineLength)
                .withDefaultPid(defaultPid).withFollow(follow);
    }

    /**
     * Opens {@code LOG} or stdin ({@code -}) and reports the first skipped lines on {@code err}.
     */
    StraceParser open(String log, boolean follow, PrintWriter err) {
        ParserOptions options = options(follow);
        if (log.equals("-")) {
            StandardInput.requireGiven();
            return reportingProblems(StraceParser.of(System.in, "<stdin>", options), err);
        }
        return reportingProblems(openFile(log, options), err);
    }

    /**
     * Opens a followed input ({@code parse --follow}): the parser reads it as a plain stream, whose end comes
     * when the input is stopped.
     *
     * @param in the followed file or stdin
     * @param name the name problems are reported under
     * @param err where skipped lines are reported
     * @return the parser; close it
     */
    StraceParser open(FollowedInput in, String name, PrintWriter err) {
        return reportingProblems(StraceParser.of(in, name, options(false)), err);
    }

    /** Reports the first skipped lines on {@code err}. */
    private static StraceParser reportingProblems(StraceParser parser, PrintWriter err) {
        long[] shown = {0};
        parser.onProblem((ParseProblem p) -> {
            if (shown[0]++ < SHOWN_PROBLEMS) {
                err.println(Printable.escape("procguard: warning: skipped line: " + p));
            }
        });
        return parser;
    }

    /**
     * Fails with {@link ExitCodes#BAD_INPUT} and one line naming the file when {@code log} cannot be read:
     * {@code no such file}, {@code is a directory} or {@code permission denied}.
     *
     * @param log a path (not {@code -})
     */
    static void requireReadable(String log) {
        Path path = Path.of(log);
        if (!Files.exists(path)) {
            throw new CliException(ExitCodes.BAD_INPUT, log + ": no such file");
        }
        if (Files.isDirectory(path)) {
            throw new CliException(ExitCodes.BAD_INPUT, log + ": is a directory");
        }
        if (!Files.isReadable(path)) {
            throw new CliException(ExitCodes.BAD_INPUT, log + ": permission denied");
        }
    }

    /**
     * Opens a log file for {@code parse}, {@code summary}, {@code analyze} and {@code features}, failing as
     * {@link #requireReadable} does.
     *
     * @param log a path (not {@code -})
     * @param options the parser options
     * @return the parser; close it
     */
    static StraceParser openFile(String log, ParserOptions options) {
        requireReadable(log);
        try {
            return StraceParser.open(Path.of(log), options);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.BAD_INPUT, log + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new CliException(ExitCodes.BAD_INPUT, log + ": permission denied", e);
        } catch (IOException e) {
            String m = e.getMessage();
            throw new CliException(ExitCodes.BAD_INPUT, m != null && m.startsWith(log) ? m : log + ": " + m, e);
        }
    }

    /**
     * Fails with {@link ExitCodes#BAD_INPUT} when the input had lines but not one event: a file that is not
     * strace output at all (the lenient default would otherwise skip every line and exit 0 with nothing).
     * The message names the first bad line as {@code FILE:LINE:COLUMN}.
     *
     * @param parser the parser, at the end of its input
     * @param events how many events it produced
     */
    static void requireStraceOutput(StraceParser parser, long events) {
        long malformed = parser.malformedLines();
        if (events > 0 || malformed == 0) {
            return;
        }
        String lines = malformed == 1 ? "its only line" : "all " + malformed + " lines";
        java.util.List<ParseProblem> problems = parser.problems();
        if (problems.isEmpty()) {
            throw new CliException(ExitCodes.BAD_INPUT, parser.sourceName() + ": not strace output (" + lines + " malformed)");
        }
        ParseProblem p = problems.get(0);
        throw new CliException(ExitCodes.BAD_INPUT, p.source() + ":" + p.line() + ":" + p.column() + ": not strace output: "
                + p.message() + " (" + lines + " malformed, no events)");
    }

    /** Prints the total of skipped lines when more were skipped than shown. */
    static void reportTotal(StraceParser parser, PrintWriter err) {
        if (parser.malformedLines() > SHOWN_PROBLEMS) {
            err.println(Printable.escape("procguard: warning: " + parser.sourceName() + ": " + parser.malformedLines()
                    + " malformed lines skipped in all"));
        }
        err.flush();
    }
}
