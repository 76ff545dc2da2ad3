package io.procguard.cli;

import io.procguard.core.Classifier;
import io.procguard.core.Classifiers;
import io.procguard.core.Status;
import io.procguard.core.Verdict;
import io.procguard.core.process.ProcessRecord;
import io.procguard.ml.BehaviourFeatures;
import io.procguard.ml.OnnxClassifier;
import io.procguard.ml.OnnxClassifierProvider;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code procguard analyze}: per-process verdicts for a whole strace log, each with the features that
 * drove it and evidence events. Not thread-safe (one per invocation).
 */
@Command(name = "analyze",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        showDefaultValues = true,
        header = "Score every process of an strace log and explain each verdict.",
        description = {
            "A verdict is UNKNOWN (too little evidence), BENIGN, SUSPICIOUS or MALICIOUS; the overall verdict is the "
                + "worst process's. The log may come from any strace flags with -f; -f -ttt -T -yy -s 256 gives the "
                + "best evidence.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  strace -f -ttt -T -yy -s 256 -o job.log ./job; procguard analyze job.log",
            "  procguard analyze --json --fail-on suspicious job.log   # exit 10 if anything is suspicious",
            "  strace -f -o /dev/stdout ./job | procguard analyze -   # read the log from stdin",
            "  procguard analyze --classifier rules job.log            # a classifier plugged in on the class path",
            "",
            "Exit codes: 0 analysed, 2 usage, 3 LOG unreadable or not strace output (or malformed, with --strict), "
                + "10 --fail-on: a process at or above that status."
        })
public final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON document instead of a table.")
    boolean json;

    @Option(names = "--model", paramLabel = "PATH", description = "ONNX model to use instead of the bundled one.")
    String model;

    @Option(names = "--lean", description = "LOG holds only the lean syscall set (recorded like 'procguard run "
            + "--seccomp-bpf' records, see --verbose there): score it with the bundled lean model (without --model; "
            + "other classifiers are told trace=lean).")
    boolean lean;

    @Option(names = "--classifier", paramLabel = "NAME",
            description = "Classifier found on the class path (ServiceLoader), e.g. onnx or a plugin's name.")
    String classifier = "onnx";

    @Option(names = "--fail-on", paramLabel = "STATUS",
            description = "Exit 10 when a process is at or above STATUS (suspicious or malicious).")
    String failOn;

    @Option(names = "--min-events", paramLabel = "N",
            description = "Processes with fewer events are UNKNOWN, unless a severity-3 ind.* indicator fired"
                    + " (e.g. ind.credential_read, ind.reverse_shell) or ind.fork_storm (a bomb's members): those are scored.")
    int minEvents = OnnxClassifier.DEFAULT_MIN_EVENTS;

    @Parameters(paramLabel = "LOG|-", description = "The strace log (-o output), or - for stdin (refused, exit 3, when stdin is closed).")
    String log;

    @Override
    public Integer call() {
        if (minEvents < 1) {
            throw new CliException(ExitCodes.USAGE, "--min-events must be at least 1, got " + minEvents);
        }
        Status failStatus = io.procguard.cli.monitor.Sessions.threshold("--fail-on", failOn);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> options = new HashMap<>();
        if (model != null) {
            options.put("model", model);
        }
        options.put("min-events", Integer.toString(minEvents));
        options.put(OnnxClassifierProvider.TRACE_OPTION, lean ? OnnxClassifierProvider.TRACE_LEAN : OnnxClassifierProvider.TRACE_FULL);
        try (Classifier c = create(options)) {
            AnalyzeTrace trace = AnalyzeTrace.read(log, System.in, new BehaviourFeatures(), err);
            List<Verdict> verdicts = c.classifyAll(trace.processes());
            int worst = VerdictReport.worst(verdicts);
            if (json) {
                out.println(VerdictReport.json(trace, verdicts, worst, c.id()));
            } else {
                VerdictReport.table(out, trace, verdicts, worst, c.id());
            }
            out.flush();
            if (failStatus != null && worst >= 0 && verdicts.get(worst).status().atLeast(failStatus)) {
                return ExitCodes.DETECTED;
            }
            return ExitCodes.OK;
        }
    }

    private Classifier create(Map<String, String> options) {
        try {
            return Classifiers.create(classifier, options);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
    }
}
