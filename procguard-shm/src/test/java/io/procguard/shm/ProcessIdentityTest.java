package io.procguard.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessIdentityTest {
    @Test
    void aCommWithSpacesAndParenthesesDoesNotShiftTheFields() throws IOException {
        String line = "4242 (evil) 0 (x) y) S 17 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
        ProcStat stat = ProcStat.parse(line, 4242);
        assertThat(stat.comm()).isEqualTo("evil) 0 (x) y");
        assertThat(stat.state()).isEqualTo('S');
        assertThat(stat.ppid()).isEqualTo(17);
        assertThat(stat.startTime()).isEqualTo(987654L);
    }

    @Test
    void aShortOrMalformedStatLineIsAnErrorNotAGuess() {
        assertThatThrownBy(() -> ProcStat.parse("12 (x) S 1 2 3", 12)).isInstanceOf(IOException.class).hasMessageContaining("fields after comm");
        assertThatThrownBy(() -> ProcStat.parse("12 no comm", 12)).isInstanceOf(IOException.class).hasMessageContaining("no (comm)");
    }

    @Test
    void aRealChildIsIdentifiedFromProc() throws Exception {
        Process child = new ProcessBuilder("/bin/sleep", "30").start();
        try {
            ProcessIdentity id = ProcessIdentity.of((int) child.pid());
            assertThat(id.comm()).isEqualTo("sleep");
            assertThat(id.ppid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(id.exe()).isEqualTo(Path.of("/bin/sleep").toRealPath().toString());
            assertThat(id.uid()).isEqualTo(SafeFiles.currentUid());
            long bootTicksOfSelf = ProcessIdentity.self().startTime();
            assertThat(id.startTime()).as("a child starts after its parent").isGreaterThanOrEqualTo(bootTicksOfSelf);
            assertThat(ProcStat.isRunning(id.pid(), id.startTime())).isTrue();
            assertThat(ProcStat.isRunning(id.pid(), id.startTime() + 1)).as("same pid, other start time: another process").isFalse();
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(ProcStat.isRunning((int) child.pid(), 0)).isFalse();
    }

    @Test
    void aVanishedProcessIsNoSuchFile() throws Exception {
        Process child = new ProcessBuilder("/bin/true").start();
        child.waitFor(10, TimeUnit.SECONDS);
        assertThat(Files.exists(Path.of("/proc/" + child.pid()))).isFalse();
        assertThatThrownBy(() -> ProcessIdentity.of((int) child.pid())).isInstanceOf(NoSuchFileException.class);
    }
}
