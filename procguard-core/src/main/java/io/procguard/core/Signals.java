package io.procguard.core;

/**
 * Linux x86_64 signal names and numbers ({@code SIGKILL} 9, real-time signals as {@code SIGRTMIN+N}).
 * Thread-safe, immutable.
 */
public final class Signals {
    private static final String[] NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};
    /** The first real-time signal number on Linux (glibc reserves 32 and 33). */
    public static final int SIGRTMIN = 32;

    private Signals() {
    }

    /**
     * @param name a signal name as strace prints it, e.g. {@code SIGSEGV}, {@code SIGRTMIN+3}, {@code SIGRT_3}
     * @return its number, or 0 if unknown
     */
    public static int number(String name) {
        for (int i = 1; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        if ("SIGIOT".equals(name)) {
            return 6;
        }
        if ("SIGPOLL".equals(name)) {
            return 29;
        }
        try {
            if (name.startsWith("SIGRTMIN+")) {
                return SIGRTMIN + Integer.parseInt(name.substring("SIGRTMIN+".length()));
            }
            if (name.equals("SIGRTMIN")) {
                return SIGRTMIN;
            }
            if (name.startsWith("SIGRT_")) {
                return SIGRTMIN + Integer.parseInt(name.substring("SIGRT_".length()));
            }
        } catch (NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /**
     * @param number a signal number
     * @return its name, {@code SIGRTMIN+N} for real-time signals, or {@code SIG<number>} if unknown
     */
    public static String name(int number) {
        if (number > 0 && number < NAMES.length) {
            return NAMES[number];
        }
        if (number >= SIGRTMIN && number <= 64) {
            return "SIGRTMIN+" + (number - SIGRTMIN);
        }
        return "SIG" + number;
    }
}
