package io.procguard.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Signaller#killTraced}, the enforcement kill, on real processes and a real strace: it kills what the tracer
 * traces and nothing else, which is what keeps {@code --kill-on} from killing whatever reused a dead tracee's pid.
 */
@Timeout(60)
class SignallerTest {
    @TempDir
    Path dir;

    private static void assumeStrace() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")) && "root".equals(System.getProperty("user.name")),
                "needs root and /usr/bin/strace to trace a process");
    }

    @Test
    void aProcessTheTracerDoesNotTraceIsNotKilled() throws Exception {
        assumeStrace();
        Process strace = new ProcessBuilder("/usr/bin/strace", "-f", "-o", dir.resolve("t").toString(), "/bin/sleep", "30").start();
        Process bystander = new ProcessBuilder("/bin/sleep", "30").start();
        try {
            awaitTraced(strace.pid());
            assertThat(Signaller.killTraced((int) bystander.pid(), strace.pid())).isEqualTo(Signaller.Kill.NOT_TRACED);
            assertThat(bystander.waitFor(300, TimeUnit.MILLISECONDS)).as("the bystander lives").isFalse();
            assertThat(Signaller.killTraced((int) bystander.pid(), 0)).as("no tracer known yet").isEqualTo(Signaller.Kill.NOT_TRACED);
            assertThat(bystander.isAlive()).isTrue();
        } finally {
            bystander.destroyForcibly();
            strace.destroyForcibly();
            strace.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessTheTracerTracesIsKilled() throws Exception {
        assumeStrace();
        Process strace = new ProcessBuilder("/usr/bin/strace", "-f", "-o", dir.resolve("t").toString(), "/bin/sleep", "30").start();
        try {
            int tracee = awaitTraced(strace.pid());
            assertThat(Signaller.killTraced(tracee, strace.pid())).isEqualTo(Signaller.Kill.KILLED);
            assertThat(strace.waitFor(10, TimeUnit.SECONDS)).as("strace ends with its only tracee").isTrue();
            assertThat(Files.readString(dir.resolve("t"))).contains("+++ killed by SIGKILL +++");
        } finally {
            strace.destroyForcibly();
        }
    }

    @Test
    void aProcessThatIsGoneIsReportedGone() throws Exception {
        Process done = new ProcessBuilder("/bin/true").start();
        done.waitFor(10, TimeUnit.SECONDS);
        assertThat(Signaller.killTraced((int) done.pid(), 12345)).isEqualTo(Signaller.Kill.GONE);
    }

    /** @return the pid strace traces, once it does */
    private static int awaitTraced(long stracePid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            List<Integer> traced = ProcInfo.tracedBy(stracePid);
            if (!traced.isEmpty()) {
                return traced.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("strace " + stracePid + " traced nothing within 20 s");
    }
}
