package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.core.process.ProcessRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema 21's sweep of hiding, wiping, hunting and privilege spellings (FEATURES.md "Schema 21"), each on a real strace
 * run beside the benign program most like it. Nothing here changes the machine: the mount happens in a private mount
 * namespace, the kernel log is cleared (and refused) as nobody, every file lies in the test's directory.
 */
class EvasionSpellingsTest {
    private static final String AS_NOBODY = "/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups ";

    private final BehaviourFeatures features = new BehaviourFeatures();

    @TempDir
    Path dir;

    @BeforeEach
    void needsStrace() {
        StraceRuns.assumeStrace();
    }

    private List<ProcessRecord> run(String script) throws Exception {
        Path log = StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/bin/sh", "-c", "cd '" + dir + "' && " + script);
        return StraceRuns.processes(log, features);
    }

    /**
     * Runs {@code commands} with copies of {@code true} named {@code names} (space-separated) in {@code bin/}: only the
     * command lines count, nothing is touched.
     *
     * @return the processes of those copies, in the order they ended
     */
    private List<ProcessRecord> runTools(String names, String commands) throws Exception {
        List<ProcessRecord> ps = run("mkdir bin && for t in " + names + "; do cp /bin/true bin/$t; done && " + commands);
        return ps.stream().filter(p -> p.argv().get(0).startsWith("bin/")).toList();
    }

    /**
     * Runs {@code script} with {@code sh -c} in a mount namespace of its own (its mounts vanish with it; files it writes
     * through them land in the test's directory), after {@code prepare} outside it; skipped where unshare is missing.
     */
    private List<ProcessRecord> inMountNamespace(String prepare, String script) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "no unshare (util-linux) here");
        return run((prepare.isEmpty() ? "" : prepare + " && ") + "/usr/bin/unshare -m /bin/sh -c '" + script + "'");
    }

    private static ProcessRecord named(List<ProcessRecord> ps, String comm) {
        return ps.stream().filter(p -> p.comm().equals(comm)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + comm + " among " + ps.stream().map(ProcessRecord::comm).toList()));
    }

    @Test
    void aBindMountOverAProcessesProcDirectoryHidesIt() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "no unshare (util-linux) here");
        // in a mount namespace of its own: ps there no longer lists PID 1; outside, nothing changed
        List<ProcessRecord> ps = run("mkdir -p empty other && /usr/bin/unshare -m /bin/sh -c "
                + "'mount --bind empty /proc/1 && mount --bind empty other && ls /proc/1 | wc -l > out.txt'");

        assertThat(Files.readString(dir.resolve("out.txt")).strip()).isEqualTo("0");
        List<ProcessRecord> mounts = ps.stream().filter(p -> p.comm().equals("mount")).toList();
        assertThat(mounts).hasSize(2);
        assertThat(mounts.get(0).features().get("ind.masquerade")).as("over /proc/1").isEqualTo(1f);
        assertThat(mounts.get(1).features().get("ind.masquerade")).as("over a directory of its own").isZero();
    }

    /** Schema 22: more places whose contents root runs at an event (FEATURES.md "Schema 22"), written in a private mount namespace. */
    @Test
    void anAptHookAPamExecLineAndALoginEnvironmentArePersistenceButAnAptSourceIsNot() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "no unshare (util-linux) here");
        for (String d : List.of("/etc/apt/apt.conf.d", "/etc/pam.d", "/etc/apt/sources.list.d")) {
            assumeTrue(Files.isDirectory(Path.of(d)), "no " + d + " here");
        }
        assumeTrue(Files.isRegularFile(Path.of("/etc/environment")), "no /etc/environment here");
        // tmpfs over the directories and a copy bound over /etc/environment: the writes land in this namespace only
        List<ProcessRecord> ps = run("cp /etc/environment env && /usr/bin/unshare -m /bin/sh -c '"
                + "mount -t tmpfs none /etc/apt/apt.conf.d && mount -t tmpfs none /etc/pam.d && mount -t tmpfs none /etc/apt/sources.list.d"
                + " && mount --bind env /etc/environment"
                + " && /bin/sh -c \"echo APT::Update::Pre-Invoke /tmp/x > /etc/apt/apt.conf.d/99hook\""
                + " && /bin/sh -c \"echo session optional pam_exec.so /tmp/x > /etc/pam.d/sshd-extra\""
                + " && /bin/sh -c \"echo LD_PRELOAD=/tmp/x.so >> /etc/environment\""
                + " && /bin/sh -c \"echo deb http://example.org/ x main > /etc/apt/sources.list.d/x.list\"'");

        assertThat(Files.readString(dir.resolve("env"))).as("the copy took the line; /etc/environment did not").contains("LD_PRELOAD=/tmp/x.so");
        assertThat(Files.readString(Path.of("/etc/environment"))).doesNotContain("LD_PRELOAD=/tmp/x.so");
        for (String target : List.of("/etc/apt/apt.conf.d/99hook", "/etc/pam.d/sshd-extra", "/etc/environment")) {
            assertThat(writer(ps, target).features().get("ind.persistence")).as(target).isEqualTo(1f);
        }
        assertThat(writer(ps, "/etc/apt/sources.list.d/x.list").features().get("ind.persistence")).as("an APT source").isZero();
    }

    private static ProcessRecord writer(List<ProcessRecord> ps, String target) {
        return ps.stream().filter(p -> p.argv().size() == 3 && p.argv().get(2).endsWith(target)).findFirst()
                .orElseThrow(() -> new AssertionError("no sh -c '... " + target + "' among " + ps.stream().map(ProcessRecord::argv).toList()));
    }

    /**
     * Schema 22: turning the host's logging or defenses off. The tools are copies of {@code true} under their names in a
     * private directory: what counts is the command line, and no real service is touched.
     */
    @Test
    void stoppingAuditingOrLoggingIsLogTamperingButRestartingItIsNot() throws Exception {
        List<ProcessRecord> tools = runTools("systemctl setenforce pkill", "bin/systemctl stop auditd && bin/setenforce 0"
                + " && bin/pkill -9 falco && bin/systemctl restart rsyslog && bin/systemctl stop nginx");

        assertThat(tools).extracting(p -> String.join(" ", p.argv())).containsExactly("bin/systemctl stop auditd",
                "bin/setenforce 0", "bin/pkill -9 falco", "bin/systemctl restart rsyslog", "bin/systemctl stop nginx");
        assertThat(tools).extracting(p -> p.features().get("ind.log_tamper")).containsExactly(1f, 1f, 1f, 0f, 0f);
        assertThat(tools.get(0).evidence()).anySatisfy(l -> assertThat(l).startsWith("execve(\"bin/systemctl\", [\"bin/systemctl\", \"stop\", \"auditd\"]"));
    }

    /** Schema 22: reaching for the host through a container runtime or namespaces; the tools are copies of {@code true}. */
    @Test
    void aWritableHostRootInAContainerOrNsenterIntoPid1IsAPrivilegeAttemptButAReadOnlyOneIsNot() throws Exception {
        List<ProcessRecord> tools = runTools("docker nsenter", "bin/docker run -v /:/host --rm alpine chroot /host sh"
                + " && bin/nsenter -t 1 -m -u -i -n sh && bin/docker run -v /:/host:ro,rslave prom/node-exporter"
                + " && bin/nsenter -t 1 -n ip addr");

        assertThat(tools).hasSize(4);
        assertThat(tools).extracting(p -> p.features().get("ind.setid_attempt")).containsExactly(1f, 1f, 0f, 0f);
    }

    /**
     * Schema 43: a child cloned with {@code CLONE_UNTRACED} is one no tracer may follow, so under {@code strace -f} it
     * runs unseen (here: it writes a file the trace never shows). Its parent's clone is the only trace of it. The twin
     * forks the same way without the flag.
     */
    @Test
    void aChildClonedOutOfTheTracersReachIsEvasionButAnOrdinaryForkIsNot() throws Exception {
        StraceRuns.assumePython();
        String clone = "import ctypes, os, sys\n"
                + "libc = ctypes.CDLL(None, use_errno=True)\n"
                + "flags = (0x00800000 if sys.argv[1] == 'untraced' else 0) | 17  # CLONE_UNTRACED | SIGCHLD\n"
                + "pid = libc.syscall(56, flags, 0, 0, 0, 0)  # raw clone: a fork, with or without the flag\n"
                + "if pid == 0:\n"
                + "    open(sys.argv[1] + '.txt', 'w').write('unseen?')\n"
                + "    os._exit(0)\n"
                + "os.waitpid(pid, 0)\n";
        Files.writeString(dir.resolve("clone.py"), clone);
        Path log = StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/bin/sh", "-c",
                "cd '" + dir + "' && " + TrainedModels.PYTHON + " clone.py untraced; " + TrainedModels.PYTHON + " clone.py traced");
        List<ProcessRecord> ps = StraceRuns.processes(log, features);
        assertThat(dir.resolve("untraced.txt")).as("the untraced child ran").exists();
        assertThat(Files.readString(log)).contains("CLONE_UNTRACED").doesNotContain("untraced.txt").contains("traced.txt");
        List<ProcessRecord> pythons = ps.stream().filter(p -> p.argv().size() == 3 && p.argv().get(1).equals("clone.py")).toList();
        assertThat(pythons).extracting(p -> p.argv().get(2)).containsOnly("untraced", "traced").contains("untraced", "traced");
        // the untraced child may have a record of its own (the clone's return value names it) but no event of its own
        List<ProcessRecord> untraced = pythons.stream().filter(p -> p.argv().get(2).equals("untraced")).toList();
        List<Integer> untracedPids = untraced.stream().map(ProcessRecord::pid).toList();
        assertThat(untraced).filteredOn(p -> !untracedPids.contains(p.ppid())).as("clone(CLONE_UNTRACED)")
                .singleElement().satisfies(p -> assertThat(p.features().get("ind.log_tamper")).isEqualTo(1f));
        assertThat(untraced).filteredOn(p -> untracedPids.contains(p.ppid())).as("the child nobody traced")
                .allSatisfy(p -> assertThat(p.eventCount()).isZero());
        assertThat(pythons).filteredOn(p -> p.argv().get(2).equals("traced")).as("forks without it")
                .extracting(p -> p.features().get("ind.log_tamper")).containsOnly(0f);
    }

    /** Schema 43: copies of {@code true} named like kernel threads, as miners name themselves, beside ordinary names. */
    @Test
    void aProgramNamedLikeAKernelThreadIsMasqueradingButKubeletIsNot() throws Exception {
        List<ProcessRecord> tools = runTools("kworker kdevtmpfsi kswapd0 kubelet kernel-install kwrite",
                "bin/kworker; bin/kdevtmpfsi; bin/kswapd0; bin/kubelet; bin/kernel-install; bin/kwrite");
        assertThat(tools).extracting(ProcessRecord::comm)
                .containsExactly("kworker", "kdevtmpfsi", "kswapd0", "kubelet", "kernel-install", "kwrite");
        assertThat(tools).extracting(p -> p.features().get("ind.masquerade")).containsExactly(1f, 1f, 1f, 0f, 0f, 0f);
    }

    /**
     * Schema 49: a program named like a system daemon, run from a hidden directory, poses as that daemon;
     * the same names in an ordinary directory (a daemon built from source and run from its tree) and other names in a
     * hidden one do not.
     */
    @Test
    void aProgramNamedLikeADaemonInAHiddenDirectoryIsMasqueradingButInAnOrdinaryOneIsNot() throws Exception {
        List<ProcessRecord> ps = run("mkdir -p .cache/x build && for t in sshd crond systemd-journald; do cp /bin/true .cache/x/$t;"
                + " cp /bin/true build/$t; done && cp /bin/true .cache/x/helper"
                + " && .cache/x/sshd && .cache/x/crond && $PWD/.cache/x/systemd-journald && build/sshd && build/crond && .cache/x/helper");
        List<ProcessRecord> tools = ps.stream().filter(p -> p.argv().size() == 1 && (p.argv().get(0).contains(".cache/")
                || p.argv().get(0).startsWith("build/"))).toList();
        assertThat(tools).extracting(ProcessRecord::comm).containsExactly("sshd", "crond", "systemd-journal", "sshd", "crond", "helper");
        assertThat(tools).extracting(p -> p.features().get("ind.masquerade")).as("hidden x3, build tree x2, another name")
                .containsExactly(1f, 1f, 1f, 0f, 0f, 0f);
        assertThat(tools.get(0).evidence()).anySatisfy(l -> assertThat(l).startsWith("a daemon's name where no daemon is installed: ")
                .endsWith(".cache/x/sshd\""));
    }

    /**
     * Schema 50: a program started under a daemon's name it does not have ({@code exec -a}) poses as that daemon; a
     * daemon started under another daemon's name and busybox acting as the applet its argv[0] names do not.
     */
    @Test
    void aProgramStartedUnderADaemonsNameIsMasqueradingButADaemonOrBusyboxIsNot() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash here (exec -a)");
        String busybox = Files.isExecutable(Path.of("/bin/busybox")) ? "/bin/busybox" : Files.isExecutable(Path.of("/usr/bin/busybox"))
                ? "/usr/bin/busybox" : null;
        List<ProcessRecord> ps = run("mkdir bin && cp /bin/true bin/miner && cp /bin/true bin/nginx"
                + " && /bin/bash -c 'exec -a sshd bin/miner'; /bin/bash -c 'exec -a /usr/sbin/crond bin/miner'; bin/miner"
                + "; /bin/bash -c 'exec -a httpd bin/nginx'"
                + (busybox == null ? "" : "; /bin/bash -c 'exec -a crond " + busybox + " true'") + "; true");
        List<ProcessRecord> started = ps.stream().filter(p -> p.exe() != null && (p.exe().endsWith("/bin/miner") || p.exe().endsWith("/bin/nginx")
                || p.exe().endsWith("/busybox"))).toList();
        assertThat(started).extracting(p -> p.argv().get(0))
                .containsExactlyElementsOf(busybox == null ? List.of("sshd", "/usr/sbin/crond", "bin/miner", "httpd")
                        : List.of("sshd", "/usr/sbin/crond", "bin/miner", "httpd", "crond"));
        assertThat(started).extracting(p -> p.features().get("ind.masquerade")).as("sshd, crond, its own name, a daemon, busybox")
                .containsExactlyElementsOf(busybox == null ? List.of(1f, 1f, 0f, 0f) : List.of(1f, 1f, 0f, 0f, 0f));
        assertThat(started.get(0).evidence()).anySatisfy(l -> assertThat(l).startsWith("started as \"sshd\", a daemon's name, but it is "));
    }

    @Test
    void clearingTheKernelLogIsLogTamperingEvenWhenRefused() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "no setpriv (util-linux) here");
        List<ProcessRecord> ps = run(AS_NOBODY + "dmesg -C; true");
        assertThat(named(ps, "dmesg").features().get("ind.log_tamper")).as("dmesg -C as nobody").isEqualTo(1f);

        ps = run(AS_NOBODY + "dmesg > /dev/null; true");
        assertThat(named(ps, "dmesg").features().get("ind.log_tamper")).as("reading it").isZero();
    }

    @Test
    void aRefusedTruncationOfALogIsAnAttemptToWipeItButARefusedAppendIsNot() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "no setpriv (util-linux) here");
        // as nobody /var/log is not writable: both opens are refused and nothing is created
        List<ProcessRecord> ps = run(AS_NOBODY + "/bin/sh -c ': > /var/log/procguard-test-absent.log'; "
                + AS_NOBODY + "/bin/sh -c 'echo x >> /var/log/procguard-test-absent.log'; true");

        List<ProcessRecord> truncating = ps.stream().filter(p -> p.argv().equals(List.of("/bin/sh", "-c", ": > /var/log/procguard-test-absent.log"))).toList();
        List<ProcessRecord> appending = ps.stream().filter(p -> p.argv().equals(List.of("/bin/sh", "-c", "echo x >> /var/log/procguard-test-absent.log"))).toList();
        assertThat(truncating).singleElement().satisfies(p -> assertThat(p.features().get("ind.log_tamper")).as(": > log").isEqualTo(1f));
        assertThat(appending).singleElement().satisfies(p -> assertThat(p.features().get("ind.log_tamper")).as("echo >> log").isZero());
        assertThat(Path.of("/var/log/procguard-test-absent.log")).doesNotExist();
    }

    @Test
    void aLibraryPreloadedFromTmpIsStagedUnlessTheFamilyBuiltIt() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "no gcc here");
        Files.writeString(dir.resolve("x.c"), "int x = 1;\n");
        Process gcc = new ProcessBuilder("/usr/bin/gcc", "-shared", "-fPIC", "-o", "dropped.so", "x.c").directory(dir.toFile())
                .inheritIO().start();
        assertThat(gcc.waitFor()).isZero();
        assumeTrue(dir.startsWith("/tmp/"), "the test directory is not under /tmp: " + dir);

        List<ProcessRecord> ps = run("LD_PRELOAD=$PWD/dropped.so /bin/true");
        assertThat(named(ps, "true").features().get("ind.staged_exec")).as("a library someone left in /tmp").isEqualTo(1f);

        ps = run("/usr/bin/gcc -shared -fPIC -o built.so x.c && LD_PRELOAD=$PWD/built.so /bin/true");
        assertThat(named(ps, "true").features().get("ind.staged_exec")).as("what its family's linker wrote").isZero();
    }

    @Test
    void anArchiverThatEncryptsAndDeletesTheOriginalsIsAMassRewrite() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/zip")), "no zip here");
        documents("d"); // someone else's files: made before the trace
        List<ProcessRecord> ps = run("cd d && zip -q -m -P secret ../locked.zip f*.txt && ls | wc -l > ../out.txt");
        assertThat(Files.readString(dir.resolve("out.txt")).strip()).isEqualTo("0");
        assertThat(named(ps, "zip").features().get("ind.mass_rewrite")).as("zip -m -P").isEqualTo(1f);

        documents("e");
        documents("g");
        ps = run("cd e && zip -q -m ../moved.zip f*.txt && cd ../g && zip -q -P secret ../kept.zip f*.txt");
        assertThat(ps.stream().filter(p -> p.comm().equals("zip")).toList()).hasSize(2)
                .allSatisfy(p -> assertThat(p.features().get("ind.mass_rewrite")).as("zip -m alone, zip -P alone").isZero());
    }

    private void documents(String name) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        for (int i = 1; i <= 10; i++) {
            Files.writeString(d.resolve("f" + i + ".txt"), "document " + i + "\n");
        }
    }

    @Test
    void aWalkThroughAKeyStoreIsNoCredentialReadButReadingAKeyIs() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("home/.gnupg/private-keys-v1.d"));
        Files.writeString(keys.resolve("A1.key"), "(private-key)\n");
        List<ProcessRecord> ps = run("find home -name nothing; cat home/.gnupg/private-keys-v1.d/A1.key > /dev/null");

        assertThat(named(ps, "find").features().get("ind.credential_read")).as("find lists the directory").isZero();
        assertThat(named(ps, "cat").features().get("ind.credential_read")).as("cat reads a key").isEqualTo(1f);
    }

    @Test
    void findHuntingPrivateKeysByNameIsDiscovery() throws Exception {
        List<ProcessRecord> ps = run("find . -name id_rsa; find . -name '*.txt'");

        List<ProcessRecord> finds = ps.stream().filter(p -> p.comm().equals("find")).toList();
        assertThat(finds).hasSize(2);
        assertThat(finds.get(0).features().get("ind.recon")).as("-name id_rsa").isEqualTo(1f);
        assertThat(finds.get(1).features().get("ind.recon")).as("-name '*.txt'").isZero();
    }

    @Test
    void aUsersInterpreterThatMakesItselfRootHasEscalated() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "setcap needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "no setpriv (util-linux) here");
        java.util.Optional<Path> setcap = java.util.stream.Stream.of("/usr/sbin/setcap", "/sbin/setcap").map(Path::of)
                .filter(Files::isExecutable).findFirst();
        assumeTrue(setcap.isPresent(), "no setcap here (libcap2-bin)");
        StraceRuns.assumePython();
        // GTFOBins' capabilities entry: a python3 given cap_setuid, run by nobody, calls setuid(0) and is root
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path python = bin.resolve("python3");
        Files.copy(TrainedModels.PYTHON.toRealPath(), python);
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(bin, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Process p = new ProcessBuilder(setcap.get().toString(), "cap_setuid+ep", python.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        List<ProcessRecord> ps = run(AS_NOBODY + python + " -c 'import os; os.setuid(0); print(os.getuid())' > out.txt; "
                + AS_NOBODY + TrainedModels.PYTHON + " -c 'import os; os.setuid(os.getuid())'");

        assertThat(Files.readString(dir.resolve("out.txt")).strip()).as("it became root").isEqualTo("0");
        List<ProcessRecord> pythons = ps.stream().filter(r -> r.comm().startsWith("python")).toList();
        assertThat(pythons).hasSize(2);
        assertThat(pythons.get(0).features().get("ind.setid_attempt")).as("setuid(0) done by nobody's python").isEqualTo(1f);
        assertThat(pythons.get(1).features().get("ind.setid_attempt")).as("setuid to its own uid").isZero();
    }

    /**
     * Schema 29: {@code chattr} making a planted cron job immutable (what Kinsing-style miners do so that an admin's
     * {@code rm} fails), taking the immutable flag off the account database before an edit, and taking the append-only
     * flag off a log, beside the same flags on a file of no interest and {@code chattr +a} protecting a log. In a private
     * mount namespace: tmpfs over {@code /etc/cron.d} and {@code /var/log}, a copy of {@code /etc/passwd} bound over it;
     * every flag set is taken off again.
     */
    @Test
    void chattrLockingACronJobOrUnlockingAccountsOrALogIsTamperingButOnAnOrdinaryFileIsNot() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chattr")), "no chattr (e2fsprogs) here");
        assumeTrue(Files.isDirectory(Path.of("/etc/cron.d")), "no /etc/cron.d here");
        List<ProcessRecord> ps = inMountNamespace("cp /etc/passwd pw && echo x > notes", "mount -t tmpfs none /etc/cron.d && mount -t tmpfs none /var/log && mount --bind pw /etc/passwd"
                + " && echo \"* * * * * root /tmp/.x\" > /etc/cron.d/job && echo started > /var/log/app.log"
                + " && chattr +i /etc/cron.d/job && chattr -i /etc/cron.d/job"
                + " && chattr -i /etc/passwd && chattr +i /etc/passwd && chattr -i /etc/passwd"
                + " && chattr +a /var/log/app.log && chattr -a /var/log/app.log"
                + " && chattr +i notes && chattr -i notes && lsattr notes > /dev/null");

        List<ProcessRecord> chattrs = ps.stream().filter(p -> p.comm().equals("chattr")).toList();
        assertThat(chattrs).extracting(p -> String.join(" ", p.argv())).containsExactly("chattr +i /etc/cron.d/job",
                "chattr -i /etc/cron.d/job", "chattr -i /etc/passwd", "chattr +i /etc/passwd", "chattr -i /etc/passwd",
                "chattr +a /var/log/app.log", "chattr -a /var/log/app.log", "chattr +i notes", "chattr -i notes");
        assertThat(chattrs).extracting(p -> p.features().get("ind.persistence")).as("ind.persistence")
                .containsExactly(1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f); // unlocking is what cleaning it up starts with
        assertThat(chattrs).extracting(p -> p.features().get("ind.account_tamper")).as("ind.account_tamper")
                .containsExactly(0f, 0f, 0f, 1f, 1f, 0f, 0f, 0f, 0f);
        assertThat(chattrs).extracting(p -> p.features().get("ind.log_tamper")).as("ind.log_tamper")
                .containsExactly(0f, 0f, 0f, 0f, 0f, 0f, 1f, 0f, 0f);
        assertThat(chattrs.get(0).evidence()).anySatisfy(l -> assertThat(l).contains("FS_IOC_SETFLAGS").contains("FS_IMMUTABLE_FL"));
        assertThat(ps.stream().filter(p -> p.comm().equals("lsattr")).findFirst().orElseThrow().features().get("ind.any")).isZero();
    }

    /**
     * Schema 32: a system program or PAM module replaced (a trojaned {@code sshd}, a backdoored {@code pam_unix.so}),
     * beside a tool installed into {@code /usr/local/bin} and a copy made by a process under a package tool (a stand-in
     * script named {@code dpkg}). In a private mount namespace: empty directories bound over {@code /usr/sbin} and the
     * PAM module directory, tmpfs over {@code /usr/local/bin}.
     */
    @Test
    void replacingASystemProgramOrPamModuleIsPersistenceButUsrLocalOrAPackageIsNot() throws Exception {
        String pam = "/usr/lib/x86_64-linux-gnu/security";
        assumeTrue(Files.isDirectory(Path.of(pam)) && Files.isDirectory(Path.of("/usr/local/bin")), "no " + pam + " or /usr/local/bin here");
        List<ProcessRecord> ps = inMountNamespace("mkdir sbin pam bin && printf '#!/bin/sh\\ncp /bin/true /usr/sbin/from-package\\n'"
                + " > bin/dpkg && chmod +x bin/dpkg", "mount --bind sbin /usr/sbin && mount --bind pam " + pam + " && mount -t tmpfs none /usr/local/bin"
                + " && cp /bin/true /usr/sbin/sshd && cp /bin/true " + pam + "/pam_unix.so && cp /bin/true /usr/local/bin/kubectl"
                + " && bin/dpkg");

        assertThat(Files.exists(dir.resolve("sbin/sshd"))).as("the copy landed in the namespace's directory").isTrue();
        List<ProcessRecord> copies = ps.stream().filter(p -> p.comm().equals("cp")).toList();
        assertThat(copies).extracting(p -> p.argv().get(2)).containsExactly("/usr/sbin/sshd", pam + "/pam_unix.so",
                "/usr/local/bin/kubectl", "/usr/sbin/from-package");
        assertThat(copies).extracting(p -> p.features().get("ind.persistence")).containsExactly(1f, 1f, 0f, 0f);
        assertThat(copies.get(0).evidence()).anySatisfy(l -> assertThat(l).contains("/usr/sbin/sshd"));
    }

    /** Schema 33: the host firewall emptied; the tools are copies of {@code true}, so no rule changes. */
    @Test
    void flushingTheWholeFirewallIsTurningADefenseOffButOneChainOrTableIsNot() throws Exception {
        List<ProcessRecord> tools = runTools("iptables ip6tables nft ufw", "bin/iptables -F && bin/ip6tables -w --flush"
                + " && bin/nft flush ruleset && bin/ufw --force reset && bin/iptables -t nat -F && bin/iptables -F DOCKER-USER"
                + " && bin/nft list ruleset && bin/ufw status && bin/iptables -L -n");

        assertThat(tools).hasSize(9);
        assertThat(tools).extracting(p -> p.features().get("ind.log_tamper")).as("ind.log_tamper")
                .containsExactly(1f, 1f, 1f, 1f, 0f, 0f, 0f, 0f, 0f);
    }

    /**
     * Schema 34: the ssh server's settings changed (root's password logins allowed, a second authorized-keys file), in a
     * private mount namespace whose {@code /etc} is an overlay: the writes land in the test's directory.
     */
    @Test
    void changingTheSshServersSettingsIsPersistenceButReadingThemIsNot() throws Exception {
        List<ProcessRecord> ps = inMountNamespace("mkdir upper work",
                "mount -t overlay overlay -o lowerdir=/etc,upperdir=upper,workdir=work /etc && mkdir -p /etc/ssh/sshd_config.d"
                + " && /bin/sh -c \"echo PermitRootLogin yes >> /etc/ssh/sshd_config\""
                + " && /bin/sh -c \"echo AuthorizedKeysFile .ssh/authorized_keys /var/tmp/.k > /etc/ssh/sshd_config.d/10-keys.conf\""
                + " && /bin/sh -c \"grep -c PermitRootLogin /etc/ssh/sshd_config > /dev/null\"");

        assertThat(Files.readString(dir.resolve("upper/ssh/sshd_config"))).as("the overlay took the line").contains("PermitRootLogin yes");
        for (String target : List.of("/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d/10-keys.conf")) {
            assertThat(writer(ps, target).features().get("ind.persistence")).as(target).isEqualTo(1f);
        }
        ProcessRecord reader = ps.stream().filter(p -> p.argv().size() == 3 && p.argv().get(2).startsWith("grep")).findFirst().orElseThrow();
        assertThat(reader.features().get("ind.persistence")).as("reading them").isZero();
    }

    /**
     * Schema 35, from a sweep of persistence spellings that ended BENIGN: a SysV runlevel link (XorDDoS), inittab, a
     * systemd sleep hook, dhclient's and polkit's hooks, PAM's environment, doas.conf, and a user's systemd units under
     * {@code ~/.local/share} and {@code environment.d}. Each written by its own {@code sh -c}, in a private mount
     * namespace whose {@code /etc} and {@code /usr/lib} are overlays; the home is the test's (made before the trace).
     */
    @Test
    void moreAutostartPlacesAreWrittenAsPersistence() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home/.config/environment.d"));
        Files.createDirectories(dir.resolve("home/.local/share/systemd/user"));
        List<String> targets = List.of("/etc/rc2.d/S90dbus-helper", "/etc/inittab", "/usr/lib/systemd/system-sleep/zz",
                "/etc/dhcp/dhclient-exit-hooks.d/zz", "/etc/polkit-1/rules.d/00-x.rules", "/etc/security/pam_env.conf",
                "/etc/doas.conf", home.getParent().getParent() + "/.local/share/systemd/user/x.service", home + "/90-x.conf",
                home.getParent().getParent() + "/.pam_environment");
        StringBuilder writes = new StringBuilder();
        for (String t : targets) {
            writes.append(" && mkdir -p ").append(t, 0, t.lastIndexOf('/')).append(" && /bin/sh -c \"echo x >> ").append(t).append('"');
        }
        List<ProcessRecord> ps = inMountNamespace("mkdir -p ue we uu wu", "mount -t overlay overlay -o lowerdir=/etc,upperdir=ue,workdir=we /etc"
                + " && mount -t overlay overlay -o lowerdir=/usr/lib,upperdir=uu,workdir=wu /usr/lib" + writes
                + " && /bin/sh -c \"echo x >> " + dir + "/notes.conf\"");

        for (String t : targets) {
            assertThat(writer(ps, t).features().get("ind.persistence")).as(t).isEqualTo(1f);
        }
        assertThat(writer(ps, dir + "/notes.conf").features().get("ind.persistence")).as("a file of no interest").isZero();
    }

    /** Schema 35: login records overwritten in place with {@code O_CREAT} and no {@code O_APPEND}; root's password emptied. */
    @Test
    void overwritingALoginRecordInPlaceIsLogTamperingAndEmptyingRootsPasswordIsAccountTampering() throws Exception {
        List<ProcessRecord> ps = inMountNamespace("", "mount -t tmpfs none /var/log && head -c 1152 /dev/urandom > /var/log/wtmp && cp /var/log/wtmp /var/log/lastlog"
                + " && dd if=/dev/zero of=/var/log/wtmp bs=384 seek=2 count=1 conv=notrunc 2>/dev/null"
                + " && /bin/sh -c \"printf x 1<> /var/log/lastlog\" && /bin/sh -c \"printf y >> /var/log/wtmp\"");
        assertThat(named(ps, "dd").features().get("ind.log_tamper")).as("dd conv=notrunc").isEqualTo(1f);
        assertThat(writer(ps, "1<> /var/log/lastlog").features().get("ind.log_tamper")).as("1<>").isEqualTo(1f);
        assertThat(writer(ps, ">> /var/log/wtmp").features().get("ind.log_tamper")).as("an append").isZero();

        List<ProcessRecord> tools = runTools("passwd", "bin/passwd -d root && bin/passwd -S root && bin/passwd -d alice");
        assertThat(tools).extracting(p -> p.features().get("ind.account_tamper")).containsExactly(1f, 0f, 0f);
    }

    /**
     * Schema 38: a web shell written into a web root by a shell script, beside an ordinary page written the same way and
     * the shell's file copied by cp (a deploy). tmpfs over {@code /srv} in a private mount namespace.
     */
    @Test
    void aWebShellWrittenIntoAWebRootByHandIsPersistenceButAPageOrADeployIsNot() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/srv")), "no /srv here");
        Files.writeString(dir.resolve("up.php"), "<?php system($_GET['c']); ?>\n");
        Files.writeString(dir.resolve("shell.sh"), "echo '<?php system($_GET[\"c\"]); ?>' > /srv/www/.config.php\n");
        Files.writeString(dir.resolve("page.sh"), "echo '<?php echo date(\"Y\"); ?>' > /srv/www/index.php\n");
        List<ProcessRecord> ps = inMountNamespace("", "mount -t tmpfs none /srv && mkdir -p /srv/www && /bin/sh shell.sh"
                + " && /bin/sh page.sh && cp up.php /srv/www/up.php");

        assertThat(script(ps, "shell.sh").features().get("ind.persistence")).as("the web shell").isEqualTo(1f);
        assertThat(script(ps, "shell.sh").evidence()).anySatisfy(l -> assertThat(l).contains("/srv/www/.config.php").contains("system("));
        assertThat(script(ps, "page.sh").features().get("ind.persistence")).as("a page").isZero();
        assertThat(named(ps, "cp").features().get("ind.persistence")).as("a deploy's copy").isZero();
    }

    /**
     * Schema 39: Docker's API asked over its socket for a container with the host's root mounted (TeamTNT's and Kinsing's
     * escape with curl), beside an ordinary container asked the same way. The socket is a stand-in in the test's directory.
     */
    @Test
    void askingDockersSocketForAHostRootContainerIsReachingForTheHost() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "no curl here (.ci/setup installs it)");
        StraceRuns.assumePython();
        Files.writeString(dir.resolve("engine.py"), "import socket,sys\n"
                + "l=socket.socket(socket.AF_UNIX,socket.SOCK_STREAM); l.bind(sys.argv[1]); l.listen(2); l.settimeout(20)\n"
                + "for _ in range(2):\n"
                + "    c,_=l.accept(); c.recv(65536); c.sendall(b'HTTP/1.0 201 Created\\r\\nContent-Length: 2\\r\\n\\r\\n{}'); c.close()\n");
        String create = "curl -s --unix-socket docker.sock -H 'Content-Type: application/json' http://localhost/v1.41/containers/create -d ";
        List<ProcessRecord> ps = run("(" + TrainedModels.PYTHON + " engine.py docker.sock & "
                + "for i in $(seq 100); do [ -S docker.sock ] && break; sleep 0.05; done; "
                + create + "'{\"Image\":\"alpine\",\"Cmd\":[\"chroot\",\"/host\",\"sh\"],\"HostConfig\":{\"Binds\":[\"/:/host\"]}}' > /dev/null; "
                + create + "'{\"Image\":\"alpine\",\"Cmd\":[\"true\"]}' > /dev/null; wait)");

        List<ProcessRecord> curls = ps.stream().filter(p -> p.comm().equals("curl")).toList();
        assertThat(curls).hasSize(2);
        assertThat(curls).extracting(p -> p.features().get("ind.setid_attempt")).containsExactly(1f, 0f);
        assertThat(curls.get(0).evidence()).anySatisfy(l -> assertThat(l).startsWith("sendto(").contains("POST /v1.41/containers/create"));
    }

    /**
     * Schema 41: ransomware that encrypts in place (each file read, then written back over itself with as many bytes of
     * cipher text: no file removed), beside a tool rewriting the same files in place as text (a tag editor's way) and one
     * that only reads them through {@code r+b}.
     */
    @Test
    void encryptingFilesInPlaceIsMassRewritingButRewritingThemAsTextIsNot() throws Exception {
        StraceRuns.assumePython();
        for (String d : List.of("enc", "txt", "ro")) {
            Files.createDirectories(dir.resolve(d));
            for (int i = 0; i < 10; i++) {
                Files.writeString(dir.resolve(d + "/doc" + i + ".txt"), ("quarterly report " + i + " ").repeat(12));
            }
        }
        Files.writeString(dir.resolve("inplace.py"), "import os,sys\n"
                + "mode=sys.argv[1]\n"
                + "for n in sorted(os.listdir(sys.argv[2])):\n"
                + "    with open(os.path.join(sys.argv[2],n),'r+b') as f:\n"
                + "        d=f.read()\n"
                + "        if mode=='read': continue\n"
                + "        f.seek(0)\n"
                + "        f.write(bytes(b ^ 0xA5 for b in d) if mode=='enc' else d.upper())\n");
        List<ProcessRecord> ps = run(TrainedModels.PYTHON + " inplace.py enc enc && " + TrainedModels.PYTHON + " inplace.py txt txt && "
                + TrainedModels.PYTHON + " inplace.py read ro");

        assertThat(Files.readString(dir.resolve("txt/doc0.txt"))).startsWith("QUARTERLY REPORT 0");
        assertThat(massRewrite(ps, "enc")).as("encrypted in place").isEqualTo(1f);
        assertThat(massRewrite(ps, "txt")).as("rewritten as text in place").isZero();
        assertThat(massRewrite(ps, "read")).as("opened r+b and only read").isZero();
    }

    /**
     * Schema 42: a worm's sweep, one service port (ssh) on 30 hosts, beside 30 hosts on a web application's port and 30
     * connects to one host's ssh. In a network namespace of its own, where every connect fails at once.
     */
    @Test
    void sweepingManyHostsOnAServicePortIsAPortScanButAWebPortOrOneHostIsNot() throws Exception {
        StraceRuns.assumePython();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "no unshare (util-linux) here");
        Files.writeString(dir.resolve("sweep.py"), "import socket,sys\n"
                + "port=int(sys.argv[1]); hosts=['127.0.0.%d' % i for i in range(1,31)] if sys.argv[2]=='many' else ['127.0.0.1']*30\n"
                + "for h in hosts:\n"
                + "    s=socket.socket(); s.settimeout(0.2)\n"
                + "    try: s.connect((h,port))\n"
                + "    except OSError: pass\n"
                + "    s.close()\n");
        String py = "/usr/bin/unshare -n " + TrainedModels.PYTHON + " sweep.py ";
        List<ProcessRecord> ps = run(py + "22 many; " + py + "8080 many; " + py + "22 one; true");

        assertThat(sweep(ps, "22", "many")).as("ssh on 30 hosts").isEqualTo(1f);
        assertThat(sweep(ps, "8080", "many")).as("a web port on 30 hosts").isZero();
        assertThat(sweep(ps, "22", "one")).as("one host's ssh 30 times").isZero();
    }

    /**
     * Schema 44: a program run through the dynamic loader needs no execute bit ({@code ld.so ./x}): a copy of
     * {@code true} without it, in the test's directory under /tmp, run by the loader directly and with an option; beside
     * {@code ldd} examining the same file (its shell runs the loader on it) and the loader running {@code /bin/true}.
     */
    @Test
    void aProgramRunThroughTheDynamicLoaderFromTmpIsStagedButLddAndASystemProgramAreNot() throws Exception {
        assumeTrue(dir.startsWith("/tmp/"), "the test directory is not under /tmp: " + dir);
        String loader = "/lib64/ld-linux-x86-64.so.2";
        assumeTrue(Files.isExecutable(Path.of(loader)), "no " + loader + " here");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ldd")), "no ldd here");
        Files.copy(Path.of("/bin/true"), dir.resolve("x"));
        Files.setPosixFilePermissions(dir.resolve("x"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Files.isExecutable(dir.resolve("x"))).as("copied without its execute bit").isFalse();

        List<ProcessRecord> ps = run(loader + " ./x && " + loader + " --library-path /lib " + dir + "/x && " + loader
                + " /bin/true && /usr/bin/ldd " + dir + "/x > /dev/null");

        assertThat(loaded(ps, "./x").features().get("ind.staged_exec")).as("ld.so ./x").isEqualTo(1f);
        assertThat(loaded(ps, "./x").features().get("exec.from_tmp")).as("ld.so ./x").isEqualTo(1f);
        assertThat(loaded(ps, "--library-path").features().get("ind.staged_exec")).as("ld.so --library-path /lib /tmp/.../x").isEqualTo(1f);
        assertThat(loaded(ps, "/bin/true").features().get("ind.staged_exec")).as("ld.so /bin/true").isZero();
        List<ProcessRecord> byLdd = ps.stream().filter(p -> p.argv().equals(List.of(loader, dir + "/x"))).toList();
        assertThat(byLdd).as("ldd's shell runs the loader on the file").isNotEmpty()
                .allSatisfy(p -> assertThat(p.features().get("ind.staged_exec")).as("under ldd").isZero());
    }

    /**
     * Schema 44: a download run through the dynamic loader outside /tmp (where no mapping rule looks), the evasion's real
     * shape: no {@code chmod +x} follows the download. Beside a copy of {@code true} run the same way. The download comes
     * from a loopback server; the directory lies in the module's {@code target/} (or the home directory).
     */
    @Test
    void aDownloadRunThroughTheDynamicLoaderIsStagedButACopyIsNot() throws Exception {
        StraceRuns.assumePython();
        String loader = "/lib64/ld-linux-x86-64.so.2";
        assumeTrue(Files.isExecutable(Path.of(loader)), "no " + loader + " here");
        // the module's target/, or the home directory when the checkout itself lies under /tmp (as in CI's clone)
        Path target = java.util.stream.Stream.of(Path.of("target"), Path.of(System.getProperty("user.home")))
                .map(Path::toAbsolutePath).filter(Files::isDirectory)
                .filter(p -> !p.normalize().toString().matches("/(tmp|var/tmp|dev/shm)(/.*)?")).findFirst().orElse(null);
        assumeTrue(target != null, "no writable directory outside /tmp for a download that no /tmp rule sees");
        byte[] program = Files.readAllBytes(Path.of("/bin/true"));
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/x", exchange -> {
            exchange.sendResponseHeaders(200, program.length);
            exchange.getResponseBody().write(program);
            exchange.close();
        });
        server.start();
        Path work = Files.createTempDirectory(target, "procguard-loader");
        try {
            List<ProcessRecord> ps = run("cd " + work + " && " + TrainedModels.PYTHON + " -c 'import sys, urllib.request;"
                    + " urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' http://127.0.0.1:" + server.getAddress().getPort()
                    + "/x fetched && " + loader + " ./fetched && cp /bin/true copied && chmod 644 copied && " + loader + " ./copied");
            assertThat(loaded(ps, "./fetched").features().get("ind.staged_exec")).as("a download").isEqualTo(1f);
            assertThat(loaded(ps, "./copied").features().get("ind.staged_exec")).as("a copy").isZero();
        } finally {
            server.stop(0);
            try (var files = Files.list(work)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(work);
        }
    }

    private static ProcessRecord loaded(List<ProcessRecord> ps, String firstArgument) {
        return ps.stream().filter(p -> p.argv().size() > 1 && p.argv().get(0).endsWith("/ld-linux-x86-64.so.2")
                        && p.argv().get(1).equals(firstArgument)).findFirst()
                .orElseThrow(() -> new AssertionError("no loader run with " + firstArgument + " among " + ps.stream().map(ProcessRecord::argv).toList()));
    }

    /**
     * Schema 44 (T1546.018): Python start-up hooks written by hand into a user's site-packages, a {@code .pth} and a
     * {@code sitecustomize.py}; beside a module written there, a {@code .pth} written elsewhere, and a {@code .pth} put
     * there by a program named {@code pip} (a copy of {@code cp}: an installer writes them by design).
     */
    @Test
    void aPythonStartupHookWrittenByHandIsPersistenceButAModuleOrAnInstallersIsNot() throws Exception {
        Path site = Files.createDirectories(dir.resolve("home/.local/lib/python3.11/site-packages"));
        List<ProcessRecord> ps = run("mkdir -p bin && cp /bin/cp bin/pip"
                + " && /bin/sh -c \"echo import os > " + site + "/zz-hook.pth\""
                + " && /bin/sh -c \"echo import os > " + site + "/sitecustomize.py\""
                + " && /bin/sh -c \"echo x = 1 > " + site + "/module.py\""
                + " && /bin/sh -c \"echo import os > " + dir + "/notes.pth\""
                + " && bin/pip " + dir + "/notes.pth " + site + "/pkg.pth");

        assertThat(Files.exists(site.resolve("pkg.pth"))).as("pip's copy was made").isTrue();
        assertThat(writer(ps, site + "/zz-hook.pth").features().get("ind.persistence")).as("a .pth").isEqualTo(1f);
        assertThat(writer(ps, site + "/sitecustomize.py").features().get("ind.persistence")).as("sitecustomize.py").isEqualTo(1f);
        assertThat(writer(ps, site + "/module.py").features().get("ind.persistence")).as("a module").isZero();
        assertThat(writer(ps, dir + "/notes.pth").features().get("ind.persistence")).as("a .pth outside site-packages").isZero();
        assertThat(named(ps, "pip").features().get("ind.persistence")).as("an installer's .pth").isZero();
    }

    /**
     * Schema 44: a static pod's manifest, which the kubelet runs at its next start whatever the API server says; written
     * by a shell in a private mount namespace whose {@code /etc} is an overlay, beside the same file written by a copy
     * of {@code cp} named {@code kubeadm} (which writes them at {@code init}).
     */
    @Test
    void aStaticPodWrittenByHandIsPersistenceButKubeadmsIsNot() throws Exception {
        Files.writeString(dir.resolve("pod.yaml"), "apiVersion: v1\nkind: Pod\n");
        List<ProcessRecord> ps = inMountNamespace("mkdir -p ue we bin && cp /bin/cp bin/kubeadm",
                "mount -t overlay overlay -o lowerdir=/etc,upperdir=ue,workdir=we /etc && mkdir -p /etc/kubernetes/manifests"
                        + " && /bin/sh -c \"cat pod.yaml > /etc/kubernetes/manifests/etcd-backup.yaml\""
                        + " && bin/kubeadm pod.yaml /etc/kubernetes/manifests/kube-apiserver.yaml");

        assertThat(Path.of("/etc/kubernetes/manifests/etcd-backup.yaml")).as("the host's /etc is untouched").doesNotExist();
        assertThat(writer(ps, "/etc/kubernetes/manifests/etcd-backup.yaml").features().get("ind.persistence")).as("by hand").isEqualTo(1f);
        assertThat(named(ps, "kubeadm").features().get("ind.persistence")).as("kubeadm").isZero();
    }

    private static float sweep(List<ProcessRecord> ps, String port, String hosts) {
        return ps.stream().filter(p -> p.argv().size() > 3 && p.argv().get(2).equals(port) && p.argv().get(3).equals(hosts)).findFirst()
                .orElseThrow(() -> new AssertionError("no sweep.py " + port + " " + hosts + " among " + ps.stream().map(ProcessRecord::argv).toList()))
                .features().get("ind.port_scan");
    }

    private static float massRewrite(List<ProcessRecord> ps, String mode) {
        return ps.stream().filter(p -> p.argv().size() > 2 && p.argv().get(2).equals(mode)).findFirst()
                .orElseThrow(() -> new AssertionError("no inplace.py " + mode + " among " + ps.stream().map(ProcessRecord::argv).toList()))
                .features().get("ind.mass_rewrite");
    }

    private static ProcessRecord script(List<ProcessRecord> ps, String name) {
        return ps.stream().filter(p -> p.argv().equals(List.of("/bin/sh", name))).findFirst()
                .orElseThrow(() -> new AssertionError("no sh " + name + " among " + ps.stream().map(ProcessRecord::argv).toList()));
    }
}
