package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Library log records reach the user as the CLI's own one-line diagnostics, informational ones only with --verbose. */
@Timeout(180)
class ConsoleLoggingTest {
    @TempDir
    Path dir;

    @Test
    void aRecordIsOneLineWithItsParametersAndItsCause() {
        LogRecord r = new LogRecord(Level.WARNING, "status table {0} full:\nall {1} slots busy");
        r.setParameters(new Object[] {"/dev/shm/x", 8});
        r.setThrown(new IllegalStateException("disk full"));
        assertThat(new ConsoleLogging.OneLine().format(r))
                .isEqualTo("procguard: status table /dev/shm/x full: all 8 slots busy: disk full" + System.lineSeparator());
    }

    @Test
    void replacingATableLeftByAnEarlierRunIsSaidInOneLineOnlyWhenVerbose() throws Exception {
        MonitorProcess.assumeTracing();
        Path table = dir.resolve("table");
        String[] run = {"run", "--quiet", "--classifier", "monitor-rules", "--shm", table.toString(), "--", "true"};
        assertThat(MonitorProcess.run(dir, run).exitCode()).isZero();

        MonitorProcess.Result quiet = MonitorProcess.run(dir, run);
        assertThat(quiet.exitCode()).as(quiet.err()).isZero();
        assertThat(quiet.err()).doesNotContain("replacing status table").doesNotContain("INFO");

        String[] verbose = new String[run.length + 1];
        verbose[0] = "--verbose";
        System.arraycopy(run, 0, verbose, 1, run.length);
        MonitorProcess.Result loud = MonitorProcess.run(dir, verbose);
        assertThat(loud.exitCode()).as(loud.err()).isZero();
        assertThat(loud.err().lines().filter(l -> l.contains("replacing status table")))
                .singleElement().asString().startsWith("procguard: replacing status table " + table).endsWith("(closed)").doesNotContain(",");
        assertThat(loud.err()).doesNotContain("INFO:").doesNotContain("io.procguard.shm.StatusTable "); // the JDK format's source line
    }
}
