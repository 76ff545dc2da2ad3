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
    void somethingThatIsNotAPidIsAUsageErrorOfEveryCommandTakingPidsBeforeAnyConnection() {
        String socket = dir.resolve("none.sock").toString();
        for (String bad : new String[] {"abc", "0", "-5", "4194305", "99999999999", "12x", ""}) {
            for (String[] args : new String[][] {{"watch", "--socket", socket, "--", bad}, {"unwatch", "--socket", socket, "--", bad},
                    {"attach", "--no-shm", "--", "1", bad}, {"watch", "--socket", socket, "1", bad}}) {
                CliRunner.Result r = CliRunner.run(args);
                assertThat(r.exitCode()).as("%s '%s'", args[0], bad).isEqualTo(ExitCodes.USAGE);
                assertThat(r.err()).as("%s '%s'", args[0], bad).isEqualTo("procguard: '" + bad + "' is not a process id (1 to 4194304)\n"
                        + "Try 'procguard " + args[0] + " --help' for more information.\n");
                assertThat(r.out()).isEmpty();
            }
        }
    }

    @Test
    void theLargestPidIsAcceptedAndOnlyThenIsTheDaemonAskedFor() {
        CliRunner.Result r = CliRunner.run("watch", "--socket", dir.resolve("none.sock").toString(), "4194304");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).startsWith("procguard: cannot connect to ");
    }

    @Test
    void everyPidCommandsHelpSaysANonPidIsAUsageError() {
        for (String cmd : new String[] {"watch", "unwatch", "attach"}) {
            assertThat(CliRunner.run(cmd, "--help").out().replaceAll("\\s+", " ")).as(cmd)
                    .contains("2 usage (an argument that is not a PID)");
        }
    }

    @Test
    void helpTeachesWithExamplesAndTheDefaultSocket() {
        for (String cmd : new String[] {"daemon", "watch", "unwatch", "list"}) {
            CliRunner.Result r = CliRunner.run(cmd, "--help");
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).as(cmd).contains("Examples:").contains("/run/procguard/procguard.sock");
        }
        String daemonHelp = CliRunner.run("daemon", "--help").out();
        assertThat(daemonHelp).contains("run_<TIME>_<ID>_uid<UID>.out").contains("SO_PEERCRED").contains("Default: logs");
        assertThat(daemonHelp.replaceAll("\\s+", " ")).contains("each user's last " + io.procguard.cli.control.Daemon.MAX_RUN_OUTPUTS_PER_USER
                + " are kept").contains("is killed, which releases its processes too")
                .contains("{\"op\":\"output\",\"id\":N,\"offset\":K}").contains("The user reads them with output requests");
    }
}
