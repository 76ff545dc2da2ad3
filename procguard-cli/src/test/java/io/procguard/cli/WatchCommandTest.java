package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clients without a daemon: clear one-line errors and exit codes (no root needed). */
class WatchCommandTest {
    @TempDir
    Path dir;

    @Test
    void withoutADaemonEveryClientSaysSoInOneLineAndExitsOne() {
        String socket = dir.resolve("none.sock").toString();
        for (String[] args : new String[][] {{"watch", "--socket", socket, "1"}, {"unwatch", "--socket", socket, "1"},
                {"list", "--socket", socket}}) {
            CliRunner.Result r = CliRunner.run(args);
            assertThat(r.exitCode()).as(args[0]).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.err()).isEqualTo("procguard: cannot connect to " + socket + ": is 'procguard daemon' running?"
                    + System.lineSeparator());
        }
    }

    @Test
    void somethingThatIsNotAPidIsBadInputBeforeAnyConnection() {
        for (String bad : new String[] {"abc", "0", "-5", "99999999999"}) {
            CliRunner.Result r = CliRunner.run("watch", "--socket", dir.resolve("none.sock").toString(), "--", bad);
            assertThat(r.exitCode()).as(bad).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).contains("is not a process id");
        }
    }

    @Test
    void helpTeachesWithExamplesAndTheDefaultSocket() {
        for (String cmd : new String[] {"daemon", "watch", "unwatch", "list"}) {
            CliRunner.Result r = CliRunner.run(cmd, "--help");
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).as(cmd).contains("Examples:").contains("/run/procguard/procguard.sock");
        }
        assertThat(CliRunner.run("daemon", "--help").out()).contains("run_<TIME>_<ID>.out").contains("SO_PEERCRED")
                .contains("Default: logs");
    }
}
