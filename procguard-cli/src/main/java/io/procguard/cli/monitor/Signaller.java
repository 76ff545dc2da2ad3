package io.procguard.cli.monitor;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Sends a signal to a process with {@code kill -s SIG PID} (an argv list, no shell). Stateless, thread-safe. */
final class Signaller {
    private Signaller() {
    }

    /**
     * @param pid the target; pids 0 and 1, negative pids (process groups) and this JVM are refused
     * @param signal a name without {@code SIG}, e.g. {@code INT}, {@code KILL}
     * @return true if kill reported success
     */
    static boolean send(long pid, String signal) {
        if (pid <= 1 || pid == ProcessHandle.current().pid()) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(List.of("kill", "-s", signal, Long.toString(pid)))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
