package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.cli.monitor.Preflight;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    /**
     * Runs procguard in-process, or, as root, in a separate JVM without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH
     * (setpriv), so that file modes apply as they do for other users.
     *
     * @param dir where the separate JVM's stdout and stderr are kept
     * @param args the arguments
     * @return what it printed and returned
     */
    static Result runWithoutFilePermissionOverride(Path dir, String... args) throws Exception {
        if (!Preflight.isRoot()) {
            return run(args);
        }
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is not installed");
        List<String> argv = new ArrayList<>(List.of("/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search"));
        argv.addAll(MonitorProcess.command(args));
        Path out = dir.resolve("unprivileged.out");
        Path err = dir.resolve("unprivileged.err");
        Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
