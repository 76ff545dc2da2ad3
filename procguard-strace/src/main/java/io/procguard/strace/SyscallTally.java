package io.procguard.strace;

import io.procguard.core.EventKind;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts calls and errors per syscall exactly as {@code strace -c} does, from parsed events. Single
 * writer, not thread-safe; memory is O(distinct syscalls).
 *
 * <p>strace counts a call when the syscall <em>exits</em>: a line with a return value, or with
 * {@code = ? ERESTART...} (an exit with a restart errno). A call that never returns ({@code exit_group(0) = ?},
 * a call cut short by the thread's death, {@code <... read resumed> <unfinished ...>) = ?}, an unfinished
 * call still pending at end of input) is not counted. A call is an error when strace printed an errno.
 */
public final class SyscallTally {
    private long[] calls = new long[512];
    private long[] errors = new long[512];

    /**
     * Adds one event; anything but a counted syscall is ignored.
     *
     * @param e an event
     */
    public void add(TraceEvent e) {
        if (e.kind() != EventKind.SYSCALL || !counts(e)) {
            return;
        }
        int id = e.syscall();
        if (id >= calls.length) {
            int n = Math.max(id + 1, calls.length * 2);
            calls = java.util.Arrays.copyOf(calls, n);
            errors = java.util.Arrays.copyOf(errors, n);
        }
        calls[id]++;
        if (e.errnoName() != null) {
            errors[id]++;
        }
    }

    /**
     * @param e a syscall event
     * @return true if strace -c would count it (it exited)
     */
    public static boolean counts(TraceEvent e) {
        return e.hasReturnValue() || e.errnoName() != null;
    }

    /**
     * @param syscall a syscall id
     * @return counted calls
     */
    public long calls(int syscall) {
        return syscall >= 0 && syscall < calls.length ? calls[syscall] : 0;
    }

    /**
     * @param syscall a syscall id
     * @return counted errors
     */
    public long errors(int syscall) {
        return syscall >= 0 && syscall < errors.length ? errors[syscall] : 0;
    }

    /** @return {syscall name: [calls, errors]} for every syscall counted at least once, sorted by name */
    public Map<String, long[]> byName() {
        Map<String, long[]> m = new TreeMap<>();
        for (int id = 0; id < calls.length; id++) {
            if (calls[id] > 0) {
                m.put(Syscalls.name(id), new long[] {calls[id], errors[id]});
            }
        }
        return m;
    }

    /**
     * One syscall whose counts differ from strace's own {@code -c/-C} table.
     *
     * @param syscall the syscall's name
     * @param calls calls counted from the events
     * @param errors errors counted from the events
     * @param straceCalls calls in strace's table
     * @param straceErrors errors in strace's table
     */
    public record Difference(String syscall, long calls, long errors, long straceCalls, long straceErrors) {
        /** @return {@code openat: calls 10 errors 3 vs strace calls 11 errors 3} */
        @Override
        public String toString() {
            return syscall + ": calls " + calls + " errors " + errors + " vs strace calls " + straceCalls + " errors " + straceErrors;
        }
    }

    /**
     * Compares these counts with strace's own summary table.
     *
     * @param table the table strace wrote at the end of the log
     * @return the syscalls whose calls or errors differ, by syscall id; empty when every count matches
     */
    public List<Difference> differences(SyscallCountTable table) {
        List<Difference> out = new ArrayList<>();
        java.util.Set<Integer> ids = new java.util.TreeSet<>(table.bySyscall().keySet());
        for (int id = 0; id < calls.length; id++) {
            if (calls[id] > 0) {
                ids.add(id);
            }
        }
        for (int id : ids) {
            if (calls(id) != table.calls(id) || errors(id) != table.errors(id)) {
                out.add(new Difference(Syscalls.name(id), calls(id), errors(id), table.calls(id), table.errors(id)));
            }
        }
        return out;
    }
}
