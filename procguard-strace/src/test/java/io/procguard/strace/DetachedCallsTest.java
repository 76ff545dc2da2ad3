package io.procguard.strace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.procguard.core.EventKind;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * strace detaching from a process that waits in a call ({@code strace -p}, then Ctrl-C): the call strace was
 * printing ends with {@code <detached ...>} instead of a return. Real strace attached to real waiting processes,
 * then the exact shapes it prints, by hand.
 */
class DetachedCallsTest {
    /** A pid column (bare, or {@code [pid N]} on stderr) at the start of a line. */
    private static final Pattern PID = Pattern.compile("(?m)^(?:\\[pid +)?(\\d+)[ \\]]");
    /** The main thread's echo of the line the test sent ({@code = } is aligned with spaces). */
    private static final Pattern ECHOED = Pattern.compile("write\\(1.*\"ping\\\\n\", 5\\) += 5");
    /** The main thread's read of stdin, printed up to its open argument list: the log's last, unfinished line. */
    private static final Pattern WAITING_READ = Pattern.compile("(?s).*(?:^|\n)(?:\\[pid +\\d+\\] |\\d+ +)?(?:[\\d.]+ )?read\\(0[^\n]*, ");

    /** The flag sets: without -f, with -f, and with what {@code procguard attach} uses. */
    static Stream<List<String>> flagSets() {
        return Stream.of(List.of(), List.of("-f"), List.of("-f", "-ttt", "-T", "-yy", "-s", "256"));
    }

    /** The program of {@code programs/blocked.c}: echoes stdin lines; with {@code threads}, two threads wait forever. */
    private static Process startBlocked(boolean threads) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(RealStrace.program("blocked").toString()));
        if (threads) {
            argv.add("threads");
        }
        Process p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        awaitReading(p, threads ? 3 : 1);
        return p;
    }

    /**
     * Waits until the process has all its threads and its main thread blocks in read (x86_64: 0), by /proc. Without
     * this, strace may attach before the threads exist: it then prints without a pid column until the first clone.
     */
    private static void awaitReading(Process p, int threads) throws IOException, InterruptedException {
        Path syscall = Path.of("/proc/" + p.pid() + "/syscall");
        Path tasks = Path.of("/proc/" + p.pid() + "/task");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            String now = Files.readString(syscall, StandardCharsets.US_ASCII);
            long count;
            try (Stream<Path> list = Files.list(tasks)) {
                count = list.count();
            }
            if (now.startsWith("0 ") && count == threads) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("blocked did not wait in read with " + threads + " threads within 30 s: "
                        + now.strip() + ", " + count + " threads");
            }
            Thread.sleep(5);
        }
    }

    /**
     * Attaches strace to the program, waits for its {@code threads} threads to show up, has main echo one line,
     * then interrupts strace while main waits in its next read: that read is the call strace is printing.
     */
    private static Path traceUntilDetached(Path dir, List<String> flags, Process target, int threads, boolean toStderr)
            throws IOException, InterruptedException {
        try (RealStrace.Attached strace = RealStrace.attach(dir, flags, target.pid(), toStderr)) {
            strace.await(t -> t.contains("read(0") && (threads == 1 || threadsIn(t).size() == threads), "all threads waiting");
            OutputStream stdin = target.getOutputStream();
            stdin.write("ping\n".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            strace.await(t -> ECHOED.matcher(t).find() && WAITING_READ.matcher(t).matches(), "the echo, then the next read");
            return strace.interrupt();
        } finally {
            target.destroyForcibly().waitFor();
        }
    }

    /** Waits until the process blocks in nanosleep or clock_nanosleep (x86_64: 35, 230), by /proc/PID/syscall. */
    private static void awaitSleeping(Process p) throws IOException, InterruptedException {
        Path syscall = Path.of("/proc/" + p.pid() + "/syscall");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            String now = Files.readString(syscall, StandardCharsets.US_ASCII);
            if (now.startsWith("230 ") || now.startsWith("35 ")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("sleep did not block in a sleep call within 30 s: " + now.strip());
            }
            Thread.sleep(5);
        }
    }

    private static Set<Integer> threadsIn(String text) {
        Set<Integer> pids = new HashSet<>();
        for (Matcher m = PID.matcher(text); m.find(); ) {
            pids.add(Integer.parseInt(m.group(1)));
        }
        return pids;
    }

    private static List<TraceEvent> withoutReturn(List<TraceEvent> events) {
        return events.stream().filter(e -> e.kind() == EventKind.SYSCALL && !e.hasReturnValue()).toList();
    }

    @ParameterizedTest(name = "strace {0} -C -p")
    @MethodSource("flagSets")
    void aReadWaitingWhenStraceDetachesIsACallWithoutReturnAndStracesOwnSummaryStillMatches(List<String> flags,
            @TempDir Path dir) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(flags);
        all.add("-C");
        Process target = startBlocked(false);
        Path log = traceUntilDetached(dir, all, target, 1, false);
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        int detachedLine = 1 + IntStream.range(0, lines.size()).filter(i -> lines.get(i).endsWith(" <detached ...>")).findFirst()
                .orElseThrow(() -> new AssertionError("no <detached ...> line in " + lines));
        // strace 6.1: 'read(0,  <detached ...>', after a pid and a time, with the pipe after the 0 under -yy
        assertThat(lines.get(detachedLine - 1)).contains("read(0").endsWith(",  <detached ...>");
        // no problem, and the calls and errors of every syscall equal the table strace wrote after detaching
        StraceOracleTest.assertMatchesStrace(log);
        List<TraceEvent> ev = LineShapesTest.events(log);
        TraceEvent read = ev.stream().filter(e -> e.lineNumber() == detachedLine).findFirst().orElseThrow();
        assertThat(withoutReturn(ev)).containsExactly(read);
        assertThat(read.kind()).isEqualTo(EventKind.SYSCALL);
        assertThat(read.syscall()).isEqualTo(Syscalls.READ);
        assertThat(read.errnoName()).isNull();
        assertThat(read.resumed()).isFalse();
        assertThat(read.pid()).isEqualTo(flags.contains("-f") ? (int) target.pid() : 0);
        assertThat(read.arguments().toString()).matches(flags.contains("-yy") ? "0<pipe:\\[\\d+\\]>, " : "0, ");
        assertThat(read.timestampNanos() != TraceEvent.ABSENT).isEqualTo(flags.contains("-ttt"));
    }

    @ParameterizedTest(name = "strace {0} -p")
    @MethodSource("flagSets")
    void aSleepWhoseOnlyLineIsTheDetachedOneIsNotLost(List<String> flags, @TempDir Path dir) throws IOException, InterruptedException {
        RealStrace.assumeStrace();
        Process sleep = new ProcessBuilder("/bin/sleep", "60").start();
        awaitSleeping(sleep); // attached while it still starts, strace would show its start-up, then a fresh sleep call
        Path log;
        try (RealStrace.Attached strace = RealStrace.attach(dir, flags, sleep.pid(), false)) {
            strace.await(t -> t.contains("restart_syscall("), "the sleep's restarted call");
            log = strace.interrupt();
        } finally {
            sleep.destroyForcibly().waitFor();
        }
        // strace 6.1: 'restart_syscall(<... resuming interrupted read ...> <detached ...>', after a pid and a time
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("restart_syscall(<... resuming interrupted ").endsWith(" ...> <detached ...>");
        List<TraceEvent> ev = LineShapesTest.events(log, ParserOptions.defaults().withStrict(true));
        assertThat(ev).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.SYSCALL);
            assertThat(e.syscallName()).isEqualTo("restart_syscall");
            assertThat(e.hasReturnValue()).isFalse();
            assertThat(e.arguments().toString()).startsWith("<... resuming interrupted ").endsWith(" ...>");
            assertThat(e.pid()).isEqualTo(flags.contains("-f") ? (int) sleep.pid() : 0);
        });
    }

    static Stream<List<String>> followFlagSets() {
        return flagSets().filter(f -> f.contains("-f"));
    }

    @ParameterizedTest(name = "strace {0} -C -p")
    @MethodSource("followFlagSets")
    void threadsLeftUnfinishedAndTheDetachedReadAreEachOneCallWithoutReturn(List<String> flags, @TempDir Path dir)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(flags);
        all.add("-C");
        Process target = startBlocked(true);
        Path log = traceUntilDetached(dir, all, target, 3, false);
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        assertThat(text).contains(" <unfinished ...>\n").containsPattern("(?m)^" + target.pid() + " .*read\\(0.*,  <detached \\.\\.\\.>$");
        StraceOracleTest.assertMatchesStrace(log);
        List<TraceEvent> waiting = withoutReturn(LineShapesTest.events(log));
        // the two threads' calls, unfinished when strace left, and main's read, ended by <detached ...>
        assertThat(waiting).hasSize(3);
        assertThat(waiting.stream().map(TraceEvent::pid).collect(Collectors.toSet())).hasSize(3).contains((int) target.pid());
        TraceEvent read = waiting.stream().filter(e -> e.pid() == target.pid()).findFirst().orElseThrow();
        assertThat(read.syscall()).isEqualTo(Syscalls.READ);
        assertThat(read.arguments().toString()).matches(flags.contains("-yy") ? "0<pipe:\\[\\d+\\]>, " : "0, ");
    }

    @ParameterizedTest(name = "threads: {0}")
    @ValueSource(booleans = {false, true})
    void onAStderrLogTheDetachMessageCutsTheCallLineAndItsEndFollows(boolean threads, @TempDir Path dir)
            throws IOException, InterruptedException {
        Process target = startBlocked(threads);
        Path log = traceUntilDetached(dir, List.of("-f"), target, threads ? 3 : 1, true);
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        // strace 6.1: 'read(0, strace: Process N detached', other detach messages, then ' <detached ...>'
        assertThat(text).containsPattern("read\\(0, (/usr/bin/)?strace: Process \\d+ detached\n").contains("\n <detached ...>\n");
        List<TraceEvent> ev = LineShapesTest.events(log, ParserOptions.defaults().withStrict(true));
        int mainPid = (int) target.pid();
        assertThat(ev.stream().filter(e -> e.kind() == EventKind.DETACHED).map(TraceEvent::pid).toList())
                .hasSize(threads ? 3 : 1).contains(mainPid);
        TraceEvent read = ev.stream().filter(e -> e.kind() == EventKind.SYSCALL && e.syscall() == Syscalls.READ
                && !e.hasReturnValue() && e.arguments().toString().equals("0, ")).findFirst().orElseThrow();
        // strace omits the pid column on stderr while it traces a single thread
        assertThat(read.pid()).isEqualTo(threads ? mainPid : 0);
        assertThat(withoutReturn(ev)).hasSize(threads ? 3 : 1);
    }

    // ---------------------------------------------------------------- the shapes, by hand

    @Test
    void eachDetachedLineShapeIsACallWithoutReturnValue() throws IOException {
        // the line without a pid comes last: before '[pid N]' lines it would make N the process of that line (a
        // shared stderr's first process, SharedStderrPids), and these shapes come from different logs
        List<TraceEvent> ev = LineShapesTest.parse("12345 read(0,  <detached ...>\n"
                + "[pid 12346] 1732950000.123456 wait4(-1,  <detached ...>\n"
                + "22698 1796018230.741961 read(0</tmp/x.fifo>,  <detached ...>\n"
                + "[pid  24431] futex(0x7fd8c45a1990, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 24434, NULL, FUTEX_BITSET_MATCH_ANY <detached ...>\n"
                + "restart_syscall(<... resuming interrupted read ...> <detached ...>\n");
        assertThat(ev).extracting(TraceEvent::syscall).containsExactly(Syscalls.READ,
                Syscalls.WAIT4, Syscalls.READ, Syscalls.FUTEX, Syscalls.RESTART_SYSCALL);
        assertThat(ev).extracting(TraceEvent::pid).containsExactly(12345, 12346, 22698, 24431, 0);
        assertThat(ev).extracting(e -> e.arguments().toString()).containsExactly(
                "0, ", "-1, ", "0</tmp/x.fifo>, ", "0x7fd8c45a1990, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 24434, NULL, FUTEX_BITSET_MATCH_ANY",
                "<... resuming interrupted read ...>");
        assertThat(ev).allSatisfy(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.SYSCALL);
            assertThat(e.hasReturnValue()).isFalse();
            assertThat(e.errnoName()).isNull();
            assertThat(e.resumed()).isFalse();
        });
        assertThat(ev).extracting(TraceEvent::lineNumber).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(ev.get(1).timestampNanos()).isEqualTo(1732950000_123456000L);
        SyscallTally tally = new SyscallTally();
        ev.forEach(tally::add);
        assertThat(tally.byName()).isEmpty(); // strace -c counts a call when it returns
    }

    @Test
    void aResumeEndedByDetachIsStitchedToItsUnfinishedHalf() throws IOException {
        List<TraceEvent> ev = LineShapesTest.parse("7 10.000001 read(0,  <unfinished ...>\n"
                + "8 10.000002 getpid() = 8\n"
                + "7 10.000003 <... read resumed> <detached ...>\n"
                + "[pid 9] 10.000004 <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}],  <detached ...>\n");
        assertThat(ev).extracting(TraceEvent::syscall).containsExactly(Syscalls.GETPID, Syscalls.READ, Syscalls.WAIT4);
        TraceEvent read = ev.get(1);
        assertThat(read.pid()).isEqualTo(7);
        assertThat(read.resumed()).isTrue();
        assertThat(read.hasReturnValue()).isFalse();
        assertThat(read.arguments().toString()).isEqualTo("0, ");
        assertThat(read.timestampNanos()).isEqualTo(10_000_003_000L);
        assertThat(read.lineNumber()).isEqualTo(3);
        // a resume whose unfinished half the log does not have keeps what it has
        TraceEvent wait = ev.get(2);
        assertThat(wait.pid()).isEqualTo(9);
        assertThat(wait.resumed()).isTrue();
        assertThat(wait.hasReturnValue()).isFalse();
        assertThat(wait.arguments().toString()).isEqualTo("[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], ");
    }

    @Test
    void aDetachedCallAfterAnUnfinishedOneOfTheSameThreadComesAfterIt() throws IOException {
        List<TraceEvent> ev = LineShapesTest.parse("7 futex(0x1, FUTEX_WAIT, 0, NULL <unfinished ...>\n"
                + "7 read(0,  <detached ...>\n");
        assertThat(ev).extracting(TraceEvent::syscall).containsExactly(Syscalls.FUTEX, Syscalls.READ);
        assertThat(ev).extracting(TraceEvent::lineNumber).containsExactly(1L, 2L);
        assertThat(ev).noneMatch(TraceEvent::hasReturnValue);
    }

    @Test
    void aCallLineCutByStracesDetachMessageIsJoinedWithItsDetachedEnd() throws IOException {
        // shapes of real 'strace -f -p PID 2> LOG' runs stopped by SIGINT
        List<TraceEvent> ev = LineShapesTest.parse("[pid 31072] 05:58:01.000001 getppid(strace: Process 31069 detached\n"
                + "/usr/bin/strace: Process 31071 detached\n"
                + "strace: Process 31072 detached\n"
                + " <detached ...>\n"
                + "strace: Process 31073 detached\n"
                + "read(0, /usr/bin/strace: Process 22740 detached\n"
                + " <detached ...>\n");
        assertThat(ev).extracting(TraceEvent::kind).containsExactly(EventKind.DETACHED, EventKind.DETACHED,
                EventKind.DETACHED, EventKind.SYSCALL, EventKind.DETACHED, EventKind.DETACHED, EventKind.SYSCALL);
        assertThat(ev.stream().filter(e -> e.kind() == EventKind.DETACHED).map(TraceEvent::pid))
                .containsExactly(31069, 31071, 31072, 31073, 22740);
        TraceEvent getppid = ev.get(3);
        assertThat(getppid.syscall()).isEqualTo(Syscalls.GETPPID);
        assertThat(getppid.pid()).isEqualTo(31072);
        assertThat(getppid.arguments().toString()).isEmpty();
        assertThat(getppid.hasReturnValue()).isFalse();
        assertThat(getppid.timestampNanos()).isEqualTo((5 * 3600 + 58 * 60 + 1) * 1_000_000_000L + 1_000L);
        TraceEvent read = ev.get(6);
        assertThat(read.syscall()).isEqualTo(Syscalls.READ);
        assertThat(read.arguments().toString()).isEqualTo("0, ");
        assertThat(read.hasReturnValue()).isFalse();
    }

    @Test
    void aDetachedMarkerThatIsCutOrFollowsAClosedListIsStillMalformed() {
        for (String line : List.of("12 read(0,  <detached ..\n", "12 read(0, 0x1, 8) <detached ...>\n", " <detached ...>\n")) {
            assertThatThrownBy(() -> StraceParser.parse(new ByteArrayInputStream(line.getBytes(StandardCharsets.ISO_8859_1)),
                    "text", ParserOptions.defaults().withStrict(true), e -> { })).as(line).isInstanceOf(StraceParseException.class);
        }
    }
}
