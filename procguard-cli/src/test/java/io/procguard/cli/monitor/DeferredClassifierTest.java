package io.procguard.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.Classifier;
import io.procguard.core.Status;
import io.procguard.core.Verdict;
import io.procguard.core.pipeline.Pipeline;
import io.procguard.core.pipeline.PipelineListener;
import io.procguard.core.pipeline.ProcessExit;
import io.procguard.ml.BehaviourFeatures;
import io.procguard.strace.ParserOptions;
import io.procguard.strace.StraceParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A classifier still loading while the trace is already being read. */
@Timeout(60)
class DeferredClassifierTest {
    /** 30 syscalls of one process, then its exit: enough for the rules classifier to say BENIGN. */
    private static byte[] trace() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            b.append("100 1700000000.").append(String.format("%06d", i)).append(" getpid() = 100 <0.000001>\n");
        }
        b.append("100 1700000001.000000 +++ exited with 0 +++\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static List<ProcessExit> runPipeline(Classifier classifier) throws Exception {
        List<ProcessExit> exits = new CopyOnWriteArrayList<>();
        try (StraceParser parser = StraceParser.of(new ByteArrayInputStream(trace()), "trace", ParserOptions.defaults())) {
            Pipeline.builder(new BehaviourFeatures(), classifier).scoreEveryEvents(10).listener(new PipelineListener() {
                @Override
                public void onExit(ProcessExit exit) {
                    exits.add(exit);
                }
            }).build().run(parser::next);
        }
        return exits;
    }

    @Test
    void scoringWaitsForTheClassifierInsteadOfReportingUnknown() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        DeferredClassifier deferred = new DeferredClassifier("monitor-rules", () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new MonitorRulesProvider().create(Map.of());
        });
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException ignored) {
                // release at once
            }
            release.countDown();
        });
        releaser.start();
        List<ProcessExit> exits = runPipeline(deferred);
        assertThat(deferred.ready()).isCompleted();
        assertThat(exits).hasSize(1);
        assertThat(exits.get(0).verdict().status()).isEqualTo(Status.BENIGN);
        assertThat(deferred.id()).isEqualTo("monitor-rules");
        deferred.close();
    }

    @Test
    void aFailedLoadGivesUnknownVerdictsAndCompletesExceptionally() throws Exception {
        DeferredClassifier deferred = new DeferredClassifier("onnx", () -> {
            throw new IllegalArgumentException("broken.onnx: not an ONNX model");
        });
        List<ProcessExit> exits = runPipeline(deferred);
        assertThat(deferred.ready()).isCompletedExceptionally();
        assertThat(exits).hasSize(1);
        assertThat(exits.get(0).verdict()).isEqualTo(Verdict.unknown("onnx"));
        assertThat(deferred.ready().handle((c, e) -> e.getMessage()).get(5, TimeUnit.SECONDS))
                .contains("broken.onnx: not an ONNX model");
        deferred.close();
    }
}
