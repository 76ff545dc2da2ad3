package io.procguard.cli;

import io.procguard.core.FeatureExtractor;
import io.procguard.core.TraceEvent;
import io.procguard.core.process.ProcessListener;
import io.procguard.core.process.ProcessRecord;
import io.procguard.core.process.ProcessTracker;
import io.procguard.strace.ParserOptions;
import io.procguard.strace.StraceParseException;
import io.procguard.strace.StraceParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads one strace log (or stdin) into per-process records: parser, then {@link ProcessTracker} with a
 * feature extractor. Shared by {@code analyze} and {@code features} so both see processes the same way.
 * Not thread-safe; one per log.
 *
 * @param source the log's name as the user gave it ({@code -} for stdin)
 * @param processes every process of the trace, exited or still running at its end, by pid
 * @param events events read
 * @param malformedLines lines the parser skipped
 */
record AnalyzeTrace(String source, List<ProcessRecord> processes, long events, long malformedLines) {

    /**
     * @param log a path, or {@code -} for stdin
     * @param stdin the stream read for {@code -}
     * @param extractor the features to compute
     * @param err where parser problems are reported (one line each, at most a few)
     * @return the processes of the trace
     * @throws CliException BAD_INPUT for a missing, unreadable or (with strict parsing) malformed log
     */
    static AnalyzeTrace read(String log, InputStream stdin, FeatureExtractor extractor, PrintWriter err) {
        List<ProcessRecord> out = new ArrayList<>();
        ProcessTracker tracker = ProcessTracker.builder(extractor).listener(new ProcessListener() {
            @Override
            public void ended(ProcessRecord p) {
                out.add(p);
            }
        }).build();
        try (StraceParser parser = open(log, stdin)) {
            int[] shown = {0};
            parser.onProblem(problem -> {
                if (shown[0]++ < 3) {
                    err.println(Printable.escape("procguard: warning: skipped line: " + problem));
                }
            });
            long events = 0;
            for (TraceEvent e = parser.next(); e != null; e = parser.next()) {
                tracker.accept(e);
                events++;
            }
            tracker.finish();
            out.sort(Comparator.comparingInt(ProcessRecord::pid));
            if (parser.malformedLines() > 3) {
                err.println(Printable.escape("procguard: warning: " + log + ": " + parser.malformedLines() + " malformed lines skipped in all"));
            }
            ParseInput.requireStraceOutput(parser, events);
            return new AnalyzeTrace(log, out, tracker.eventCount(), parser.malformedLines());
        } catch (StraceParseException e) {
            throw new CliException(ExitCodes.BAD_INPUT, e.getMessage(), e);
        } catch (IOException e) {
            throw new CliException(ExitCodes.BAD_INPUT, describe(log, e), e);
        }
    }

    private static StraceParser open(String log, InputStream stdin) {
        if (log.equals("-")) {
            if (stdin == System.in) {
                StandardInput.requireGiven();
            }
            return StraceParser.of(stdin, "<stdin>", ParserOptions.defaults());
        }
        return ParseInput.openFile(log, ParserOptions.defaults());
    }

    private static String describe(String log, IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException) {
            return log + ": no such file";
        }
        return m == null ? log + ": " + e : m.startsWith(log) ? m : log + ": " + m;
    }
}
