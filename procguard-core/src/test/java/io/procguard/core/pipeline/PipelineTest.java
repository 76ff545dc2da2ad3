package io.procguard.core.pipeline;

import static io.procguard.core.pipeline.Events.call;
import static io.procguard.core.pipeline.Events.exited;
import static io.procguard.core.pipeline.Events.failed;
import static io.procguard.core.pipeline.Events.killed;
import static io.procguard.core.pipeline.Events.signal;
import static io.procguard.core.pipeline.Events.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.procguard.core.Classifier;
import io.procguard.core.ProcessView;
import io.procguard.core.Status;
import io.procguard.core.TraceEvent;
import io.procguard.core.Verdict;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PipelineTest {
    /** Connects make a process MALICIOUS, three events make it BENIGN, less is UNKNOWN. */
    static final class RuleClassifier implements Classifier {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String id() {
            return "test-rules";
        }

        @Override
        public Verdict classify(ProcessView p) {
            calls.incrementAndGet();
            if (p.features().get("connects") > 0) {
                return new Verdict(Status.MALICIOUS, 0.9, List.of("connects out"), p.evidence(), id());
            }
            if (p.features().get("events") >= 3) {
                return new Verdict(Status.BENIGN, 0.1, List.of("ordinary"), List.of(), id());
            }
            return Verdict.unknown(id());
        }
    }

    /** Writes every callback as one line, in order. */
    static final class Recorder implements PipelineListener {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final List<ProcessExit> exits = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onStart(ProcessStart s) {
            lines.add("start " + s.pid() + " ppid=" + s.ppid() + " forked=" + s.forkedUnderTrace());
        }

        @Override
        public void onExec(ProcessExec e) {
            lines.add("exec " + e.pid() + " " + e.exe() + " " + e.argv());
        }

        @Override
        public void onSignal(int pid, String signal, long timeNanos) {
            lines.add("signal " + pid + " " + signal);
        }

        @Override
        public void onStatusChange(StatusChange c) {
            lines.add("status " + c.pid() + " " + c.previous() + "->" + c.verdict().status());
        }

        @Override
        public void onExit(ProcessExit x) {
            exits.add(x);
            lines.add("exit " + x.pid() + " " + x.ending() + " " + x.exitCode() + " " + x.signal() + " " + x.verdict().status());
        }

        @Override
        public void onEnd() {
            lines.add("end");
        }
    }

    private static PipelineStats run(List<TraceEvent> events, Recorder r, Pipeline.Builder b) throws Exception {
        return b.listener(r).build().run(source(events));
    }

    private static Pipeline.Builder builder() {
        return Pipeline.builder(new Events.CountingExtractor(), new RuleClassifier()).scoreEveryMillis(60_000);
    }

    @Test
    void benignProcessIsStartedExecdScoredAndEndsWithItsExitCodeAndSummary() throws Exception {
        Recorder r = new Recorder();
        PipelineStats stats = run(List.of(
                call(100, "execve", "\"/usr/bin/ls\", [\"ls\", \"-l\", \"a b\\n\"], 0x7ffd /* 3 vars */", 0),
                call(100, "openat", "AT_FDCWD, \"/etc\", O_RDONLY", 3),
                failed(100, "openat", "AT_FDCWD, \"/nope\", O_RDONLY", 2, "ENOENT"),
                call(100, "openat", "AT_FDCWD, \"/etc/x\", O_RDONLY", 4),
                exited(100, 7)), r, builder());

        assertThat(r.lines).containsExactly(
                "start 100 ppid=0 forked=false",
                "exec 100 /usr/bin/ls [ls, -l, a b\n]",
                "status 100 UNKNOWN->BENIGN",
                "exit 100 EXITED 7 null BENIGN",
                "end");
        ProcessExit x = r.exits.get(0);
        assertThat(x.events()).isEqualTo(5);
        assertThat(x.errors()).isEqualTo(1);
        assertThat(x.syscallCounts()).containsExactly(
                java.util.Map.entry("openat", 3L), java.util.Map.entry("execve", 1L));
        assertThat(x.durationNanos()).isEqualTo(5_000_000 - 100);
        assertThat(stats.events()).isEqualTo(5);
        assertThat(stats.processes()).isEqualTo(1);
    }

    @Test
    void forkedChildIsItsOwnProcessButThreadsFoldIntoTheirProcess() throws Exception {
        Recorder r = new Recorder();
        run(List.of(
                call(100, "clone", "child_stack=NULL, flags=CLONE_CHILD_SETTID|SIGCHLD", 101),
                call(100, "clone3", "{flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM, exit_signal=0}, 88", 102),
                call(102, "connect", "3, {sa_family=AF_INET, sin_port=htons(4444)}, 16", 0),
                call(101, "getpid", "", 101),
                exited(102, 0),
                exited(101, 0),
                signal(100, "SIGCHLD"),
                exited(100, 0)), r, builder());

        assertThat(r.lines).containsExactly(
                "start 100 ppid=0 forked=false",
                "start 101 ppid=100 forked=true",
                "exit 101 EXITED 0 null UNKNOWN",
                "signal 100 SIGCHLD",
                "status 100 UNKNOWN->MALICIOUS", // the thread's connect counts for its process, scored at exit
                "exit 100 EXITED 0 null MALICIOUS",
                "end");
    }

    @Test
    void childWhoseFirstLineComesBeforeTheForkReturnIsPlacedByTheResolver() throws Exception {
        Recorder r = new Recorder();
        ProcessResolver proc = new ProcessResolver() {
            @Override
            public int tgid(int tid) {
                return tid == 103 ? 100 : tid;
            }

            @Override
            public int ppid(int pid) {
                return pid == 101 ? 100 : 1;
            }
        };
        run(List.of(
                call(100, "getpid", "", 100),
                call(101, "getpid", "", 101),
                call(103, "getpid", "", 103),
                call(100, "clone", "child_stack=NULL, flags=SIGCHLD", 101),
                exited(101, 0),
                exited(103, 0),
                exited(100, 0)), r, builder().resolver(proc));

        assertThat(r.lines).containsExactly(
                "start 100 ppid=1 forked=false",
                "start 101 ppid=100 forked=true",
                "exit 101 EXITED 0 null UNKNOWN",
                "status 100 UNKNOWN->BENIGN",
                "exit 100 EXITED 0 null BENIGN",
                "end");
    }

    @Test
    void scoresEveryNEventsAndAtExitWithoutQueueingTwiceForOneProcess() throws Exception {
        RuleClassifier classifier = new RuleClassifier();
        List<TraceEvent> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            events.add(call(100, "read", "0, \"x\", 1", 1));
        }
        events.add(exited(100, 0));
        PipelineStats stats = Pipeline.builder(new Events.CountingExtractor(), classifier)
                .scoreEveryEvents(10).scoreEveryMillis(60_000).build().run(source(events));

        // 10 periodic scorings at most (fewer if one was still pending when the next was due) plus the exit
        assertThat(stats.scorings()).isBetween(2L, 11L).isEqualTo(classifier.calls.get());
    }

    @Test
    void scoresByTimeWhenTheIntervalHasPassed() throws Exception {
        RuleClassifier classifier = new RuleClassifier();
        PipelineStats stats = Pipeline.builder(new Events.CountingExtractor(), classifier)
                .scoreEveryEvents(1_000_000).scoreEveryMillis(0).build()
                .run(source(List.of(call(1, "read", "", 0), call(1, "read", "", 0), exited(1, 0))));
        assertThat(stats.scorings()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aProcessThatGoesQuietIsScoredWhenTheSourceWaitsButOnlyOnceItsIntervalHasPassed() throws Exception {
        Recorder r = new Recorder();
        Pipeline pipeline = Pipeline.builder(new Events.CountingExtractor(), new RuleClassifier())
                .scoreEveryEvents(1_000_000).scoreEveryMillis(200).listener(r).build();
        pipeline.idle(); // before run: nothing to do, no failure
        CountDownLatch scored = new CountDownLatch(1);
        List<TraceEvent> events = List.of(call(7, "connect", "3, {sa_family=AF_INET, sin_port=htons(4444)}, 16", 0));
        AtomicInteger next = new AtomicInteger();
        long[] times = new long[2]; // when the call was handed over, when its status was seen
        PipelineStats stats = pipeline.run(() -> {
            int i = next.getAndIncrement();
            if (i < events.size()) {
                times[0] = System.nanoTime();
                return events.get(i);
            }
            while (r.lines.stream().noneMatch(l -> l.startsWith("status 7"))) { // waits for input, as a follower does
                pipeline.idle();
                if (System.nanoTime() - times[0] > TimeUnit.SECONDS.toNanos(10)) {
                    break;
                }
                LockSupport.parkNanos(5_000_000);
            }
            if (times[1] == 0) {
                times[1] = System.nanoTime();
            }
            scored.countDown();
            return i == events.size() ? exited(7, 0) : null;
        });
        assertThat(scored.await(0, TimeUnit.SECONDS)).isTrue();
        assertThat(times[1] - times[0]).as("scored no sooner than the interval").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(r.lines).containsSubsequence("start 7 ppid=0 forked=false", "status 7 UNKNOWN->MALICIOUS", "exit 7 EXITED 0 null MALICIOUS");
        assertThat(stats.scorings()).isEqualTo(2); // the quiet one, then the exit
    }

    @Test
    void statusIsStickySoDilutingTheTraceDoesNotClearIt() throws Exception {
        Recorder r = new Recorder();
        Classifier flipFlop = new Classifier() {
            private final AtomicInteger n = new AtomicInteger();

            @Override
            public String id() {
                return "flip";
            }

            @Override
            public Verdict classify(ProcessView p) {
                Status s = n.getAndIncrement() == 0 ? Status.MALICIOUS : Status.BENIGN;
                return new Verdict(s, 0.5, List.of(s.name()), List.of(), id());
            }
        };
        Pipeline.builder(new Events.CountingExtractor(), flipFlop).scoreEveryEvents(1).queueCapacity(1).listener(r)
                .build().run(source(List.of(call(5, "read", "", 0), call(5, "read", "", 0), call(5, "read", "", 0), exited(5, 0))));
        assertThat(r.lines).contains("status 5 UNKNOWN->MALICIOUS", "exit 5 EXITED 0 null MALICIOUS")
                .noneMatch(l -> l.contains("->BENIGN"));
    }

    @Test
    void readerBlocksWhenThePublisherFallsBehind() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong read = new AtomicLong();
        PipelineListener slow = new PipelineListener() {
            @Override
            public void onSignal(int pid, String signal, long timeNanos) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        EventSource endless = () -> read.incrementAndGet() > 1_000_000 ? null : signal(1, "SIGCHLD");
        Pipeline pipeline = Pipeline.builder(new Events.CountingExtractor(), new RuleClassifier())
                .queueCapacity(16).listener(slow).build();
        Thread t = new Thread(() -> {
            try {
                pipeline.run(endless);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        Thread.sleep(300);
        long whileBlocked = read.get();
        Thread.sleep(200);
        // capacity 16 + one batch of 64 in the publisher's hands + the event being put
        assertThat(read.get()).isEqualTo(whileBlocked).isLessThan(16 + 64 + 3);
        release.countDown();
        t.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(read.get()).isGreaterThan(1_000_000);
    }

    @Test
    void failingSourceStillReportsEveryProcessAsDetachedAndRethrows() throws Exception {
        Recorder r = new Recorder();
        List<TraceEvent> first = List.of(call(7, "read", "", 0), call(8, "read", "", 0));
        java.util.Iterator<TraceEvent> it = first.iterator();
        EventSource broken = () -> {
            if (it.hasNext()) {
                return it.next();
            }
            throw new IOException("trace.fifo:3:1: broken line");
        };
        Pipeline p = builder().listener(r).build();
        assertThatThrownBy(() -> p.run(broken)).isInstanceOf(IOException.class).hasMessageContaining("broken line");
        assertThat(r.lines).contains("exit 7 DETACHED -1 null UNKNOWN", "exit 8 DETACHED -1 null UNKNOWN").last().isEqualTo("end");
    }

    @Test
    void failingListenerIsReportedAndTheOthersStillHearEverything() throws Exception {
        Recorder r = new Recorder();
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        PipelineListener broken = new PipelineListener() {
            @Override
            public void onStart(ProcessStart start) {
                throw new IllegalStateException("disk on fire");
            }
        };
        builder().listener(broken).listener(r).warnings(warnings::add).build()
                .run(source(List.of(call(1, "read", "", 0), killed(1, "SIGSEGV"))));
        assertThat(warnings).singleElement().asString().contains("disk on fire");
        assertThat(r.lines).containsExactly("start 1 ppid=0 forked=false", "exit 1 KILLED -1 SIGSEGV UNKNOWN", "end");
        assertThat(r.exits.get(0).coreDumped()).isTrue();
    }

    @Test
    void processMapIsEmptiedAsProcessesExitSoManyShortLivedChildrenDoNotAccumulate() throws Exception {
        AtomicInteger ended = new AtomicInteger();
        List<TraceEvent> events = new ArrayList<>();
        for (int child = 1000; child < 3000; child++) {
            events.add(call(1, "clone", "child_stack=NULL, flags=SIGCHLD", child));
            events.add(call(child, "getpid", "", child));
            events.add(exited(child, 0));
        }
        events.add(exited(1, 0));
        PipelineStats stats = builder().listener(new PipelineListener() {
            @Override
            public void onExit(ProcessExit exit) {
                if (exit.ending() == ProcessExit.Ending.EXITED) {
                    ended.incrementAndGet();
                }
            }
        }).build().run(source(events));
        assertThat(stats.processes()).isEqualTo(2001);
        assertThat(ended.get()).isEqualTo(2001); // none left for the DETACHED sweep at the end
    }

    @Test
    void cancellingARunStopsItsPublisherThread() throws Exception {
        // a slow classifier and a one-task queue: the reader blocks in put(), where the cancel's interrupt lands
        RuleClassifier rules = new RuleClassifier();
        Classifier slow = new Classifier() {
            @Override
            public String id() {
                return "slow";
            }

            @Override
            public Verdict classify(ProcessView p) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                return rules.classify(p);
            }
        };
        CountDownLatch reading = new CountDownLatch(1);
        EventSource endless = () -> {
            reading.countDown();
            return call(100 + (int) (System.nanoTime() & 1023), "getpid", "", 1);
        };
        Pipeline pipeline = Pipeline.builder(new Events.CountingExtractor(), slow).scoreEveryEvents(1).queueCapacity(1).build();
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<PipelineStats> run = executor.submit(() -> pipeline.run(endless));
            assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200);
            run.cancel(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (publishers() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(publishers()).as("procguard-publisher threads left running").isZero();
        } finally {
            executor.shutdownNow();
        }
    }

    private static long publishers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("procguard-publisher") && t.isAlive()).count();
    }
}
