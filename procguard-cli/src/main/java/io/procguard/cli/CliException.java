package io.procguard.cli;

/**
 * An error the user can act on: printed as one line {@code procguard: MESSAGE} (no stack trace)
 * and mapped to its exit code by {@link ErrorHandler}. Immutable.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    /**
     * @param exitCode one of {@link ExitCodes}
     * @param message one line saying what is wrong and, where possible, what to do
     */
    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * @param exitCode one of {@link ExitCodes}
     * @param message one line saying what is wrong and what to do
     * @param cause the underlying exception, shown with --verbose
     */
    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** @return the exit code this error maps to */
    public int exitCode() {
        return exitCode;
    }
}
