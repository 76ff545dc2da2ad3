package io.procguard.strace;

/**
 * The constraints and modes of one {@link StraceParser}, in one immutable object. Thread-safe.
 *
 * <p>Start from {@link #defaults()} and change what you need with the withers:
 * <pre>{@code
 * ParserOptions opts = ParserOptions.defaults().withStrict(true).withMaxLineLength(64 * 1024);
 * }</pre>
 *
 * @param maxLineLength longest line (bytes, without the newline) that is parsed; longer lines are
 *     skipped in bounded memory and reported as malformed. Default {@value #DEFAULT_MAX_LINE_LENGTH}.
 * @param maxPendingUnfinished how many threads may have an {@code <unfinished ...>} call waiting for its
 *     {@code <... resumed>} line at once; beyond that the oldest is emitted unfinished. Default
 *     {@value #DEFAULT_MAX_PENDING_UNFINISHED}.
 * @param maxUnknownSyscallNames how many distinct syscall names outside the x86_64 table are accepted
 *     (each is registered in {@link io.procguard.core.Syscalls} for the life of the JVM); lines with
 *     further new names are malformed. Default {@value #DEFAULT_MAX_UNKNOWN_SYSCALL_NAMES}.
 * @param maxKeptProblems how many {@link ParseProblem}s {@link StraceParser#problems()} keeps (all
 *     are counted and passed to the problem handler). Default {@value #DEFAULT_MAX_KEPT_PROBLEMS}.
 * @param strict fail fast: the first malformed line throws {@link StraceParseException}. Strict mode also reads
 *     every argument list forward, so it reports a malformed argument list before a well-formed return part,
 *     which lenient mode keeps as a call (see {@link StraceParser}); so it is slower on logs with long argument lists
 * @param follow wait at end of input for it to grow (like {@code tail -f}; meant for a regular file: a pipe's end is
 *     final) until {@link StraceParser#finishFollowing()} (read to the end, then stop) or {@link StraceParser#close()}
 *     (stop at once) is called from another thread, or the reading thread is interrupted
 * @param followPollMillis how long to sleep between checks for growth in follow mode
 * @param defaultPid the pid given to events of a log without a pid column (one process, no {@code -f})
 */
public record ParserOptions(
        int maxLineLength,
        int maxPendingUnfinished,
        int maxUnknownSyscallNames,
        int maxKeptProblems,
        boolean strict,
        boolean follow,
        long followPollMillis,
        int defaultPid) {

    /** Default {@link #maxLineLength()}: 1 MiB. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 1 << 20;
    /** Default {@link #maxPendingUnfinished()}. */
    public static final int DEFAULT_MAX_PENDING_UNFINISHED = 4096;
    /** Default {@link #maxUnknownSyscallNames()}. */
    public static final int DEFAULT_MAX_UNKNOWN_SYSCALL_NAMES = 1024;
    /** Default {@link #maxKeptProblems()}. */
    public static final int DEFAULT_MAX_KEPT_PROBLEMS = 100;

    private static final ParserOptions DEFAULTS = new ParserOptions(DEFAULT_MAX_LINE_LENGTH,
            DEFAULT_MAX_PENDING_UNFINISHED, DEFAULT_MAX_UNKNOWN_SYSCALL_NAMES, DEFAULT_MAX_KEPT_PROBLEMS,
            false, false, 100, 0);

    /** Checks the limits. */
    public ParserOptions {
        if (maxLineLength < 64) {
            throw new IllegalArgumentException("maxLineLength must be >= 64, got " + maxLineLength);
        }
        if (maxPendingUnfinished < 1) {
            throw new IllegalArgumentException("maxPendingUnfinished must be >= 1, got " + maxPendingUnfinished);
        }
        if (maxUnknownSyscallNames < 0 || maxKeptProblems < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        if (followPollMillis < 1) {
            throw new IllegalArgumentException("followPollMillis must be >= 1, got " + followPollMillis);
        }
        if (defaultPid < 0) {
            throw new IllegalArgumentException("defaultPid must be >= 0, got " + defaultPid);
        }
    }

    /** @return lenient parsing, 1 MiB lines, no follow, default pid 0 */
    public static ParserOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param v the new {@link #maxLineLength()}
     * @return a copy with it
     */
    public ParserOptions withMaxLineLength(int v) {
        return new ParserOptions(v, maxPendingUnfinished, maxUnknownSyscallNames, maxKeptProblems, strict, follow,
                followPollMillis, defaultPid);
    }

    /**
     * @param v the new {@link #maxPendingUnfinished()}
     * @return a copy with it
     */
    public ParserOptions withMaxPendingUnfinished(int v) {
        return new ParserOptions(maxLineLength, v, maxUnknownSyscallNames, maxKeptProblems, strict, follow,
                followPollMillis, defaultPid);
    }

    /**
     * @param v the new {@link #maxUnknownSyscallNames()}
     * @return a copy with it
     */
    public ParserOptions withMaxUnknownSyscallNames(int v) {
        return new ParserOptions(maxLineLength, maxPendingUnfinished, v, maxKeptProblems, strict, follow,
                followPollMillis, defaultPid);
    }

    /**
     * @param v the new {@link #maxKeptProblems()}
     * @return a copy with it
     */
    public ParserOptions withMaxKeptProblems(int v) {
        return new ParserOptions(maxLineLength, maxPendingUnfinished, maxUnknownSyscallNames, v, strict, follow,
                followPollMillis, defaultPid);
    }

    /**
     * @param v true to fail on the first malformed line
     * @return a copy with it
     */
    public ParserOptions withStrict(boolean v) {
        return new ParserOptions(maxLineLength, maxPendingUnfinished, maxUnknownSyscallNames, maxKeptProblems, v,
                follow, followPollMillis, defaultPid);
    }

    /**
     * @param v true to wait for a regular file to grow at its end
     * @return a copy with it
     */
    public ParserOptions withFollow(boolean v) {
        return new ParserOptions(maxLineLength, maxPendingUnfinished, maxUnknownSyscallNames, maxKeptProblems,
                strict, v, followPollMillis, defaultPid);
    }

    /**
     * @param v the new {@link #followPollMillis()}
     * @return a copy with it
     */
    public ParserOptions withFollowPollMillis(long v) {
        return new ParserOptions(maxLineLength, maxPendingUnfinished, maxUnknownSyscallNames, maxKeptProblems,
                strict, follow, v, defaultPid);
    }

    /**
     * @param v the new {@link #defaultPid()}
     * @return a copy with it
     */
    public ParserOptions withDefaultPid(int v) {
        return new ParserOptions(maxLineLength, maxPendingUnfinished, maxUnknownSyscallNames, maxKeptProblems,
                strict, follow, followPollMillis, v);
    }
}
