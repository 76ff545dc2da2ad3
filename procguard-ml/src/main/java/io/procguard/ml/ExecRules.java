package io.procguard.ml;

import java.util.List;
import java.util.Set;

/**
 * Recognises what kind of program an execve starts (shell, interpreter, downloader, discovery tool)
 * and obfuscated command lines. Stateless, thread-safe.
 */
final class ExecRules {
    static final int SHELL = 1;
    static final int SHELL_C = 1 << 1;
    static final int SHELL_INTERACTIVE = 1 << 2;
    static final int INTERPRETER = 1 << 3;
    static final int DOWNLOADER = 1 << 4;
    static final int RECON = 1 << 5;
    static final int ENCODED = 1 << 6;

    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "fish", "csh",
            "tcsh", "busybox", "rbash");
    private static final Set<String> DOWNLOADERS = Set.of("curl", "wget", "nc", "ncat", "netcat", "nc.openbsd",
            "nc.traditional", "socat", "tftp", "ftp", "telnet");
    private static final Set<String> RECON_TOOLS = Set.of("id", "whoami", "uname", "hostname", "ip", "ifconfig",
            "netstat", "ss", "ps", "w", "who", "last", "arp", "route", "lsof", "getent", "groups", "lscpu", "lsmod",
            "dmidecode", "nmap");
    private static final String[] INTERPRETER_PREFIXES = {"python", "perl", "ruby", "php", "node", "nodejs", "lua"};
    private static final int LONG_BLOB = 40;

    private ExecRules() {
    }

    /**
     * @param path the executed file
     * @param argv its argv (possibly truncated)
     * @return the kind bits
     */
    static int classify(String path, List<String> argv) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        int bits = 0;
        if (SHELLS.contains(base)) {
            bits |= SHELL;
            for (int i = 1; i < argv.size(); i++) {
                String a = argv.get(i);
                if (a.startsWith("-") && !a.startsWith("--")) {
                    bits |= a.indexOf('c') > 0 ? SHELL_C : 0;
                    bits |= a.indexOf('i') > 0 ? SHELL_INTERACTIVE : 0;
                }
            }
        } else if (DOWNLOADERS.contains(base)) {
            bits |= DOWNLOADER;
        } else if (RECON_TOOLS.contains(base)) {
            bits |= RECON;
        } else {
            for (String p : INTERPRETER_PREFIXES) {
                if (base.startsWith(p)) {
                    bits |= INTERPRETER;
                    break;
                }
            }
        }
        boolean base64 = false;
        for (String a : argv) {
            if (a.contains("/dev/tcp/") || a.contains("/dev/udp/") || isBlob(a)) {
                bits |= ENCODED;
            }
            base64 |= a.contains("base64");
            if (base64 && (a.equals("-d") || a.equals("--decode") || a.contains("base64 -d") || a.contains("base64 --decode"))) {
                bits |= ENCODED;
            }
        }
        return bits;
    }

    /**
     * @param kind bits from {@link #classify}
     * @param argv its argv
     * @return true when the program reads its code from stdin: a shell without {@code -c} and an interpreter without
     *     {@code -c}, {@code -e}, {@code -m}, {@code -r}, {@code -p} (or {@code --eval}, {@code --print}), each with
     *     no script argument ({@code curl URL | sh}, {@code | python3}, {@code | perl}, {@code | sh -s})
     */
    static boolean readsProgramFromStdin(int kind, List<String> argv) {
        boolean shell = (kind & SHELL) != 0;
        if (!shell && (kind & INTERPRETER) == 0 || shell && (kind & SHELL_C) != 0) {
            return false;
        }
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (!a.startsWith("-")) {
                return false; // a script file (or, after sh -s, its arguments: left out)
            }
            if (!shell && givesProgram(a)) {
                return false;
            }
        }
        return true;
    }

    /** @return true for an interpreter flag that gives the program on the command line (python -c, perl -ne, ...) */
    private static boolean givesProgram(String a) {
        if (a.startsWith("--")) {
            return a.equals("--eval") || a.equals("--print") || a.startsWith("--eval=") || a.startsWith("--print=");
        }
        if (a.length() > 5) {
            return a.length() > 1 && "ceEmrp".indexOf(a.charAt(1)) >= 0; // -Wignore, -Xutf8: only the flag letter counts
        }
        for (int i = 1; i < a.length(); i++) {
            if ("ceEmrp".indexOf(a.charAt(i)) >= 0) {
                return true; // a short group: perl -ne, -lne, -pe
            }
        }
        return false;
    }

    private static boolean isBlob(String a) {
        if (a.length() < LONG_BLOB) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '/' || c == '=')) {
                return false;
            }
        }
        return a.chars().anyMatch(Character::isDigit) && a.chars().anyMatch(Character::isUpperCase);
    }

    /**
     * Marks the features of an exec kind.
     *
     * @param kind bits from {@link #classify}
     * @param marks the accumulator's marks, by {@link Feature} ordinal
     * @return the evidence priority of this exec
     */
    static int apply(int kind, float[] marks) {
        int priority = EvidenceLog.LOW;
        if ((kind & SHELL) != 0) {
            marks[Feature.EXEC_SHELL.ordinal()] = 1;
            priority = EvidenceLog.MEDIUM;
        }
        if ((kind & SHELL_C) != 0) {
            marks[Feature.EXEC_SHELL_C.ordinal()] = 1;
        }
        if ((kind & SHELL_INTERACTIVE) != 0) {
            marks[Feature.EXEC_SHELL_INTERACTIVE.ordinal()] = 1;
            priority = EvidenceLog.HIGH;
        }
        if ((kind & INTERPRETER) != 0) {
            marks[Feature.EXEC_INTERPRETER.ordinal()] = 1;
        }
        if ((kind & DOWNLOADER) != 0) {
            marks[Feature.EXEC_DOWNLOADER.ordinal()] = 1;
            priority = EvidenceLog.MEDIUM;
        }
        if ((kind & RECON) != 0) {
            marks[Feature.EXEC_RECON.ordinal()]++;
        }
        if ((kind & ENCODED) != 0) {
            marks[Feature.EXEC_ENCODED_ARGS.ordinal()] = 1;
            priority = EvidenceLog.HIGH;
        }
        return priority;
    }
}
