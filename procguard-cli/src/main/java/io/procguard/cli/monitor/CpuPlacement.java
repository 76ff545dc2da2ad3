package io.procguard.cli.monitor;

import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Where {@code procguard run} puts its threads, strace and the traced program on the CPUs: the monitor (every
 * thread of this JVM) on one CPU, strace and the program on the others.
 *
 * <p>Why: every traced call stops the program twice and wakes strace, then the program. When the two sit on
 * different CPUs each wake-up crosses CPUs, and on a virtual machine a wake-up of an idle vCPU is an
 * inter-processor interrupt and a VM exit. A monitor that wakes up beside them makes the scheduler spread them out
 * more. Measured on a 2-vCPU Firecracker VM (benchmarks/README.md, round 12): a 41-file gcc build took 4.1-4.7 s
 * under {@code procguard run} against 1.6-1.7 s under plain {@code strace -f}; with this placement 1.7 s. Keeping
 * strace and the program apart from each other instead is the slowest of all.
 *
 * <p>How: the allowed CPUs are this process's ({@code sched_getaffinity}, so {@code taskset} and cpusets are
 * respected); with fewer than two there is nothing to split. The last allowed CPU is the monitor's, and every
 * thread of the JVM is moved there ({@code /proc/self/task}; threads started later inherit it from the thread that
 * starts them). strace is started ({@link #startTraced}) from a thread that holds the other CPUs for that moment,
 * so strace and, through it, the program inherit them before the program runs a single instruction. The program
 * sees the smaller set ({@code nproc}: one less CPU); {@code --affinity off} leaves everything where it was.
 * {@link #close} gives the JVM's threads their CPUs back (for an embedding JVM). Failures (a cpuset that changed,
 * more than {@value #MAX_CPUS} CPUs) leave the placement alone and are reported, never fatal.
 *
 * <p>Not thread-safe: one session's thread uses it.
 */
public final class CpuPlacement implements AutoCloseable {
    /** The CPUs a mask here can name: glibc's {@code cpu_set_t} (1024 bits). */
    static final int MAX_CPUS = 1024;
    private static final int MASK_BYTES = MAX_CPUS / 8;

    private final BitSet original;
    private final BitSet monitor;
    private final BitSet traced;
    private final Consumer<String> warnings;
    private boolean failed;

    private CpuPlacement(BitSet original, BitSet monitor, BitSet traced, Consumer<String> warnings) {
        this.original = original;
        this.monitor = monitor;
        this.traced = traced;
        this.warnings = warnings;
    }

    /**
     * Plans the split of this process's allowed CPUs, and moves the JVM's threads to the monitor's CPU.
     *
     * @param warnings where a failure to place is reported (once)
     * @return the placement, or {@code null} when there is nothing to split (one allowed CPU) or the allowed
     *     CPUs cannot be read (reported)
     */
    public static CpuPlacement split(Consumer<String> warnings) {
        BitSet allowed;
        try {
            allowed = allowedCpus();
        } catch (IllegalStateException e) {
            warnings.accept("CPU placement skipped: " + e.getMessage());
            return null;
        }
        if (allowed.cardinality() < 2) {
            return null;
        }
        BitSet monitor = new BitSet();
        monitor.set(allowed.length() - 1);
        BitSet traced = (BitSet) allowed.clone();
        traced.andNot(monitor);
        CpuPlacement p = new CpuPlacement(allowed, monitor, traced, warnings);
        p.moveAllThreads(monitor);
        return p;
    }

    /** @return the CPU list of the monitor's threads, e.g. {@code 1} */
    public String monitorCpus() {
        return listOf(monitor);
    }

    /** @return the CPU list strace and the program get, e.g. {@code 0} or {@code 0-6} */
    public String tracedCpus() {
        return listOf(traced);
    }

    /**
     * Starts strace from this thread while it holds the traced CPUs, so strace and the program inherit them; then
     * puts this thread back on the monitor's CPU and moves any thread started meanwhile there too.
     *
     * @param start what starts strace ({@link StraceSession#start})
     * @param <T> what it returns
     * @return what {@code start} returned
     * @throws Exception what {@code start} threw
     */
    public <T> T startTraced(Callable<T> start) throws Exception {
        boolean moved = setThread(0, traced);
        try {
            return start.call();
        } finally {
            if (moved) {
                setThread(0, monitor);
            }
            moveAllThreads(monitor);
        }
    }

    /** Gives every thread of the JVM the CPUs the process had before. */
    @Override
    public void close() {
        moveAllThreads(original);
    }

    private void moveAllThreads(BitSet cpus) {
        // twice: a thread started during the first pass by a thread not yet moved would keep the old set
        for (int pass = 0; pass < 2 && !failed; pass++) {
            for (int tid : threadIds()) {
                if (!setThread(tid, cpus)) {
                    break;
                }
            }
        }
    }

    /** @return false (and reported once) when the call failed for another reason than a thread that is gone */
    private boolean setThread(int tid, BitSet cpus) {
        if (failed) {
            return false;
        }
        if (Posix.libc().sched_setaffinity(tid, MASK_BYTES, toMask(cpus)) == 0) {
            return true;
        }
        int errno = Native.getLastError();
        if (errno == 3) { // ESRCH: the thread ended meanwhile
            return true;
        }
        failed = true;
        warnings.accept("CPU placement stopped: sched_setaffinity of thread " + tid + " to CPUs " + listOf(cpus) + ": "
                + Posix.errnoText(errno) + "; strace and the program keep the CPUs they get (--affinity off to skip this)");
        return false;
    }

    /** @return the thread ids of this process */
    private static List<Integer> threadIds() {
        List<Integer> tids = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(t -> {
                try {
                    tids.add(Integer.parseInt(t.getFileName().toString()));
                } catch (NumberFormatException e) {
                    // not a thread
                }
            });
        } catch (IOException e) {
            // no /proc: nothing to move
        }
        return tids;
    }

    /** @return the CPUs this thread may run on */
    static BitSet allowedCpus() {
        byte[] mask = new byte[MASK_BYTES];
        if (Posix.libc().sched_getaffinity(0, MASK_BYTES, mask) != 0) {
            throw new IllegalStateException("sched_getaffinity: " + Posix.lastError()
                    + (Native.getLastError() == 22 ? " (more than " + MAX_CPUS + " CPUs)" : ""));
        }
        return BitSet.valueOf(mask);
    }

    private static byte[] toMask(BitSet cpus) {
        byte[] bytes = cpus.toByteArray();
        byte[] mask = new byte[MASK_BYTES];
        System.arraycopy(bytes, 0, mask, 0, Math.min(bytes.length, MASK_BYTES));
        return mask;
    }

    /**
     * @param cpus a set of CPUs
     * @return it as the kernel writes CPU lists ({@code 0-3,6})
     */
    static String listOf(BitSet cpus) {
        StringBuilder s = new StringBuilder();
        for (int i = cpus.nextSetBit(0); i >= 0; ) {
            int end = cpus.nextClearBit(i) - 1;
            if (s.length() > 0) {
                s.append(',');
            }
            s.append(i);
            if (end > i) {
                s.append('-').append(end);
            }
            i = cpus.nextSetBit(end + 1);
        }
        return s.toString();
    }
}
