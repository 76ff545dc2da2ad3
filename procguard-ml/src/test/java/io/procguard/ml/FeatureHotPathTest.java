package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.FeatureVector;
import io.procguard.core.ImmutableTraceEvent;
import io.procguard.core.Syscalls;
import io.procguard.strace.Arguments;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shortcuts of the per-event path give what the plain computations they replace give. */
class FeatureHotPathTest {
    private final BehaviourFeatures features = new BehaviourFeatures();

    @Test
    void pathDecodedWhileHashingEqualsDecodeStringAndItsHashOnHostileLiterals() {
        Random random = new Random(42);
        String alphabet = "/aZ.\"\\x7n0<>,\u00e9\u00ff ";
        var acc = new BehaviourAccumulator(features, null);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(30); k > 0; k--) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String literal = random.nextBoolean() ? "\"" + sb + "\"" : sb.toString();
            String expected = Arguments.decodeString(literal);
            String decoded = acc.decodePath(literal);
            assertThat(decoded).as(literal).isEqualTo(expected);
            if (expected != null) {
                assertThat(acc.pathHash()).as(literal).isEqualTo(expected.hashCode());
            }
        }
    }

    @Test
    void joinedPathHashEqualsTheHashOfTheJoinedString() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String dir = "/" + Long.toString(random.nextLong(), 36) + (random.nextBoolean() ? "/" : "");
            String tail = "x\u00e9".repeat(random.nextInt(40)) + Integer.toString(random.nextInt(), 36);
            boolean slash = dir.endsWith("/");
            String joined = slash ? dir + tail : dir + "/" + tail;
            assertThat(BehaviourAccumulator.joinedHash(dir, slash, tail.hashCode(), tail.length())).as(joined)
                    .isEqualTo(joined.hashCode());
        }
    }

    @Test
    void relativeOpensCountTheDistinctJoinedFilesAsStringHashesWould() {
        var relative = features.newAccumulator();
        var absolute = features.newAccumulator();
        for (int i = 0; i < 300; i++) {
            String name = "f" + (i % 150);
            relative.accept(ImmutableTraceEvent.syscall(7, Syscalls.OPENAT, "AT_FDCWD</work/dir>, \"" + name + "\", O_RDONLY", 3, null));
            absolute.accept(ImmutableTraceEvent.syscall(7, Syscalls.OPENAT, "AT_FDCWD, \"/work/dir/" + name + "\", O_RDONLY", 3, null));
        }
        float distinct = relative.snapshot().get("file.distinct_log");
        assertThat(distinct).isEqualTo(absolute.snapshot().get("file.distinct_log"));
        assertThat(Math.expm1(distinct)).isBetween(140.0, 160.0);
    }

    @Test
    void categoryRatiosSummedAtSnapshotEqualCountingEachCallsCategoriesAsItComes() {
        Random random = new Random(3);
        var acc = features.newAccumulator();
        int[] perCategory = new int[8];
        int calls = 5_000;
        for (int i = 0; i < calls; i++) {
            int id = random.nextInt(SyscallTable.SIZE + 5); // some ids beyond the table share its last slot
            acc.accept(ImmutableTraceEvent.syscall(7, id, "", 0, null));
            int cats = SyscallTable.categories(id);
            for (int c = 0; c < 8; c++) {
                perCategory[c] += (cats >>> c) & 1;
            }
        }
        FeatureVector v = acc.snapshot();
        String[] names = {"cat.file_ratio", "cat.net_ratio", "cat.proc_ratio", "cat.mem_ratio", "cat.ipc_ratio",
            "cat.time_ratio", "cat.priv_ratio", "cat.sysadmin_ratio"};
        for (int c = 0; c < names.length; c++) {
            assertThat(v.get(names[c])).as(names[c]).isEqualTo((float) (perCategory[c] / (double) calls));
            assertThat(perCategory[c]).as(names[c] + " is exercised").isPositive();
        }
    }

    @Test
    void oneLookupPerCallAgreesWithTheGroupAndOtherTables() {
        for (int id = -1; id <= SyscallTable.SIZE + 1; id++) {
            int countsFor = SyscallTable.countsFor(SyscallTable.slot(id));
            if (SyscallTable.group(id) >= 0) {
                assertThat(BehaviourFeatures.GROUPS[countsFor].ordinal()).as("id %d", id).isEqualTo(SyscallTable.group(id));
            } else {
                assertThat(countsFor).as("id %d", id).isEqualTo(SyscallTable.OTHER_FLAG | SyscallTable.otherBucket(id));
            }
            assertThat(SyscallTable.slotCategories(SyscallTable.slot(id))).isEqualTo(SyscallTable.categories(id));
        }
    }

    @Test
    void countsOfAnySizeGiveTheLog1pOfTheirValue() {
        var acc = features.newAccumulator();
        int[] sizes = {0, 1, 2, 1023, 1024, 1025, 5000};
        int done = 0;
        for (int size : sizes) {
            for (; done < size; done++) {
                acc.accept(ImmutableTraceEvent.syscall(7, Syscalls.READ, "3, \"x\", 1", 1, null));
            }
            assertThat(acc.snapshot().get("sys.count.read")).as("%d reads", size).isEqualTo((float) Math.log1p(size));
        }
    }

    @Test
    void log1pFromTheTableIsBitForBitMathLog1pIncludingTheSignOfZero() {
        double[] values = {0.0, -0.0, 1, 2.5, 1023, 1023.5, 1024, 1e12, Double.NaN, -1, Double.POSITIVE_INFINITY};
        for (double x : values) {
            assertThat(Float.floatToRawIntBits(BehaviourAccumulator.log1p(x))).as("log1p(%s)", x)
                    .isEqualTo(Float.floatToRawIntBits((float) Math.log1p(x)));
        }
        for (int k = 0; k < 5000; k++) {
            assertThat(BehaviourAccumulator.log1p(k)).isEqualTo((float) Math.log1p(k));
        }
    }

    @Test
    void mappingsAreDecodedOnlyWhenTheirTextHoldsAnXAndStillCountAsBefore() {
        var acc = features.newAccumulator();
        acc.accept(ImmutableTraceEvent.syscall(7, Syscalls.MMAP, "NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0",
                0x7f0000001000L, null));
        acc.accept(ImmutableTraceEvent.syscall(7, Syscalls.MMAP, "NULL, 4096, PROT_READ, MAP_PRIVATE, 3</usr/lib/libX11.so.6>, 0",
                0x7f0000002000L, null)); // an X, but in the path: no PROT_EXEC
        assertThat(acc.snapshot().get("mem.anon_exec")).isZero();
        assertThat(acc.snapshot().get("mem.wx_mapping")).isZero();
        acc.accept(ImmutableTraceEvent.syscall(7, Syscalls.MMAP, "NULL, 4096, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0",
                0x7f0000003000L, null));
        assertThat(acc.snapshot().get("mem.anon_exec")).isEqualTo((float) Math.log1p(1));
        acc.accept(ImmutableTraceEvent.syscall(7, Syscalls.MPROTECT, "0x7f0000003000, 4096, PROT_READ|PROT_WRITE|PROT_EXEC", 0, null));
        assertThat(acc.snapshot().get("mem.anon_exec")).isEqualTo((float) Math.log1p(2));
        assertThat(acc.snapshot().get("mem.wx_mapping")).isEqualTo(1f);
    }
}
