package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.FeatureAccumulator;
import io.procguard.core.FeatureVector;
import io.procguard.core.ImmutableTraceEvent;
import io.procguard.core.Syscalls;
import io.procguard.core.process.ProcessRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ind.*} features on real strace runs: each fires on the behaviour and stays quiet on the
 * benign program that looks most like it (FEATURES.md lists both).
 */
class IndicatorFeaturesTest {
    private final BehaviourFeatures features = new BehaviourFeatures();

    @TempDir
    Path dir;

    @Test
    void encryptAndReplaceIsAMassRewriteButGzipAndSedOfTheSameTreeAreNot() throws Exception {
        StraceRuns.assumeStrace();
        Path victims = tree("victims");
        Path zipped = tree("zipped");
        Path edited = tree("edited");
        String ransom = "import os,sys\n"
                + "for n in sorted(os.listdir(sys.argv[1])):\n"
                + "    p=os.path.join(sys.argv[1],n); d=open(p,'rb').read()\n"
                + "    open(p+'.locked','wb').write(bytes(b^90 for b in d)); os.unlink(p)\n";
        ProcessRecord python = only(run("/usr/bin/python3", "-c", ransom, victims.toString()), "python3");
        assertThat(python.features().get("ind.mass_rewrite")).isEqualTo(1f);
        assertThat(python.features().get("ind.any")).isEqualTo(1f);

        ProcessRecord gzip = only(run("/bin/gzip", "-r", zipped.toString()), "gzip");
        assertThat(gzip.features().get("file.unlink_rate")).as("gzip deletes the originals too").isPositive();
        assertThat(gzip.features().get("ind.mass_rewrite")).isZero();

        List<String> sed = new java.util.ArrayList<>(List.of("/bin/sed", "-i", "s/a/b/"));
        try (var files = Files.list(edited)) {
            files.sorted().forEach(f -> sed.add(f.toString()));
        }
        ProcessRecord sedRow = only(run(sed.toArray(new String[0])), "sed");
        assertThat(sedRow.features().get("file.rename_rate")).as("sed -i renames its temporaries over the originals").isPositive();
        assertThat(sedRow.features().get("ind.mass_rewrite")).as("renaming its own temporaries destroys nothing").isZero();
        assertThat(sedRow.features().get("ind.any")).isZero();
    }

    @Test
    void readingShadowIsCredentialAccessForCatButNotForPasswd() throws Exception {
        StraceRuns.assumeStrace();
        List<ProcessRecord> ps = run("/bin/sh", "-c", "cat /etc/shadow > /dev/null; passwd -S root > /dev/null");
        ProcessRecord cat = only(ps, "cat");
        assertThat(cat.features().get("ind.credential_read")).isEqualTo(1f);
        assertThat(cat.features().get("ind.max_severity")).isEqualTo(3f);
        ProcessRecord passwd = only(ps, "passwd");
        assertThat(passwd.features().get("path.shadow_read")).as("passwd reads the shadow file").isEqualTo(1f);
        assertThat(passwd.features().get("ind.credential_read")).as("it is its job").isZero();
    }

    @Test
    void forksWithoutExecTwoGenerationsDeepAreAForkStormButAScriptsChildrenAreNot() throws Exception {
        StraceRuns.assumeStrace();
        List<ProcessRecord> bomb = run("/bin/bash", "-c",
                "f() { [ $1 -gt 0 ] || { sleep 0.05; return; }; f $(($1 - 1)) & f $(($1 - 1)) & wait; }; f 3");
        Set<Integer> generations = new TreeSet<>();
        for (ProcessRecord p : bomb) {
            if (p.comm().equals("bash")) {
                generations.add((int) p.features().get("proc.fork_generation"));
            } else {
                assertThat(p.features().get("proc.fork_generation")).as("an exec resets the generation").isZero();
            }
        }
        assertThat(generations).contains(0, 1, 2, 3);
        assertThat(bomb).filteredOn(p -> p.features().get("proc.fork_generation") >= 2)
                .isNotEmpty().allSatisfy(p -> assertThat(p.features().get("ind.fork_storm")).isEqualTo(1f));

        List<ProcessRecord> script = run("/bin/bash", "-c", "for i in 1 2 3 4 5; do ls / > /dev/null; done; x=$(ls / | wc -l)");
        assertThat(script).allSatisfy(p -> assertThat(p.features().get("ind.fork_storm")).as(p.comm()).isZero());
    }

    @Test
    void wipingAHistoryIsLogTamperingButAppendingToItIsNot() throws Exception {
        StraceRuns.assumeStrace();
        Path history = dir.resolve(".bash_history");
        Files.writeString(history, "ls\nid\n");
        List<ProcessRecord> ps = run("/bin/sh", "-c", "echo whoami >> '" + history + "'; truncate -s 0 '" + history + "'");
        assertThat(only(ps, "truncate").features().get("ind.log_tamper")).isEqualTo(1f);
        assertThat(only(ps, "sh").features().get("ind.log_tamper")).as("appending is how history grows").isZero();
    }

    @Test
    void runningAHiddenCopyUnderAKernelThreadNameIsStagedAndMasquerading() throws Exception {
        StraceRuns.assumeStrace();
        Path hidden = dir.resolve(".cache-update");
        List<ProcessRecord> ps = run("/bin/bash", "-c", "cp /bin/true '" + hidden + "' && exec -a '[kworker/0:1]' '" + hidden + "'");
        ProcessRecord implant = only(ps, ".cache-update");
        assertThat(implant.features().get("ind.staged_exec")).isEqualTo(1f);
        assertThat(implant.features().get("ind.masquerade")).isEqualTo(1f);
        assertThat(implant.features().get("ind.count")).isEqualTo(2f);
        assertThat(only(ps, "cp").features().get("ind.any")).isZero();
    }

    @Test
    void deniedPrivilegeChangesInjectionAndScansFireAndTheAggregatesSumThem() {
        FeatureAccumulator acc = features.newAccumulator();
        acc.accept(ImmutableTraceEvent.syscall(7, Syscalls.SETUID, "0", -1, "EPERM"));
        acc.accept(ImmutableTraceEvent.syscall(7, Syscalls.PTRACE, "PTRACE_ATTACH, 99", -1, "EPERM"));
        for (int port = 1000; port < 1030; port++) {
            acc.accept(ImmutableTraceEvent.syscall(7, Syscalls.CONNECT,
                    "3, {sa_family=AF_INET, sin_port=htons(" + port + "), sin_addr=inet_addr(\"127.0.0.1\")}, 16", -1, "ECONNREFUSED"));
        }
        FeatureVector v = acc.snapshot();
        assertThat(v.get("ind.setid_attempt")).isEqualTo(1f);
        assertThat(v.get("ind.injection")).isEqualTo(1f);
        assertThat(v.get("ind.port_scan")).isEqualTo(1f);
        assertThat(v.get("ind.count")).isEqualTo(3f);
        assertThat(v.get("ind.max_severity")).isEqualTo(3f);
        assertThat(v.get("ind.any")).isEqualTo(1f);

        FeatureAccumulator quiet = features.newAccumulator();
        quiet.accept(ImmutableTraceEvent.syscall(8, Syscalls.SETUID, "0", 0, null));
        quiet.accept(ImmutableTraceEvent.syscall(8, Syscalls.PTRACE, "PTRACE_TRACEME", 0, null));
        for (int port = 1000; port < 1005; port++) {
            quiet.accept(ImmutableTraceEvent.syscall(8, Syscalls.CONNECT,
                    "3, {sa_family=AF_INET, sin_port=htons(" + port + "), sin_addr=inet_addr(\"127.0.0.1\")}, 16", 0, null));
        }
        FeatureVector q = quiet.snapshot();
        for (Feature f : BehaviourFeatures.INDICATORS) {
            assertThat(q.get(f.id())).as(f.id()).isZero();
        }
        assertThat(q.get("ind.count")).isZero();
        assertThat(q.get("ind.max_severity")).isZero();
    }

    @Test
    void aForkedChildInheritsTheGenerationAndTheParentsFiles() {
        FeatureAccumulator parent = features.newAccumulator();
        parent.accept(ImmutableTraceEvent.syscall(7, Syscalls.OPENAT,
                "AT_FDCWD</srv>, \"/srv/payload\", O_WRONLY|O_CREAT|O_TRUNC, 0600", 3, null));
        FeatureAccumulator child = features.newAccumulator(parent);
        FeatureAccumulator grandchild = features.newAccumulator(child);
        assertThat(child.snapshot().get("proc.fork_generation")).isEqualTo(1f);
        assertThat(grandchild.snapshot().get("ind.fork_storm")).isEqualTo(1f);
        child.accept(ImmutableTraceEvent.syscall(8, Syscalls.EXECVE, "\"/srv/payload\", [\"payload\"], 0x7ffd /* 3 vars */", 0, null));
        FeatureVector v = child.snapshot();
        assertThat(v.get("ind.staged_exec")).as("exec of the file its parent wrote").isEqualTo(1f);
        assertThat(v.get("proc.fork_generation")).as("exec resets the generation").isZero();
    }

    private Path tree(String name) throws Exception {
        Path d = Files.createDirectory(dir.resolve(name));
        for (int i = 0; i < 12; i++) {
            Files.writeString(d.resolve("doc" + i + ".txt"), "quarterly report " + i + " ".repeat(i * 40) + "alpha\n");
        }
        return d;
    }

    private List<ProcessRecord> run(String... command) throws Exception {
        Path log = StraceRuns.trace(dir, StraceRuns.RECOMMENDED, command);
        return StraceRuns.processes(log, features);
    }

    private static ProcessRecord only(List<ProcessRecord> ps, String comm) {
        List<ProcessRecord> matching = ps.stream().filter(p -> p.comm().equals(comm)).toList();
        assertThat(matching).as("processes named " + comm + " in " + ps.stream().map(ProcessRecord::comm).toList()).hasSize(1);
        return matching.get(0);
    }
}
