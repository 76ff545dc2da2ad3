package io.procguard.examples.embedding;

import io.procguard.core.Classifier;
import io.procguard.core.Classifiers;
import io.procguard.core.TraceEvent;
import io.procguard.core.Verdict;
import io.procguard.core.process.ProcessListener;
import io.procguard.core.process.ProcessRecord;
import io.procguard.core.process.ProcessTracker;
import io.procguard.ml.BehaviourFeatures;
import io.procguard.strace.StraceParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Scores each process of an strace log as soon as it exits, using ProcGuard as a library.
 * Run: {@code java -cp examples.jar:procguard.jar io.procguard.examples.embedding.EmbeddedAnalysis trace.log [CLASSIFIER]}
 * (classifier {@code onnx} by default, or {@code rules} from this module). Single-threaded.
 */
public final class EmbeddedAnalysis {
    private EmbeddedAnalysis() {
    }

    /**
     * @param args the log, then optionally a classifier name
     * @throws IOException if the log cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: EmbeddedAnalysis TRACE.log [CLASSIFIER]");
            System.exit(2);
        }
        try (Classifier classifier = Classifiers.create(args.length > 1 ? args[1] : "onnx", Map.of());
                StraceParser parser = StraceParser.open(Path.of(args[0]))) {
            // one tracker per trace; it hands each ended process to the listener, then forgets it
            ProcessTracker tracker = ProcessTracker.builder(new BehaviourFeatures()).listener(new ProcessListener() {
                @Override
                public void ended(ProcessRecord p) {
                    Verdict v = classifier.classify(p);
                    System.out.printf("%d %s %s %.3f %s%n", p.pid(), p.comm(), v.status(), v.score(), v.reasons());
                }
            }).build();
            for (TraceEvent e = parser.next(); e != null; e = parser.next()) {
                tracker.accept(e);
            }
            tracker.finish();
        }
    }
}
