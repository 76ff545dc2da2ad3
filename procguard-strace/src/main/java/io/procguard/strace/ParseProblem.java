package io.procguard.strace;

/**
 * One malformed or unusable input line, with where it is. Immutable.
 *
 * @param source the input's name (a file path, or what the caller passed, e.g. {@code -})
 * @param line 1-based line number
 * @param column 1-based column (byte offset in the line + 1) where the problem was noticed
 * @param message what is wrong, one line
 * @param excerpt the start of the line, shortened for long lines, non-printable bytes shown as {@code ?}
 */
public record ParseProblem(String source, long line, int column, String message, String excerpt) {

    /** @return {@code message at source:line:column} */
    @Override
    public String toString() {
        return message + " at " + source + ":" + line + ":" + column;
    }
}
