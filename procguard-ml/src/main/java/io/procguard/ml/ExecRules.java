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
            if (shell ? isShortGroup(a) && a.indexOf('s') > 0 : a.equals("-")) {
                return true; // sh -s ARGS, python3 - ARGS: the program from stdin, the rest its arguments
            }
            if (!a.startsWith("-")) {
                return false; // a script file
            }
            if (!shell && givesProgram(a)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param kind bits from {@link #classify}
     * @param argv its argv
     * @return the program a shell or interpreter is given on its command line: the first operand of a shell run with
     *     {@code -c}, the argument of an interpreter's {@code -c}, {@code -e}, {@code -E}, {@code -p}, {@code --eval},
     *     {@code --print} (or a group ending in one, {@code perl -ne}); null when it has none (a script, stdin,
     *     {@code python3 -m}, {@code ruby -r})
     */
    static String inlineProgram(int kind, List<String> argv) {
        boolean shell = (kind & SHELL) != 0;
        if (shell ? (kind & SHELL_C) == 0 : (kind & INTERPRETER) == 0) {
            return null;
        }
        boolean next = false;
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (shell) {
                if (!a.startsWith("-") && !a.startsWith("+")) {
                    return a; // bash -c [OPTIONS] PROGRAM
                }
                if (a.length() > 1 && a.charAt(1) != '-' && (a.indexOf('o') > 0 || a.indexOf('O') > 0)) {
                    i++; // bash -o pipefail -c ...: the option's name is no program
                }
                continue;
            }
            if (next) {
                return a;
            }
            if (a.startsWith("--eval=") || a.startsWith("--print=")) {
                return a.substring(a.indexOf('=') + 1);
            }
            if (a.equals("--eval") || a.equals("--print")) {
                next = true;
            } else if (a.startsWith("-m")) {
                return null; // python3 -m MODULE: a module, not a text
            } else if (a.length() > 5 && isShortGroup(a)) {
                if ("ceE".indexOf(a.charAt(1)) >= 0) {
                    return a.substring(2); // python3 -cCODE, perl -eCODE (-Wignore, -Xutf8: no program)
                }
            } else if (isShortGroup(a) && "ceEpr".indexOf(a.charAt(a.length() - 1)) >= 0) {
                next = true; // -c, -e, perl -ne, node -p, php -r (ruby -r LIB: a name, harmless)
            } else if (!a.startsWith("-")) {
                return null; // a script file
            }
        }
        return null;
    }

    /** @return true for {@code -x} or {@code -abc}: one dash and at least one letter */
    private static boolean isShortGroup(String a) {
        return a.length() > 1 && a.charAt(0) == '-' && a.charAt(1) != '-';
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

    /**
     * @param path an exec'd file
     * @return true for a dynamic loader: {@code ld.so}, {@code ld-linux*.so*}, {@code ld64.so*}, {@code ld-musl-*.so*}
     */
    static boolean dynamicLoader(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        return base.equals("ld.so") || (base.startsWith("ld-linux") || base.startsWith("ld64.so") || base.startsWith("ld-musl-"))
                && base.contains(".so");
    }

    /**
     * @param path an exec'd file
     * @param argv its argv
     * @return true for a dynamic loader told to check or list a file's libraries ({@code --verify}, {@code --list}), as
     *     {@code ldd} asks it to: it maps the file and runs none of it
     */
    static boolean loaderExaminesOnly(String path, List<String> argv) {
        return dynamicLoader(path) && (argv.contains("--verify") || argv.contains("--list"));
    }

    /** Options of glibc's {@code ld.so} that take a value (the next argument). */
    private static final Set<String> LOADER_VALUE_OPTIONS = Set.of("--library-path", "--inhibit-rpath", "--audit",
            "--preload", "--argv0", "--glibc-hwcaps-prepend", "--glibc-hwcaps-mask");
    /** Options of {@code ld.so} after which it runs nothing: it lists, checks or describes (what {@code ldd} asks). */
    private static final Set<String> LOADER_NO_RUN_OPTIONS = Set.of("--list", "--verify", "--help", "--version",
            "--list-tunables", "--list-diagnostics");

    /**
     * Schema 44: the program a dynamic loader run as a command is told to load and run ({@code ld.so ./x},
     * {@code /lib64/ld-linux-x86-64.so.2 --library-path . /dev/shm/x}). Run that way, a file needs no execute bit and
     * may lie on a {@code noexec} mount: the exec names only the loader.
     *
     * @param path the exec'd file
     * @param argv its argv
     * @return the program argument as given, or null when {@code path} is no dynamic loader ({@code ld.so},
     *     {@code ld-linux*.so*}, {@code ld64.so*}, {@code ld-musl-*.so*}), it runs nothing ({@code --list},
     *     {@code --verify}, ...), or names no program
     */
    static String loaderProgram(String path, List<String> argv) {
        if (!dynamicLoader(path)) {
            return null;
        }
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (LOADER_NO_RUN_OPTIONS.contains(a)) {
                return null;
            }
            if (a.equals("--")) {
                return i + 1 < argv.size() ? argv.get(i + 1) : null;
            }
            if (!a.startsWith("--")) {
                return a.isEmpty() ? null : a;
            }
            if (LOADER_VALUE_OPTIONS.contains(a)) {
                i++; // its value
            }
        }
        return null;
    }
}
