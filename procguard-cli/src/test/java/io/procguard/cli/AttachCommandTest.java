package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
@ExtendWith(NeedsTracing.class)
class AttachCommandTest {
    @TempDir
    Path dir;

    @Test
    void attachesToARunningProcessAndSigintDetachesLeavingItRunningUntraced() throws Exception {
        Process target = new ProcessBuilder("sh", "-c", "while true; do ls / > /dev/null; sleep 0.2; done").start();
        try {
            Process monitor = MonitorProcess.start(dir, "attach", "--classifier", "monitor-rules", "--no-shm",
                    "--score-interval", "100", Long.toString(target.pid()));
            Path logs = dir.resolve("logs");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && MonitorProcess.log(logs, target.pid()).stream().noneMatch(l -> l.contains("\"event\":\"status\""))) {
                Thread.sleep(100);
            }
            assertThat(tracerOf(target.pid())).as("traced while attached").isNotZero();

            new ProcessBuilder("kill", "-s", "INT", Long.toString(monitor.pid())).start().waitFor();
            assertThat(monitor.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(monitor.exitValue()).isZero();
            assertThat(target.isAlive()).isTrue();
            assertThat(tracerOf(target.pid())).as("detached: no tracer").isZero();
            List<String> log = MonitorProcess.log(logs, target.pid());
            assertThat(log.get(0)).contains("\"event\":\"attached\"").contains("\"exe\":\"/usr/bin/dash\"");
            assertThat(log).anyMatch(l -> l.contains("\"event\":\"exit\"") && l.contains("\"ending\":\"detached\""));
            assertThat(MonitorProcess.result(dir, 0).err()).contains("detached from pid " + target.pid());
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void failOnMakesADetectionWhileAttachedTheExitCode() throws Exception {
        // a process that keeps reading the shadow file, scored with the bundled model while attached
        Process target = new ProcessBuilder("sh", "-c", "while true; do cat /etc/shadow > /dev/null; sleep 0.2; done").start();
        try {
            Process monitor = MonitorProcess.start(dir, "attach", "--no-shm", "--fail-on", "suspicious",
                    "--score-interval", "100", Long.toString(target.pid()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && !MonitorProcess.result(dir, 0).err().contains("-> SUSPICIOUS")
                    && !MonitorProcess.result(dir, 0).err().contains("-> MALICIOUS")) {
                Thread.sleep(100);
            }
            new ProcessBuilder("kill", "-s", "INT", Long.toString(monitor.pid())).start().waitFor();
            assertThat(monitor.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String err = MonitorProcess.result(dir, 0).err();
            assertThat(monitor.exitValue()).as(err).isEqualTo(ExitCodes.DETECTED);
            assertThat(err).containsPattern("reached (SUSPICIOUS|MALICIOUS): exit 10 \\(--fail-on suspicious; else exit 0\\)");
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void aProcessThatCannotBeAttachedIsAnEnvironmentErrorNotASuccess() throws Exception {
        Process target = new ProcessBuilder("sleep", "60").start();
        Process other = new ProcessBuilder("strace", "-o", "/dev/null", "-p", Long.toString(target.pid())).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (DaemonProcess.tracerOf(target.pid()) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(DaemonProcess.tracerOf(target.pid())).as("traced by another strace").isPositive();
            MonitorProcess.Result r = MonitorProcess.run(dir, "attach", "--classifier", "monitor-rules", "--no-shm",
                    Long.toString(target.pid()));
            assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.ENVIRONMENT);
            assertThat(r.err()).contains("Operation not permitted")
                    .endsWith("procguard: could not attach to pid " + target.pid() + " (strace's reason above: a kernel thread, "
                            + "a process traced already, or one that may not be traced)\n");
            assertThat(target.isAlive()).isTrue();
        } finally {
            other.destroy();
            target.destroyForcibly();
        }
    }

    @Test
    void nonexistentPidIsReportedAndNothingIsTraced() throws Exception {
        Process ended = new ProcessBuilder("/bin/true").start();
        assertThat(ended.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String gone = Long.toString(ended.pid()); // a pid, but no process now
        MonitorProcess.Result r = MonitorProcess.run(dir, "attach", "--classifier", "monitor-rules", "--no-shm", gone);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("pid " + gone + ": no such process").contains("none of the given processes exists");
    }

    /** @return TracerPid of /proc/PID/status (0 when not traced) */
    private static int tracerOf(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("TracerPid:")) {
                return Integer.parseInt(line.substring("TracerPid:".length()).trim());
            }
        }
        return -1;
    }
}
