package io.procguard.strace;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.EventKind;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each line shape strace prints, taken from real runs, with its fields asserted. */
class LineShapesTest {

    static List<TraceEvent> events(Path log) throws IOException {
        return events(log, ParserOptions.defaults());
    }

    static List<TraceEvent> events(Path log, ParserOptions options) throws IOException {
        List<TraceEvent> out = new ArrayList<>();
        try (StraceParser p = StraceParser.open(log, options)) {
            for (TraceEvent e = p.next(); e != null; e = p.next()) {
                out.add(e.snapshot());
            }
            assertThat(p.problems()).isEmpty();
        }
        return out;
    }

    static List<TraceEvent> parse(String text) throws IOException {
        List<TraceEvent> out = new ArrayList<>();
        StraceParser.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), "text",
                ParserOptions.defaults().withStrict(true), e -> out.add(e.snapshot()));
        return out;
    }

    @Test
    void decoratedReturnsErrnosTimestampsAndDurationsAreParsed(@TempDir Path dir) throws IOException {
        Path log = RealStrace.traceToFile(dir, List.of("-f", "-ttt", "-T", "-yy"),
                List.of("/bin/cat", "/etc/hostname", "/nonexistent/procguard"));
        List<TraceEvent> ev = events(log);
        TraceEvent open = ev.stream().filter(e -> e.syscall() == Syscalls.OPENAT
                && e.arguments().toString().contains("\"/etc/hostname\"")).findFirst().orElseThrow();
        assertThat(open.kind()).isEqualTo(EventKind.SYSCALL);
        assertThat(open.hasReturnValue()).isTrue();
        assertThat(open.returnValue()).isEqualTo(3);
        assertThat(open.errno()).isZero();
        assertThat(open.timestampNanos()).isGreaterThan(1_600_000_000L * 1_000_000_000L);
        assertThat(open.durationNanos()).isBetween(0L, 10_000_000_000L);
        assertThat(open.pid()).isPositive();
        assertThat(open.arguments().toString()).startsWith("AT_FDCWD</");
        TraceEvent missing = ev.stream().filter(e -> e.syscall() == Syscalls.OPENAT
                && e.arguments().toString().contains("/nonexistent/procguard")).findFirst().orElseThrow();
        assertThat(missing.returnValue()).isEqualTo(-1);
        assertThat(missing.errnoName()).isEqualTo("ENOENT");
        assertThat(missing.errno()).isEqualTo(2);
        TraceEvent mmap = ev.stream().filter(e -> e.syscall() == Syscalls.MMAP).findFirst().orElseThrow();
        assertThat(mmap.returnValue()).isGreaterThan(0xFFFFFFFFL); // hex return
        TraceEvent exitGroup = ev.stream().filter(e -> e.syscall() == Syscalls.EXIT_GROUP).findFirst().orElseThrow();
        assertThat(exitGroup.hasReturnValue()).isFalse();
        TraceEvent exited = ev.get(ev.size() - 1);
        assertThat(exited.kind()).isEqualTo(EventKind.EXITED);
        assertThat(exited.exitCode()).isEqualTo(1);
    }

    @Test
    void unfinishedAndResumedCallsOfThreadsAreStitchedOnce(@TempDir Path dir) throws IOException {
        Path log = RealStrace.traceToFile(dir, List.of("-f", "-tt"), List.of(RealStrace.program("threads").toString()));
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("<unfinished ...>").contains(" resumed>");
        List<TraceEvent> ev = events(log);
        List<TraceEvent> resumed = ev.stream().filter(TraceEvent::resumed).toList();
        assertThat(resumed).isNotEmpty();
        long unfinishedLines = text.lines().filter(l -> l.endsWith("<unfinished ...>")).count();
        long resumedLines = text.lines().filter(l -> l.contains(" resumed>")).count();
        assertThat(resumed).hasSize((int) resumedLines);
        assertThat(unfinishedLines).isEqualTo(resumedLines);
        // a stitched read holds both halves: the fd from the unfinished line and the data from the resumed one
        for (TraceEvent e : resumed) {
            if (e.syscall() == Syscalls.READ && e.returnValue() > 0) {
                assertThat(e.arguments().toString()).matches("\\d+, \".*\", 64");
            }
            if (e.syscall() == Syscalls.OPENAT) {
                assertThat(e.arguments().toString()).startsWith("AT_FDCWD, \"/").contains("O_RDONLY");
            }
        }
        assertThat(ev.stream().map(TraceEvent::pid).distinct().count()).isEqualTo(5);
        assertThat(ev.stream().filter(e -> e.kind() == EventKind.EXITED && e.exitCode() == 3)).isNotEmpty();
    }

    @Test
    void signalsKillsAndCutCallsOfAKilledProcess(@TempDir Path dir) throws IOException {
        Path log = RealStrace.traceToFile(dir, List.of("-f"),
                List.of("/bin/sh", "-c", "sleep 5 & p=$!; sleep 0.2; kill -9 $p; wait; " + RealStrace.program("segfault")));
        List<TraceEvent> ev = events(log);
        TraceEvent chld = ev.stream().filter(e -> e.kind() == EventKind.SIGNAL && "SIGCHLD".equals(e.signalName()))
                .findFirst().orElseThrow();
        assertThat(chld.arguments().toString()).startsWith("{si_signo=SIGCHLD, ");
        assertThat(chld.syscall()).isEqualTo(Syscalls.NONE);
        assertThat(ev).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.KILLED);
            assertThat(e.signalName()).isEqualTo("SIGKILL");
        });
        assertThat(ev).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.KILLED);
            assertThat(e.signalName()).isEqualTo("SIGSEGV");
        });
        assertThat(ev).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.SIGNAL);
            assertThat(e.signalName()).isEqualTo("SIGSEGV");
        });
        // the sleep killed in clock_nanosleep: "<... clock_nanosleep resumed> <unfinished ...>) = ?"
        assertThat(ev).anySatisfy(e -> {
            assertThat(e.syscall()).isEqualTo(Syscalls.CLOCK_NANOSLEEP);
            assertThat(e.resumed()).isTrue();
            assertThat(e.hasReturnValue()).isFalse();
            assertThat(e.arguments().toString()).doesNotContain("unfinished");
        });
    }

    @Test
    void execveFromAThreadIsStitchedAcrossTheSupersededLine(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("texec.c");
        Files.writeString(src, "#include <pthread.h>\n#include <unistd.h>\n"
                + "static void *run(void *a) { char *argv[] = {\"/bin/true\", 0}; execv(\"/bin/true\", argv); return a; }\n"
                + "int main(void) { pthread_t t; pthread_create(&t, 0, run, 0); sleep(5); return 0; }\n");
        RealStrace.program("segfault"); // skips without gcc
        Path exe = dir.resolve("texec");
        assertThat(RealStrace.exec(List.of("/usr/bin/gcc", "-pthread", "-o", exe.toString(), src.toString()), null)).isZero();
        Path log = RealStrace.traceToFile(dir, List.of("-f", "-C"), List.of(exe.toString()));
        List<TraceEvent> ev = events(log);
        TraceEvent superseded = ev.stream().filter(e -> e.kind() == EventKind.SUPERSEDED).findFirst().orElseThrow();
        List<TraceEvent> execs = ev.stream().filter(e -> e.syscall() == Syscalls.EXECVE).toList();
        assertThat(execs).hasSize(2);
        TraceEvent second = execs.get(1);
        assertThat(second.resumed()).isTrue();
        assertThat(second.pid()).isEqualTo(superseded.pid());
        assertThat(second.arguments().toString()).startsWith("\"/bin/true\", [\"/bin/true\"]");
        assertThat(second.returnValue()).isZero();
        assertThat(Integer.parseInt(superseded.arguments().toString())).isNotEqualTo(superseded.pid());
        StraceOracleTest.assertMatchesStrace(log);
    }

    @Test
    void aDeletedFileOrMemfdReturnedAsAnFdKeepsItsCall(@TempDir Path dir) throws IOException {
        // strace -y prints '(deleted)' after the decoration: '= 4</tmp/x/gone>(deleted)'; these lines were malformed
        Path log = RealStrace.traceToFile(dir, List.of("-f", "-y", "-T"),
                List.of(RealStrace.program("deleted").toString(), dir.toString()));
        assertThat(Files.readString(log, StandardCharsets.ISO_8859_1)).contains(">(deleted) <");
        List<TraceEvent> ev = events(log);
        TraceEvent dup = ev.stream().filter(e -> e.syscall() == Syscalls.DUP).findFirst().orElseThrow();
        assertThat(dup.arguments().toString()).endsWith("/gone>(deleted)");
        assertThat(dup.returnValue()).isPositive();
        assertThat(dup.durationNanos()).isNotNegative();
        TraceEvent fcntl = ev.stream().filter(e -> e.syscall() == Syscalls.FCNTL
                && e.arguments().toString().contains("memfd")).findFirst().orElseThrow();
        assertThat(fcntl.arguments().toString()).matches("\\d+</memfd:plain>\\(deleted\\), F_DUPFD_CLOEXEC, 0");
        assertThat(fcntl.returnValue()).isPositive();
        assertThat(Arguments.fdPath(Arguments.nth(dup.arguments(), 0))).endsWith("/gone");
    }

    @Test
    void pathsAndSocketsWithSeparatorCharactersStayInsideTheirDecoration(@TempDir Path dir) throws IOException {
        Path log = RealStrace.traceToFile(dir, List.of("-f", "-yy", "-T"),
                List.of(RealStrace.program("weirdnames").toString(), dir.toString()));
        List<TraceEvent> ev = events(log);
        List<TraceEvent> writes = ev.stream().filter(e -> e.syscall() == Syscalls.WRITE).toList();
        assertThat(writes).hasSize(7).allSatisfy(w -> {
            assertThat(w.returnValue()).isEqualTo(1);
            assertThat(w.arguments().toString()).endsWith(">, \"q\", 1");
        });
        List<TraceEvent> opens = ev.stream().filter(e -> e.syscall() == Syscalls.OPENAT
                && e.arguments().toString().contains(dir.toString())).toList();
        assertThat(opens).hasSize(7).allSatisfy(o -> assertThat(o.returnValue()).isEqualTo(3));
        assertThat(opens.get(4).arguments().toString()).contains("x) = 0\"");

        Path tcpLog = RealStrace.traceToFile(dir, List.of("-f", "-yy"), List.of(RealStrace.program("tcp").toString()));
        List<TraceEvent> tcp = events(tcpLog);
        TraceEvent write = tcp.stream().filter(e -> e.syscall() == Syscalls.WRITE
                && e.arguments().toString().contains("ping")).findFirst().orElseThrow();
        assertThat(write.arguments().toString()).matches("\\d+<TCP:\\[127\\.0\\.0\\.1:\\d+->127\\.0\\.0\\.1:\\d+\\]>, \"ping\\]>,->\", 9");
        assertThat(write.returnValue()).isEqualTo(9);
        TraceEvent accept = tcp.stream().filter(e -> e.syscall() == Syscalls.ACCEPT).findFirst().orElseThrow();
        assertThat(accept.returnValue()).isPositive();
    }

    @Test
    void stackTraceLinesOfDashKBelongToTheCallBeforeAndAreSkipped(@TempDir Path dir) throws IOException {
        Path log = RealStrace.traceToFile(dir, List.of("-k"), List.of("/bin/true"));
        assertThat(Files.readString(log)).contains("\n > ");
        List<TraceEvent> ev = events(log);
        assertThat(ev).isNotEmpty().allSatisfy(e -> assertThat(e.arguments().toString()).doesNotStartWith(" > "));
        assertThat(ev.get(0).syscall()).isEqualTo(Syscalls.EXECVE);
        assertThat(ev.get(0).pid()).isZero(); // no -f: the default pid
    }

    @Test
    void dataDumpLinesOfDashEReadAndWriteBelongToTheCallBeforeAndAreSkipped(@TempDir Path dir) throws IOException {
        List<String> command = List.of(RealStrace.program("vectors").toString());
        for (boolean toStderr : new boolean[] {false, true}) {
            Path sub = Files.createDirectory(dir.resolve("stderr-" + toStderr));
            List<String> flags = List.of("-f", "-C", "-tt", "-e", "read=all", "-e", "write=all");
            Path log = toStderr ? RealStrace.traceToStderr(sub, flags, command) : RealStrace.traceToFile(sub, flags, command);
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            assertThat(text).contains("\n | 00000  68 65 6c 6c 6f 20  ", "  hello            |\n", "\n * 6 bytes in buffer 0\n",
                    "\n * 48 bytes in buffer 1\n", "\n | 00000  61 62 63 7c 64 65 66 20  7c  ", "abc|def |        |\n");
            StraceOracleTest.assertMatchesStrace(log);
            Path plain = sub.resolve("plain.log");
            Files.writeString(plain, text.replaceAll("(?m)^ (\\| [0-9a-f]{5,}  .* \\||\\* [0-9]+ bytes in buffer [0-9]+)\n", ""),
                    StandardCharsets.ISO_8859_1);
            List<String> kept = events(log).stream().map(e -> e.kind() + " " + e.pid() + " " + e.syscallName() + "("
                    + e.arguments() + ") = " + e.returnValue() + " " + e.timestampNanos()).toList();
            List<String> withoutDumps = events(plain).stream().map(e -> e.kind() + " " + e.pid() + " " + e.syscallName() + "("
                    + e.arguments() + ") = " + e.returnValue() + " " + e.timestampNanos()).toList();
            assertThat(kept).isEqualTo(withoutDumps).anyMatch(e -> e.contains(" recvmsg(")).anyMatch(e -> e.contains(" writev("));
        }
    }

    @Test
    void linesThatOnlyLookLikeDumpLinesAreStillMalformed() {
        for (String line : List.of(" | 0000  68 |", " | 00000  68", " | 00000 |", " * 6 bytes in buffer", " * bytes in buffer 0",
                " * 6 bytes in buffer 0 ")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse(line + "\n")).as(line)
                    .isInstanceOf(StraceParseException.class);
        }
    }

    @Test
    void relativeAndTimeOfDayTimestampsBecomeNanoseconds() throws IOException {
        List<TraceEvent> ev = parse("     0.000050 getpid()                  = 7212\n"
                + "19:02:02 getppid() = 1\n"
                + "123  19:02:02.123456 getuid() = 0 <0.000012>\n"
                + "1795978922.984621961 geteuid() = 0\n");
        assertThat(ev).extracting(TraceEvent::timestampNanos).containsExactly(50_000L,
                (19 * 3600 + 2 * 60 + 2) * 1_000_000_000L, (19 * 3600 + 2 * 60 + 2) * 1_000_000_000L + 123_456_000L,
                1795978922_984621961L);
        assertThat(ev.get(2).pid()).isEqualTo(123);
        assertThat(ev.get(2).durationNanos()).isEqualTo(12_000L);
    }

    @Test
    void paddedPidsFractionsOfEveryLengthAndDurationsAreReadWordAtATime() throws IOException {
        // the pid and its padding come from one word, a fraction of up to six digits too, and the commonest
        // duration shape from another; each line here sits at an edge of those words
        long day = (5 * 3600 + 11 * 60 + 5) * 1_000_000_000L;
        List<TraceEvent> ev = parse("7    05:11:05.1 close(3)          = 0 <0.000019>\n"
                + "2170  05:11:05.491762 close(3) = 0 <0.000019>\n"
                + "12345 05:11:05.4917621 close(3) = 0 <1.000000>\n"
                + "1234567 05:11:05.491762123 close(3) = 0 <9.999999>\n"
                + "2170        05:11:05.000001 close(3) = 0 <0.0000190>\n"
                + "2170  05:11:06.491762 close(3) = 0 <10.000019>\n"
                + "2170  1795978922.984621 close(3) = 0 <0.000019>\n"
                + "2170  1795978922.98462 close(3) = 0 <0.00001>\n");
        assertThat(ev).extracting(TraceEvent::pid).containsExactly(7, 2170, 12345, 1234567, 2170, 2170, 2170, 2170);
        assertThat(ev).extracting(TraceEvent::timestampNanos).containsExactly(day + 100_000_000L, day + 491_762_000L,
                day + 491_762_100L, day + 491_762_123L, day + 1_000L, day + 1_000_000_000L + 491_762_000L,
                1795978922_984621000L, 1795978922_984620000L);
        assertThat(ev).extracting(TraceEvent::durationNanos).containsExactly(19_000L, 19_000L, 1_000_000_000L,
                9_999_999_000L, 19_000L, 10_000_019_000L, 19_000L, 10_000L);
    }

    @Test
    void restartErrnosUnknownSyscallsAndStraceMessagesAreEvents() throws IOException {
        List<TraceEvent> ev = parse("[pid  42] read(0, 0x7ffd, 4096) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)\n"
                + "[pid  42] syscall_0x1bd(0x1, 0x2) = -1 ENOSYS (Function not implemented)\n"
                + "strace: Process 43 attached\n"
                + "/usr/bin/strace: Process 43 detached\n"
                + "strace: [ Process PID=44 runs in 32 bit mode. ]\n"
                + "44    +++ killed by SIGSEGV (core dumped) +++\n"
                + "45    --- stopped by SIGSTOP ---\n");
        assertThat(ev.get(0).hasReturnValue()).isFalse();
        assertThat(ev.get(0).errnoName()).isEqualTo("ERESTARTSYS");
        assertThat(ev.get(0).errno()).isEqualTo(512);
        assertThat(ev.get(1).syscall()).isEqualTo(0x1bd);
        assertThat(ev.get(1).errnoName()).isEqualTo("ENOSYS");
        assertThat(ev.get(2).kind()).isEqualTo(EventKind.ATTACHED);
        assertThat(ev.get(2).pid()).isEqualTo(43);
        assertThat(ev.get(3).kind()).isEqualTo(EventKind.DETACHED);
        assertThat(ev.get(4).kind()).isEqualTo(EventKind.STRACE_MESSAGE);
        assertThat(ev.get(5).coreDumped()).isTrue();
        assertThat(ev.get(5).signalName()).isEqualTo("SIGSEGV");
        assertThat(ev.get(6).kind()).isEqualTo(EventKind.STRACE_MESSAGE);
        assertThat(ev.get(6).arguments().toString()).isEqualTo("stopped by SIGSTOP");
    }

    @Test
    void resumedCallWithoutUnfinishedIsReportedNotDropped(@TempDir Path dir) throws IOException {
        Path log = RealStrace.traceToFile(dir, List.of("-f"), List.of(RealStrace.program("threads").toString()));
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        int firstUnfinished = 0;
        while (!lines.get(firstUnfinished).endsWith("<unfinished ...>")) {
            firstUnfinished++;
        }
        // as after an attach: the log starts after the unfinished half
        Path cut = dir.resolve("cut.log");
        Files.write(cut, lines.subList(firstUnfinished + 1, lines.size()), StandardCharsets.ISO_8859_1);
        String pid = lines.get(firstUnfinished).split(" ")[0];
        String name = lines.get(firstUnfinished).substring(pid.length()).trim().split("\\(")[0];
        int resumeLine = 1;
        while (!lines.get(firstUnfinished + resumeLine).startsWith(pid + " ")
                || !lines.get(firstUnfinished + resumeLine).contains("<... " + name + " resumed>")) {
            resumeLine++;
        }
        List<TraceEvent> ev = events(cut);
        int line = resumeLine;
        TraceEvent orphan = ev.stream().filter(e -> e.lineNumber() == line).findFirst().orElseThrow();
        assertThat(orphan.resumed()).isTrue();
        assertThat(orphan.syscallName()).isEqualTo(name);
        assertThat(orphan.pid()).isEqualTo(Integer.parseInt(pid));
    }

    @Test
    void unfinishedCallsPendingAtEndOfInputAreEmittedWithoutReturnValue() throws IOException {
        List<TraceEvent> ev = parse("7 read(0,  <unfinished ...>\n8 futex(0x1, FUTEX_WAIT, 0, NULL <unfinished ...>\n9 getpid() = 9\n");
        assertThat(ev).extracting(TraceEvent::syscall).containsExactly(Syscalls.GETPID, Syscalls.READ, Syscalls.FUTEX);
        assertThat(ev.get(1).hasReturnValue()).isFalse();
        assertThat(ev.get(1).arguments().toString()).isEqualTo("0, ");
        assertThat(ev.get(1).lineNumber()).isEqualTo(1);
        SyscallTally t = new SyscallTally();
        ev.forEach(t::add);
        assertThat(t.calls(Syscalls.READ)).isZero();
        assertThat(t.calls(Syscalls.GETPID)).isEqualTo(1);
    }

    @Test
    void summaryTableIsReadNotTakenForCalls(@TempDir Path dir) throws IOException {
        Path log = RealStrace.traceToFile(dir, List.of("-f", "-C", "-r"), List.of("/bin/ls", "/nonexistent"));
        try (StraceParser p = StraceParser.open(log)) {
            while (p.next() != null) {
                assertThat(p.malformedLines()).isZero();
            }
            SyscallCountTable t = p.countTable().orElseThrow();
            assertThat(t.calls(Syscalls.EXECVE)).isEqualTo(1);
            assertThat(t.total().calls()).isPositive();
            assertThat(t.rows()).allSatisfy(r -> assertThat(r.seconds()).isNotNaN());
        }
    }

    @Test
    void aCallCutByStracesAttachMessagesOnASharedStderrIsJoinedWithItsRest() throws IOException {
        // shapes seen in real 'strace -f ... 2> LOG' runs of the threads program
        List<TraceEvent> ev = parse("[pid 21225] read(3, /usr/bin/strace: Process 21229 attached\n"
                + "\"vm\\n\", 64) = 3\n"
                + "clone3({flags=CLONE_VM|CLONE_THREAD, exit_signal=0}/usr/bin/strace: Process 18740 attached\n"
                + "/usr/bin/strace: Process 18739 attached\n"
                + " => {parent_tid=[18740]}, 88) = 18740\n");
        assertThat(ev).extracting(TraceEvent::kind).containsExactly(EventKind.ATTACHED, EventKind.SYSCALL,
                EventKind.ATTACHED, EventKind.ATTACHED, EventKind.SYSCALL);
        assertThat(ev.get(1).arguments().toString()).isEqualTo("3, \"vm\\n\", 64");
        assertThat(ev.get(1).pid()).isEqualTo(21225);
        assertThat(ev.get(1).returnValue()).isEqualTo(3);
        assertThat(ev.get(4).syscall()).isEqualTo(Syscalls.CLONE3);
        assertThat(ev.get(4).arguments().toString()).isEqualTo("{flags=CLONE_VM|CLONE_THREAD, exit_signal=0} => {parent_tid=[18740]}, 88");
        assertThat(ev.get(4).returnValue()).isEqualTo(18740);
    }
}
