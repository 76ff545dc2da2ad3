package io.procguard.cli;

import io.procguard.core.FeatureVector;
import io.procguard.core.process.ProcessRecord;
import io.procguard.ml.BehaviourFeatures;
import io.procguard.ml.OnnxClassifier;
import io.procguard.ml.dataset.AdfaLd;
import io.procguard.ml.evaluation.FeaturesCsv;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
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
        header = "Write the behaviour features of every process of strace logs as CSV (the training data of the model).",
        description = {
            "Columns: trace,pid,comm,exe,family,label, then the features of schema " + BehaviourFeatures.SCHEMA_VERSION
                + " in order (see procguard-ml/FEATURES.md). A process gets a row when it has at least --min-events"
                + " events, the threshold below which 'analyze' leaves a process UNKNOWN unless a severity-3 indicator"
                + " or ind.fork_storm fired (the model is trained on the rows of processes this size or larger).",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  strace -f -ttt -T -yy -s 256 -o run.log ./job && procguard features --label benign run.log > features.csv",
            "  procguard features --manifest corpus/manifest.csv > corpus-features.csv",
            "    (manifest: CSV with header trace,family,label; relative trace paths are read from the manifest's folder)",
            "  procguard features --format adfa-ld ADFA-LD.zip > adfa.csv",
            "    (one row per trace: trace = zip entry, pid 1, comm adfa, family normal or the attack family, label 0/1)",
            "",
            "Exit codes: 0 written, 1 stdout could not be written, 2 usage, 3 a LOG, zip or manifest unreadable (found "
                + "before any row is written) or not strace output (the CSV header is written with the first row, so an "
                + "error before it leaves no output; the rows of the LOGs before a bad one are kept)."
        })
public final class FeaturesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--label", paramLabel = "L", showDefaultValue = Help.Visibility.NEVER,
            description = "Value of the label column for LOG arguments (empty without it): benign (0, benign, normal) or "
                + "malicious (1, malicious, suspicious, attack), the labels evaluate and train.py accept.")
    String label = "";

    @Option(names = "--family", paramLabel = "F", showDefaultValue = Help.Visibility.NEVER,
            description = "Value of the family column for LOG arguments (empty without it).")
    String family = "";

    @Option(names = "--manifest", paramLabel = "FILE",
            description = "CSV of trace,family,label rows (with that header); every trace is exported in this one JVM.")
    Path manifest;

    @Option(names = "--min-events", paramLabel = "N", description = "Skip processes with fewer events.")
    int minEvents = OnnxClassifier.DEFAULT_MIN_EVENTS;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Input format: strace (logs of strace -f) or adfa-ld (the ADFA-LD dataset zip, i386 syscall"
                + " numbers mapped onto x86_64 names; labels and families from its folders).")
    String format = "strace";

    @Parameters(paramLabel = "LOG", arity = "0..*", description = "strace logs (-o output of strace -f ...); - for stdin (refused, exit 3, when stdin is closed)."
            + " With --format adfa-ld: ADFA-LD zip files.")
    List<String> logs = new ArrayList<>();

    @Override
    public Integer call() {
        if (minEvents < 1) {
            throw new CliException(ExitCodes.USAGE, "--min-events must be at least 1, got " + minEvents);
        }
        if (!label.isEmpty() && FeaturesCsv.label(label) < 0) {
            throw new CliException(ExitCodes.USAGE, "--label: " + FeaturesCsv.notALabel(label));
        }
        BehaviourFeatures features = new BehaviourFeatures();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (format.equals("adfa-ld")) {
            return adfaLd(features, out, err);
        }
        if (!format.equals("strace")) {
            throw new CliException(ExitCodes.USAGE, "--format must be strace or adfa-ld, got '" + format + "'");
        }
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
        for (FeaturesManifest.Entry entry : entries) {
            if (entry.path().equals("-")) {
                StandardInput.requireGiven();
            } else {
                ParseInput.requireReadable(entry.path()); // before the header: no partial CSV for an input that cannot be read
            }
        }
        Csv csv = new Csv(out, features);
        long rows = 0;
        for (FeaturesManifest.Entry entry : entries) {
            AnalyzeTrace trace = AnalyzeTrace.read(entry.path(), System.in, features, err);
            for (ProcessRecord p : trace.processes()) {
                if (p.eventCount() < minEvents) {
                    continue;
                }
                csv.row(row(entry.name(), p.pid(), p.comm(), p.exe(), entry.family(), entry.label(), p.features()));
                rows++;
            }
        }
        csv.finish();
        requireWritten(out);
        err.println("procguard: " + rows + " process rows from " + entries.size() + " trace(s)");
        return ExitCodes.OK;
    }

    /** {@code --format adfa-ld}: one row per trace of each zip, through the same tracker and extractor. */
    private int adfaLd(BehaviourFeatures features, PrintWriter out, PrintWriter err) {
        if (logs.isEmpty() || manifest != null || !label.isEmpty() || !family.isEmpty()) {
            throw new CliException(ExitCodes.USAGE,
                    "features --format adfa-ld: give the ADFA-LD zip(s) as arguments (labels and families come from its folders;"
                        + " --manifest, --label and --family do not apply)");
        }
        for (String zip : logs) {
            ParseInput.requireReadable(zip);
        }
        Csv csv = new Csv(out, features);
        long[] rows = {0, 0};
        for (String zip : logs) {
            try {
                AdfaLd.forEach(Path.of(zip), trace -> {
                    ProcessRecord p = trace.process(features);
                    if (p.eventCount() < minEvents) {
                        rows[1]++;
                        return;
                    }
                    csv.row(row(trace.entry(), 1, "adfa", "", trace.family(), Integer.toString(trace.label()), p.features()));
                    rows[0]++;
                });
            } catch (IOException e) {
                throw new CliException(ExitCodes.BAD_INPUT, e.getMessage(), e);
            }
        }
        csv.finish();
        requireWritten(out);
        err.println("procguard: " + rows[0] + " ADFA-LD trace rows from " + logs.size() + " zip(s)"
                + (rows[1] > 0 ? ", " + rows[1] + " traces shorter than --min-events skipped" : ""));
        return ExitCodes.OK;
    }

    /** Flushes the rows; fails before the row count is reported when they could not be written. */
    private static void requireWritten(PrintWriter out) {
        if (out.checkError()) {
            throw new CliException(ExitCodes.FAILURE, ErrorHandler.CANNOT_WRITE_STDOUT);
        }
    }

    /**
     * The CSV on stdout, its header written with the first row, or at the end of a run without rows: an input
     * found unusable before any row leaves no header-only CSV behind. Not thread-safe.
     */
    private static final class Csv {
        private final PrintWriter out;
        private String header;

        Csv(PrintWriter out, BehaviourFeatures features) {
            this.out = out;
            StringBuilder h = new StringBuilder("trace,pid,comm,exe,family,label");
            for (String name : features.schema().names()) {
                h.append(',').append(name);
            }
            this.header = h.toString();
        }

        void row(String row) {
            finish();
            out.println(row);
        }

        /** Writes the header if no row did: a trace without processes big enough still gives a valid CSV. */
        void finish() {
            if (header != null) {
                out.println(header);
                header = null;
            }
        }
    }

    private static String row(String trace, int pid, String comm, String exe, String family, String label, FeatureVector v) {
        StringBuilder sb = new StringBuilder(1024);
        sb.append(FeaturesManifest.quote(trace)).append(',').append(pid).append(',')
                .append(FeaturesManifest.quote(comm)).append(',').append(FeaturesManifest.quote(exe)).append(',')
                .append(FeaturesManifest.quote(family)).append(',').append(FeaturesManifest.quote(label));
        for (int i = 0; i < v.size(); i++) {
            float x = v.get(i);
            sb.append(',').append(x == 0 ? "0" : x == Math.rint(x) && Math.abs(x) < 1e7 ? Integer.toString((int) x) : Float.toString(x));
        }
        return sb.toString();
    }
}
