package io.procguard.cli.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a run's ending, as the daemon lists it, becomes the exit status {@code procguard submit} ends with. */
class RunOutputExitStatusTest {
    @Test
    void anExitIsItsCodeAndAFatalSignalIs128PlusItsNumber() {
        assertThat(RunOutput.exitStatus("exited 0")).isZero();
        assertThat(RunOutput.exitStatus("exited 7")).isEqualTo(7);
        assertThat(RunOutput.exitStatus("exited 255")).isEqualTo(255);
        assertThat(RunOutput.exitStatus("killed by SIGKILL")).isEqualTo(137);
        assertThat(RunOutput.exitStatus("killed by SIGSEGV (core dumped)")).isEqualTo(139);
        assertThat(RunOutput.exitStatus("killed by SIGINT")).isEqualTo(130);
    }

    @Test
    void anyOtherEndingHasNoExitStatus() {
        assertThat(RunOutput.exitStatus(null)).isEqualTo(-1);
        assertThat(RunOutput.exitStatus("detached (interrupted by uid 1000)")).isEqualTo(-1);
        assertThat(RunOutput.exitStatus("strace ended (status 137)")).isEqualTo(-1);
        assertThat(RunOutput.exitStatus("failed: interrupted")).isEqualTo(-1);
        assertThat(RunOutput.exitStatus("exited 300")).isEqualTo(-1);
        assertThat(RunOutput.exitStatus("exited x")).isEqualTo(-1);
        assertThat(RunOutput.exitStatus("killed by SIGNOPE")).isEqualTo(-1);
    }
}
