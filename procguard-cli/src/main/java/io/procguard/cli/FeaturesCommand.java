package io.procguard.cli;

import io.procguard.core.FeatureVector;
import io.procguard.core.process.ProcessRecord;
import io.procguard.ml.BehaviourFeatures;
import io.procguard.ml.OnnxClassifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code procguard features}: exports one CSV row of behaviour features per process, with the same Java
 * code that scores live, so training data and inference cannot drift. Not thread-safe (one per invocation).
 */
@Command(name = "features",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        showDefaultValues = true,
        description = {
            "Write the behaviour features of every process of strace logs as CSV (the training data of the model).",
            "Columns: trace,pid,comm,exe,family,label, then the features of schema " + BehaviourFeatures.SCHEMA_VERSION
                + " in order (see procguard-ml/FEATURES.md). A process gets a row when it has at least --min-events"
                + " events, the same rule by which 'analyze' leaves smaller processes UNKNOWN."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  strace -f -ttt -T -yy -s 256 -o run.log ./job && procguard features --label benign run.log > features.csv",
            "  procguard features --manifest corpus/manifest.csv > corpus-features.csv",
            "    (manifest: CSV with header trace,family,label; relative trace paths are read from the manifest's folder)"
        })
public final class FeaturesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--label", paramLabel = "L", description = "Value of the label column for LOG arguments.")
    String label = "";

    @Option(names = "--family", paramLabel = "F", description = "Value of the family column for LOG arguments.")
    String family = "";

    @Option(names = "--manifest", paramLabel = "FILE",
            description = "CSV of trace,family,label rows (with that header); every trace is exported in this one JVM.")
    Path manifest;

    @Option(names = "--min-events", paramLabel = "N", description = "Skip processes with fewer events.")
    int minEvents = OnnxClassifier.DEFAULT_MIN_EVENTS;

    @Parameters(paramLabel = "LOG", arity = "0..*", description = "strace logs (-o output of strace -f ...); - for stdin.")
    List<String> logs = new ArrayList<>();

    @Override
    public Integer call() {
        List<FeaturesManifest.Entry> entries = new ArrayList<>();
        for (String log : logs) {
            entries.add(new FeaturesManifest.Entry(log, log, family, label));
        }
        if (manifest != null) {
            entries.addAll(FeaturesManifest.read(manifest));
        }
        if (entries.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "features: give at least one LOG or --manifest FILE");
        }
        if (minEvents < 1) {
            throw new CliException(ExitCodes.USAGE, "--min-events must be at least 1, got " + minEvents);
        }
        BehaviourFeatures features = new BehaviourFeatures();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StringBuilder header = new StringBuilder("trace,pid,comm,exe,family,label");
        for (String name : features.schema().names()) {
            header.append(',').append(name);
        }
        out.println(header);
        long rows = 0;
        for (FeaturesManifest.Entry entry : entries) {
            AnalyzeTrace trace = AnalyzeTrace.read(entry.path(), System.in, features, err);
            for (ProcessRecord p : trace.processes()) {
                if (p.eventCount() < minEvents) {
                    continue;
                }
                out.println(row(entry, p));
                rows++;
            }
        }
        out.flush();
        err.println("procguard: " + rows + " process rows from " + entries.size() + " trace(s)");
        return ExitCodes.OK;
    }

    private static String row(FeaturesManifest.Entry entry, ProcessRecord p) {
        StringBuilder sb = new StringBuilder(1024);
        sb.append(FeaturesManifest.quote(entry.name())).append(',').append(p.pid()).append(',')
                .append(FeaturesManifest.quote(p.comm())).append(',').append(FeaturesManifest.quote(p.exe())).append(',')
                .append(FeaturesManifest.quote(entry.family())).append(',').append(FeaturesManifest.quote(entry.label()));
        FeatureVector v = p.features();
        for (int i = 0; i < v.size(); i++) {
            float x = v.get(i);
            sb.append(',').append(x == 0 ? "0" : x == Math.rint(x) && Math.abs(x) < 1e7 ? Integer.toString((int) x) : Float.toString(x));
        }
        return sb.toString();
    }
}
