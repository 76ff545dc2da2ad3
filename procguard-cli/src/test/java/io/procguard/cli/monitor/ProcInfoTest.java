package io.procguard.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link ProcInfo}'s byte-level reading of {@code /proc/PID/status} against a line-by-line reading of the same bytes. */
class ProcInfoTest {
    /** The reading ProcInfo used before: the first line starting with the field, the rest of it as one int, else 0. */
    private static int byLines(String status, String field) {
        for (String line : status.split("\n", -1)) {
            if (line.startsWith(field)) {
                try {
                    return Integer.parseInt(line.substring(field.length()).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static void agreesOnEveryField(byte[] status) {
        String text = new String(status, StandardCharsets.ISO_8859_1);
        int fields = 0;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String field = line.substring(0, colon + 1);
                assertThat(ProcInfo.statusField(status, field)).as(field).isEqualTo(byLines(text, field));
                fields++;
            }
        }
        assertThat(fields).isGreaterThan(20);
    }

    @Test
    void readsTheSameNumbersAsALineByLineReadingOfRealStatusFiles() throws Exception {
        agreesOnEveryField(Files.readAllBytes(Path.of("/proc/self/status")));
        Process child = new ProcessBuilder("/bin/sleep", "30").start();
        try {
            byte[] status = Files.readAllBytes(Path.of("/proc", Long.toString(child.pid()), "status"));
            agreesOnEveryField(status);
            assertThat(ProcInfo.statusField(status, "PPid:")).isEqualTo((int) ProcessHandle.current().pid());
            assertThat(ProcInfo.INSTANCE.ppid((int) child.pid())).isEqualTo((int) ProcessHandle.current().pid());
            assertThat(ProcInfo.INSTANCE.tgid((int) child.pid())).isEqualTo((int) child.pid());
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(ProcInfo.INSTANCE.ppid((int) child.pid())).as("a reaped process is unknown").isZero();
    }

    @Test
    void missingOddAndCutFieldsAreZero() {
        byte[] s = "Name:\tsh\nPid:\t42\nPPid:\t7\r\nUid:\t0\t0\t0\t0\nTracerPid: \t 99 \nBig:\t12345678901\nLast:\t5"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(ProcInfo.statusField(s, "Pid:")).isEqualTo(42);
        assertThat(ProcInfo.statusField(s, "PPid:")).isEqualTo(7);
        assertThat(ProcInfo.statusField(s, "TracerPid:")).isEqualTo(99);
        assertThat(ProcInfo.statusField(s, "Last:")).as("no final newline").isEqualTo(5);
        assertThat(ProcInfo.statusField(s, "Name:")).isZero();
        assertThat(ProcInfo.statusField(s, "Uid:")).as("several numbers").isZero();
        assertThat(ProcInfo.statusField(s, "Big:")).as("too big for an int").isZero();
        assertThat(ProcInfo.statusField(s, "Tgid:")).as("missing").isZero();
        assertThat(ProcInfo.statusField(new byte[0], "PPid:")).isZero();
    }
}
