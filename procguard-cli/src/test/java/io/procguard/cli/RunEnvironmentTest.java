package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The environment {@code procguard run} gives strace and the program: strace gets a {@code TZ} when the
 * session has none (so glibc does not {@code stat} {@code /etc/localtime} for every trace line), and the
 * program gets exactly the session's environment. The program prints its own {@code TZ} and its parent's,
 * strace's (read from {@code /proc/$PPID/environ}).
 */
@Timeout(120)
@ExtendWith(NeedsTracing.class)
class RunEnvironmentTest {
    private static final String REPORT = "echo \"program TZ=${TZ-unset}\"; "
            + "tr '\\0' '\\n' < /proc/$PPID/environ | grep '^TZ=' | sed 's/^/strace /' || echo 'strace TZ unset'; "
            + "tr '\\0' ' ' < /proc/$PPID/cmdline | grep -q '^[^ ]*strace ' && echo 'parent is strace'";

    @TempDir
    Path dir;

    @Test
    void withoutTzStraceGetsOneAndTheProgramDoesNot() throws Exception {
        MonitorProcess.Result r = run(null);
        assertThat(r.out()).contains("parent is strace", "program TZ=unset", "strace TZ=:/etc/localtime");
        assertThat(r.err()).as("--verbose shows strace's added variable and the -E that keeps it from the program")
                .contains("procguard: TZ=:/etc/localtime ").contains(" -E TZ -- sh -c ");
    }

    @Test
    void aSessionsOwnTzReachesStraceAndTheProgramUnchanged() throws Exception {
        MonitorProcess.Result r = run("Europe/Paris");
        assertThat(r.out()).contains("parent is strace", "program TZ=Europe/Paris", "strace TZ=Europe/Paris");
        assertThat(r.err()).doesNotContain("TZ=:/etc/localtime").doesNotContain("-E TZ");
    }

    @Test
    void aProgramRunAsAnotherUserGetsACleanEnvironmentNotRoots() throws Exception {
        Process p = MonitorProcess.start(dir, environment -> {
            environment.put("AWS_SECRET_ACCESS_KEY", "s3cret");
            environment.put("PATH", "/root/.local/bin:" + environment.getOrDefault("PATH", "/usr/bin:/bin"));
            environment.put("TERM", "xterm-test");
            environment.put("LC_TIME", "C.UTF-8");
        }, "run", "--quiet", "--no-shm", "--user", "nobody", "--log-dir", dir.resolve("logs").toString(), "--", "/usr/bin/env");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("procguard finished").isTrue();
        MonitorProcess.Result r = MonitorProcess.result(dir, p.exitValue());
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isZero();
        assertThat(r.out().lines()).contains("USER=nobody", "LOGNAME=nobody", "PATH=/usr/local/bin:/usr/bin:/bin",
                "TERM=xterm-test", "LC_TIME=C.UTF-8").anyMatch(l -> l.startsWith("HOME=") && !l.equals("HOME=/root"));
        assertThat(r.out()).doesNotContain("s3cret").doesNotContain("/root/.local/bin").doesNotContain("TZ=:/etc/localtime");
    }

    /** Runs {@code procguard --verbose run -- sh -c REPORT} with {@code TZ} removed ({@code null}) or set. */
    private MonitorProcess.Result run(String tz) throws Exception {
        Process p = MonitorProcess.start(dir, environment -> {
            if (tz == null) {
                environment.remove("TZ");
            } else {
                environment.put("TZ", tz);
            }
        }, "--verbose", "run", "--quiet", "--no-shm", "--log-dir", dir.resolve("logs").toString(), "--", "sh", "-c", REPORT);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("procguard finished").isTrue();
        MonitorProcess.Result r = MonitorProcess.result(dir, p.exitValue());
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }
}
