package io.procguard.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.EventKind;
import io.procguard.core.FeatureAccumulator;
import io.procguard.core.FeatureExtractor;
import io.procguard.core.FeatureSchema;
import io.procguard.core.FeatureVector;
import io.procguard.core.ImmutableTraceEvent;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Sequences below are lines of strace 6.1 {@code -f} runs (a pthread program, the same program exec'ing
 * from its thread, a shell running cat), with unfinished/resumed pairs already stitched as the parser does.
 */
class ProcessTrackerTest {
    private static final Pattern SYSCALL = Pattern.compile("(\\d+)\\s+(\\w+)\\((.*)\\)\\s+= (-?\\d+|\\?)(?: (E\\w+).*)?");
    private static final Pattern EXIT = Pattern.compile("(\\d+)\\s+\\+\\+\\+ (exited with (\\d+)|killed by (\\w+)( \\(core dumped\\))?|superseded by execve in pid \\d+) \\+\\+\\+");

    /** A real (tiny) extractor: counts events and syscalls, keeps execve lines as evidence. */
    static final class CountingExtractor implements FeatureExtractor {
        static final FeatureSchema SCHEMA = new FeatureSchema("test", List.of("events", "syscalls"));

        @Override
        public FeatureSchema schema() {
            return SCHEMA;
        }

        @Override
        public FeatureAccumulator newAccumulator() {
            return new FeatureAccumulator() {
                float events;
                float syscalls;
                final List<String> evidence = new ArrayList<>();

                @Override
                public void accept(TraceEvent e) {
                    events++;
                    if (e.kind() == EventKind.SYSCALL) {
                        syscalls++;
                        if (e.syscall() == Syscalls.EXECVE) {
                            evidence.add("execve(" + e.arguments() + ")");
                        }
                    }
                }

                @Override
                public FeatureVector snapshot() {
                    return new FeatureVector(SCHEMA, new float[] {events, syscalls});
                }

                @Override
                public List<String> evidence() {
                    return evidence;
                }
            };
        }
    }

    /** Records every callback. */
    static final class Recorder implements ProcessListener {
        final List<String> log = new ArrayList<>();
        final List<ProcessRecord> ended = new ArrayList<>();

        @Override
        public void started(ProcessRecord p) {
            log.add("start " + p.pid() + " ppid=" + p.ppid() + " comm=" + p.comm());
        }

        @Override
        public void execed(ProcessRecord p) {
            log.add("exec " + p.pid() + " " + p.exe() + " " + p.argv());
        }

        @Override
        public void ended(ProcessRecord p) {
            log.add("end " + p.pid() + " " + p.end());
            ended.add(p);
        }
    }

    static TraceEvent event(String line) {
        Matcher m = SYSCALL.matcher(line);
        if (m.matches()) {
            boolean hasValue = !m.group(4).equals("?");
            return new ImmutableTraceEvent(EventKind.SYSCALL, Integer.parseInt(m.group(1)), TraceEvent.ABSENT,
                    Syscalls.id(m.group(2)), hasValue, hasValue ? Long.parseLong(m.group(4)) : 0, 0, m.group(5),
                    TraceEvent.ABSENT, m.group(3), null, -1, false, false, 0);
        }
        m = EXIT.matcher(line);
        if (m.matches()) {
            int pid = Integer.parseInt(m.group(1));
            if (m.group(3) != null) {
                return new ImmutableTraceEvent(EventKind.EXITED, pid, TraceEvent.ABSENT, Syscalls.NONE, false, 0, 0,
                        null, TraceEvent.ABSENT, "", null, Integer.parseInt(m.group(3)), false, false, 0);
            }
            if (m.group(4) != null) {
                return new ImmutableTraceEvent(EventKind.KILLED, pid, TraceEvent.ABSENT, Syscalls.NONE, false, 0, 0,
                        null, TraceEvent.ABSENT, "", m.group(4), -1, m.group(5) != null, false, 0);
            }
            return new ImmutableTraceEvent(EventKind.SUPERSEDED, pid, TraceEvent.ABSENT, Syscalls.NONE, false, 0, 0,
                    null, TraceEvent.ABSENT, "", null, -1, false, false, 0);
        }
        throw new IllegalArgumentException("test line not understood: " + line);
    }

    static Recorder run(ProcessTracker.Builder builder, String... lines) {
        Recorder r = new Recorder();
        ProcessTracker t = builder.listener(r).build();
        for (String line : lines) {
            t.accept(event(line));
        }
        t.finish();
        return r;
    }

    static Recorder run(String... lines) {
        return run(ProcessTracker.builder(new CountingExtractor()), lines);
    }

    @Test
    void threadsOfOneProcessAggregateIntoIt() {
        Recorder r = run(
                "6954  execve(\"./th\", [\"./th\"], 0x7ffce6102958 /* 39 vars */) = 0",
                "6954  clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS"
                        + "|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7fb48f1ff990, parent_tid=0x7fb48f1ff990, "
                        + "exit_signal=0, stack=0x7fb48e9ff000, stack_size=0x7fff80, tls=0x7fb48f1ff6c0} => {parent_tid=[6955]}, 88) = 6955",
                "6955  rseq(0x7fb48f1fffe0, 0x20, 0, 0x53053053) = 0",
                "6955  set_robust_list(0x7fb48f1ff9a0, 24) = 0",
                "6955  exit(0) = ?",
                "6955  +++ exited with 0 +++",
                "6954  clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7fb48f200a10) = 6956",
                "6954  memfd_create(\"x\", 0) = 3",
                "6954  exit_group(0) = ?",
                "6954  +++ exited with 0 +++",
                "6956  set_robust_list(0x7fb48f200a20, 24) = 0",
                "6956  exit_group(3) = ?",
                "6956  +++ exited with 3 +++");
        assertThat(r.log).containsExactly(
                "start 6954 ppid=0 comm=th",
                "exec 6954 ./th [./th]",
                "start 6956 ppid=6954 comm=th",
                "end 6954 EXITED",
                "end 6956 EXITED");
        ProcessRecord parent = r.ended.get(0);
        assertThat(parent.eventCount()).isEqualTo(10); // 6 of the leader + 4 of its thread
        assertThat(parent.features().get("syscalls")).isEqualTo(8f);
        assertThat(parent.exitCode()).isZero();
        ProcessRecord child = r.ended.get(1);
        assertThat(child.exitCode()).isEqualTo(3);
        assertThat(child.exe()).isEqualTo("./th");
        assertThat(child.eventCount()).isEqualTo(3);
    }

    @Test
    void childLinesPrintedBeforeTheCloneReturnsAreHeldUntilTheParentIsKnown() {
        // strace -f prints the new thread's first line before "<... clone3 resumed> ... = 6962"
        Recorder r = run(
                "6960  execve(\"./th\", [\"./th\", \"x\"], 0x7ffdcc583f30 /* 39 vars */) = 0",
                "6962  rseq(0x7f98e4f80fe0, 0x20, 0, 0x53053053) = 0",
                "6960  clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM, "
                        + "exit_signal=0} => {parent_tid=[6962]}, 88) = 6962",
                "6962  set_robust_list(0x7f98e4f809a0, 24) = 0",
                "6960  +++ superseded by execve in pid 6962 +++",
                "6960  execve(\"/bin/true\", [\"true\"], 0x7ffe6730f5d0 /* 39 vars */) = 0",
                "6960  exit_group(0) = ?",
                "6960  +++ exited with 0 +++");
        assertThat(r.log).containsExactly(
                "start 6960 ppid=0 comm=th",
                "exec 6960 ./th [./th, x]",
                "exec 6960 /bin/true [true]",
                "end 6960 EXITED");
        ProcessRecord p = r.ended.get(0);
        assertThat(p.eventCount()).isEqualTo(8);
        assertThat(p.comm()).isEqualTo("true");
        assertThat(p.threads()).isEqualTo(1);
    }

    @Test
    void vforkedChildKeepsItsParentAndTakesItsOwnExec() {
        Recorder r = run(
                "6874  execve(\"/bin/sh\", [\"sh\", \"-c\", \"echo hi; cat /etc/hostname\"], 0x7ffc58ed8f08 /* 39 vars */) = 0",
                "6875  rt_sigprocmask(SIG_SETMASK, [], ~[KILL STOP RTMIN RT_1], 8) = 0",
                "6875  execve(\"/usr/bin/cat\", [\"cat\", \"/etc/hostname\"], 0x55a671212c08 /* 39 vars */) = 0",
                "6874  vfork() = 6875",
                "6875  openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY) = 3",
                "6875  +++ exited with 0 +++",
                "6874  wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 6875",
                "6874  +++ exited with 0 +++");
        assertThat(r.log).containsExactly(
                "start 6874 ppid=0 comm=sh",
                "exec 6874 /bin/sh [sh, -c, echo hi; cat /etc/hostname]",
                "start 6875 ppid=6874 comm=sh",
                "exec 6875 /usr/bin/cat [cat, /etc/hostname]",
                "end 6875 EXITED",
                "end 6874 EXITED");
        assertThat(r.ended.get(0).comm()).isEqualTo("cat");
        assertThat(r.ended.get(0).eventCount()).isEqualTo(4);
    }

    @Test
    void killedProcessReportsItsSignal() {
        Recorder r = run(
                "100  execve(\"/usr/bin/sleep\", [\"sleep\", \"100\"], 0x7ffc /* 3 vars */) = 0",
                "100  +++ killed by SIGKILL (core dumped) +++");
        assertThat(r.ended).singleElement().satisfies(p -> {
            assertThat(p.end()).isEqualTo(EndReason.KILLED);
            assertThat(p.signal()).isEqualTo("SIGKILL");
            assertThat(p.coreDumped()).isTrue();
            assertThat(p.exited()).isTrue();
        });
    }

    @Test
    void unknownTidWhoseCloneNeverComesBecomesARootAfterItsBufferFills() {
        List<String> lines = new ArrayList<>();
        lines.add("1  getpid() = 1");
        for (int i = 0; i < ProcessTracker.MAX_PENDING_EVENTS + 5; i++) {
            lines.add("2  getpid() = 2");
        }
        Recorder r = run(lines.toArray(String[]::new));
        assertThat(r.log).containsExactly("start 1 ppid=0 comm=?", "start 2 ppid=0 comm=?",
                "end 1 TRACE_END", "end 2 TRACE_END");
        assertThat(r.ended.get(1).eventCount()).isEqualTo(ProcessTracker.MAX_PENDING_EVENTS + 5);
    }

    @Test
    void aPosixSpawnChildsHundredsOfCallsBeforeItsParentsCloneReturnsKeepItsParent() {
        List<String> lines = new ArrayList<>();
        lines.add("1  getpid() = 1");
        for (int i = 0; i < 130; i++) { // glibc's posix_spawn child resets every signal handler first
            lines.add("2  rt_sigaction(SIGHUP, NULL, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0");
        }
        lines.add("1  clone3({flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD, stack=0x7f, stack_size=0x9000}, 88) = 2");
        Recorder r = run(lines.toArray(String[]::new));
        assertThat(r.log).containsExactly("start 1 ppid=0 comm=?", "start 2 ppid=1 comm=?", "end 1 TRACE_END", "end 2 TRACE_END");
        assertThat(r.ended.get(1).eventCount()).isEqualTo(130);
    }

    @Test
    void heldBackTidsTogetherHoldAtMostTheTotalAndTheOldestBecomesARootFirst() {
        List<String> lines = new ArrayList<>();
        lines.add("1  getpid() = 1");
        int perTid = ProcessTracker.MAX_PENDING_EVENTS - 1;
        int tids = ProcessTracker.MAX_PENDING_TOTAL / perTid + 1; // the last one's events pass the total
        for (int t = 0; t < tids; t++) {
            for (int i = 0; i < perTid; i++) {
                lines.add((10 + t) + "  getpid() = " + (10 + t));
            }
        }
        for (int t = 0; t < tids; t++) {
            lines.add("1  fork() = " + (10 + t));
        }
        Recorder r = run(lines.toArray(String[]::new));
        assertThat(r.log).contains("start 10 ppid=0 comm=?").doesNotContain("start 10 ppid=1 comm=?");
        assertThat(r.log).contains("start 11 ppid=1 comm=?", "start " + (9 + tids) + " ppid=1 comm=?");
        assertThat(r.ended).filteredOn(p -> p.pid() != 1).allSatisfy(p -> assertThat(p.eventCount()).isEqualTo(perTid));
    }

    @Test
    void theLiveCapEvictsTheLeastRecentlyActiveProcessAndCountsIt() {
        Recorder r = new Recorder();
        ProcessTracker t = ProcessTracker.builder(new CountingExtractor()).listener(r).maxLiveProcesses(2).build();
        t.accept(event("1  getpid() = 1"));
        t.accept(event("1  fork() = 2"));
        t.accept(event("1  fork() = 3")); // 2 is now the least recently active
        assertThat(t.evictedCount()).isEqualTo(1);
        assertThat(t.liveCount()).isEqualTo(2);
        assertThat(r.log).contains("end 2 EVICTED");
        assertThat(t.find(1)).isNotNull();
        assertThat(t.find(3).ppid()).isEqualTo(1);
    }

    @Test
    void evictionFollowsActivityAcrossRunsOfEventsFromOneThread() {
        Recorder r = new Recorder();
        ProcessTracker t = ProcessTracker.builder(new CountingExtractor()).listener(r).maxLiveProcesses(3).build();
        for (String line : new String[] {"1  getpid() = 1", "1  fork() = 2", "1  fork() = 3", "2  getpid() = 2",
            "2  getpid() = 2", "3  getpid() = 3", "1  getpid() = 1", "1  getpid() = 1"}) {
            t.accept(event(line));
        }
        t.accept(event("1  fork() = 4")); // least recently active first: 2, 3, 1
        assertThat(r.log).contains("end 2 EVICTED");
        t.accept(event("3  getpid() = 3"));
        t.accept(event("1  getpid() = 1"));
        t.accept(event("1  fork() = 5")); // 4 (started before 3 and 1 were active again)
        assertThat(r.log).contains("end 4 EVICTED").doesNotContain("end 1 EVICTED", "end 3 EVICTED");
        t.accept(event("3  getpid() = 3")); // a thread id seen before the evictions still maps to its process
        assertThat(t.find(3).eventCount()).isEqualTo(3);
        assertThat(t.evictedCount()).isEqualTo(2);
    }

    @Test
    void memoryStaysBoundedOverManyShortLivedProcesses() {
        // no listener: ended processes are dropped, as a streaming consumer would
        ProcessTracker t = ProcessTracker.of(new CountingExtractor());
        t.accept(event("1  getpid() = 1"));
        for (int pid = 2; pid < 200_000; pid++) {
            t.accept(event("1  fork() = " + pid));
            t.accept(event(pid + "  getpid() = " + pid));
            t.accept(event(pid + "  +++ exited with 0 +++"));
        }
        assertThat(t.liveCount()).isEqualTo(1);
        assertThat(t.pendingCount()).isZero();
        assertThat(t.startedCount()).isEqualTo(200_000 - 1);
    }

    @Test
    void aChildThatEndedBeforeItsCloneReturnedIsNotStartedAgainByTheReturn() {
        // strace -f under load: the child's whole life is printed before "<... clone resumed> ... = 11"; the
        // resolver made it a process of its own, and the late return must not start a second one
        Recorder r = run(ProcessTracker.builder(new CountingExtractor()).tgidResolver(tid -> tid == 11 ? 11 : 0)
                        .ppidResolver(pid -> pid == 11 ? 10 : 0),
                "10  getpid() = 10",
                "11  execve(\"/bin/true\", [\"true\"], 0x7ffe /* 3 vars */) = 0",
                "11  +++ exited with 0 +++",
                "10  clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 11",
                "10  clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 12",
                "12  getpid() = 12",
                "12  +++ exited with 0 +++",
                "10  +++ exited with 0 +++");
        assertThat(r.log).containsExactly(
                "start 10 ppid=0 comm=?",
                "start 11 ppid=10 comm=?",
                "exec 11 /bin/true [true]",
                "end 11 EXITED",
                "start 12 ppid=10 comm=?",
                "end 12 EXITED",
                "end 10 EXITED");
    }

    @Test
    void aChildWhoseParentTheResolverCannotNameWaitsForItsClone() {
        // /proc answered the tgid, then the short-lived child ended before its PPid could be read: started as a
        // root it would lose its lineage (and hand what it made to no one); it waits for the clone instead
        Recorder r = run(ProcessTracker.builder(new CountingExtractor()).tgidResolver(tid -> tid == 11 ? 11 : 0),
                "10  getpid() = 10",
                "11  mkdir(\"dots\", 0777) = 0",
                "11  +++ exited with 0 +++",
                "10  clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 11",
                "10  +++ exited with 0 +++");
        assertThat(r.log).containsExactly(
                "start 10 ppid=0 comm=?",
                "start 11 ppid=10 comm=?",
                "end 11 EXITED",
                "end 10 EXITED");
        assertThat(r.ended.get(0).eventCount()).as("the child's mkdir and exit, held and replayed").isEqualTo(2);
    }

    @Test
    void aResolverPlacesAThreadBeforeItsCloneReturns() {
        Recorder r = run(ProcessTracker.builder(new CountingExtractor()).tgidResolver(tid -> tid == 11 ? 10 : 0),
                "10  getpid() = 10",
                "11  gettid() = 11",
                "10  +++ exited with 0 +++");
        assertThat(r.log).containsExactly("start 10 ppid=0 comm=?", "end 10 EXITED");
        assertThat(r.ended.get(0).eventCount()).isEqualTo(3);
    }

    @Test
    void aRelativeExecPathIsMadeAbsoluteOnceACallShowsTheWorkingDirectory() {
        Recorder r = run(
                "20  execve(\"./x\", [\"./x\"], 0x1 /* 3 vars */) = 0",
                "20  brk(NULL) = 94",
                "20  openat(AT_FDCWD</tmp/d>, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3",
                "20  clone(child_stack=NULL, flags=SIGCHLD) = 21",
                "21  +++ exited with 0 +++",
                "20  execve(\"../bin//true\", [\"true\"], 0x1 /* 3 vars */) = 0",
                "20  openat(AT_FDCWD</usr>, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3",
                "20  clone(child_stack=NULL, flags=SIGCHLD) = 24",
                "24  +++ exited with 0 +++",
                "20  clone(child_stack=NULL, flags=SIGCHLD) = 22",
                "22  execve(\"sub/y\", [\"y\"], 0x1 /* 3 vars */) = 0",
                "22  chdir(\"/\") = 0",
                "22  openat(AT_FDCWD</>, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3",
                "22  +++ exited with 0 +++",
                "20  execve(\"./w\", [\"./w\"], 0x1 /* 3 vars */) = 0",
                "20  openat(AT_FDCWD</tmp/a\\76b>, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3",
                "20  clone(child_stack=NULL, flags=SIGCHLD) = 23",
                "23  +++ exited with 0 +++",
                "20  execve(\"./z\", [\"./z\"], 0x1 /* 3 vars */) = 0",
                "20  openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3",
                "20  +++ exited with 0 +++");
        assertThat(r.ended).extracting(ProcessRecord::pid, ProcessRecord::exe).containsExactly(
                org.assertj.core.groups.Tuple.tuple(21, "/tmp/d/x"), // forked after its parent's directory was seen
                org.assertj.core.groups.Tuple.tuple(24, "/bin/true"), // ../bin//true from /usr
                org.assertj.core.groups.Tuple.tuple(22, "sub/y"), // its chdir came first: the directory of its exec is unknown
                org.assertj.core.groups.Tuple.tuple(23, "./w"), // an escaped directory (/tmp/a>b) is not decoded
                org.assertj.core.groups.Tuple.tuple(20, "./z")); // no -yy: no directory shown
        assertThat(r.log).contains("exec 20 ./x [./x]", "exec 20 ../bin//true [true]");
    }

    @Test
    void hostileExecTextNeverBreaksTracking() {
        Recorder r = run(
                "5  execve(\"/tmp/\\x4g\\\"x\\777\", [\"a\\\\\", \"unterminated], 0x1) = 0",
                "5  execve(\"\", [], NULL) = 0",
                "5  +++ exited with 0 +++");
        assertThat(r.ended).singleElement().satisfies(p -> assertThat(p.comm()).isEmpty());
    }

    /** Like the parser's cursor: one reused argument buffer, overwritten by the next line. */
    static final class ReusedArguments implements TraceEvent {
        final StringBuilder text = new StringBuilder();
        TraceEvent current;

        TraceEvent show(String line) {
            current = event(line);
            text.setLength(0);
            text.append(current.arguments());
            return this;
        }

        @Override public EventKind kind() { return current.kind(); }
        @Override public int pid() { return current.pid(); }
        @Override public long timestampNanos() { return current.timestampNanos(); }
        @Override public int syscall() { return current.syscall(); }
        @Override public boolean hasReturnValue() { return current.hasReturnValue(); }
        @Override public long returnValue() { return current.returnValue(); }
        @Override public int errno() { return current.errno(); }
        @Override public String errnoName() { return current.errnoName(); }
        @Override public long durationNanos() { return current.durationNanos(); }
        @Override public CharSequence arguments() { return text; }
        @Override public String signalName() { return current.signalName(); }
        @Override public int exitCode() { return current.exitCode(); }
        @Override public boolean coreDumped() { return current.coreDumped(); }
        @Override public boolean resumed() { return current.resumed(); }
        @Override public long lineNumber() { return current.lineNumber(); }
        @Override public TraceEvent snapshot() { return current.snapshot(); }
    }

    @Test
    void argvOfTheLastExecIsReportedAfterTheReusedArgumentTextMovedOn() {
        Recorder r = new Recorder();
        ProcessTracker t = ProcessTracker.builder(new CountingExtractor()).listener(new ProcessListener() {
            @Override
            public void ended(ProcessRecord p) {
                r.ended(p);
            }
        }).build();
        ReusedArguments cursor = new ReusedArguments();
        for (String line : new String[] {
            "7  execve(\"/bin/sh\", [\"sh\", \"-c\", \"x\"], 0x7ffc /* 3 vars */) = 0",
            "7  execve(\"/usr/bin/env\", [\"env\", \"a\\\"b\", \"\\x41\"], 0x7ffc /* 3 vars */) = 0",
            "7  openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY) = 3",
            "7  write(1, \"[\\\"fake\\\"]\", 8) = 8"}) {
            t.accept(cursor.show(line));
        }
        assertThat(t.find(7).argv()).containsExactly("env", "a\"b", "A");
        t.accept(cursor.show("7  +++ exited with 0 +++"));
        assertThat(r.ended).singleElement().satisfies(p -> {
            assertThat(p.exe()).isEqualTo("/usr/bin/env");
            assertThat(p.comm()).isEqualTo("env");
            assertThat(p.argv()).containsExactly("env", "a\"b", "A");
        });
    }

    @Test
    void anExecWithoutStringsKeepsTheProgramOfTheExecBeforeIt() {
        Recorder r = run(
                "8  execve(\"/usr/bin/sleep\", [\"sleep\", \"1\"], 0x7ffc /* 3 vars */) = 0",
                "8  execve(0x55d0, NULL, NULL) = 0",
                "8  +++ exited with 0 +++");
        assertThat(r.log).containsExactly("start 8 ppid=0 comm=sleep", "exec 8 /usr/bin/sleep [sleep, 1]",
                "exec 8 /usr/bin/sleep [sleep, 1]", "end 8 EXITED");
        ProcessTracker t = ProcessTracker.of(new CountingExtractor()); // no listener: nothing decoded until asked
        t.accept(event("8  execve(\"/usr/bin/sleep\", [\"sleep\", \"1\"], 0x7ffc /* 3 vars */) = 0"));
        t.accept(event("8  execve(0x55d0, NULL, NULL) = 0"));
        assertThat(t.find(8).exe()).isEqualTo("/usr/bin/sleep");
    }

    @Test
    void aChildForkedAfterSeveralExecsInheritsTheLastOne() {
        ProcessTracker t = ProcessTracker.of(new CountingExtractor());
        t.accept(event("9  execve(\"/bin/a\", [\"a\"], 0x1 /* 1 var */) = 0"));
        t.accept(event("9  execve(\"/bin/b\", [\"b\", \"-x\"], 0x1 /* 1 var */) = 0"));
        t.accept(event("9  fork() = 10"));
        t.accept(event("9  execve(\"/bin/c\", [\"c\"], 0x1 /* 1 var */) = 0"));
        assertThat(t.find(10).exe()).isEqualTo("/bin/b");
        assertThat(t.find(10).argv()).containsExactly("b", "-x");
        assertThat(t.find(9).comm()).isEqualTo("c");
    }

    @Test
    void anExecTextTooLongToKeepIsDecodedAtOnce() {
        String arg = "y".repeat(5000);
        ProcessTracker t = ProcessTracker.of(new CountingExtractor());
        t.accept(event("11  execve(\"/bin/long\", [\"long\", \"" + arg + "\"], 0x1 /* 1 var */) = 0"));
        assertThat(t.find(11).argv()).containsExactly("long", arg);
    }

    @Test
    void cloneFlagsCountOnlyAsWholeWords() {
        ProcessTracker t = ProcessTracker.of(new CountingExtractor());
        t.accept(event("20  getpid() = 20"));
        t.accept(event("20  fork() = 21"));
        // CLONE_PARENT_SETTID is not CLONE_PARENT, CLONE_THREADS is not CLONE_THREAD
        t.accept(event("21  clone(child_stack=NULL, flags=CLONE_PARENT_SETTID|CLONE_THREADS|SIGCHLD) = 22"));
        assertThat(t.find(22).pid()).isEqualTo(22);
        assertThat(t.find(22).ppid()).isEqualTo(21);
        t.accept(event("21  clone(child_stack=NULL, flags=CLONE_VM|CLONE_PARENT|SIGCHLD) = 23"));
        assertThat(t.find(23).ppid()).isEqualTo(20);
        t.accept(event("21  clone(child_stack=NULL, flags=CLONE_VM|CLONE_THREAD|CLONE_SIGHAND) = 24"));
        assertThat(t.find(24).pid()).isEqualTo(21);
    }
}
