package io.procguard.ml.dataset;

import io.procguard.core.FeatureExtractor;
import io.procguard.core.ImmutableTraceEvent;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import io.procguard.core.process.ProcessListener;
import io.procguard.core.process.ProcessRecord;
import io.procguard.core.process.ProcessTracker;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * One ADFA-LD trace: a sequence of i386 system-call numbers with its label. Immutable.
 *
 * @param entry the path inside the zip, e.g. {@code ADFA-LD/Attack_Data_Master/Hydra_SSH_3/UAD-Hydra-SSH-3-1.txt}
 * @param family {@code normal} or the attack family: {@code Hydra_SSH}, {@code Hydra_FTP},
 *     {@code Java_Meterpreter}, {@code Web_Shell}, {@code Adduser}, {@code Meterpreter}
 * @param split the dataset folder: {@code training}, {@code validation} or {@code attack}
 * @param i386Calls the system-call numbers in order (not copied; do not modify)
 */
public record AdfaTrace(String entry, String family, String split, int[] i386Calls) {
    /** The label of normal traces. */
    public static final String NORMAL = "normal";

    /** @return true for a trace from an attack folder */
    public boolean attack() {
        return !NORMAL.equals(family);
    }

    /** @return the binary label of the features CSV: 1 for an attack, 0 for a normal trace */
    public int label() {
        return attack() ? 1 : 0;
    }

    /**
     * Runs the trace through the same path as a live strace log: {@link #events()} into a
     * {@link ProcessTracker} with the given extractor, which sees one process (pid 1) from start to end.
     *
     * @param extractor the features to compute, e.g. {@code new BehaviourFeatures()}
     * @return the process at the end of the trace, with its features
     */
    public ProcessRecord process(FeatureExtractor extractor) {
        List<ProcessRecord> ended = new ArrayList<>(1);
        ProcessTracker tracker = ProcessTracker.builder(extractor).listener(new ProcessListener() {
            @Override
            public void ended(ProcessRecord p) {
                ended.add(p);
            }
        }).build();
        for (TraceEvent e : events()) {
            tracker.accept(e);
        }
        tracker.finish();
        if (ended.size() != 1) {
            throw new IllegalStateException(entry + ": expected one process, the tracker saw " + ended.size());
        }
        return ended.get(0);
    }

    /**
     * The trace as ProcGuard events: one {@link io.procguard.core.EventKind#SYSCALL} per number, all
     * from one process (pid 1), mapped i386 number -> name -> x86_64 family id. The dataset has no
     * arguments, return values, pids or times, so those read as absent.
     *
     * @return a read-only view that builds each event on access
     */
    public List<TraceEvent> events() {
        int[] calls = i386Calls;
        return new AbstractList<>() {
            @Override
            public TraceEvent get(int index) {
                int id = I386Syscalls.syscallId(calls[index]);
                return new ImmutableTraceEvent(io.procguard.core.EventKind.SYSCALL, 1, TraceEvent.ABSENT,
                        id == Syscalls.NONE ? Syscalls.id("syscall_0x" + Integer.toHexString(calls[index])) : id,
                        false, 0, 0, null, TraceEvent.ABSENT, "", null, -1, false, false, index + 1L);
            }

            @Override
            public int size() {
                return calls.length;
            }
        };
    }
}
