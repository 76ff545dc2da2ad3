package io.procguard.strace;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * strace prints an error code it has no name for as {@code = -1 (errno N)}: seen in real runs when a
 * process is SIGKILLed in the middle of a call, and counted by {@code strace -c} as an error.
 */
class UnnamedErrnoTest {
    // Copied from a real `strace -f -C -k` run of a shell that SIGKILLs its `sleep` child mid-start-up.
    private static final String KILLED_MID_OPENAT = String.join("\n",
            "32284 openat(AT_FDCWD, \"/usr/lib/locale/C.utf8/LC_PAPER\", O_RDONLY|O_CLOEXEC <unfinished ...>",
            "32252 kill(32284, SIGKILL <unfinished ...>",
            "32284 <... openat resumed>)             = -1 (errno 18446744073709551554)",
            "32252 <... kill resumed>)               = 0",
            "32284 +++ killed by SIGKILL +++",
            "");

    @Test
    void errorWithoutANameIsStillAnErrorAndCountedAsStraceCountsIt() throws IOException {
        List<TraceEvent> events = LineShapesTest.parse(KILLED_MID_OPENAT);
        TraceEvent open = events.stream().filter(e -> e.syscall() == Syscalls.OPENAT).findFirst().orElseThrow();
        assertThat(open.returnValue()).isEqualTo(-1);
        assertThat(open.errnoName()).isEqualTo("errno 18446744073709551554");
        assertThat(open.errno()).isZero();

        SyscallTally tally = new SyscallTally();
        events.forEach(tally::add);
        assertThat(tally.errors(Syscalls.OPENAT)).isEqualTo(1);
        assertThat(tally.calls(Syscalls.OPENAT)).isEqualTo(1);
    }
}
