package io.procguard.strace;

import java.io.IOException;

/**
 * Thrown in strict mode for the first malformed line; its message ends with {@code at file:line:column}.
 * Immutable.
 */
public final class StraceParseException extends IOException {
    private static final long serialVersionUID = 1L;
    /** The problem; transient because records of this kind are not serialised across JVMs. */
    private final transient ParseProblem problem;

    /** @param problem what is wrong and where */
    public StraceParseException(ParseProblem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    /** @return what is wrong and where */
    public ParseProblem problem() {
        return problem;
    }
}
