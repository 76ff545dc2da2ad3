package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.Classifier;
import io.procguard.core.EventKind;
import io.procguard.core.FeatureVector;
import io.procguard.core.ProcessView;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import io.procguard.core.Verdict;
import io.procguard.core.pipeline.Pipeline;
import io.procguard.core.pipeline.PipelineListener;
import io.procguard.core.pipeline.ProcessResolver;
import io.procguard.core.process.ProcessListener;
import io.procguard.core.process.ProcessRecord;
import io.procguard.core.process.ProcessTracker;
import io.procguard.strace.StraceParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live monitoring places a new process through {@code /proc} before its parent's clone returns in the trace, and
 * scores it through the {@link Pipeline}; its features must still be those a replay of the same trace computes (what
 * the model was trained on).
 */
class LiveResolverParityTest {
    private final BehaviourFeatures features = new BehaviourFeatures();

    @TempDir
    Path dir;

    @Test
    void aProcessPlacedByTheResolverHasTheFeaturesOfItsReplay() throws Exception {
        StraceRuns.assumeStrace();
        Path log = StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/bin/bash", "-c",
                "f() { [ $1 -gt 0 ] || { sleep 0.02; return; }; f $(($1 - 1)) & f $(($1 - 1)) & wait; }; f 4;"
                        + " for i in 1 2 3; do x=$(echo a b | tr a-z A-Z | wc -c); y=$( (echo $i | cat) ); done;"
                        + " cd '" + dir + "' && echo payload > p.sh && chmod +x p.sh && (./p.sh; true);"
                        // glibc's posix_spawn child resets every signal handler (~130 calls) before its parent's
                        // clone3 returns: the replay held only 64 and made it a root process
                        + " /usr/bin/python3 -c 'import os; os.waitpid(os.posix_spawn(\"/bin/true\", [\"true\"], {}), 0)'");
        // what /proc would answer while each child runs: it is a process, and its parent is the clone's caller
        Map<Integer, Integer> parentOf = new HashMap<>();
        int earlyChildren = 0;
        Map<Integer, Boolean> seen = new HashMap<>();
        try (StraceParser p = StraceParser.open(log)) {
            for (TraceEvent e = p.next(); e != null; e = p.next()) {
                seen.put(e.pid(), true);
                int id = e.syscall();
                boolean fork = e.kind() == EventKind.SYSCALL && (id == Syscalls.CLONE || id == Syscalls.CLONE3
                        || id == Syscalls.FORK || id == Syscalls.VFORK) && !e.arguments().toString().contains("CLONE_THREAD");
                if (fork && e.returnValue() > 0) {
                    int child = (int) e.returnValue();
                    parentOf.put(child, e.pid());
                    if (seen.containsKey(child)) {
                        earlyChildren++;
                    }
                }
            }
        }
        assertThat(earlyChildren).as("children whose first lines come before their parent's clone return").isPositive();

        Map<Integer, ProcessRecord> replay = ended(log, tid -> 0, pid -> 0);
        Map<Integer, ProcessRecord> live = ended(log, tid -> parentOf.containsKey(tid) ? tid : 0,
                pid -> parentOf.getOrDefault(pid, 0));
        assertThat(live.keySet()).isEqualTo(replay.keySet());
        for (ProcessRecord r : replay.values()) {
            ProcessRecord l = live.get(r.pid());
            assertThat(l.ppid()).as("ppid of " + r.pid()).isEqualTo(r.ppid());
            assertThat(l.comm()).as("comm of " + r.pid()).isEqualTo(r.comm());
            assertThat(named(l)).as("features of " + r.pid() + " " + r.comm()).isEqualTo(named(r));
        }
        assertThat(replay.values()).as("the trace has a fork storm").anyMatch(r -> r.features().get("ind.fork_storm") == 1f);
        assertThat(replay.values()).as("the posix_spawn child has its parent").filteredOn(r -> r.comm().equals("true"))
                .singleElement().satisfies(t -> assertThat(t.ppid()).isPositive());

        // the live pipeline (what run, attach and daemon score): each process's last scoring, at its end, sees the
        // features of the replay; its accumulators wrap the extractor's, and a child's must still be its parent's child
        Map<Integer, Map<String, Float>> scored = new TreeMap<>();
        Classifier recorder = new Classifier() {
            @Override
            public String id() {
                return "recorder";
            }

            @Override
            public Verdict classify(ProcessView process) {
                return Verdict.unknown(id());
            }
        };
        PipelineListener lastScores = new PipelineListener() {
            @Override
            public void onScored(ProcessView process, Verdict verdict) {
                scored.put(process.pid(), named(process.features()));
            }
        };
        try (StraceParser parser = StraceParser.open(log)) {
            Pipeline.builder(features, recorder).resolver(new ProcessResolver() {
                @Override
                public int tgid(int tid) {
                    return parentOf.containsKey(tid) ? tid : 0;
                }

                @Override
                public int ppid(int pid) {
                    return parentOf.getOrDefault(pid, 0);
                }
            }).listener(lastScores).build().run(parser::next);
        }
        assertThat(scored.keySet()).isEqualTo(replay.keySet());
        for (ProcessRecord r : replay.values()) {
            assertThat(scored.get(r.pid())).as("live features of " + r.pid() + " " + r.comm()).isEqualTo(named(r));
        }
    }

    private static Map<String, Float> named(ProcessRecord r) {
        return named(r.features());
    }

    private static Map<String, Float> named(FeatureVector features) {
        Map<String, Float> m = new TreeMap<>();
        float[] v = features.toArray();
        for (int i = 0; i < v.length; i++) {
            m.put(features.schema().names().get(i), v[i]);
        }
        return m;
    }

    private Map<Integer, ProcessRecord> ended(Path log, IntUnaryOperator tgid, IntUnaryOperator ppid) throws IOException {
        Map<Integer, ProcessRecord> out = new TreeMap<>();
        List<Integer> twice = new ArrayList<>();
        ProcessTracker tracker = ProcessTracker.builder(features).tgidResolver(tgid).ppidResolver(ppid)
                .listener(new ProcessListener() {
                    @Override
                    public void ended(ProcessRecord p) {
                        if (out.put(p.pid(), p) != null) {
                            twice.add(p.pid());
                        }
                    }
                }).build();
        try (StraceParser parser = StraceParser.open(log)) {
            for (TraceEvent e = parser.next(); e != null; e = parser.next()) {
                tracker.accept(e);
            }
        }
        tracker.finish();
        assertThat(twice).as("pids that ended twice").isEmpty();
        return out;
    }
}
