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
        ".profile", ".zshrc", ".zprofile", ".zlogin", ".zshenv", ".kshrc", ".cshrc", ".tcshrc"};
    private static final String[] HISTORY_NAMES = {".bash_history", ".zsh_history", ".sh_history", ".python_history",
        ".mysql_history", ".psql_history", ".lesshst", ".viminfo"};

    private PathRules() {
    }

    /**
     * @param path an absolute (or relative) path
     * @param selfPid the pid of the process opening it ({@code /proc/PID/...} of itself is not a scan)
     * @return the group bits
     */
    static int classify(String path, int selfPid) {
        int bits = 0;
        String base = path.substring(path.lastIndexOf('/') + 1);
        if (path.startsWith("/etc/shadow") || path.startsWith("/etc/gshadow")) {
            bits |= SHADOW;
        } else if (path.equals("/etc/passwd") || path.equals("/etc/group") || path.startsWith("/etc/passwd.")
                || path.startsWith("/etc/group.")) {
            bits |= PASSWD;
        } else if (path.startsWith("/etc/sudoers")) {
            bits |= SUDOERS;
        } else if (path.equals("/etc/ld.so.preload")) {
            bits |= LD_PRELOAD;
        } else if (path.startsWith("/etc/cron") || path.startsWith("/var/spool/cron") || path.equals("/etc/anacrontab")) {
            bits |= CRON;
        } else if (path.startsWith("/etc/systemd/") || path.startsWith("/lib/systemd/system/")
                || path.startsWith("/usr/lib/systemd/system/") || path.contains("/.config/systemd/")
                || path.startsWith("/etc/init.d/") || path.equals("/etc/rc.local") || path.contains("/autostart/")) {
            bits |= SYSTEMD;
        } else if (path.equals("/etc/profile") || path.startsWith("/etc/profile.d/") || path.equals("/etc/bash.bashrc")
                || path.startsWith("/etc/zsh/") || oneOf(base, SHELL_RC_NAMES)) {
            bits |= SHELL_RC;
        } else if (path.startsWith("/var/log/") || path.equals("/var/run/utmp") || path.equals("/run/utmp")
                || oneOf(base, HISTORY_NAMES)) {
            bits |= LOG;
        } else if (path.startsWith("/proc/")) {
            bits |= procBits(path, selfPid);
        }
        if (path.contains("/.ssh/") || path.startsWith(".ssh/")) {
            bits |= SSH_DIR;
            if (base.equals("authorized_keys") || base.startsWith("id_") && !base.endsWith(".pub")) {
                bits |= SSH_KEY;
            }
        } else if (path.startsWith("/etc/ssh/") && base.endsWith("_key")) {
            bits |= SSH_KEY;
        }
        if (path.startsWith("/tmp/") || path.startsWith("/var/tmp/") || path.startsWith("/dev/shm/")) {
            bits |= TMP;
        }
        if (base.length() > 1 && base.charAt(0) == '.' && !base.equals("..") && (bits & (SHELL_RC | LOG)) == 0) {
            bits |= HIDDEN;
        }
        return bits;
    }

    private static int procBits(String path, int selfPid) {
        int slash = path.indexOf('/', 6);
        if (slash < 0) {
            return 0;
        }
        String who = path.substring(6, slash);
        String what = path.substring(slash + 1);
        boolean self = who.equals("self") || who.equals("thread-self") || who.equals(Integer.toString(selfPid));
        if (what.equals("mem")) {
            return PROC_MEM;
        }
        boolean numeric = !who.isEmpty() && who.chars().allMatch(Character::isDigit);
        if (!self && numeric && (what.equals("environ") || what.equals("cmdline") || what.equals("maps")
                || what.equals("status") || what.equals("exe"))) {
            return PROC_OTHER;
        }
        return 0;
    }

    private static boolean oneOf(String s, String[] names) {
        for (String n : names) {
            if (n.equals(s)) {
                return true;
            }
        }
        return false;
    }
}
