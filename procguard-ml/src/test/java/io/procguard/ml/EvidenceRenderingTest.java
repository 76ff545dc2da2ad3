package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.FeatureAccumulator;
import io.procguard.core.ImmutableTraceEvent;
import io.procguard.core.Syscalls;
import org.junit.jupiter.api.Test;

/**
 * Evidence lines are rendered into a reused buffer, an exec's path and argv appended there without joining
 * them first: the text must stay what the plain definition gives, {@code name(args) = ret} with the
 * arguments cut to {@link EvidenceLog#MAX_LENGTH} characters and then the line cut to the same length.
 */
class EvidenceRenderingTest {
    private static String plainDefinition(String name, String args, String result) {
        String shownArgs = args.length() > EvidenceLog.MAX_LENGTH ? args.substring(0, EvidenceLog.MAX_LENGTH) + "..." : args;
        String line = name + "(" + shownArgs + ")" + result;
        return line.length() > EvidenceLog.MAX_LENGTH ? line.substring(0, EvidenceLog.MAX_LENGTH - 3) + "..." : line;
    }

    @Test
    void anExecLineIsCutWhereverTheLimitFallsInPathSeparatorOrArgv() {
        for (int pathLength = 150; pathLength <= 215; pathLength++) {
            String path = "\"/usr/bin/" + "p".repeat(pathLength - 11) + "\"";
            String argv = "[\"p\", \"" + "b".repeat(40) + "\"]";
            FeatureAccumulator acc = new BehaviourFeatures().newAccumulator();
            acc.accept(ImmutableTraceEvent.syscall(9, Syscalls.EXECVE, path + ", " + argv + ", 0x7ffc /* 3 vars */", 0, null));
            assertThat(acc.evidence()).as("path of %d characters", pathLength)
                    .containsExactly(plainDefinition("execve", path + ", " + argv, " = 0"));
        }
    }

    @Test
    void linesOfOneEventKindAreRenderedWithTheirResultAndErrno() {
        FeatureAccumulator acc = new BehaviourFeatures().newAccumulator();
        String longName = "\"/etc/shadow" + "x".repeat(300) + "\"";
        acc.accept(ImmutableTraceEvent.syscall(9, Syscalls.OPENAT, "AT_FDCWD, \"/etc/shadow\", O_RDONLY", -1, "EACCES"));
        acc.accept(ImmutableTraceEvent.syscall(9, Syscalls.OPENAT, "AT_FDCWD, \"/etc/shadow\", O_RDONLY", -1, "EACCES"));
        acc.accept(ImmutableTraceEvent.syscall(9, Syscalls.MMAP, "NULL, 4096, PROT_READ|PROT_WRITE|PROT_EXEC, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0",
                0x7f0000001000L, null));
        acc.accept(ImmutableTraceEvent.syscall(9, Syscalls.MEMFD_CREATE, longName + ", 0", 3, null));
        assertThat(acc.evidence()).containsExactly(
                plainDefinition("openat", "AT_FDCWD, \"/etc/shadow\", O_RDONLY", " = -1 EACCES"),
                plainDefinition("mmap", "NULL, 4096, PROT_READ|PROT_WRITE|PROT_EXEC, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0", " = 0x7f0000001000"),
                plainDefinition("memfd_create", longName + ", 0", " = 3"));
        assertThat(acc.snapshot().get("mem.anon_exec")).isPositive();
    }
}
