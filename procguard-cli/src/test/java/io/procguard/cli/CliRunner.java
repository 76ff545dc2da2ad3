package io.procguard.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Test helper: runs procguard in-process and captures stdout, stderr and the exit code. */
final class CliRunner {
    /** What one invocation produced. */
    record Result(int exitCode, String out, String err) {
    }

    private CliRunner() {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ProcGuardCommand.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }
}
