package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcGuardCommandTest {
    @Test
    void helpListsExitCodes() {
        CliRunner.Result r = CliRunner.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Exit codes:").contains("usage error");
    }

    @Test
    void unknownOptionIsAUsageErrorWithOneLineMessage() {
        CliRunner.Result r = CliRunner.run("--no-such-option");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("procguard: Unknown option: '--no-such-option'");
        assertThat(r.err()).doesNotContain("Exception");
    }
}
