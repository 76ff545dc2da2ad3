package io.procguard.strace;

import io.procguard.core.Syscalls;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * strace's own {@code -c/-C} summary table, as found at the end of a log: per-syscall calls and errors
 * (and time, when those columns are present). Immutable once returned by {@link StraceParser#countTable()}.
 *
 * <p>The table is read by column position, using the dashed rule under the header:
 * <pre>
 * % time     seconds  usecs/call     calls    errors syscall
 * ------ ----------- ----------- --------- --------- ----------------
 *  71.06    0.011408        2281         5         2 wait4
 * ------ ----------- ----------- --------- --------- ----------------
 * 100.00    0.016053          45       352        61 total
 * </pre>
 * A blank {@code errors} cell is 0. Rows are kept in the order strace printed them; when a log holds
 * more than one table (one per personality), their rows are merged.
 */
public final class SyscallCountTable {
    /**
     * One row of the table.
     *
     * @param name the syscall name as printed ({@code total} for the total row)
     * @param syscall its {@link Syscalls} id ({@link Syscalls#NONE} for the total row)
     * @param calls the calls column
     * @param errors the errors column (0 when blank)
     * @param seconds the seconds column, or NaN when absent
     */
    public record Row(String name, int syscall, long calls, long errors, double seconds) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<Integer, Row> bySyscall = new LinkedHashMap<>();
    private Row total;

    SyscallCountTable() {
    }

    void add(Row r) {
        if ("total".equals(r.name())) {
            total = total == null ? r : new Row("total", Syscalls.NONE, total.calls() + r.calls(),
                    total.errors() + r.errors(), total.seconds() + r.seconds());
            return;
        }
        rows.add(r);
        bySyscall.merge(r.syscall(), r, (a, b) -> new Row(a.name(), a.syscall(), a.calls() + b.calls(),
                a.errors() + b.errors(), a.seconds() + b.seconds()));
    }

    /** @return the syscall rows, in printed order (the total row excluded) */
    public List<Row> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** @return the {@code total} row, or null if the table was cut before it */
    public Row total() {
        return total;
    }

    /** @return calls per syscall id, summed over tables */
    public Map<Integer, Row> bySyscall() {
        return Collections.unmodifiableMap(bySyscall);
    }

    /**
     * @param syscall a syscall id
     * @return the calls strace counted for it (0 if absent)
     */
    public long calls(int syscall) {
        Row r = bySyscall.get(syscall);
        return r == null ? 0 : r.calls();
    }

    /**
     * @param syscall a syscall id
     * @return the errors strace counted for it (0 if absent)
     */
    public long errors(int syscall) {
        Row r = bySyscall.get(syscall);
        return r == null ? 0 : r.errors();
    }
}
