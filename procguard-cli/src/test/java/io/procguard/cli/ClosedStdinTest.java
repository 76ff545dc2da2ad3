package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -} in a real JVM started with stdin closed, where descriptor 0 is the first file the JVM keeps open
 * (its runtime image): refused in one line, never read (which crashed the JVM).
 */
class ClosedStdinTest {
    @TempDir
    Path dir;

    @Test
    void dashWithStdinClosedIsRefusedInOneLineForEveryCommandThatReadsIt() throws Exception {
        for (List<String> args : List.of(List.of("summary", "-"), List.of("analyze", "-"), List.of("parse", "-"),
                List.of("parse", "--follow", "-"), List.of("features", "-"))) {
            Result r = withStdinClosed(args);
            assertThat(r.exitCode).as(args + ": " + r.err).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err).as(args.toString()).matches("procguard: -: standard input is closed \\(descriptor 0 is /\\S+, a file of "
                    + "the Java runtime\\); give LOG as a file, or redirect stdin \\(< run.log, or < /dev/null for none\\)\\n");
            assertThat(r.out).as(args.toString()).isEmpty();
        }
    }

    @Test
    void runGivesTheCommandAnEmptyStdinNotTheJvmsOwnFileWhenStdinIsClosed() throws Exception {
        MonitorProcess.assumeTracing();
        Result r = withStdinClosed(List.of("run", "--no-shm", "--quiet", "--log-dir", dir.resolve("logs").toString(), "--",
                "sh", "-c", "wc -c"));
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.out.trim()).as("bytes the command read on its stdin").isEqualTo("0");
    }

    @Test
    void dashReadsAStdinGivenAsAFileOrNullDevice() throws Exception {
        Path log = ParseTestLogs.trace(dir, List.of("-f"), "/bin/true");
        for (Path stdin : List.of(log, Path.of("/dev/null"))) {
            Process p = new ProcessBuilder(MonitorProcess.command("summary", "-")).redirectInput(stdin.toFile())
                    .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("err"))).isZero();
        }
        assertThat(Files.readString(dir.resolve("err"))).doesNotContain("standard input");
    }

    private record Result(int exitCode, String out, String err) {
    }

    /** Runs procguard in its own JVM with descriptor 0 closed; the shell script is a fixed string, the arguments follow it. */
    private Result withStdinClosed(List<String> args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "exec 0<&- ; exec \"$@\"", "sh"));
        argv.addAll(MonitorProcess.command(args.toArray(String[]::new)));
        Path out = dir.resolve("closed.out");
        Path err = dir.resolve("closed.err");
        Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(args + " did not finish in 60 s with stdin closed");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
