package io.procguard.ml;

/**
 * Classifies a file path into the sensitive groups features look for. Stateless, thread-safe; works
 * on the path as strace printed it (no file-system access: the traced host may differ).
 */
final class PathRules {
    static final int SHADOW = 1;
    static final int PASSWD = 1 << 1;
    static final int SUDOERS = 1 << 2;
    static final int SSH_KEY = 1 << 3;
    static final int SSH_DIR = 1 << 4;
    static final int PROC_MEM = 1 << 5;
    static final int PROC_OTHER = 1 << 6;
    static final int CRON = 1 << 7;
    static final int SYSTEMD = 1 << 8;
    static final int SHELL_RC = 1 << 9;
    static final int LD_PRELOAD = 1 << 10;
    static final int LOG = 1 << 11;
    static final int TMP = 1 << 12;
    static final int HIDDEN = 1 << 13;

    /** Groups whose read counts as sensitive. */
    static final int SENSITIVE_READ = SHADOW | SUDOERS | SSH_KEY | PROC_MEM;
    /** Groups whose modification counts as sensitive. */
    static final int SENSITIVE_WRITE = SHADOW | PASSWD | SUDOERS | SSH_DIR | CRON | SYSTEMD | SHELL_RC | LD_PRELOAD | LOG;

    private static final String[] SHELL_RC_NAMES = {".bashrc", ".bash_profile", ".bash_login", ".bash_logout",
        ".profile", ".zshrc", ".zprofile", ".zlogin", ".zshenv", ".kshrc", ".cshrc", ".tcshrc", ".pam_environment"};
    private static final String[] HISTORY_NAMES = {".bash_history", ".zsh_history", ".sh_history", ".python_history",
        ".mysql_history", ".psql_history", ".lesshst", ".viminfo"};

    private PathRules() {
    }

    /**
     * Joins a relative path to a directory the way the kernel walks it, without asking the file system (symbolic
     * links are not followed): {@code .} and empty segments are dropped, {@code ..} goes up one level (not above
     * {@code /}). {@code resolve("/tmp/x", "./run.sh")} is {@code /tmp/x/run.sh}, {@code resolve("/tmp/x", "../y")}
     * is {@code /tmp/y}.
     *
     * @param dir an absolute directory
     * @param relative a path not starting with {@code /}
     * @return the absolute path
     */
    static String resolve(String dir, String relative) {
        StringBuilder b = new StringBuilder(dir.length() + relative.length() + 1).append(dir);
        while (b.length() > 0 && b.charAt(b.length() - 1) == '/') {
            b.setLength(b.length() - 1);
        }
        int from = 0;
        while (from <= relative.length()) {
            int end = relative.indexOf('/', from);
            if (end < 0) {
                end = relative.length();
            }
            int n = end - from;
            if (n == 2 && relative.charAt(from) == '.' && relative.charAt(from + 1) == '.') {
                b.setLength(Math.max(b.lastIndexOf("/"), 0));
            } else if (n > 0 && !(n == 1 && relative.charAt(from) == '.')) {
                b.append('/').append(relative, from, end);
            }
            from = end + 1;
        }
        return b.length() == 0 ? "/" : b.toString();
    }

    /**
     * Allocates nothing except for {@code /proc/PID/...} of a numeric pid; runs on every open, so each rule
     * below is guarded by a cheap test it implies (a {@code /etc/} prefix, a base name starting with a dot,
     * a {@code /.} in the path), which changes no result.
     *
     * @param path an absolute (or relative) path
     * @param selfPid the pid of the process opening it ({@code /proc/PID/...} of itself is not a scan)
     * @return the group bits
     */
    static int classify(String path, int selfPid) {
        int bits = 0;
        int n = path.length();
        int base = path.lastIndexOf('/') + 1;
        boolean dotBase = base < n && path.charAt(base) == '.'; // every shell rc and history name starts with a dot
        boolean etc = path.startsWith("/etc/");
        boolean dotDir = path.contains("/."); // in /.ssh/ and /.config/systemd/
        if (etc && (path.startsWith("/etc/shadow") || path.startsWith("/etc/gshadow"))) {
            bits |= SHADOW;
        } else if (etc && (path.equals("/etc/passwd") || path.equals("/etc/group") || path.startsWith("/etc/passwd.")
                || path.startsWith("/etc/group."))) {
            bits |= PASSWD;
        } else if (etc && path.startsWith("/etc/sudoers")) {
            bits |= SUDOERS;
        } else if (etc && path.equals("/etc/ld.so.preload")) {
            bits |= LD_PRELOAD;
        } else if (etc && path.startsWith("/etc/cron") || path.startsWith("/var/spool/cron") || etc && path.equals("/etc/anacrontab")) {
            bits |= CRON;
        } else if (etc && (path.startsWith("/etc/systemd/") || path.startsWith("/etc/init.d/") || path.equals("/etc/rc.local")
                || sysvRunlevelLink(path) || path.equals("/etc/inittab"))
                || path.startsWith("/lib/systemd/system/") || path.startsWith("/usr/lib/systemd/system/")
                || path.startsWith("/lib/systemd/system-sleep/") || path.startsWith("/usr/lib/systemd/system-sleep/")
                || dotDir && (path.contains("/.config/systemd/") || path.contains("/.local/share/systemd/user/"))
                || etc && path.startsWith("/etc/xdg/autostart/")
                || dotDir && path.contains("/.config/autostart/")) { // where XDG session managers look (schema 14)
            bits |= SYSTEMD; // schema 35: SysV runlevel links, inittab, system-sleep hooks, ~/.local/share/systemd/user
        } else if (etc && (path.equals("/etc/profile") || path.startsWith("/etc/profile.d/") || path.equals("/etc/bash.bashrc")
                || path.startsWith("/etc/zsh/")) || dotBase && baseIsOneOf(path, base, SHELL_RC_NAMES)
                || dotDir && path.contains("/.config/environment.d/")) { // schema 35: ~/.pam_environment, environment.d
            bits |= SHELL_RC;
        } else if (path.startsWith("/var/log/") || path.equals("/var/run/utmp") || path.equals("/run/utmp")
                || dotBase && baseIsOneOf(path, base, HISTORY_NAMES)) {
            bits |= LOG;
        } else if (path.startsWith("/proc/")) {
            bits |= procBits(path, selfPid);
        }
        if (dotDir && path.contains("/.ssh/") || path.startsWith(".ssh/")) {
            bits |= SSH_DIR;
            if (baseIs(path, base, "authorized_keys") || path.startsWith("id_", base) && !path.endsWith(".pub")) {
                bits |= SSH_KEY;
            }
        } else if (etc && path.startsWith("/etc/ssh/") && path.endsWith("_key")) { // suffixes without '/' lie in the base name
            bits |= SSH_KEY;
        }
        if (path.startsWith("/tmp/") || path.startsWith("/var/tmp/") || path.startsWith("/dev/shm/")) {
            bits |= TMP;
        }
        if (dotBase && n - base > 1 && !baseIs(path, base, "..") && (bits & (SHELL_RC | LOG)) == 0) {
            bits |= HIDDEN;
        }
        return bits;
    }

    /** The groups a read-only open acts on ({@link BehaviourAccumulator}'s reads test no other bit). */
    static final int READ_GROUPS = SHADOW | SUDOERS | SSH_KEY | PROC_MEM | PROC_OTHER;

    /**
     * A cheap test, on the path's bytes, that every read rule fails: false means that {@link #classify} has none
     * of {@link #READ_GROUPS}, {@link Indicators#reconGroup} is 0, and {@link Indicators#credentialStore},
     * {@link Indicators#privateKey} and {@link Indicators#workloadSecret} are false for {@code new String(path, 0, n, ISO_8859_1)}. Each rule needs
     * one of: a {@code /etc/} or {@code /proc/} prefix (shadow, sudoers, {@code /etc/ssh/*_key}, /proc files,
     * discovery files, the host's Kerberos keytab), a {@code /usr/lib/os-release}, {@code /home} or {@code /root}
     * prefix (discovery), a {@code /run/secrets/}, {@code /var/run/secrets/} or {@code /tmp/krb5cc_} prefix
     * ({@link Indicators#workloadSecret}), a
     * {@code /.ss}, {@code /.gn} or {@code /.pa} in the path or a {@code .ss} prefix ({@code .ssh/},
     * {@code /.gnupg/private-keys}, {@code /.password-store/}), or a base name of a credential store's length
     * and first character. True means "maybe": the String rules decide.
     *
     * @param path the path as Latin-1 bytes
     * @param n its length
     * @return false if no read rule can match
     */
    static boolean mayMatchRead(byte[] path, int n) {
        if (n < 5) {
            return true; // "/etc" ... not worth telling apart
        }
        byte c0 = path[0];
        if (c0 == '.' && path[1] == 's' && path[2] == 's') {
            return true;
        }
        if (c0 == '/' && (startsWith(path, n, "/etc/") || startsWith(path, n, "/proc/") || startsWith(path, n, "/home")
                || startsWith(path, n, "/root") || startsWith(path, n, "/usr/lib/os-release") || startsWith(path, n, "/run/secrets/")
                || startsWith(path, n, "/var/run/secrets/") || startsWith(path, n, "/tmp/krb5cc_"))) {
            return true;
        }
        int base = 0;
        for (int i = 0; i < n; i++) {
            if (path[i] == '/') {
                base = i + 1;
                if (i + 3 < n && path[i + 1] == '.') {
                    byte a = path[i + 2];
                    byte b = path[i + 3];
                    if (a == 's' && b == 's' || a == 'g' && b == 'n' || a == 'p' && b == 'a') {
                        return true;
                    }
                }
            }
        }
        return base < n && Indicators.credentialShape(n - base, path[base] & 0xFF);
    }

    private static boolean startsWith(byte[] path, int n, String prefix) {
        if (n < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (path[k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** {@code /proc/WHO/WHAT}: the memory of any process, or a few files of another numeric pid. */
    private static int procBits(String path, int selfPid) {
        int slash = path.indexOf('/', 6);
        if (slash < 0) {
            return 0;
        }
        int what = slash + 1;
        if (baseIs(path, what, "mem")) {
            return PROC_MEM;
        }
        if (!(baseIs(path, what, "environ") || baseIs(path, what, "cmdline") || baseIs(path, what, "maps")
                || baseIs(path, what, "status") || baseIs(path, what, "exe"))) {
            return 0;
        }
        boolean numeric = slash > 6;
        for (int i = 6; i < slash && numeric; i++) {
            numeric = Character.isDigit(path.charAt(i));
        }
        // a numeric WHO is never "self" or "thread-self": only the pid itself can make it this process
        boolean self = numeric && path.regionMatches(6, Integer.toString(selfPid), 0, slash - 6)
                && Integer.toString(selfPid).length() == slash - 6;
        return numeric && !self ? PROC_OTHER : 0;
    }

    /** @return true if the text from {@code from} to the end of {@code path} equals {@code name} */
    private static boolean baseIs(String path, int from, String name) {
        return path.length() - from == name.length() && path.startsWith(name, from);
    }

    /** @return true for a link in a SysV runlevel directory, {@code /etc/rc2.d/S90x} ({@code /etc/rcS.d/} too) */
    private static boolean sysvRunlevelLink(String path) {
        return path.length() > 11 && path.startsWith("/etc/rc") && path.startsWith(".d/", 8)
                && (path.charAt(7) >= '0' && path.charAt(7) <= '6' || path.charAt(7) == 'S');
    }

    private static boolean baseIsOneOf(String path, int from, String[] names) {
        for (String n : names) {
            if (baseIs(path, from, n)) {
                return true;
            }
        }
        return false;
    }
}
