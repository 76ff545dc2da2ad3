package io.procguard.benchmarks.shm;

import io.procguard.core.Status;
import io.procguard.shm.ProcessIdentity;
import io.procguard.shm.ProcessStatus;
import io.procguard.shm.SlotUpdate;
import io.procguard.shm.StatusTable;
import io.procguard.shm.StatusTableReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Latency of one slot update (sequence lock + checksum, in /dev/shm) and one slot read (consistent
 * copy + checksum + decode), alone and while 1 or 2 reader threads read the same slot. Baseline: a
 * {@code synchronized} update and read of the same fields in a plain Java object, alone and under
 * the same reader load. Each group shares one table (or one baseline object).
 *
 * <p>{@code reason=changing} publishes a different reason string on every update (it is re-encoded);
 * {@code reason=same} keeps it, the common case. On a 2-core machine the 3-thread groups are
 * oversubscribed: compare them with their baseline group, not with the 2-thread ones.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StatusTableBenchmark {
    private static final String[] REASONS = new String[16];

    static {
        for (int i = 0; i < REASONS.length; i++) {
            REASONS[i] = "connects to 10.0.0." + i + ":4444 then dup2 onto stdin";
        }
    }

    @Param({"same", "changing"})
    public String reason;

    /** How many slots the writer cycles through and readers read: 1 is the worst case (all on one slot), 64 spreads like real processes. */
    @Param({"1", "64"})
    public int slots;

    /**
     * Work (JMH {@code Blackhole.consumeCPU} tokens) the writer does before each update, in table and
     * baseline alike: 0 updates back to back (a stress test, millions per second); 1000 paces it to a
     * few hundred thousand per second, still far above a real monitor. It is included in the update times.
     */
    @Param({"0", "1000"})
    public long writerWork;

    private Path dir;
    private StatusTable table;
    private StatusTableReader reader;
    private int[] slotIndex;
    private long readTick;
    private final SlotUpdate update = new SlotUpdate().modelId("onnx:procguard-rf-1.0").status(Status.SUSPICIOUS);
    private PlainSlot[] plain;
    private long tick;

    /** The same fields as a slot, guarded by its monitor: what a naive shared status object would do. */
    static final class PlainSlot {
        private Status status = Status.UNKNOWN;
        private double score;
        private long syscalls;
        private long errors;
        private long signals;
        private long children;
        private long lastSeen;
        private long updates;
        private String reason = "";
        private String modelId = "";

        synchronized void update(Status s, double sc, long sys, long err, long sig, long ch, long seen, String r, String m) {
            status = s;
            score = sc;
            syscalls = sys;
            errors = err;
            signals = sig;
            children = ch;
            lastSeen = seen;
            updates++;
            reason = r;
            modelId = m;
        }

        synchronized Snapshot read() {
            return new Snapshot(status, score, syscalls, errors, signals, children, lastSeen, updates, reason, modelId);
        }
    }

    /** What the baseline read returns, like {@link ProcessStatus} for the table. */
    record Snapshot(Status status, double score, long syscalls, long errors, long signals, long children, long lastSeen,
            long updates, String reason, String modelId) {
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path shm = Path.of("/dev/shm");
        dir = Files.isDirectory(shm) ? Files.createTempDirectory(shm, "procguard-bench-") : Files.createTempDirectory("procguard-bench-");
        table = StatusTable.create(dir.resolve("table"), StatusTable.Options.defaults().withSlotCount(1024).withCooldown(Duration.ZERO));
        ProcessIdentity self = ProcessIdentity.self();
        slotIndex = new int[slots];
        plain = new PlainSlot[slots];
        for (int i = 0; i < slots; i++) {
            slotIndex[i] = table.claim(self);
            table.update(slotIndex[i], update.reason(REASONS[0]));
            plain[i] = new PlainSlot();
        }
        reader = StatusTableReader.open(dir.resolve("table"));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        reader.close();
        table.close();
        Files.deleteIfExists(dir.resolve("table"));
        Files.deleteIfExists(dir);
    }

    private String nextReason() {
        return "same".equals(reason) ? REASONS[0] : REASONS[(int) (tick & (REASONS.length - 1))];
    }

    private void doUpdate() {
        Blackhole.consumeCPU(writerWork);
        long t = ++tick;
        table.update(slotIndex[(int) (t % slots)], update.score((t & 1023) / 1024.0).counters(t, t >> 3, t >> 10, 2).lastSeen(t).reason(nextReason()));
    }

    private Optional<ProcessStatus> doRead() {
        return reader.read(slotIndex[(int) (++readTick % slots)]); // racy counter across reader threads: fine, it only spreads reads
    }

    private Snapshot doBaselineRead() {
        return plain[(int) (++readTick % slots)].read();
    }

    private void doBaselineUpdate() {
        Blackhole.consumeCPU(writerWork);
        long t = ++tick;
        plain[(int) (t % slots)].update(Status.SUSPICIOUS, (t & 1023) / 1024.0, t, t >> 3, t >> 10, 2, t, nextReason(), "onnx:procguard-rf-1.0");
    }

    // ---- alone (each a group of one thread, so the group-scoped state applies) ----

    @Benchmark
    @Group("update")
    public void update() {
        doUpdate();
    }

    @Benchmark
    @Group("read")
    public Optional<ProcessStatus> read() {
        return doRead();
    }

    @Benchmark
    @Group("baselineUpdate")
    public void baselineSynchronizedUpdate() {
        doBaselineUpdate();
    }

    @Benchmark
    @Group("baselineRead")
    public Snapshot baselineSynchronizedRead() {
        return doBaselineRead();
    }

    // ---- one writer, one reader ----

    @Benchmark
    @Group("oneReader")
    @GroupThreads(1)
    public void oneReaderUpdate() {
        doUpdate();
    }

    @Benchmark
    @Group("oneReader")
    @GroupThreads(1)
    public Optional<ProcessStatus> oneReaderRead() {
        return doRead();
    }

    @Benchmark
    @Group("baselineOneReader")
    @GroupThreads(1)
    public void baselineOneReaderUpdate() {
        doBaselineUpdate();
    }

    @Benchmark
    @Group("baselineOneReader")
    @GroupThreads(1)
    public Snapshot baselineOneReaderRead() {
        return doBaselineRead();
    }

    // ---- one writer, two readers ----

    @Benchmark
    @Group("twoReaders")
    @GroupThreads(1)
    public void twoReadersUpdate() {
        doUpdate();
    }

    @Benchmark
    @Group("twoReaders")
    @GroupThreads(2)
    public Optional<ProcessStatus> twoReadersRead() {
        return doRead();
    }

    @Benchmark
    @Group("baselineTwoReaders")
    @GroupThreads(1)
    public void baselineTwoReadersUpdate() {
        doBaselineUpdate();
    }

    @Benchmark
    @Group("baselineTwoReaders")
    @GroupThreads(2)
    public Snapshot baselineTwoReadersRead() {
        return doBaselineRead();
    }
}
