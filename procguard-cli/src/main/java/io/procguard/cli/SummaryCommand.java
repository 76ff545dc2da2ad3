package io.procguard.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.procguard.core.EventKind;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import io.procguard.strace.StraceParseException;
import io.procguard.strace.StraceParser;
import io.procguard.strace.SyscallCountTable;
import io.procguard.strace.SyscallTally;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code procguard summary}: per-syscall calls and errors, processes, signals and exits of an strace log,
 * in memory independent of the log's length. Not thread-safe (one per invocation).
 */
@Command(name = "summary",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        showDefaultValues = true,
        header = "Summarise an strace log: calls and errors per syscall, processes, signals and how they ended.",
        description = {
            "Counts calls and errors per syscall (as strace -c counts them: a call counts "
                + "when it returns, so 'exit_group(0) = ?' does not, '= ? ERESTARTSYS' does and is an error), "
                + "processes and threads seen, signals received, exit codes and fatal signals of processes (a thread's "
                + "own end is not one). When the log ends "
                + "with strace's own -c/-C table, the counts are checked against it: a difference (a damaged or edited log, "
                + "or a parser defect) is listed, and the command then exits 3 after printing the whole summary.",
            "Memory does not grow with the log: a multi-GB log runs in a 256 MB heap. Past 1024 distinct signal names "
                + "(or exit codes, or fatal signals), which only a crafted log has, the rest are counted under \"(other)\" "
                + "(exit code -1).",
            "",
            "JSON (--json): {\"syscalls\": {\"openat\": {\"calls\": 10, \"errors\": 3}, ...}, \"processes\": N, "
                + "\"threads\": N, \"signals\": {\"SIGCHLD\": 2}, \"exits\": {\"0\": 3}, \"killed\": {\"SIGKILL\": 1}, "
                + "\"core_dumps\": 0, \"events\": N, \"lines\": N, \"malformed_lines\": 0, "
                + "\"strace_table\": {\"present\": true, \"matches\": true, \"differences\": []}}; a difference is "
                + "{\"syscall\": \"openat\", \"calls\": 10, \"errors\": 3, \"strace_calls\": 11, \"strace_errors\": 3}.",
            "A log with only strace's table and no calls (strace -c without -C) has nothing to compare: the syscalls are "
                + "the table's figures, and strace_table is {\"present\": true, \"table_only\": true}.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  strace -f -C -o run.log ./job && procguard summary run.log",
            "  procguard summary --json run.log | jq '.syscalls.openat'",
            "  zcat big.log.gz | procguard summary -",
            "",
            "Exit codes: 0 summarised, 1 stdout could not be written, 2 usage, 3 LOG unreadable or not strace output "
                + "(or malformed, with --strict), or its counts differ from strace's own table in it (summary printed)."
        })
public final class SummaryCommand implements Callable<Integer> {
    /** Linux's PID_MAX_LIMIT: thread ids are below it, so one bit each bounds the memory. */
    private static final int PID_LIMIT = 1 << 22;
    private static final JsonFactory JSON = JsonFactory.builder().build();

    @Spec
    CommandSpec spec;

    @Mixin
    ParseInput input;

    @Option(names = "--json", description = "Write one JSON object instead of the table for humans.")
    boolean json;

    @Parameters(paramLabel = "LOG", description = "The strace log (strace -o output or saved stderr); - for stdin (refused, exit 3, when stdin is closed).")
    String log;

    private final SyscallTally tally = new SyscallTally();
    private final BitSet seen = new BitSet();
    private final BitSet threads = new BitSet();
    /** Threads whose creating clone has returned and whose exit has not been seen: their exit is not a process's. */
    private final BitSet liveThreads = new BitSet();
    /** Tasks whose creating clone/fork has returned, until they exit: whether they are threads is known. */
    private final BitSet created = new BitSet();
    /**
     * Exits counted as a process's before the task's creating call returned: strace can print a short-lived thread's
     * whole life, exit included, before its parent's {@code <... clone3 resumed> = TID}. Taken back when that return
     * says CLONE_THREAD. The most recent only: the return follows within a few lines.
     */
    private final Map<Integer, TaskEnd> exitedBeforeCreated = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, TaskEnd> eldest) {
            return size() > 4096;
        }
    };
    /**
     * The most distinct signal names, exit codes and fatal signals counted one by one; beyond that (only a crafted log
     * has so many) the rest are counted together under {@link #OTHER_NAME} or {@link #OTHER_CODE}, so memory stays
     * bounded whatever the log holds.
     */
    static final int MAX_DISTINCT = 1024;
    static final String OTHER_NAME = "(other)";
    static final int OTHER_CODE = -1;
    private final Map<String, Long> signals = new TreeMap<>();
    private final Map<Integer, Long> exits = new TreeMap<>();
    private final Map<String, Long> killed = new TreeMap<>();
    private long coreDumps;
    private long events;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        SyscallCountTable table;
        long lines;
        long malformed;
        try (StraceParser parser = input.open(log, false, err)) {
            for (TraceEvent e = parser.next(); e != null; e = parser.next()) {
                add(e);
            }
            ParseInput.reportTotal(parser, err);
            ParseInput.requireStraceOutput(parser, events);
            table = parser.countTable().orElse(null);
            lines = parser.linesRead();
            malformed = parser.malformedLines();
        } catch (StraceParseException e) {
            throw new CliException(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
        // strace -c alone writes the table and no calls: show its figures rather than every syscall as a difference
        boolean tableOnly = table != null && tally.byName().isEmpty();
        Map<String, long[]> syscalls = tableOnly ? figures(table) : tally.byName();
        List<SyscallTally.Difference> differences = table == null || tableOnly ? List.of() : tally.differences(table);
        if (json) {
            writeJson(syscalls, table, tableOnly, differences, lines, malformed);
        } else {
            writeText(syscalls, table, tableOnly, differences, lines, malformed);
        }
        if (!differences.isEmpty()) {
            // the log contradicts itself: a damaged or edited log, or a parser defect; the summary is printed all the same
            throw new CliException(ExitCodes.BAD_INPUT, (log.equals("-") ? "stdin" : Printable.escape(log)) + ": " + differences.size()
                    + (differences.size() == 1 ? " syscall's counts differ" : " syscalls' counts differ")
                    + " from strace's own summary table at the end of the log (listed above)");
        }
        return ExitCodes.OK;
    }

    private void add(TraceEvent e) {
        events++;
        if (e.pid() < PID_LIMIT) {
            seen.set(e.pid());
        }
        switch (e.kind()) {
            case SYSCALL -> {
                tally.add(e);
                int id = e.syscall();
                if ((id == Syscalls.CLONE || id == Syscalls.CLONE3 || id == Syscalls.FORK || id == Syscalls.VFORK)
                        && e.hasReturnValue() && e.returnValue() > 0 && e.returnValue() < PID_LIMIT) {
                    created((int) e.returnValue(), id != Syscalls.FORK && id != Syscalls.VFORK
                            && contains(e.arguments(), "CLONE_THREAD"));
                }
            }
            case SIGNAL -> add(signals, e.signalName(), OTHER_NAME, 1);
            case EXITED, KILLED -> ended(e.pid(), new TaskEnd(e.kind() == EventKind.EXITED ? e.exitCode() : -1, e.signalName(),
                    e.coreDumped()));
            default -> {
            }
        }
    }

    /** How a task ended: an exit code, or the signal that killed it. */
    private record TaskEnd(int exitCode, String signal, boolean coreDumped) {
    }

    private void created(int tid, boolean thread) {
        if (thread) {
            threads.set(tid);
        }
        TaskEnd early = exitedBeforeCreated.remove(tid);
        if (early != null) {
            if (thread) {
                count(early, -1);
            }
            return;
        }
        created.set(tid);
        if (thread) {
            liveThreads.set(tid);
        }
    }

    /** Counts the exits and fatal signals of processes; a thread's own {@code +++ exited} line is not one. */
    private void ended(int tid, TaskEnd end) {
        if (tid >= PID_LIMIT) {
            count(end, 1);
            return;
        }
        boolean thread = liveThreads.get(tid);
        boolean known = created.get(tid);
        liveThreads.clear(tid);
        created.clear(tid);
        if (thread) {
            return;
        }
        count(end, 1);
        if (!known) {
            exitedBeforeCreated.put(tid, end);
        }
    }

    /** Adds {@code delta} to {@code key}'s count (a count that falls to 0 is removed), or to {@code other}'s when the map is full. */
    private static <K> void add(Map<K, Long> counts, K key, K other, long delta) {
        K at = counts.containsKey(key) || counts.size() < MAX_DISTINCT ? key : other;
        counts.merge(at, delta, (a, b) -> a + b == 0 ? null : a + b);
    }

    private void count(TaskEnd end, long delta) {
        if (end.signal() == null) {
            add(exits, end.exitCode(), OTHER_CODE, delta);
        } else {
            add(killed, end.signal(), OTHER_NAME, delta);
            if (end.coreDumped()) {
                coreDumps += delta;
            }
        }
    }

    private static boolean contains(CharSequence s, String word) {
        int n = word.length();
        outer:
        for (int i = 0; i + n <= s.length(); i++) {
            for (int j = 0; j < n; j++) {
                if (s.charAt(i + j) != word.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private int processCount() {
        BitSet p = (BitSet) seen.clone();
        p.andNot(threads);
        return p.cardinality();
    }

    private int threadCount() {
        BitSet t = (BitSet) threads.clone();
        t.and(seen);
        return t.cardinality();
    }

    /** @return {syscall name: [calls, errors]} as strace's own table gives them, sorted by name */
    private static Map<String, long[]> figures(SyscallCountTable table) {
        Map<String, long[]> m = new TreeMap<>();
        for (SyscallCountTable.Row r : table.rows()) {
            long[] c = m.computeIfAbsent(r.name(), k -> new long[2]);
            c[0] += r.calls();
            c[1] += r.errors();
        }
        return m;
    }

    private void writeJson(Map<String, long[]> syscalls, SyscallCountTable table, boolean tableOnly, List<SyscallTally.Difference> differences,
            long lines, long malformed) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeObjectFieldStart("syscalls");
            for (Map.Entry<String, long[]> s : syscalls.entrySet()) {
                g.writeObjectFieldStart(s.getKey());
                g.writeNumberField("calls", s.getValue()[0]);
                g.writeNumberField("errors", s.getValue()[1]);
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeNumberField("processes", processCount());
            g.writeNumberField("threads", threadCount());
            g.writeObjectFieldStart("signals");
            for (Map.Entry<String, Long> s : signals.entrySet()) {
                g.writeNumberField(s.getKey(), s.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("exits");
            for (Map.Entry<Integer, Long> x : exits.entrySet()) {
                g.writeNumberField(Integer.toString(x.getKey()), x.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("killed");
            for (Map.Entry<String, Long> k : killed.entrySet()) {
                g.writeNumberField(k.getKey(), k.getValue());
            }
            g.writeEndObject();
            g.writeNumberField("core_dumps", coreDumps);
            g.writeNumberField("events", events);
            g.writeNumberField("lines", lines);
            g.writeNumberField("malformed_lines", malformed);
            g.writeObjectFieldStart("strace_table");
            g.writeBooleanField("present", table != null);
            if (tableOnly) {
                g.writeBooleanField("table_only", true);
            } else if (table != null) {
                g.writeBooleanField("matches", differences.isEmpty());
                g.writeArrayFieldStart("differences");
                for (SyscallTally.Difference d : differences) {
                    g.writeStartObject();
                    g.writeStringField("syscall", d.syscall());
                    g.writeNumberField("calls", d.calls());
                    g.writeNumberField("errors", d.errors());
                    g.writeNumberField("strace_calls", d.straceCalls());
                    g.writeNumberField("strace_errors", d.straceErrors());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        out.println();
        out.flush();
    }

    private void writeText(Map<String, long[]> syscalls, SyscallCountTable table, boolean tableOnly, List<SyscallTally.Difference> differences,
            long lines, long malformed) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-24s %12s %12s%n", "syscall", "calls", "errors");
        long calls = 0;
        long errors = 0;
        for (Map.Entry<String, long[]> s : syscalls.entrySet()) {
            out.printf("%-24s %12d %12s%n", Printable.escape(s.getKey()), s.getValue()[0], s.getValue()[1] == 0 ? "" : Long.toString(s.getValue()[1]));
            calls += s.getValue()[0];
            errors += s.getValue()[1];
        }
        out.printf("%-24s %12d %12d%n%n", "total", calls, errors);
        out.printf("processes: %d   threads: %d   events: %d   lines: %d   malformed lines: %d%n",
                processCount(), threadCount(), events, lines, malformed);
        // names come from the log, which may be hostile: escaped, they cannot drive the terminal
        out.println("signals:   " + (signals.isEmpty() ? "none" : Printable.escape(signals.toString().replaceAll("[{}]", ""))));
        out.println("exits:     " + (exits.isEmpty() ? "none" : exits.toString().replaceAll("[{}]", "")));
        out.println("killed by: " + (killed.isEmpty() ? "none" : Printable.escape(killed.toString().replaceAll("[{}]", "")))
                + (coreDumps > 0 ? "   (" + coreDumps + " core dumped)" : ""));
        if (table == null) {
            out.println("strace's own summary table: not in this log (strace -C adds it)");
        } else if (tableOnly) {
            out.println("strace's own summary table: the log holds only this table (strace -c), no calls to compare;"
                    + " the counts above are strace's");
        } else if (differences.isEmpty()) {
            out.println("strace's own summary table: every count matches");
        } else {
            out.println("strace's own summary table: " + differences.size() + (differences.size() == 1 ? " syscall differs:" : " syscalls differ:"));
            differences.forEach(d -> out.println("  " + Printable.escape(d.toString())));
        }
        out.flush();
    }
}
