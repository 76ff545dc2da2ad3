package io.procguard.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The static rules behind the {@code ind.*} features: which programs legitimately do what an indicator
 * looks for (account tools read /etc/shadow, package managers write systemd units, compressors rewrite
 * trees, JITs map W+X memory), and path tests for credential stores and discovery files. Stateless,
 * thread-safe. Names are exe basenames as execve printed them; a renamed attacker binary evades these
 * exclusions, which is why indicators are model features, not verdicts.
 */
final class Indicators {
    /** Programs whose job is to read the account databases or check passwords. */
    private static final Set<String> ACCOUNT_TOOLS = Set.of("passwd", "chage", "chpasswd", "chsh", "chfn", "su", "sudo",
            "sudoedit", "login", "sshd", "sshd-session", "unix_chkpwd", "useradd", "usermod", "userdel", "groupadd",
            "groupmod", "groupdel", "gpasswd", "newgrp", "newusers", "vipw", "vigr", "visudo", "pwck", "grpck", "pwconv",
            "pwunconv", "grpconv", "grpunconv", "expiry", "cron", "crond", "pkexec", "polkit-agent-helper-1", "doas",
            "nscd", "sssd", "systemd-logind", "systemd-userdbd", "dpkg", "apt", "apt-get", "rpm", "dnf", "yum",
            "getent");
    /** Programs whose job is to read or write SSH keys. */
    private static final Set<String> SSH_TOOLS = Set.of("ssh", "ssh-keygen", "ssh-add", "ssh-agent", "ssh-copy-id",
            "sshd", "sshd-session", "scp", "sftp");
    /** Programs that install units, cron files and rc files by design. */
    private static final Set<String> PACKAGE_TOOLS = Set.of("dpkg", "dpkg-deb", "apt", "apt-get", "aptitude", "rpm",
            "dnf", "yum", "zypper", "pacman", "snap", "snapd", "systemctl", "systemd", "update-rc.d", "invoke-rc.d",
            "deb-systemd-helper", "pam-auth-update", "useradd", "usermod", "userdel", "groupadd", "groupmod", "groupdel", "passwd",
            "chpasswd", "chsh", "chfn", "gpasswd", "newusers", "vipw", "vigr", "visudo", "pwconv", "grpconv", "pwck",
            "grpck", "kubeadm");
    /** Container engines' clients and daemons: their API is their job. */
    private static final Set<String> CONTAINER_ENGINE_PROGRAMS = Set.of("docker", "dockerd", "docker-compose", "docker-buildx",
            "com.docker.cli", "podman", "conmon", "containerd", "containerd-shim", "containerd-shim-runc-v2", "nerdctl",
            "portainer", "kubelet", "buildkitd");
    /** Programs that truncate, rename and delete logs by design. */
    private static final Set<String> LOG_ROTATORS = Set.of("logrotate", "savelog", "rsyslogd", "syslog-ng",
            "systemd-journald", "journalctl");
    /** Programs that rewrite whole trees by design (compress, archive, sync, version control, packages). */
    private static final Set<String> TREE_TOOLS = Set.of("gzip", "gunzip", "xz", "unxz", "bzip2", "bunzip2", "zstd",
            "unzstd", "lz4", "pigz", "pbzip2", "lzma", "unlzma", "7z", "7za", "zip", "unzip", "tar", "cpio", "rsync",
            "rclone", "git", "hg", "svn", "dpkg", "apt", "apt-get", "rpm", "dnf", "yum");
    /**
     * Runtimes with a JIT: writable+executable memory is how they work. Also the common users of PCRE2's JIT, which
     * maps a 64 KiB read-write-execute block for each compiled pattern ({@code git grep}, {@code grep -P}).
     */
    private static final Set<String> JIT_RUNTIMES = Set.of("java", "javac", "jshell", "jar", "node", "nodejs", "deno",
            "bun", "dotnet", "mono", "pypy", "pypy3", "luajit", "chrome", "chromium", "firefox", "electron", "qemu",
            "git", "grep", "pcre2grep", "pcregrep", "rg", "ag", "php", "php-fpm", "nginx", "haproxy", "varnishd");
    /**
     * Process viewers: reading every /proc/PID/status is their job. Also userdel and usermod, which look through
     * /proc for the user's processes before they delete or change the account.
     */
    private static final Set<String> PROCESS_VIEWERS = Set.of("ps", "top", "htop", "atop", "btop", "pgrep", "pkill",
            "pidof", "pstree", "w", "lsof", "fuser", "killall", "systemd", "systemctl", "procps", "glances", "sysdig",
            "userdel", "usermod");
    /**
     * Linkers and the compiler drivers that write executables: running what they just wrote (make; ./app, go run)
     * is building, not staging. Go's linker is {@code link}; cross and versioned names ({@code x86_64-linux-gnu-ld.bfd})
     * are recognised by {@code -ld} in them.
     */
    private static final Set<String> BUILDERS = Set.of("ld", "ld.bfd", "ld.gold", "ld.lld", "lld", "mold", "collect2",
            "cc", "gcc", "c++", "g++", "clang", "clang++", "rustc", "go", "link", "tcc");
    /**
     * Language package managers: downloading code, unpacking it and making its programs executable is their job
     * ({@code npm install cowsay}, then {@code ./node_modules/.bin/cowsay}). Matched on the exe or, for node and
     * python, on the script they run.
     */
    private static final Set<String> PACKAGE_FETCHERS = Set.of("pip", "pip3", "pipx", "npm", "npx", "yarn", "pnpm",
            "corepack", "gem", "bundle", "bundler", "cargo", "rustup", "go", "composer", "conda", "mamba", "micromamba",
            "poetry", "uv", "deno", "bun");
    /** Debuggers and tracers: attaching to other processes is their job. */
    private static final Set<String> DEBUGGERS = Set.of("gdb", "lldb", "strace", "ltrace", "perf", "criu", "valgrind",
            "gcore", "pstack", "eu-stack");
    /** Programs that change identity on request. */
    private static final Set<String> PRIVILEGE_TOOLS = Set.of("su", "sudo", "sudoedit", "pkexec", "doas");
    /** Shells and interpreters that keep a history file of their own. */
    private static final List<String> HISTORY_KEEPERS = List.of("sh", "bash", "dash", "zsh", "ksh", "mksh", "fish",
            "tcsh", "csh", "python", "mysql", "psql", "sqlite3", "less", "vim", "vi", "irb", "node");
    /** Base names of credential stores; searched by comparing regions, so a test allocates nothing. */
    private static final String[] CREDENTIAL_NAMES = {".netrc", ".git-credentials", ".pgpass", ".my.cnf",
        "logins.json", "key3.db", "key4.db", "Login Data", "credentials.db", "access_tokens.db", ".boto", ".s3cfg",
        "opasswd"};

    /** Base names of {@link #clientHeldSecret}'s files outside /etc. */
    private static final String[] CLIENT_HELD_NAMES = {"hosts.yml", "accessTokens.json", "msal_token_cache.json",
        "credentials.tfrc.json", ".vault-token", ".npmrc", ".pypirc", "cookies.sqlite", "Cookies"};

    /**
     * Bit {@code length * 256 + first character} set for each base name {@link #credentialStore} compares with
     * (all ASCII and shorter than 64): a base name of another length or first character is none of them.
     */
    private static final long[] CREDENTIAL_SHAPES = new long[64 * 256 / 64];

    /**
     * Bit k set when some base name {@link #credentialStore} compares with has k characters ({@code credentials},
     * {@code config} and {@code config.json} included): a base name of another length needs no comparison.
     */
    private static final long CREDENTIAL_LENGTHS;

    static {
        long lengths = 1L << "credentials".length() | 1L << "config".length() | 1L << "config.json".length();
        for (String name : CREDENTIAL_NAMES) {
            lengths |= 1L << name.length(); // every name is shorter than 64
        }
        CREDENTIAL_LENGTHS = lengths;
        for (String name : CREDENTIAL_NAMES) {
            addShape(name);
        }
        addShape("credentials");
        addShape("config");
        addShape("config.json");
        for (String name : CLIENT_HELD_NAMES) {
            addShape(name); // read-open shortcut: these may matter too (clientHeldSecret), wherever the home lies
        }
    }

    private static void addShape(String name) {
        int shape = name.length() * 256 + name.charAt(0);
        CREDENTIAL_SHAPES[shape >>> 6] |= 1L << shape;
    }

    /**
     * @param length the length of a base name
     * @param first its first character
     * @return false when {@link #credentialStore} cannot match a path by that base name (it may still match
     *     by {@code /.gnupg/private-keys} or {@code /.password-store/} in the path)
     */
    static boolean credentialShape(int length, int first) {
        if (length <= 0 || length >= 64 || first < 0 || first > 0xFF) {
            return false; // credentialStore compares no name then
        }
        int shape = length * 256 + first;
        return (CREDENTIAL_SHAPES[shape >>> 6] & 1L << shape) != 0;
    }

    /** Discovery file groups: accounts, host and name service, OS identity, network tables, kernel, privileges. */
    static final int RECON_GROUPS = 6;

    private Indicators() {
    }

    /** What a program is for, judged by its exe basename; a role excuses the behaviour that is its job. */
    enum Role {
        /** Reads the account databases, checks passwords, writes login records. */
        ACCOUNT(ACCOUNT_TOOLS),
        /** Reads and writes SSH keys. */
        SSH(SSH_TOOLS),
        /** Installs units, cron files, rc files, accounts. */
        PACKAGE(PACKAGE_TOOLS),
        /** A container engine's own client or daemon, which speaks its API by design (schema 39). */
        CONTAINER_CLIENT(CONTAINER_ENGINE_PROGRAMS),
        /** Truncates, renames and deletes logs. */
        LOG_ROTATOR(LOG_ROTATORS),
        /** Rewrites whole trees: compressors, archivers, sync, version control, package tools. */
        TREE(TREE_TOOLS),
        /** Maps writable+executable memory for its JIT. */
        JIT(JIT_RUNTIMES),
        /** Reads every /proc/PID/status. */
        PROCESS_VIEWER(PROCESS_VIEWERS),
        /** Attaches to other processes. */
        DEBUGGER(DEBUGGERS),
        /** Changes identity on request (su, sudo, ...). */
        PRIVILEGE(PRIVILEGE_TOOLS),
        /** Writes executables: linkers, compiler drivers. */
        BUILDER(BUILDERS),
        /** Downloads code and makes it executable: language package managers. */
        PACKAGE_FETCHER(PACKAGE_FETCHERS);

        private final Set<String> names;

        Role(Set<String> names) {
            this.names = names;
        }

        /**
         * @param exe an exe basename, or null when unknown
         * @return true when the program has this role
         */
        boolean of(String exe) {
            return exe != null && (names.contains(exe) || this == JIT && exe.startsWith("qemu-")
                    || this == BUILDER && (exe.endsWith("-ld") || exe.contains("-ld.")));
        }
    }

    /** Searchers that walk every directory they are given: recursion is what they do. */
    private static final Set<String> ALWAYS_RECURSIVE = Set.of("rgrep", "rg", "ag", "ack", "ack-grep");
    /**
     * Words that make a recursive search a hunt for credentials (T1552.001, {@code grep -rIl -e password -e token ~}),
     * looked for in every argument, lower-cased: a path that holds one only makes the rule more careful.
     */
    private static final List<String> HUNTED_WORDS = List.of("pass", "secret", "token", "credential", "private", "key",
            "akia");

    /**
     * Programs that walk a directory they are given when an option says so: the short option letters that say it,
     * the short letters that take a value (the rest of their cluster, or the next argument, is that value, not
     * options), and the long options that say it.
     */
    private enum Walker {
        GREP("rR", "efmABCdD", "--recursive", "--dereference-recursive", "--directories=recurse"),
        CP("rRa", "St", "--recursive", "--archive"),
        DIFF("r", "CDFILSUWXx", "--recursive");

        private final String recursive;
        private final String takesValue;
        private final Set<String> longOptions;

        Walker(String recursive, String takesValue, String... longOptions) {
            this.recursive = recursive;
            this.takesValue = takesValue;
            this.longOptions = Set.of(longOptions);
        }

        static Walker of(String exe) {
            return switch (exe) {
                case "grep", "egrep", "fgrep" -> GREP;
                case "cp" -> CP;
                case "diff" -> DIFF;
                default -> null;
            };
        }

        boolean recursive(List<String> argv) {
            for (int i = 1; i < argv.size(); i++) {
                String a = argv.get(i);
                if (a.equals("--")) {
                    return false;
                }
                if (a.startsWith("--")) {
                    if (longOptions.contains(a)) {
                        return true;
                    }
                } else if (a.length() > 1 && a.charAt(0) == '-') {
                    for (int k = 1; k < a.length(); k++) {
                        char c = a.charAt(k);
                        if (recursive.indexOf(c) >= 0) {
                            return true;
                        }
                        if (takesValue.indexOf(c) >= 0) {
                            String value = k + 1 < a.length() ? a.substring(k + 1) : i + 1 < argv.size() ? argv.get(++i) : "";
                            if (this == GREP && c == 'd' && value.equals("recurse")) {
                                return true; // grep -d recurse
                            }
                            break;
                        }
                    }
                }
            }
            return false;
        }
    }

    /**
     * @param exe the exe basename, or null
     * @param argv its argv
     * @return true when the program walks the directories it is given, like an archiver: {@code grep -r}, {@code rg},
     *     {@code cp -a}, {@code diff -r} (an admin's {@code grep -r PermitRootLogin /etc} or {@code cp -a /etc
     *     etc.bak} reads the shadow file on the way); not a search whose arguments mention a credential word
     *     ({@link #HUNTED_WORDS}) or whose patterns come from a file ({@code -f}): that is hunting
     */
    static boolean walksDirectories(String exe, List<String> argv) {
        if (exe == null || argv == null) {
            return false;
        }
        Walker w = Walker.of(exe);
        boolean always = ALWAYS_RECURSIVE.contains(exe);
        if ((always || w == Walker.GREP) && hunts(argv, w == Walker.GREP || exe.equals("rg"))) {
            return false;
        }
        return always || w != null && w.recursive(argv);
    }

    /** Programs that create or change accounts from their argv. */
    private static final Set<String> ACCOUNT_MAKERS = Set.of("useradd", "usermod", "adduser", "luseradd", "lusermod");

    /**
     * @param exe the exe basename
     * @param argv its argv
     * @return true when an account tool is asked for user id 0 ({@code useradd -o -u 0 x}, {@code usermod -u0 x},
     *     {@code --uid=0}, {@code adduser --uid 0}): a second root account, never routine
     */
    static boolean makesRootAccount(String exe, List<String> argv) {
        if (exe == null || argv == null || !ACCOUNT_MAKERS.contains(exe)) {
            return false;
        }
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            String next = i + 1 < argv.size() ? argv.get(i + 1) : "";
            if (a.equals("-u") || a.equals("--uid")) {
                if (isZero(next)) {
                    return true;
                }
            } else if (a.startsWith("--uid=") && isZero(a.substring(6)) || a.startsWith("-u") && !a.startsWith("--") && a.length() > 2
                    && isZero(a.substring(2)) || a.startsWith("-") && !a.startsWith("--") && a.endsWith("u") && a.length() > 2 && isZero(next)) {
                return true; // -u0, --uid=0, -ou 0
            }
        }
        return false;
    }

    /**
     * @param exe a program's file name
     * @param argv its command line
     * @return true for {@code passwd -d root} (or {@code --delete}): root's password emptied, so that anyone may become
     *     root with {@code su} (schema 35)
     */
    static boolean emptiesRootPassword(String exe, List<String> argv) {
        if (!"passwd".equals(exe) || argv == null || !argv.contains("root")) {
            return false;
        }
        for (String a : argv) {
            if (a.equals("-d") || a.equals("--delete") || a.startsWith("-") && !a.startsWith("--") && a.indexOf('d') > 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isZero(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    /** Archivers that unpack an archive named by an argument; tar only with {@code -f FILE}. */
    private static final Set<String> UNPACKERS = Set.of("tar", "bsdtar", "unzip", "7z", "7za", "7zr", "unrar");

    /**
     * @param exe the exe basename
     * @param argv its argv
     * @return true when the program unpacks an archive from a file named in its argv, not from its stdin: {@code tar
     *     xzf pkg.tgz}, {@code tar -x -f pkg.tar}, {@code tar --file=pkg.tar -x}, {@code unzip pkg.zip}; not {@code tar
     *     xz} or {@code tar -xf -} (a pipe: {@code curl URL | tar xz} must not pass), nor {@code 7z x -si}
     */
    static boolean unpacksArchiveFile(String exe, List<String> argv) {
        if (exe == null || argv == null || !UNPACKERS.contains(exe) || argv.size() < 2) {
            return false;
        }
        if (!exe.equals("tar") && !exe.equals("bsdtar")) {
            return !argv.contains("-si") && !argv.contains("-");
        }
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            String next = i + 1 < argv.size() ? argv.get(i + 1) : null;
            String file = null;
            if (a.startsWith("--file=")) {
                file = a.substring("--file=".length());
            } else if (a.equals("--file")) {
                file = next;
            } else if (a.startsWith("-") && !a.startsWith("--") && a.indexOf('f') > 0) { // -xzf F, -fF
                int f = a.indexOf('f');
                file = f + 1 < a.length() ? a.substring(f + 1) : next;
            } else if (i == 1 && !a.startsWith("-") && a.indexOf('f') >= 0) { // old style: tar xzf F
                file = next;
            } else {
                continue;
            }
            return file != null && !file.isEmpty() && !file.equals("-");
        }
        return false; // no -f: tar reads its stdin (or $TAPE)
    }

    /**
     * @param patternFiles the program reads patterns from a file given by {@code -f} (grep, rg)
     * @return true when an argument names a credential word, or patterns come from a file ({@code -f FILE}, also
     *     inside a cluster such as {@code -rf}; {@code --file})
     */
    private static boolean hunts(List<String> argv, boolean patternFiles) {
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (patternFiles && (a.startsWith("--file") || a.length() > 1 && a.charAt(0) == '-' && a.charAt(1) != '-'
                    && clusterTakesFile(a))) {
                return true;
            }
            String lower = a.toLowerCase(java.util.Locale.ROOT);
            for (String w : HUNTED_WORDS) {
                if (lower.contains(w)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return true when a short-option cluster of grep holds {@code f} before any letter that takes a value */
    private static boolean clusterTakesFile(String cluster) {
        for (int k = 1; k < cluster.length(); k++) {
            char c = cluster.charAt(k);
            if (c == 'f') {
                return true;
            }
            if (Walker.GREP.takesValue.indexOf(c) >= 0) {
                return false;
            }
        }
        return false;
    }

    /** @return true when {@code exe} is a shell or interpreter that writes its own history file */
    /**
     * @param exe the exe basename, or null
     * @param path an absolute path under {@code /var/log/}
     * @return true when the path is in a directory of {@code /var/log} named after the program, i.e. the program's
     *     own logs: {@code apt-get} in {@code /var/log/apt/}, {@code nginx} in {@code /var/log/nginx/}; the
     *     directory's name has at least three characters and {@code exe} starts with it
     */
    static boolean ownLogDirectory(String exe, String path) {
        int from = "/var/log/".length();
        int slash = path.indexOf('/', from);
        return exe != null && slash - from >= 3 && exe.startsWith(path.substring(from, slash));
    }

    static boolean historyKeeper(String exe) {
        if (exe == null) {
            return false;
        }
        for (String k : HISTORY_KEEPERS) {
            if (exe.startsWith(k)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param path an absolute path
     * @return true for stores of secrets other than /etc/shadow and SSH keys (which {@link PathRules} knows):
     *     cloud, browser, VCS and database credentials, GnuPG private keys, /etc/security/opasswd
     */
    static boolean credentialStore(String path) {
        int slash = path.lastIndexOf('/');
        int base = slash + 1;
        int length = path.length() - base;
        if (length >= 64 || (CREDENTIAL_LENGTHS & 1L << length) == 0) {
            return secretDir(path);
        }
        for (String name : CREDENTIAL_NAMES) {
            if (baseIs(path, base, name)) {
                return true;
            }
        }
        // the directory is the text before the last slash (none when the slash is first or absent)
        if (baseIs(path, base, "credentials") && dirEndsWith(path, slash, "/.aws") || baseIs(path, base, "config")
                && dirEndsWith(path, slash, "/.kube") || baseIs(path, base, "config.json") && dirEndsWith(path, slash, "/.docker")) {
            return true;
        }
        return secretDir(path);
    }

    /** The clients of each credential store: reading its own configuration or keys is their job. */
    private static final Set<String> POSTGRES_CLIENTS = Set.of("psql", "pg_dump", "pg_dumpall", "pg_restore",
            "pg_basebackup", "pg_isready", "createdb", "dropdb", "createuser", "dropuser", "vacuumdb", "reindexdb",
            "clusterdb", "pgbench");
    private static final Set<String> MYSQL_CLIENTS = Set.of("mysql", "mysqldump", "mysqladmin", "mysqlcheck",
            "mysqlimport", "mysqlshow", "mysqlbinlog", "mysqld", "mariadb", "mariadb-dump", "mariadb-admin",
            "mariadb-check", "mariadb-import", "mariadb-show", "mariadbd");
    private static final Set<String> NETRC_CLIENTS = Set.of("curl", "wget", "ftp", "lftp", "fetchmail", "git",
            "git-remote-http", "git-remote-https", "git-remote-ftp", "git-remote-ftps");
    private static final Set<String> GIT_CLIENTS = Set.of("git", "git-credential-store", "git-remote-http",
            "git-remote-https");
    private static final Set<String> DOCKER_CLIENTS = Set.of("docker", "docker-compose", "docker-buildx", "podman",
            "buildah", "skopeo", "crane", "nerdctl");
    private static final Set<String> KUBE_CLIENTS = Set.of("kubectl", "helm", "k9s", "kubectx", "kubens", "minikube",
            "kind", "k3d", "oc", "kustomize", "stern", "kubeadm");
    private static final Set<String> AWS_CLIENTS = Set.of("aws", "aws_completer", "terraform", "packer", "s3cmd");
    private static final Set<String> GPG_CLIENTS = Set.of("gpg", "gpg2", "gpg-agent", "gpgsm", "scdaemon", "pass",
            "gopass");
    private static final Set<String> MOZILLA_CLIENTS = Set.of("firefox", "firefox-esr", "firefox-bin", "thunderbird",
            "thunderbird-bin");
    private static final Set<String> CHROMIUM_CLIENTS = Set.of("chrome", "chromium", "chromium-browser", "google-chrome",
            "brave", "brave-browser", "msedge", "opera", "vivaldi-bin");

    /**
     * @param path an absolute path {@link #credentialStore} accepts
     * @param exeBase the reader's exe basename, or null
     * @return true when the reader is the store's own client: {@code docker} reading {@code ~/.docker/config.json},
     *     {@code psql} its {@code ~/.pgpass}, {@code kubectl} its {@code ~/.kube/config}, {@code gpg} its private keys,
     *     a browser its saved logins. Another program reading them is credential access ({@code cat}, {@code python3},
     *     {@code curl} reading {@code .pgpass})
     */
    static boolean storeClient(String path, String exeBase) {
        if (exeBase == null) {
            return false;
        }
        int slash = path.lastIndexOf('/');
        int base = slash + 1;
        if (baseIs(path, base, ".pgpass")) {
            return POSTGRES_CLIENTS.contains(exeBase);
        }
        if (baseIs(path, base, ".my.cnf")) {
            return MYSQL_CLIENTS.contains(exeBase);
        }
        if (baseIs(path, base, ".netrc")) {
            return NETRC_CLIENTS.contains(exeBase);
        }
        if (baseIs(path, base, ".git-credentials")) {
            return GIT_CLIENTS.contains(exeBase);
        }
        if (baseIs(path, base, "config.json") && dirEndsWith(path, slash, "/.docker")) {
            return DOCKER_CLIENTS.contains(exeBase);
        }
        if (baseIs(path, base, "config") && dirEndsWith(path, slash, "/.kube")) {
            return KUBE_CLIENTS.contains(exeBase);
        }
        if (baseIs(path, base, "credentials") && dirEndsWith(path, slash, "/.aws") || baseIs(path, base, ".s3cfg")) {
            return AWS_CLIENTS.contains(exeBase);
        }
        if (baseIs(path, base, "logins.json") || baseIs(path, base, "key3.db") || baseIs(path, base, "key4.db")) {
            return MOZILLA_CLIENTS.contains(exeBase);
        }
        if (baseIs(path, base, "Login Data")) {
            return CHROMIUM_CLIENTS.contains(exeBase);
        }
        return secretDir(path) && GPG_CLIENTS.contains(exeBase);
    }

    /** @return true if the path holds {@code /.gnupg/private-keys} or {@code /.password-store/} (one pass over its {@code /.}) */
    private static boolean secretDir(String path) {
        for (int at = path.indexOf("/."); at >= 0; at = path.indexOf("/.", at + 2)) {
            if (path.startsWith("/.gnupg/private-keys", at) || path.startsWith("/.password-store/", at)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Programs that show, copy or send a file's bytes whatever they are: reading a workload's secret is their act, not
     * a client's use of it.
     */
    private static final Set<String> FILE_READERS = Set.of("cat", "tac", "head", "tail", "less", "more", "view", "vi", "vim",
            "nano", "strings", "xxd", "od", "hexdump", "base64", "base32", "cp", "dd", "install", "tar", "zip", "7z", "gzip",
            "grep", "egrep", "fgrep", "rg", "awk", "mawk", "gawk", "sed", "nl", "tee", "rsync", "scp", "curl", "wget", "nc",
            "ncat", "socat", "openssl", "jq");

    /**
     * @param path an absolute path opened for reading
     * @return true for a credential that the machine or a pod holds for its workloads: a Kubernetes service account's
     *     token (and EKS's web-identity token), the host's Kerberos keytab, a Kerberos ticket cache in {@code /tmp};
     *     read by the workload's own clients all day, so only a read by hand ({@link #fileReader}, a shell, a
     *     downloader) counts (T1528, T1558)
     */
    static boolean workloadSecret(String path) {
        return (path.startsWith("/var/run/secrets/") || path.startsWith("/run/secrets/"))
                && (path.endsWith("/serviceaccount/token") || path.contains("/eks.amazonaws.com/serviceaccount/"))
                || path.equals("/etc/krb5.keytab") || path.startsWith("/tmp/krb5cc_");
    }

    /**
     * @param path an absolute path opened for reading
     * @return true for a token or key its own client reads all day, so that only a read by hand is credential access
     *     (schema 40): GitHub CLI's {@code ~/.config/gh/hosts.yml}, Azure CLI's token caches, Terraform Cloud's
     *     {@code credentials.tfrc.json}, Vault's {@code ~/.vault-token}, npm's and PyPI's {@code .npmrc} and
     *     {@code .pypirc}, TLS private keys in {@code /etc/ssl/private/}, a Kubernetes cluster's {@code admin.conf},
     *     Chromium's and Firefox's cookie stores (session hijacking, T1539)
     */
    static boolean clientHeldSecret(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0 || slash + 1 == path.length()) {
            return false;
        }
        if (path.startsWith("/etc/")) {
            return path.startsWith("/etc/ssl/private/") || path.equals("/etc/kubernetes/admin.conf");
        }
        char c = path.charAt(slash + 1);
        if (c != '.' && c != 'h' && c != 'a' && c != 'm' && c != 'c' && c != 'C') {
            return false; // most reads: one test of the base name's first character
        }
        return path.endsWith("/.config/gh/hosts.yml") || path.endsWith("/.azure/accessTokens.json")
                || path.endsWith("/.azure/msal_token_cache.json") || path.endsWith("/.terraform.d/credentials.tfrc.json")
                || path.endsWith("/.vault-token") || path.endsWith("/.npmrc") || path.endsWith("/.pypirc")
                || path.endsWith("/cookies.sqlite") || path.endsWith("/Cookies") && path.contains("/.config/");
    }

    /** Clients whose job is to carry backups and files to other machines: ssh's, rsync, cloud storage, backup tools. */
    private static final Set<String> TRANSFER_CLIENTS = Set.of("ssh", "scp", "sftp", "rsync", "aws", "gsutil", "gcloud",
            "az", "azcopy", "rclone", "restic", "borg", "duplicity", "s3cmd", "mc", "kopia", "bup", "lftp");

    /** @return true for a program that carries backups and files elsewhere by design ({@link #TRANSFER_CLIENTS}) */
    static boolean transferClient(String exe) {
        return exe != null && TRANSFER_CLIENTS.contains(exe);
    }

    /** @return true for a program that shows, copies or sends files ({@code cat}, {@code base64}, {@code curl}): {@link #FILE_READERS} */
    static boolean fileReader(String exe) {
        return exe != null && FILE_READERS.contains(exe);
    }

    /** @return true for a private SSH key (not a public key, not authorized_keys or known_hosts) */
    static boolean privateKey(String path) {
        int base = path.lastIndexOf('/') + 1;
        // "_key" and ".pub" hold no slash: a path ending with them has a base name ending with them
        return (path.startsWith("id_", base) && path.contains("/.ssh/") || path.endsWith("_key") && path.startsWith("/etc/ssh/"))
                && !path.endsWith(".pub");
    }

    /** @return true if the text from {@code from} to the end of {@code path} equals {@code name} */
    private static boolean baseIs(String path, int from, String name) {
        return path.length() - from == name.length() && path.startsWith(name, from);
    }

    /** @return true if {@code path} before index {@code slash} (its directory, when {@code slash > 0}) ends with {@code suffix} */
    private static boolean dirEndsWith(String path, int slash, String suffix) {
        return slash > 0 && path.startsWith(suffix, slash - suffix.length());
    }

    /**
     * @param path an absolute path
     * @return true for the hidden prototype shim of a version manager ({@code ~/.pyenv/shims/.pyenv-shim}, rbenv's,
     *     nodenv's, goenv's: {@code shims/.NAME-shim}), which every rehash writes, makes executable and links to each
     *     shim: a tool's own file, not a hidden payload
     */
    static boolean versionManagerShim(String path) {
        int slash = path.lastIndexOf('/');
        String base = path.substring(slash + 1);
        return slash >= 6 && path.regionMatches(slash - 6, "/shims", 0, 6) && base.length() > ".-shim".length()
                && base.startsWith(".") && base.endsWith("-shim");
    }

    /**
     * Directories of scripts and settings root acts on at an event: every login's message of the day, a network coming
     * up or down; since schema 22 a device appearing (udev rules' {@code RUN+=}), every {@code apt update} and install
     * (APT's {@code Pre-Invoke} and {@code Post-Invoke} hooks), every login (PAM's {@code pam_exec}, X sessions),
     * every boot (modules to load, initramfs and GRUB scripts, systemd generators), every program start (the loader's
     * search path), every log rotation (logrotate's {@code postrotate}), every interactive bash (completion scripts);
     * since schema 34 every ssh login (the ssh server's settings: {@code PermitRootLogin yes}, a second
     * {@code AuthorizedKeysFile}, {@code ForceCommand}, {@code AuthorizedKeysCommand}); since schema 35 every DHCP lease
     * (dhclient's hooks), every polkit decision (its JavaScript rules), every login's PAM environment
     * ({@code pam_env.conf}: {@code LD_PRELOAD}), OpenBSD-style {@code doas.conf}; since schema 44 every start of the
     * kubelet (its static pods, {@code /etc/kubernetes/manifests/}: a pod no API server knows of, with whatever host
     * mounts and privileges its manifest asks for; {@code kubeadm}, which writes them at {@code init} and
     * {@code upgrade}, is a package tool).
     */
    private static final String[] ROOT_EVENT_SCRIPT_DIRS = {"/etc/update-motd.d/", "/etc/NetworkManager/dispatcher.d/",
        "/etc/network/if-up.d/", "/etc/network/if-pre-up.d/", "/etc/network/if-down.d/", "/etc/network/if-post-down.d/",
        "/etc/ppp/ip-up.d/", "/etc/udev/rules.d/", "/etc/apt/apt.conf.d/", "/etc/pam.d/", "/etc/X11/Xsession.d/",
        "/etc/modules-load.d/", "/etc/initramfs-tools/scripts/", "/etc/initramfs-tools/hooks/", "/etc/grub.d/",
        "/etc/ld.so.conf.d/", "/etc/logrotate.d/", "/etc/bash_completion.d/", "/lib/udev/rules.d/", "/usr/lib/udev/rules.d/",
        "/lib/systemd/system-generators/", "/usr/lib/systemd/system-generators/", "/lib/systemd/user-generators/",
        "/usr/lib/systemd/user-generators/", "/etc/ssh/sshd_config.d/", "/etc/dhcp/dhclient-exit-hooks.d/",
        "/etc/dhcp/dhclient-enter-hooks.d/", "/etc/polkit-1/rules.d/", "/etc/kubernetes/manifests/"};
    /**
     * Single files of the same kind: modules loaded at boot, the loader's search path, every login's environment, the
     * ssh server's settings (schema 34).
     */
    private static final Set<String> ROOT_EVENT_FILES = Set.of("/etc/modules", "/etc/ld.so.conf", "/etc/environment",
            "/etc/logrotate.conf", "/etc/ssh/sshd_config", "/etc/security/pam_env.conf", "/etc/doas.conf");

    /**
     * @param path an absolute path
     * @return true for a script or setting in a place whose contents root runs or loads at an event
     *     ({@code /etc/update-motd.d/}: at every ssh login, through pam_motd; NetworkManager's and ifupdown's hook
     *     directories; udev rules, APT hooks, PAM, boot and loader settings: {@link #ROOT_EVENT_SCRIPT_DIRS}):
     *     persistence as cron's is (T1037, T1546, T1547-like)
     */
    static boolean rootEventScript(String path) {
        if (!path.startsWith("/etc/") && !path.startsWith("/lib/") && !path.startsWith("/usr/lib/")) {
            return false; // most written paths: one test
        }
        for (String dir : ROOT_EVENT_SCRIPT_DIRS) {
            if (path.startsWith(dir) && path.length() > dir.length()) {
                return true;
            }
        }
        return ROOT_EVENT_FILES.contains(path);
    }

    /**
     * Schema 44 (MITRE T1546.018, Python startup hooks): a file every start of Python runs. A {@code NAME.pth} in a
     * {@code site-packages} or {@code dist-packages} directory (its {@code import} lines run at start-up, the user's own
     * {@code ~/.local/lib/python3.X/site-packages} included), and {@code sitecustomize.py} or {@code usercustomize.py}
     * in such a directory, under a {@code lib/python*} directory ({@code /usr/lib/python3.11/}) or Debian's
     * {@code /etc/python3.11/}.
     *
     * @param path an absolute path
     * @return true for such a file
     */
    static boolean pythonStartupHook(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return false;
        }
        boolean siteDirectory = dirEndsWith(path, slash, "/site-packages") || dirEndsWith(path, slash, "/dist-packages");
        if (path.endsWith(".pth")) {
            return siteDirectory && path.length() - slash > ".pth".length() + 1;
        }
        return (baseIs(path, slash + 1, "sitecustomize.py") || baseIs(path, slash + 1, "usercustomize.py"))
                && (siteDirectory || path.contains("/lib/python") || path.startsWith("/etc/python"));
    }

    /** Modules of {@code python -m MODULE} that install packages or make environments (and write {@code .pth} files by design). */
    private static final Set<String> PYTHON_INSTALLER_MODULES = Set.of("pip", "pip3", "ensurepip", "venv", "virtualenv",
            "pipx", "build", "installer", "setuptools", "easy_install", "poetry", "pdm", "hatch", "uv", "conda");
    /** Scripts run by an interpreter that install packages ({@code python3 setup.py develop} writes {@code easy-install.pth}). */
    private static final Set<String> PYTHON_INSTALLER_SCRIPTS = Set.of("setup.py", "get-pip.py", "virtualenv", "pip", "pip3",
            "easy_install");

    /**
     * @param exe the exec'd program's base name
     * @param argv its argv
     * @return true for Python installing packages or making an environment: {@code python3 -m pip|venv|...},
     *     {@code python3 setup.py ...}, {@code python3 get-pip.py}; {@code pip}, {@code virtualenv} and the like run by
     *     name are {@link Role#PACKAGE_FETCHER}s or run as scripts
     */
    static boolean installsPythonPackages(String exe, List<String> argv) {
        if (exe == null || argv.size() < 2) {
            return "virtualenv".equals(exe);
        }
        if ("virtualenv".equals(exe)) {
            return true;
        }
        if (!exe.startsWith("python") && !exe.startsWith("pypy")) {
            return false;
        }
        String first = argv.get(1);
        if (first.equals("-m")) {
            return argv.size() > 2 && PYTHON_INSTALLER_MODULES.contains(argv.get(2));
        }
        if (first.startsWith("-m") && first.length() > 2) {
            return PYTHON_INSTALLER_MODULES.contains(first.substring(2));
        }
        return !first.startsWith("-") && PYTHON_INSTALLER_SCRIPTS.contains(first.substring(first.lastIndexOf('/') + 1));
    }

    /**
     * @param decoration a {@code -yy} socket decoration ({@code TCP:[10.0.0.5:41234->169.254.169.254:80]})
     * @return true for a connection to a cloud's instance metadata service: 169.254.169.254 (AWS, GCP, Azure, Oracle,
     *     DigitalOcean, OpenStack), 100.100.100.200 (Alibaba), since schema 31 AWS's IPv6 endpoint fd00:ec2::254
     *     (Nitro instances), port 80
     */
    static boolean metadataService(CharSequence decoration) {
        return endsWith(decoration, "->169.254.169.254:80]") || endsWith(decoration, "->100.100.100.200:80]")
                || endsWith(decoration, "->[fd00:ec2::254]:80]");
    }

    /** @return true if {@code text} ends with {@code suffix}; compares characters, allocates nothing */
    private static boolean endsWith(CharSequence text, String suffix) {
        int from = text.length() - suffix.length();
        if (from < 0) {
            return false;
        }
        for (int i = 0; i < suffix.length(); i++) {
            if (text.charAt(from + i) != suffix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** @return true for a connect address ({@code 169.254.169.254:80}) of a cloud's metadata service: {@link #metadataService} */
    static boolean metadataEndpoint(String where) {
        return "169.254.169.254:80".equals(where) || "100.100.100.200:80".equals(where) || "[fd00:ec2::254]:80".equals(where);
    }

    /**
     * @param request the start of what was sent, decoded
     * @return true for an HTTP request for credentials: an instance role's keys (AWS's and Alibaba's
     *     {@code /security-credentials/}, AWS's {@code /identity-credentials/}), a service account's token (GCP's
     *     {@code /service-accounts/.../token} or {@code /identity}), a managed identity's token (Azure's
     *     {@code /metadata/identity/oauth2/token}); not other metadata ({@code /latest/meta-data/instance-id})
     */
    static boolean cloudCredentialRequest(String request) {
        if (request == null || !(request.startsWith("GET ") || request.startsWith("PUT ") || request.startsWith("POST "))) {
            return false;
        }
        int end = request.indexOf(' ', request.indexOf(' ') + 1);
        String target = end < 0 ? request : request.substring(0, end);
        return target.contains("/security-credentials") || target.contains("/identity-credentials/")
                || target.contains("/service-accounts/") && (target.contains("/token") || target.contains("/identity"))
                || target.contains("/metadata/identity/oauth2/token");
    }

    /** Container runtimes' command-line clients. */
    private static final Set<String> CONTAINER_CLIENTS = Set.of("docker", "podman", "nerdctl");

    /**
     * @return true for a command line that reaches through a container runtime or namespaces for the host: {@code docker
     *     run -v /:/host} (the host's root filesystem, writable: GTFOBins' way from the docker group to root), {@code
     *     --mount type=bind,source=/,...} likewise, {@code --privileged} together with {@code --pid=host}, and {@code
     *     nsenter} into PID 1's mount namespace ({@code nsenter -t 1 -m sh}: a container's way out). A read-only root
     *     mount ({@code -v /:/host:ro}, node exporters) is not one (T1611, T1068)
     */
    static boolean reachesForTheHost(String exe, List<String> argv) {
        int n = argv.size();
        if (exe.equals("nsenter")) {
            boolean pid1 = false;
            boolean mount = false;
            for (int i = 1; i < n; i++) {
                String a = argv.get(i);
                pid1 |= (a.equals("-t") || a.equals("--target")) && i + 1 < n && argv.get(i + 1).equals("1") || a.equals("-t1")
                        || a.equals("--target=1");
                mount |= a.equals("-m") || a.equals("--mount") || a.startsWith("--mount=") || a.equals("-a") || a.equals("--all")
                        || a.startsWith("-") && !a.startsWith("--") && a.indexOf('m') > 0 && a.indexOf('t') < 0;
            }
            return pid1 && mount;
        }
        if (!CONTAINER_CLIENTS.contains(exe) || !argv.contains("run") && !argv.contains("create")) {
            return false;
        }
        boolean privileged = false;
        boolean hostPid = false;
        for (int i = 1; i < n; i++) {
            String a = argv.get(i);
            String next = i + 1 < n ? argv.get(i + 1) : "";
            String volume = a.equals("-v") || a.equals("--volume") ? next : a.startsWith("--volume=") ? a.substring(9)
                    : a.startsWith("-v") && a.length() > 2 ? a.substring(2) : null;
            if (volume != null && volume.startsWith("/:") && !readOnly(volume.split(":", 3))) {
                return true;
            }
            String mount = a.equals("--mount") ? next : a.startsWith("--mount=") ? a.substring(8) : null;
            if (mount != null && (mount.contains("source=/,") || mount.contains("src=/,") || mount.endsWith("source=/")
                    || mount.endsWith("src=/")) && !mount.contains("readonly") && !mount.matches(".*(^|,)ro(=true|=1)?(,|$).*")) {
                return true;
            }
            privileged |= a.equals("--privileged") || a.equals("--privileged=true");
            hostPid |= a.equals("--pid=host") || a.equals("--pid") && next.equals("host");
        }
        return privileged && hostPid;
    }

    /** @return true when a {@code -v SRC:DST:OPTIONS} volume's options hold {@code ro} or {@code readonly} */
    private static boolean readOnly(String[] parts) {
        if (parts.length < 3) {
            return false;
        }
        for (String option : parts[2].split(",")) {
            if (option.equals("ro") || option.equals("readonly")) {
                return true;
            }
        }
        return false;
    }

    /** Servers that accept a connection and fork the user's shell by design. */
    private static final Set<String> REMOTE_LOGIN_SERVERS = Set.of("sshd", "sshd-session", "dropbear", "telnetd",
            "in.telnetd", "rshd", "in.rshd", "rlogind", "in.rlogind", "rexecd", "in.rexecd");

    /** @return true for a server whose job is to accept a connection and give it a shell: sshd, dropbear, telnetd */
    static boolean remoteLoginServer(String exe) {
        return exe != null && REMOTE_LOGIN_SERVERS.contains(exe);
    }

    /**
     * CI agents that connect to their coordinator and then run the job's script in a shell fed on stdin (GitLab
     * Runner's shell executor pipes it into {@code bash --login}).
     */
    private static final Set<String> CI_AGENTS = Set.of("gitlab-runner", "buildkite-agent", "circleci-agent",
            "drone-runner-exec", "woodpecker-agent", "Runner.Worker", "Runner.Listener", "teamcity-agent", "bamboo-agent");

    /** @return true for a CI agent whose job scripts run in a shell fed on stdin ({@link #CI_AGENTS}) */
    static boolean ciAgent(String exe) {
        return exe != null && CI_AGENTS.contains(exe);
    }

    /** Kernel settings naming a program the kernel runs as root (a crash, a module request, a new device, a binary format). */
    private static final Set<String> KERNEL_HOOKS = Set.of("/proc/sys/kernel/core_pattern", "/proc/sys/kernel/modprobe",
            "/sys/kernel/uevent_helper", "/proc/sys/kernel/hotplug", "/proc/sys/fs/binfmt_misc/register");

    /**
     * @param path an absolute path
     * @return true for a kernel setting that names a program the kernel itself runs as root: {@code core_pattern}
     *     ({@code |/tmp/x} runs at every crash), {@code modprobe}, {@code uevent_helper}, {@code hotplug},
     *     {@code binfmt_misc/register} (T1547.006-like persistence, a container escape's usual way out), and since
     *     schema 25 a cgroup v1 hierarchy's {@code release_agent}, wherever it is mounted (run as root in the host's
     *     namespaces when a cgroup with {@code notify_on_release} empties: the container escape of CVE-2022-0492 and of
     *     every privileged container, T1611)
     */
    static boolean kernelHook(String path) {
        return KERNEL_HOOKS.contains(path) || path.endsWith("/release_agent");
    }

    /** Programs whose password prompt or privilege a copy earlier in PATH can capture (T1574.007, T1056.001). */
    private static final Set<String> PRIVILEGE_PROGRAMS = Set.of("sudo", "su", "doas", "pkexec", "sudoedit", "passwd", "login");

    /**
     * @param path the path of a file made executable
     * @return true for an executable named like a privilege program outside the system's program directories (say
     *     {@code ~/.local/bin/sudo}, which a login's PATH puts before {@code /usr/bin}); a build's staging tree
     *     ({@code DESTDIR/usr/bin/sudo}) and {@code /opt}, {@code /snap}, {@code /nix} are system locations
     */
    static boolean privilegeProgramImpostor(String path) {
        int slash = path.lastIndexOf('/');
        if (!PRIVILEGE_PROGRAMS.contains(path.substring(slash + 1))) {
            return false;
        }
        String dir = path.substring(0, slash + 1);
        return !(dir.startsWith("/usr/") || dir.equals("/bin/") || dir.equals("/sbin/") || dir.startsWith("/opt/")
                || dir.startsWith("/snap/") || dir.startsWith("/nix/") || dir.startsWith("/gnu/") || dir.contains("/usr/bin/")
                || dir.contains("/usr/sbin/") || dir.endsWith("/bin/") && dir.contains("/usr/"));
    }

    /**
     * @param path an absolute path
     * @return true for the files of an account that sshd acts on at each login, so that changing them makes code run
     *     later: {@code authorized_keys} (a key, a {@code command=}), {@code authorized_keys2}, and the login scripts
     *     {@code ~/.ssh/rc} and {@code /etc/ssh/sshrc}
     */
    static boolean sshLoginFile(String path) {
        return path.endsWith("/.ssh/authorized_keys") || path.endsWith("/.ssh/authorized_keys2") || path.endsWith("/.ssh/rc")
                || path.equals("/etc/ssh/sshrc");
    }

    /**
     * @param path an absolute path opened for reading
     * @return the discovery group bit (1 &lt;&lt; group) of a host-enumeration file, or 0
     */
    static int reconGroup(String path) {
        // every discovery file is one of these five trees: most opens (libraries, sources) leave after one test
        if (path.startsWith("/etc/")) {
            if (path.equals("/etc/passwd") || path.equals("/etc/group")) {
                return 1;
            }
            if (path.equals("/etc/hosts") || path.equals("/etc/resolv.conf") || path.equals("/etc/network/interfaces")) {
                return 1 << 1;
            }
            if (path.equals("/etc/os-release") || path.equals("/etc/issue") || path.equals("/etc/lsb-release")) {
                return 1 << 2;
            }
            if (path.equals("/etc/fstab")) {
                return 1 << 4;
            }
            if (path.startsWith("/etc/sudoers") || path.equals("/etc/ssh/sshd_config") || path.equals("/etc/crontab")
                    || path.equals("/etc/cron.d")) {
                return 1 << 5;
            }
            return 0;
        }
        if (path.startsWith("/proc/")) {
            if (path.equals("/proc/version")) {
                return 1 << 2;
            }
            if (path.startsWith("/proc/net/")) {
                return 1 << 3;
            }
            return path.equals("/proc/modules") || path.equals("/proc/mounts") ? 1 << 4 : 0;
        }
        if (path.equals("/usr/lib/os-release")) {
            return 1 << 2;
        }
        return path.equals("/home") || path.equals("/root") ? 1 << 5 : 0;
    }

    /**
     * @return true for a find(1) argv hunting setuid or writable files, or private keys and password stores by name
     *     ({@code find / -name id_rsa}, {@code -name '*.kdbx'}), or {@code getcap -r /} listing the file capabilities of
     *     the whole tree (a privilege-escalation checklist's next step after the setuid files)
     */
    static boolean permissionHunt(String exe, List<String> argv) {
        if ("getcap".equals(exe)) {
            return argv.contains("-r") && argv.contains("/"); // the whole tree, as checklists do; getcap -r /usr/bin is an admin's
        }
        if (!"find".equals(exe)) {
            return false;
        }
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            String next = i + 1 < argv.size() ? argv.get(i + 1) : null;
            if (a.equals("-writable") || a.equals("-perm") && next != null && setidOrWorldWritable(next)
                    || (a.equals("-name") || a.equals("-iname")) && next != null && secretName(next)) {
                return true;
            }
        }
        return false;
    }

    private static final String[] SECRET_NAMES = {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".kdbx", ".git-credentials",
        ".netrc", ".pgpass", "wallet.dat", "password"};

    /** @return true for a find pattern naming a private key or a password store (not {@code *.pub}, not certificates) */
    private static boolean secretName(String pattern) {
        String p = pattern.toLowerCase(java.util.Locale.ROOT);
        if (p.endsWith(".pub") || p.endsWith(".pub*")) {
            return false;
        }
        for (String name : SECRET_NAMES) {
            if (p.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return true for an archiver told both to encrypt and to delete what it packed: {@code zip -m -P PW} (or
     *     {@code -e}, {@code --password}, {@code --move}), {@code 7z a -pPW -sdel}, {@code rar m -hpPW} or {@code -df}: the
     *     originals replaced by a locked archive, ransomware's way with one process
     */
    static boolean encryptsAndRemoves(String exe, List<String> argv) {
        if (exe == null || argv == null) {
            return false;
        }
        boolean encrypts = false;
        boolean removes = false;
        switch (exe) {
            case "zip" -> {
                for (String a : argv.subList(1, argv.size())) {
                    boolean group = a.length() > 1 && a.charAt(0) == '-' && a.charAt(1) != '-';
                    encrypts |= a.equals("-P") || a.equals("--password") || a.equals("--encrypt") || group && a.indexOf('e') > 0;
                    removes |= a.equals("--move") || group && a.indexOf('m') > 0;
                }
            }
            case "7z", "7za", "7zr" -> {
                for (String a : argv.subList(1, argv.size())) {
                    encrypts |= a.startsWith("-p");
                    removes |= a.equals("-sdel");
                }
            }
            case "rar" -> {
                removes = argv.size() > 1 && argv.get(1).equals("m");
                for (String a : argv.subList(1, argv.size())) {
                    encrypts |= a.startsWith("-p") || a.startsWith("-hp");
                    removes |= a.equals("-df");
                }
            }
            default -> {
                return false;
            }
        }
        return encrypts && removes;
    }

    /**
     * Services that log, audit or defend the host: stopping one blinds its owner (T1562.001, T1562.012). Unit names as
     * systemctl, service and pkill take them, without {@code .service}.
     */
    private static final Set<String> DEFENSE_SERVICES = Set.of("auditd", "rsyslog", "syslog", "syslog-ng", "systemd-journald",
            "auditbeat", "filebeat", "fluentd", "fluent-bit", "td-agent", "td-agent-bit", "splunkd", "splunk", "nxlog",
            "osqueryd", "wazuh-agent", "wazuh-agentd", "ossec", "ossec-hids", "falco", "falcon-sensor", "falcond", "mdatp",
            "wdavdaemon", "sentinelone", "sentinelagent", "s1-agent", "cbagentd", "elastic-agent", "elastic-endpoint",
            "qualys-cloud-agent", "sysdig", "tracee", "tetragon", "clamav-daemon", "clamd", "fail2ban", "apparmor",
            "firewalld", "ufw", "nftables", "netfilter-persistent", "aide", "tripwire", "procguard");

    /**
     * @return true for a command line that turns the host's logging or defenses off: systemctl stop, disable, mask or
     *     kill of a logging, audit or security service ({@link #DEFENSE_SERVICES}), {@code service NAME stop},
     *     {@code invoke-rc.d NAME stop}, {@code update-rc.d NAME disable}, pkill or killall of one, {@code auditctl -e 0}
     *     or {@code -D} (auditing off, every rule deleted), {@code setenforce 0} (SELinux permissive),
     *     {@code ufw disable}, {@code aa-teardown} (every AppArmor profile unloaded); since schema 33 the host
     *     firewall emptied (T1562.004): {@code iptables -F} of the whole filter table (ip6tables, the -legacy and -nft
     *     variants), {@code nft flush ruleset}, {@code ufw reset}
     */
    static boolean impairsDefenses(String exe, List<String> argv) {
        int n = argv.size();
        switch (exe) {
            case "systemctl" -> {
                String verb = null;
                for (int i = 1; i < n; i++) {
                    String a = argv.get(i);
                    if (a.startsWith("-")) {
                        continue;
                    }
                    if (verb == null) {
                        verb = a;
                        if (!verb.equals("stop") && !verb.equals("disable") && !verb.equals("mask") && !verb.equals("kill")) {
                            return false;
                        }
                    } else if (DEFENSE_SERVICES.contains(unitName(a))) {
                        return true;
                    }
                }
                return false;
            }
            case "service", "invoke-rc.d", "update-rc.d" -> {
                for (int i = 1; i + 1 < n; i++) {
                    String verb = argv.get(i + 1);
                    if (DEFENSE_SERVICES.contains(unitName(argv.get(i)))
                            && (verb.equals("stop") || verb.equals("disable") || verb.equals("remove") && exe.equals("update-rc.d"))) {
                        return true;
                    }
                }
                return false;
            }
            case "pkill", "killall" -> {
                for (int i = 1; i < n; i++) {
                    if (DEFENSE_SERVICES.contains(argv.get(i))) {
                        return true;
                    }
                }
                return false;
            }
            case "auditctl" -> {
                for (int i = 1; i < n; i++) {
                    if (argv.get(i).equals("-D") || argv.get(i).equals("-e") && i + 1 < n && argv.get(i + 1).equals("0")) {
                        return true;
                    }
                }
                return false;
            }
            case "setenforce" -> {
                return n > 1 && (argv.get(1).equals("0") || argv.get(1).equalsIgnoreCase("permissive"));
            }
            case "ufw" -> {
                return n > 1 && (argv.get(n - 1).equals("disable") || argv.contains("reset"));
            }
            case "iptables", "ip6tables", "iptables-legacy", "ip6tables-legacy", "iptables-nft", "ip6tables-nft" -> {
                return flushesEveryFilterRule(argv);
            }
            case "nft" -> {
                int flush = argv.indexOf("flush");
                return flush > 0 && flush + 1 < n && argv.get(flush + 1).equals("ruleset");
            }
            case "aa-teardown" -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * @param argv an iptables command line
     * @return true for {@code iptables -F} (or {@code --flush}) of every chain of the filter table: no chain named, no
     *     other table ({@code -t nat -F}, {@code -F DOCKER-USER}: a tool keeping its own chains, as Docker does, is not)
     */
    private static boolean flushesEveryFilterRule(List<String> argv) {
        boolean flush = false;
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if ((a.equals("-t") || a.equals("--table")) && i + 1 < argv.size() && !argv.get(i + 1).equals("filter")) {
                return false;
            }
            if (a.startsWith("--table=") && !a.equals("--table=filter")) {
                return false;
            }
            if (a.equals("-F") || a.equals("--flush")) {
                if (i + 1 < argv.size() && !argv.get(i + 1).startsWith("-")) {
                    return false; // one chain
                }
                flush = true;
            }
        }
        return flush;
    }

    /** {@code rsyslog.service} as {@code rsyslog}; also {@code .socket}; anything else as it is. */
    private static String unitName(String unit) {
        return unit.endsWith(".service") ? unit.substring(0, unit.length() - 8)
                : unit.endsWith(".socket") ? unit.substring(0, unit.length() - 7) : unit;
    }

    /** Kernel settings whose 0 takes a defense away: address-space randomisation, Yama's ptrace restriction. */
    private static final Set<String> DEFENSE_SETTINGS = Set.of("/proc/sys/kernel/randomize_va_space",
            "/proc/sys/kernel/yama/ptrace_scope");

    /**
     * @param path a file written
     * @param data what was written, decoded
     * @return true for a 0 written to {@link #DEFENSE_SETTINGS} ({@code sysctl -w kernel.randomize_va_space=0},
     *     {@code echo 0 > /proc/sys/kernel/yama/ptrace_scope}: the way open to exploits and to ptrace injection)
     */
    static boolean lowersDefenseSetting(String path, String data) {
        return path != null && DEFENSE_SETTINGS.contains(path) && data != null && !data.isEmpty() && data.charAt(0) == '0';
    }

    /** Where modprobe reads its configuration (each {@code install}/{@code remove} line runs a command as root). */
    private static final String[] MODPROBE_CONFIG = {"/etc/modprobe.d/", "/run/modprobe.d/", "/usr/lib/modprobe.d/", "/lib/modprobe.d/",
        "/usr/local/lib/modprobe.d/"};
    /** Where systemd-sysctl and {@code sysctl --system} read the kernel settings they apply at every boot. */
    private static final String[] SYSCTL_CONFIG = {"/etc/sysctl.d/", "/run/sysctl.d/", "/usr/lib/sysctl.d/", "/lib/sysctl.d/",
        "/usr/local/lib/sysctl.d/"};
    /** Crash handlers that distributions install in core_pattern; not a hook somebody planted. */
    private static final String[] CRASH_HANDLER_DIRS = {"/usr/lib/systemd/", "/lib/systemd/", "/usr/share/apport/", "/usr/libexec/abrt",
        "/usr/sbin/abrt"};

    /**
     * Schema 48: the settings the boot applies that make the kernel or modprobe run a program as root, written into
     * their configuration files. {@code /etc/modprobe.d/*.conf}: an {@code install MODULE COMMAND} or
     * {@code remove MODULE COMMAND} line runs COMMAND as root whenever the module is loaded or removed (T1547.006); the
     * usual blacklisting {@code install usb-storage /bin/true} (or {@code false}) is not a hook. {@code /etc/sysctl.d/*.conf}
     * (and {@code /etc/sysctl.conf}): {@code kernel.core_pattern = |PROGRAM} (run at every crash, not a distribution's
     * crash handler: systemd-coredump, apport, abrt), {@code kernel.modprobe = PROGRAM} (not modprobe itself),
     * {@code kernel.hotplug = PROGRAM}: what writing {@code /proc/sys/kernel/core_pattern} does now
     * ({@link #kernelHook}), at every boot.
     *
     * @param path an absolute path written
     * @param data what was written (strace shows the first 256 bytes of each write), decoded
     * @return the line that makes it a hook, or null
     */
    static String bootHookSetting(String path, String data) {
        if (path == null || data == null || !path.startsWith("/etc/") && !path.startsWith("/run/") && !path.startsWith("/usr/")
                && !path.startsWith("/lib/")) {
            return null;
        }
        boolean modprobe = path.equals("/etc/modprobe.conf") || startsWithAny(path, MODPROBE_CONFIG);
        boolean sysctl = !modprobe && (path.equals("/etc/sysctl.conf") || startsWithAny(path, SYSCTL_CONFIG));
        if (!modprobe && !sysctl) {
            return null;
        }
        for (String line : data.split("\n")) {
            String l = line.strip();
            if (modprobe ? modprobeHook(l) : sysctlHook(l)) {
                return l;
            }
        }
        return null;
    }

    private static boolean startsWithAny(String path, String[] prefixes) {
        for (String p : prefixes) {
            if (path.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** @return true for {@code install MODULE COMMAND} / {@code remove MODULE COMMAND} with a command that does more than say yes or no */
    private static boolean modprobeHook(String line) {
        String[] words = line.split("\\s+", 3);
        if (words.length < 3 || !words[0].equals("install") && !words[0].equals("remove")) {
            return false;
        }
        String command = words[2].strip();
        return !command.matches("(/usr)?(/s?bin/)?(true|false)(\\s*;?\\s*)");
    }

    /** @return true for a sysctl line that names a program for the kernel to run as root */
    private static boolean sysctlHook(String line) {
        int eq = line.indexOf('=');
        if (eq <= 0 || line.startsWith("#") || line.startsWith(";")) {
            return false;
        }
        String key = line.substring(0, eq).strip().replace('/', '.');
        if (key.startsWith("-")) {
            key = key.substring(1).strip(); // "-key = value": an error to apply is ignored
        }
        String value = line.substring(eq + 1).strip();
        switch (key) {
            case "kernel.core_pattern" -> {
                if (!value.startsWith("|")) {
                    return false;
                }
                String program = value.substring(1).strip();
                return !startsWithAny(program, CRASH_HANDLER_DIRS);
            }
            case "kernel.modprobe" -> {
                return !value.isEmpty() && !value.equals("/sbin/modprobe") && !value.equals("/usr/sbin/modprobe")
                        && !value.equals("/bin/kmod") && !value.equals("/usr/bin/kmod");
            }
            case "kernel.hotplug" -> {
                return !value.isEmpty();
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * System daemons whose names a program takes to pass in a process list (T1036.005): {@code sshd}, {@code cron},
     * {@code systemd-journald}, {@code dbus-daemon}, web and database servers, container engines. Not the generic
     * {@code init}, {@code login} or postfix's {@code master}: files of those names lie in hidden directories too.
     */
    private static final Set<String> DAEMON_NAMES = Set.of("sshd", "sshd-session", "cron", "crond", "atd", "anacron", "systemd", "systemd-journald", "systemd-logind", "systemd-udevd", "systemd-resolved", "systemd-networkd",
            "systemd-timesyncd", "udevd", "dbus-daemon", "dbus-broker", "rsyslogd", "syslogd", "syslog-ng", "auditd", "agetty",
            "getty", "polkitd", "NetworkManager", "wpa_supplicant", "dhclient", "chronyd", "ntpd", "irqbalance", "acpid",
            "avahi-daemon", "cupsd", "nginx", "httpd", "apache2", "lighttpd", "mysqld", "mariadbd", "postgres", "redis-server",
            "memcached", "php-fpm", "containerd", "containerd-shim", "dockerd", "kubelet", "snapd", "exim4", "postfix");

    /**
     * Schema 49: an exec of a file named like a system daemon ({@link #DAEMON_NAMES}) from a hidden directory, where no
     * daemon is installed and droppers hide ({@code ~/.cache/sshd}, {@code /var/lib/.x/crond}, {@code /tmp/.ICE-unix/sshd}).
     * A daemon built from source and run from its build tree is not; an exec from /tmp is {@code ind.staged_exec} anyway.
     *
     * @param path the executed file's absolute path
     * @return true for such an impostor
     */
    static boolean daemonImpostor(String path) {
        return path != null && path.lastIndexOf('/') >= 0 && daemonImpostorIn(path);
    }

    /**
     * Schema 50: a program started under a daemon's name it does not have ({@code exec -a sshd ./miner}, an
     * {@code execve} whose argv[0] is {@code crond}): {@code ps} shows the name. Not when the program is a daemon itself
     * ({@code apache2} started as {@code httpd}), nor a multi-call binary (busybox's {@code crond}).
     *
     * @param base the executed file's name
     * @param argv0 the argv[0] it was given
     * @return true for such a disguise
     */
    static boolean daemonAlias(String base, String argv0) {
        if (argv0 == null || base == null) {
            return false;
        }
        String name = argv0.substring(argv0.lastIndexOf('/') + 1);
        return DAEMON_NAMES.contains(name) && !name.equals(base) && !DAEMON_NAMES.contains(base) && !MULTI_CALL.contains(base);
    }

    /** Programs that act as the applet argv[0] names. */
    private static final Set<String> MULTI_CALL = Set.of("busybox", "toybox", "busybox.static", "busybox-static");

    private static boolean daemonImpostorIn(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0 || !DAEMON_NAMES.contains(path.substring(slash + 1))) {
            return false;
        }
        String dir = path.substring(0, slash + 1);
        for (String part : dir.split("/")) {
            if (part.length() > 1 && part.charAt(0) == '.' && !part.equals("..")) {
                return true; // a hidden directory: ~/.cache/sshd, .x/crond (not ./ nor ../)
            }
        }
        return false;
    }

    /**
     * Names of the kernel's own threads (as {@code ps} shows them without the brackets); no program on disk is called so.
     * Miners and bots copy themselves under them to pass in a process list: Kinsing's {@code kdevtmpfsi}, XMRig builds
     * named {@code kworker} or {@code kswapd0} (T1036.004).
     */
    private static final String[] KERNEL_THREAD_PREFIXES = {"kworker", "kthreadd", "ksoftirqd", "kswapd", "kcompactd",
        "khugepaged", "kauditd", "ksmd", "kdevtmpfs", "oom_reaper", "rcu_sched", "rcu_preempt", "rcu_gp", "rcu_par_gp",
        "kblockd", "kintegrityd", "kthrotld", "cpuhp", "jbd2", "ecryptfs-kthrea", "kstrp", "khungtaskd"};

    /**
     * @param base an executable's file name
     * @return true when it is named like a kernel thread ({@link #KERNEL_THREAD_PREFIXES}: the name, or the name followed
     *     by anything, as {@code kworker/0:1} or {@code kdevtmpfsi} are): a program posing as one (schema 43)
     */
    static boolean kernelThreadName(String base) {
        if (base.isEmpty() || "krocje".indexOf(base.charAt(0)) < 0) {
            return false; // most names: one test
        }
        for (String prefix : KERNEL_THREAD_PREFIXES) {
            if (base.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** @return true for a mount target that is a process's /proc directory: a bind mount over it hides the process */
    static boolean hidesProcess(String target) {
        if (target == null || !target.startsWith("/proc/") || target.length() < 7) {
            return false;
        }
        int end = target.indexOf('/', 6);
        String pid = end < 0 ? target.substring(6) : target.substring(6, end);
        return !pid.isEmpty() && pid.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The shortest program that counts as run from a network read when it is all of a value ({@code id}). */
    private static final int MIN_NETWORK_PROGRAM = 2;
    /** The shortest value with a shell metacharacter that counts as spliced into a longer program ({@code ;id}). */
    private static final int MIN_SPLICED_VALUE = 3;
    /**
     * How many {@code key=value} and JSON values of one read are looked at: a request has a few; a hostile read of a
     * thousand {@code =} would otherwise cost a quadratic scan at every exec.
     */
    private static final int MAX_VALUES = 32;

    /**
     * Finds what of a read of a TCP or UDP socket a program run afterwards is, or holds:
     * <ul>
     * <li>the whole read, or the body after an HTTP header, as it came (a C2 channel's {@code id\n}; a raw POST body);</li>
     * <li>a {@code key=value} value, URL-decoded (a web shell's {@code GET /?c=cat+%2Fetc%2Fpasswd} run as
     * {@code sh -c 'cat /etc/passwd'}; a form body; FastCGI's {@code QUERY_STRING}), or a JSON string value
     * ({@code {"cmd": "id"}});</li>
     * <li>such a value of three or more characters with a shell metacharacter ({@code ; | & ` $} or a newline) inside a
     * longer program: command injection ({@code host=8.8.8.8%3Bid} in {@code ping -c 1 8.8.8.8;id}).</li>
     * </ul>
     * Encoded payloads ({@code ?c=aWQ=} decoded by the server), TLS and compressed bodies are not seen.
     *
     * @param program what a shell or interpreter was told to run on its command line ({@code -c}, {@code -e}), or a
     *     whole argv joined by spaces
     * @param text a read of a TCP or UDP socket as {@code Arguments.decodeString} gives it (256 bytes under {@code -s 256})
     * @return the part of {@code text} that matched, or null
     */
    static String programFromNetwork(String program, String text) {
        String p = trimEnd(program);
        if (p.length() < MIN_NETWORK_PROGRAM || text == null) {
            return null;
        }
        if (p.equals(trimEnd(text))) {
            return p;
        }
        int header = text.indexOf("\r\n\r\n");
        if (header >= 0 && p.equals(trimEnd(text.substring(header + 4)))) {
            return p;
        }
        // a line of the read (schema 37): a channel's operator sent several commands at once, "uname -a\nexit\n"
        int lines = 0;
        for (int start = 0, nl = text.indexOf('\n'); nl >= 0 && lines++ < MAX_VALUES; start = nl + 1, nl = text.indexOf('\n', start)) {
            if (nl - start >= p.length() && p.equals(trimEnd(text.substring(start, nl)))) {
                return p;
            }
        }
        int values = 0;
        for (int i = text.indexOf('='); i >= 0 && values++ < MAX_VALUES; i = text.indexOf('=', i + 1)) {
            int end = i + 1;
            while (end < text.length() && !endsValue(text, end)) {
                end++;
            }
            String value = urlDecoded(text, i + 1, end);
            if (runsValue(p, value)) {
                return value;
            }
        }
        values = 0;
        for (int i = text.indexOf("\":"); i >= 0 && values++ < MAX_VALUES; i = text.indexOf("\":", i + 2)) {
            int start = i + 2;
            while (start < text.length() && text.charAt(start) == ' ') {
                start++;
            }
            String value = start < text.length() && text.charAt(start) == '"' ? jsonString(text, start + 1) : null;
            if (value != null && runsValue(p, value)) {
                return value;
            }
        }
        return null;
    }

    /** What interpreters' one-liners fetch with: Python, Perl, Ruby, Node, PHP. */
    private static final String[] FETCH_CALLS = {"urlopen", "urllib", "requests.get", "requests.post", "http.client", "httpx",
        "LWP::", "HTTP::Tiny", "IO::Socket", "Net::HTTP", "open-uri", "URI.open", "https.get", "http.get", "require('http",
        "require(\"http", "fetch(", "file_get_contents('http", "file_get_contents(\"http", "curl_exec", "fsockopen"};
    /** How they run text as code: exec, eval, compile, new Function, vm.run*. */
    private static final String[] EVAL_CALLS = {"exec(", "exec (", "eval(", "eval ", "eval{", "compile(", "new Function", "vm.run",
        "Function("};

    /**
     * @param program an interpreter's program from its command line ({@code python3 -c}, {@code perl -e}, {@code node -e})
     * @param argv its whole argv ({@code perl -MHTTP::Tiny -e ...} names the fetcher outside the program)
     * @return true for a one-liner that fetches over the network and runs text as code, in memory: {@code python3 -c
     *     "exec(urlopen(URL).read())"}, {@code perl -MHTTP::Tiny -e 'eval HTTP::Tiny->new->get(URL)->{content}'},
     *     {@code node -e "fetch(URL).then(r => r.text()).then(eval)"} (T1105 + T1059, nothing written to disk)
     */
    static boolean fetchesAndEvaluates(String program, List<String> argv) {
        if (program == null || !containsAny(program, EVAL_CALLS) && !program.contains("then(eval)")) {
            return false;
        }
        for (String a : argv) {
            if (containsAny(a, FETCH_CALLS)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsAny(String text, String[] needles) {
        for (String n : needles) {
            if (text.contains(n)) {
                return true;
            }
        }
        return false;
    }

    /** The shortest command line that counts as found in a script ({@code id -u}). */
    private static final int MIN_SCRIPT_COMMAND = 5;

    /**
     * @param command an argv joined by spaces ({@code uname -a})
     * @param script shell text ({@code "uname -a > /dev/null\nmkdir -p x\n"})
     * @return true when {@code command} stands in {@code script} as a command of its own: after (blanks and) the start,
     *     a newline, {@code ; & | ( { ` !}, {@code then}, {@code do} or {@code else}, and followed (after blanks) by no further word: the end, a newline,
     *     {@code ; & | ) } `} or a redirection ({@code > x}, {@code 2> x}, {@code < x})
     */
    static boolean commandIn(String command, String script) {
        if (command.length() < MIN_SCRIPT_COMMAND) {
            return false;
        }
        for (int at = script.indexOf(command); at >= 0; at = script.indexOf(command, at + 1)) {
            int end = at + command.length();
            while (end < script.length() && (script.charAt(end) == ' ' || script.charAt(end) == '\t')) {
                end++; // blanks, then no further word: the command ends here
            }
            if (end < script.length() && script.charAt(end) >= '0' && script.charAt(end) <= '9' && end + 1 < script.length()
                    && script.charAt(end + 1) == '>') {
                end++; // 2> /dev/null
            }
            if (startsCommand(script, at) && (end == script.length() || "\n;&|)}`<>".indexOf(script.charAt(end)) >= 0)) {
                return true;
            }
        }
        return false;
    }

    /** @return true when a command starts at {@code at}: after blanks, the start, a separator or then, do, else */
    private static boolean startsCommand(String script, int at) {
        int i = at;
        while (i > 0 && (script.charAt(i - 1) == ' ' || script.charAt(i - 1) == '\t')) {
            i--;
        }
        if (i == 0 || "\n;&|({`!".indexOf(script.charAt(i - 1)) >= 0) {
            return true;
        }
        for (String word : new String[] {"then", "do", "else"}) {
            int from = i - word.length();
            if (from >= 0 && script.startsWith(word, from) && (from == 0 || "\n;& \t".indexOf(script.charAt(from - 1)) >= 0)) {
                return true;
            }
        }
        return false;
    }

    private static boolean runsValue(String program, String value) {
        return value.length() >= MIN_NETWORK_PROGRAM && program.equals(trimEnd(value))
                || value.length() >= MIN_SPLICED_VALUE && hasShellMetacharacter(value) && program.contains(value);
    }

    private static boolean hasShellMetacharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (";|&`$\n".indexOf(value.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where a {@code key=value} value ends: at {@code &}, a quote, a control byte (the next header line, a FastCGI
     * record's length byte), or the space before {@code HTTP/} that ends a request line; a form body's raw spaces
     * ({@code curl -d 'c=cat /etc/passwd'}) stay in.
     */
    private static boolean endsValue(String text, int at) {
        char c = text.charAt(at);
        return c == '&' || c == '"' || c < 0x20 || c == 0x7f || c == ' ' && text.startsWith("HTTP/", at + 1);
    }

    /** {@code +} as a space, {@code %HH} as that byte (a char 0-0xff, as argv decodes); a broken escape as it is. */
    private static String urlDecoded(String text, int from, int to) {
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            int hi;
            int lo;
            if (c == '%' && i + 2 < to && (hi = Character.digit(text.charAt(i + 1), 16)) >= 0
                    && (lo = Character.digit(text.charAt(i + 2), 16)) >= 0) {
                b.append((char) (hi * 16 + lo));
                i += 2;
            } else {
                b.append(c == '+' ? ' ' : c);
            }
        }
        return b.toString();
    }

    /** A JSON string's value from after its opening quote; null when it is not closed in the text. */
    private static String jsonString(String text, int from) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\' && i + 1 < text.length()) {
                char n = text.charAt(++i);
                switch (n) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'u' -> {
                        if (i + 4 < text.length()) {
                            try {
                                b.append((char) Integer.parseInt(text, i + 1, i + 5, 16));
                            } catch (NumberFormatException notHex) {
                                return null;
                            }
                            i += 4;
                        }
                    }
                    default -> b.append(n); // \" \\ \/
                }
            } else {
                b.append(c);
            }
        }
        return null;
    }

    /** Without the trailing newlines, carriage returns, spaces and NULs that reads and {@code $(...)} leave. */
    private static String trimEnd(String s) {
        int n = s.length();
        while (n > 0 && (s.charAt(n - 1) == '\n' || s.charAt(n - 1) == '\r' || s.charAt(n - 1) == ' ' || s.charAt(n - 1) == 0)) {
            n--;
        }
        return n == s.length() ? s : s.substring(0, n);
    }

    private static boolean setidOrWorldWritable(String mode) {
        return mode.matches("[-/]?[0-7]*[2467][0-7]{3}") || mode.contains("u=s") || mode.contains("g=s")
                || mode.matches("[-/]?0*[0-7]*[2367]") || mode.contains("o+w") || mode.contains("o=w");
    }
    // ---------------------------------------------------------------- cryptocurrency mining (T1496)

    /** Tools that write a CPU's model-specific registers by trade: msr-tools, power and undervolting tools. */
    private static final Set<String> MSR_TOOLS = Set.of("wrmsr", "x86_energy_perf_policy", "cpupower", "thermald",
            "intel-undervolt", "undervolt", "zenstates", "ryzenadj", "tuned");

    /**
     * @param exe the program's file name
     * @param path an absolute path opened for writing
     * @return true for a CPU's model-specific registers ({@code /dev/cpu/N/msr}) opened for writing by anything but a
     *     tool that does so by trade: XMRig (and the miners built on it) rewrite the prefetcher registers for
     *     RandomX, its "MSR mod", at every start as root
     */
    static boolean writesCpuRegisters(String exe, String path) {
        return path.startsWith("/dev/cpu/") && path.endsWith("/msr") && (exe == null || !MSR_TOOLS.contains(exe));
    }

    /**
     * @param exe the program's file name
     * @param argv its argv
     * @return true for a miner's command line: a pool URL ({@code stratum+tcp://}, {@code stratum+ssl://},
     *     {@code stratum2+tcp://}, ...), XMRig's {@code --donate-level} (every miner built on it has it), or
     *     {@code modprobe msr allow_writes=on} (how XMRig readies its MSR mod); anywhere in the argv, so the shell that
     *     starts a miner ({@code sh -c 'nohup ./x -o stratum+tcp://...'}) counts too
     */
    static boolean minesCoins(String exe, List<String> argv) {
        for (String a : argv) {
            int s = a.indexOf("stratum");
            if (s >= 0 && isPoolUrl(a, s) || a.startsWith("--donate-level") || a.contains(" --donate-level")) {
                return true;
            }
        }
        return "modprobe".equals(exe) && argv.contains("msr") && argv.contains("allow_writes=on");
    }

    /** @return true when {@code stratum} at {@code s} starts a URL scheme: {@code stratum+tcp://}, {@code stratum1+ssl://} */
    private static boolean isPoolUrl(String a, int s) {
        for (; s >= 0; s = a.indexOf("stratum", s + 1)) {
            int i = s + 7;
            while (i < a.length() && (Character.isLetterOrDigit(a.charAt(i)) || a.charAt(i) == '+')) {
                i++;
            }
            if (i > s + 7 && a.charAt(s + 7) != ':' && a.startsWith("://", i) || a.startsWith("stratum://", s)) {
                return true;
            }
        }
        return false;
    }

    /** How much of a payload, as strace prints it, a pool's message is looked for in (and how far its quote may be): its method comes first. */
    static final int POOL_MESSAGE_PRINTED = 192;

    /**
     * A cheap first look at a TCP/UDP payload as strace printed it, before it is decoded for {@link #miningProtocol}.
     *
     * @param printed a call's arguments from the first, the payload being the first quoted text (<code>3&lt;TCP:[...]&gt;,
     *     "&#123;\"id\":1,\"method\":\"mining.subscribe\"...", 63, 0, NULL, 0</code>), or the text after a read's
     *     descriptor
     * @return true when it starts as a JSON object (a quote, then an opening brace) and its start holds one of the words
     *     a pool's messages carry: {@code mining.}, {@code login}, {@code job}, {@code eth_submit}, {@code keepalived}
     */
    static boolean mayBeMining(CharSequence printed) {
        int quote = 0;
        int limit = Math.min(printed.length(), POOL_MESSAGE_PRINTED);
        while (quote < limit && printed.charAt(quote) != '"') {
            quote++; // past the descriptor and its -yy decoration (an inet one holds no quote)
        }
        if (quote + 1 >= printed.length() || printed.charAt(quote + 1) != '{') {
            return false; // a pool's messages are JSON objects, one per line: most traffic stops here
        }
        int n = Math.min(printed.length(), quote + POOL_MESSAGE_PRINTED);
        for (int i = quote + 2; i + 3 <= n; i++) {
            char c = printed.charAt(i);
            if (c == 'm' && regionIs(printed, i, n, "mining.") || c == 'l' && regionIs(printed, i, n, "login")
                    || c == 'j' && regionIs(printed, i, n, "job") || c == 'e' && regionIs(printed, i, n, "eth_submit")
                    || c == 'k' && regionIs(printed, i, n, "keepalived")) {
                return true;
            }
        }
        return false;
    }

    /** @return true when {@code word} stands in {@code text} at {@code at}, ending before {@code end}; allocates nothing */
    static boolean regionIs(CharSequence text, int at, int end, String word) {
        if (at + word.length() > end) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (text.charAt(at + k) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Stratum's (v1, Bitcoin-style pools and their forks) methods, and Ethereum's stratum proxies'. */
    private static final Pattern STRATUM_METHOD = Pattern.compile("\"method\"\\s*:\\s*\"(?:mining\\.(?:subscribe|authorize|"
            + "submit|notify|set_difficulty|set_target|set_extranonce|extranonce\\.subscribe|configure|suggest_difficulty)"
            + "|eth_submitLogin|eth_submitWork|eth_submitHashrate)\"");
    /** CryptoNote pools' (Monero: XMRig, xmr-stak) methods, which need a second key to tell them from any RPC. */
    private static final Pattern CRYPTONOTE_METHOD = Pattern.compile("\"method\"\\s*:\\s*\"(login|submit|job|keepalived)\"");
    /** A CryptoNote pool's job (in a login's answer or pushed): the block template blob to hash. */
    private static final Pattern CRYPTONOTE_JOB = Pattern.compile("\"job\"\\s*:\\s*\\{\\s*\"blob\"\\s*:");

    /**
     * @param payload the start of what a process sent or received on a TCP/UDP socket, decoded (null: nothing)
     * @return true for a mining pool's protocol: a Stratum method ({@code "method":"mining.subscribe"}, {@code
     *     mining.authorize}, {@code mining.submit}, {@code mining.notify}, ..., Ethereum proxies' {@code eth_submitLogin}),
     *     a CryptoNote pool's login with a miner's keys ({@code "method":"login"} with {@code "agent"}, {@code "algo"} or
     *     {@code "rigid"}), a share ({@code "method":"submit"} with {@code "job_id"} and {@code "nonce"}), a job
     *     ({@code "method":"job"} or {@code "job":{"blob":...}} with {@code "blob"} and {@code "target"}), or a
     *     keep-alive with a miner's {@code "id"} (T1496: resource hijacking)
     */
    static boolean miningProtocol(String payload) {
        if (payload == null || payload.indexOf('{') < 0) {
            return false;
        }
        if (STRATUM_METHOD.matcher(payload).find()) {
            return true;
        }
        if (CRYPTONOTE_JOB.matcher(payload).find()) {
            return payload.contains("\"target\"") || payload.contains("\"job_id\"");
        }
        java.util.regex.Matcher m = CRYPTONOTE_METHOD.matcher(payload);
        if (!m.find()) {
            return false;
        }
        return switch (m.group(1)) {
            case "login" -> payload.contains("\"agent\"") || payload.contains("\"algo\"") || payload.contains("\"rigid\"");
            case "submit" -> payload.contains("\"job_id\"") && payload.contains("\"nonce\"");
            case "job" -> payload.contains("\"blob\"") && (payload.contains("\"target\"") || payload.contains("\"job_id\""));
            default -> payload.contains("\"params\"") && payload.contains("\"id\"") && payload.contains("keepalived");
        };
    }
    // ---------------------------------------------------------------- kernel modules (T1547.006, T1014)

    /** Programs that load kernel modules by trade: kmod's tools, udev, systemd's boot-time loader. */
    private static final Set<String> MODULE_LOADERS = Set.of("modprobe", "insmod", "kmod", "systemd-udevd", "udevadm",
            "systemd-modules-load");

    /**
     * @param exe the program's file name
     * @param path the module file {@code finit_module} was given, from its descriptor's {@code -yy} decoration, or null
     *     (no decoration, or {@code init_module}, which takes the module from memory)
     * @return true for a kernel module loaded, or an attempt, from anywhere but the module tree ({@code /lib/modules/},
     *     {@code /usr/lib/modules/}), whoever loads it ({@code insmod /tmp/diamorphine.ko}: how rootkits arrive); where
     *     the file is unknown, by anything but the module loaders ({@code modprobe}, {@code insmod}, udev): a loader
     *     that brings its own module in memory
     */
    static boolean loadsForeignModule(String exe, String path) {
        if (path != null && !path.isEmpty()) {
            return !path.startsWith("/lib/modules/") && !path.startsWith("/usr/lib/modules/");
        }
        return exe == null || !MODULE_LOADERS.contains(exe);
    }
    /**
     * Mining pools' domains (and their subdomains: {@code gulf.moneroocean.stream}, {@code xmr-eu1.nanopool.org}): the
     * large public pools of Monero, Bitcoin, Ethereum Classic, Ravencoin and Kaspa, and the services miners use. A
     * heuristic that ages: pools come and go.
     */
    private static final Set<String> POOL_DOMAINS = Set.of("moneroocean.stream", "supportxmr.com", "minexmr.com",
            "nanopool.org", "2miners.com", "f2pool.com", "hashvault.pro", "c3pool.com", "herominers.com", "unmineable.com",
            "nicehash.com", "minergate.com", "xmrpool.eu", "dwarfpool.com", "viabtc.com", "antpool.com", "braiins.com",
            "slushpool.com", "ethermine.org", "flexpool.io", "p2pool.io", "kryptex.network", "zergpool.com",
            "prohashing.com", "miningpoolhub.com", "woolypooly.com", "k1pool.com", "xmrfast.com");

    /**
     * @param query a DNS message as sent, decoded ({@code sendto}/{@code sendmmsg} to port 53)
     * @return true when it asks for a mining pool's name ({@link #POOL_DOMAINS} or a name under one): a miner resolving
     *     its pool, which pool traffic over TLS would otherwise hide (T1496)
     */
    static boolean asksForMiningPool(String query) {
        String name = dnsQuestion(query);
        if (name == null) {
            return false;
        }
        for (int from = 0; from >= 0; ) {
            if (POOL_DOMAINS.contains(name.substring(from))) {
                return true;
            }
            int dot = name.indexOf('.', from);
            from = dot < 0 ? -1 : dot + 1; // the name, then each parent domain
        }
        return false;
    }

    /**
     * @param message a DNS message (its 12-byte header, then the question's labels)
     * @return the question's name in lower case ({@code pool.example.com}), or null when it is none
     */
    static String dnsQuestion(String message) {
        if (message == null || message.length() < 13) {
            return null;
        }
        StringBuilder name = new StringBuilder();
        int i = 12;
        while (i < message.length()) {
            int n = message.charAt(i);
            if (n == 0) {
                return name.length() == 0 ? null : name.toString();
            }
            if (n > 63 || i + 1 + n > message.length()) {
                return null; // a compression pointer or a cut message: not a plain question
            }
            if (name.length() > 0) {
                name.append('.');
            }
            for (int k = i + 1; k <= i + n; k++) {
                name.append(Character.toLowerCase(message.charAt(k)));
            }
            i += 1 + n;
        }
        return null;
    }

    /**
     * Zones whose services are asked about a file's or a message's hash, or an address's or a domain's reputation, in DNS
     * questions: antivirus and mail scanners' lookups ({@code <md5>.malware.hash.cymru.com}, Spamhaus' hash lists, Sophos'
     * SXL, McAfee's GTI), which {@link #dnsTunnelQuestion} spares. A heuristic that ages, like {@link #POOL_DOMAINS}; that
     * method's structural rule (one label of a digest's length) spares the services not listed.
     */
    private static final Set<String> REPUTATION_ZONES = Set.of("cymru.com", "spamhaus.net", "spamhaus.org", "sophosxl.net",
            "mcafee.com", "uribl.com", "surbl.org", "spamcop.net", "sorbs.net", "mailspike.net", "dnswl.org",
            "barracudacentral.org", "abuseat.org", "senderscore.com", "junkemailfilter.com", "invaluement.com",
            "nordspam.com", "rspamd.com", "e5.sk", "clamav.net");

    /** Lengths of a digest written in hex (MD5, SHA-1, SHA-224, SHA-256) or unpadded base32 (SHA-1, SHA-256). */
    private static final Set<Integer> DIGEST_LENGTHS = Set.of(32, 40, 52, 56, 64);

    /** Fewest characters of subdomain text a question carrying data has ({@link #dnsTunnelQuestion}). */
    static final int TUNNEL_MIN_TEXT = 32;
    /** Fewest characters the longest label of such a question has. */
    static final int TUNNEL_MIN_LABEL = 20;
    /** Fewest characters of subdomain text, and in its longest label, a short question carrying data has. */
    static final int TUNNEL_SHORT_TEXT = 16;
    /** Characters of name read from a message cut by strace's {@code -s} that count as data by themselves. */
    static final int TUNNEL_CUT_TEXT = 160;

    /**
     * Whether a DNS question carries data (DNS tunnelling or exfiltration, T1071.004 and T1048.003): its name's labels
     * left of the domain it asks in (the last two labels; three under a two-letter country's second level, as in
     * {@code co.uk}) hold at least {@value #TUNNEL_SHORT_TEXT} characters (a long question: {@value #TUNNEL_MIN_TEXT}),
     * the longest at least {@value #TUNNEL_SHORT_TEXT} (long: {@value #TUNNEL_MIN_LABEL}),
     * mixing letters and digits, with at most one hyphen in twelve characters (hex, base32 and base64url text; not the
     * hyphenated names of load balancers and CDNs, {@code internal-app-1234567890.eu-west-1.elb.amazonaws.com}). Spared:
     * one label of a digest's length in hex or base32 (a hash lookup: {@code 44d88612fea8a8f36de82e1278abb02f.malware.hash.cymru.com}),
     * and names in {@link #REPUTATION_ZONES}. A message cut by strace's {@code -s} before its name ends counts when the
     * labels read hold {@value #TUNNEL_CUT_TEXT} characters or more: no name that long is an everyday one.
     *
     * @param message a DNS message as sent, decoded (its 12-byte header, then the question's labels)
     * @return the domain the data goes to, in lower case ({@code ""} for a message cut before its name ends), how many
     *     characters of data the labels left of it hold and whether the question is a long one; or null when the question
     *     carries no data (or the message is none)
     */
    static TunnelQuestion dnsTunnelQuestion(String message) {
        if (message == null || message.length() < 13) {
            return null;
        }
        List<String> labels = new ArrayList<>();
        int i = 12;
        boolean ended = false;
        while (i < message.length()) {
            int n = message.charAt(i);
            if (n == 0) {
                ended = true;
                break;
            }
            if (n > 63 || i + 1 + n > message.length()) {
                break; // a compression pointer, or the message cut by strace's -s
            }
            labels.add(message.substring(i + 1, i + 1 + n).toLowerCase(Locale.ROOT));
            i += 1 + n;
        }
        if (!ended) {
            int text = 0;
            for (String l : labels) {
                text += l.length();
            }
            return text >= TUNNEL_CUT_TEXT && dataText(labels, labels.size()) != null
                    ? new TunnelQuestion("", text, true, labels.hashCode()) : null;
        }
        int k = labels.size();
        if (k < 3) {
            return null; // nothing left of the domain
        }
        int domainLabels = labels.get(k - 1).length() == 2 && labels.get(k - 2).length() <= 3 && k >= 4 ? 3 : 2;
        int sub = k - domainLabels;
        String domain = String.join(".", labels.subList(sub, k));
        if (REPUTATION_ZONES.contains(labels.get(k - 2) + "." + labels.get(k - 1)) || REPUTATION_ZONES.contains(domain)) {
            return null;
        }
        if (sub == 1 && DIGEST_LENGTHS.contains(labels.get(0).length()) && (isHex(labels.get(0)) || isBase32(labels.get(0)))) {
            return null;
        }
        if (sub >= 2 && DIGEST_LENGTHS.contains(labels.get(0).length()) && (isHex(labels.get(0)) || isBase32(labels.get(0)))
                && labels.subList(1, sub).stream().allMatch(l -> l.length() < TUNNEL_MIN_LABEL)) {
            return null; // '<sha256>._file.<key>.hbl.dq.spamhaus.net'-like: one digest, then the service's own labels
        }
        Boolean isLong = dataText(labels, sub);
        return isLong == null ? null : new TunnelQuestion(domain, text(labels, sub), isLong, labels.hashCode());
    }

    private static int text(List<String> labels, int n) {
        int text = 0;
        for (int j = 0; j < n; j++) {
            text += labels.get(j).length();
        }
        return text;
    }

    /**
     * A DNS question that carries data ({@link #dnsTunnelQuestion}).
     *
     * @param domain where the data goes ({@code ""}: not known, the message was cut)
     * @param text characters of data in the name
     * @param isLong whether it holds {@value #TUNNEL_MIN_TEXT} characters or more, {@value #TUNNEL_MIN_LABEL} in a label
     * @param name a hash of the name asked for, in lower case, whatever the record type (A and AAAA of a name: one)
     */
    record TunnelQuestion(String domain, int text, boolean isLong, int name) {
    }

    /**
     * @return whether {@code labels[0, n)} read like encoded data ({@link #dnsTunnelQuestion}): true for a long question,
     *     false for a short one, null for none
     */
    private static Boolean dataText(List<String> labels, int n) {
        int text = 0;
        int longest = 0;
        int hyphens = 0;
        boolean letter = false;
        boolean digit = false;
        for (int j = 0; j < n; j++) {
            String l = labels.get(j);
            text += l.length();
            longest = Math.max(longest, l.length());
            for (int c = 0; c < l.length(); c++) {
                char ch = l.charAt(c);
                hyphens += ch == '-' ? 1 : 0;
                letter |= ch >= 'a' && ch <= 'z';
                digit |= ch >= '0' && ch <= '9';
            }
        }
        if (text < TUNNEL_SHORT_TEXT || longest < TUNNEL_SHORT_TEXT || !letter || !digit || hyphens * 12 > text) {
            return null;
        }
        return text >= TUNNEL_MIN_TEXT && longest >= TUNNEL_MIN_LABEL;
    }

    /** @return true when {@code s} is lower-case hex digits only */
    private static boolean isHex(String s) {
        return s.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
    }

    /** @return true when {@code s} is lower-case base32 (RFC 4648: a-z, 2-7) only */
    private static boolean isBase32(String s) {
        return s.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '2' && c <= '7');
    }

    /** Application servers a web server commonly feeds over a UNIX socket, by program name (see {@link #unixSocketAppServer}). */
    private static final Set<String> UNIX_SOCKET_APP_SERVERS = Set.of("uwsgi", "gunicorn", "uvicorn", "hypercorn", "daphne",
            "waitress-serve", "puma", "unicorn", "unicorn_rails", "thin", "starman", "plackup", "hypnotoad");

    /**
     * @param where a connect's address ({@link io.procguard.strace.Arguments#socketAddress}: a UNIX socket's path)
     * @return true for a container engine's API socket: {@code /var/run/docker.sock} (wherever it is mounted, a
     *     container's {@code /var/run/docker.sock} too), {@code docker.sock} of rootless Docker, podman's
     *     {@code podman.sock}
     */
    static boolean containerEngineSocket(String where) {
        return where.endsWith("/docker.sock") || where.endsWith("/podman.sock") || where.equals("docker.sock");
    }

    /**
     * @param request the start of what was sent on a container engine's socket, decoded ({@code -s 256} of it)
     * @return true for a request to create a container that reaches the host: {@code POST /containers/create} with
     *     {@code "Privileged":true} (cut short by strace's limit as {@code "Privileged":t}), the host's root bound
     *     ({@code "Binds":["/:/host"]}, a mount whose {@code "Source":"/"}), or the host's PID namespace
     *     ({@code "PidMode":"host"})
     */
    static boolean escapingContainerRequest(String request) {
        if (request == null || !request.contains("/containers/create")) {
            return false;
        }
        String r = request.replace(" ", "");
        return r.contains("\"Privileged\":t") || r.contains("\"Binds\":[\"/:") || r.contains(",\"/:/") || r.contains("\"Source\":\"/\"")
                || r.contains("\"PidMode\":\"host\"");
    }

    /**
     * @param text bytes as decoded from strace's escapes (one char per byte)
     * @return true when at least half are outside printable ASCII and common whitespace: a cipher's or compressor's
     *     output, not text or a tag edited in place
     */
    static boolean mostlyUnprintable(String text) {
        int odd = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c >= 0x7f) {
                odd++;
            }
        }
        return odd * 2 >= text.length();
    }

    /** Service ports that worms and botnets sweep subnets for (ssh, telnet, Docker's API, Redis, RDP, SMB, VNC, ...). */
    private static final Set<String> SWEPT_PORTS = Set.of("22", "23", "2222", "2375", "2376", "6379", "3389", "445", "5900",
            "5985", "9200", "27017", "11211");

    /**
     * @param where a connect's endpoint ({@code 10.0.0.7:22}, {@code [fe80::1]:22})
     * @param portStart where its port starts
     * @return true when the port is one that worms sweep ({@link #SWEPT_PORTS}): Mirai's telnet, Kinsing's and
     *     TeamTNT's ssh, Docker and Redis (schema 42)
     */
    static boolean sweptPort(String where, int portStart) {
        int n = where.length() - portStart;
        return n >= 2 && n <= 5 && SWEPT_PORTS.contains(where.substring(portStart));
    }

    /** What a server-side script runs a command or evaluates code with. */
    private static final String[] WEB_SHELL_CALLS = {"system(", "passthru(", "shell_exec(", "exec(", "popen(", "proc_open(",
        "pcntl_exec(", "eval(", "assert(", "`$_", "Runtime.getRuntime().exec(", "ProcessBuilder(", "Process.Start(",
        "os.system(", "subprocess."};
    /** Where a server-side script finds what the request asks. */
    private static final String[] WEB_REQUEST_INPUTS = {"$_GET", "$_POST", "$_REQUEST", "$_COOKIE", "$_SERVER", "$_FILES",
        "getallheaders(", "php://input", "request.getParameter(", "Request.Form", "Request.QueryString", "Request[",
        "base64_decode(", "gzinflate(", "str_rot13("};

    /**
     * @param path a file written
     * @return true for a server-side script a web server runs: {@code .php} (and {@code .phtml}, {@code .php5},
     *     {@code .phar}), {@code .jsp}, {@code .jspx}, {@code .asp}, {@code .aspx}, {@code .cgi}
     */
    static boolean webScript(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return ext.startsWith("php") || ext.equals("phtml") || ext.equals("phar") || ext.equals("jsp") || ext.equals("jspx")
                || ext.equals("asp") || ext.equals("aspx") || ext.equals("cgi");
    }

    /**
     * @param text the start of what was written into a server-side script, decoded
     * @return true for a web shell: a script tag ({@code <?php}, {@code <?=}, {@code <%}) with a call that runs a command
     *     or evaluates code ({@link #WEB_SHELL_CALLS}) and the request's input or a decoder beside it
     *     ({@link #WEB_REQUEST_INPUTS}): {@code <?php system($_GET["c"]); ?>}, {@code <?php eval(base64_decode($x)); ?>},
     *     a JSP's {@code Runtime.getRuntime().exec(request.getParameter("c"))}
     */
    static boolean webShell(String text) {
        if (text == null || !(text.contains("<?") || text.contains("<%"))) {
            return false;
        }
        boolean runs = false;
        for (String call : WEB_SHELL_CALLS) {
            if (text.contains(call)) {
                runs = true;
                break;
            }
        }
        if (!runs) {
            return false;
        }
        for (String input : WEB_REQUEST_INPUTS) {
            if (text.contains(input)) {
                return true;
            }
        }
        return false;
    }

    /** Programs besides package tools that keep the system's program and library directories by design. */
    private static final Set<String> SYSTEM_DIRECTORY_KEEPERS = Set.of("update-alternatives", "dpkg-divert", "ldconfig",
            "ldconfig.real");

    /**
     * @param path a file a process changed
     * @return true for a program of the system's own directories ({@code /usr/bin}, {@code /usr/sbin}, {@code /bin},
     *     {@code /sbin}) or a shared library of its library directories ({@code /usr/lib/x86_64-linux-gnu}, {@code /lib},
     *     {@code /lib64}, their {@code security/} PAM modules): what only a package manager writes. Replacing {@code ps},
     *     {@code sshd} or {@code libkeyutils.so} (Ebury) or {@code pam_unix.so} hides a process or steals passwords at
     *     every later run (T1554, T1556.003). {@code /usr/local} is not one: {@code make install}, pip and hand-installed
     *     tools write there.
     */
    static boolean systemProgram(String path) {
        if (path.startsWith("/usr/bin/") || path.startsWith("/usr/sbin/") || path.startsWith("/bin/") || path.startsWith("/sbin/")) {
            return true;
        }
        if (!(path.startsWith("/usr/lib/x86_64-linux-gnu/") || path.startsWith("/lib/x86_64-linux-gnu/") || path.startsWith("/lib64/")
                || path.startsWith("/usr/lib64/"))) {
            return false;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.endsWith(".so") || name.contains(".so.");
    }

    /** @return true for a program that keeps the system's program directories by design ({@link #SYSTEM_DIRECTORY_KEEPERS}) */
    static boolean keepsSystemDirectories(String exe) {
        return exe != null && SYSTEM_DIRECTORY_KEEPERS.contains(exe);
    }

    /**
     * @param exe a program's file name
     * @param argv its command line
     * @return true for an application server a web server feeds over a UNIX socket (FastCGI, uwsgi's protocol or plain
     *     HTTP): {@code php-fpm8.2} (Debian's default pool listens on {@code /run/php/php8.2-fpm.sock}), {@code php-cgi},
     *     {@code uwsgi}; since schema 30 Python's, Ruby's and Perl's web servers behind nginx's {@code proxy_pass
     *     http://unix:...} ({@code gunicorn -b unix:/run/gunicorn.sock}, {@code uvicorn --uds}, {@code puma -b unix://...},
     *     ...), by their program name, or run as an interpreter's script or {@code -m} module ({@code python3 -m
     *     gunicorn}). What it reads from a UNIX stream socket is a remote client's request, as a TCP read is.
     */
    static boolean unixSocketAppServer(String exe, List<String> argv) {
        if (exe == null) {
            return false;
        }
        if (exe.startsWith("php-fpm") || exe.startsWith("php-cgi") || UNIX_SOCKET_APP_SERVERS.contains(exe)) {
            return true;
        }
        if (argv.size() < 2 || !(exe.startsWith("python") || exe.startsWith("ruby") || exe.startsWith("perl"))) {
            return false;
        }
        String first = argv.get(1);
        if (first.equals("-m") && argv.size() > 2) {
            return UNIX_SOCKET_APP_SERVERS.contains(argv.get(2));
        }
        return !first.startsWith("-") && UNIX_SOCKET_APP_SERVERS.contains(first.substring(first.lastIndexOf('/') + 1));
    }
}
