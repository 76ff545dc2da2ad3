package io.procguard.cli;

/** The named exit codes of every procguard command; shown in {@code procguard --help}. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** An I/O or internal error. */
    public static final int FAILURE = 1;
    /** Bad usage: unknown option, missing argument. */
    public static final int USAGE = 2;
    /** Bad input: a malformed log in strict mode, a file with no strace output, an unreadable or unusable file or model. */
    public static final int BAD_INPUT = 3;
    /** The environment is missing something: root, strace, permission to trace. */
    public static final int ENVIRONMENT = 4;
    /** {@code --fail-on} ({@code analyze}, {@code run}, {@code attach}) found a process at or above the given status. */
    public static final int DETECTED = 10;
    /**
     * 128 + SIGPIPE: stdout was a pipe whose reader went away ({@code procguard parse big.log | head -1}); said by nothing
     * on stderr, as for a program SIGPIPE ended.
     */
    public static final int CLOSED_PIPE = 141;

    private ExitCodes() {
    }
}
