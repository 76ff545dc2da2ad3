package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.FeatureAccumulator;
import io.procguard.core.ImmutableTraceEvent;
import io.procguard.core.Syscalls;
import org.junit.jupiter.api.Test;

/** Relative paths are joined to their {@code -yy} dirfd; the last dirfd's path is remembered, never reused for another. */
class RelativePathsTest {
    private static ImmutableTraceEvent openat(String dirfd, String path, String flags) {
        return ImmutableTraceEvent.syscall(5, Syscalls.OPENAT, dirfd + ", \"" + path + "\", " + flags, 3, null);
    }

    @Test
    void aRelativePathIsJoinedToItsOwnDirectoryEachTime() {
        FeatureAccumulator acc = new BehaviourFeatures().newAccumulator();
        acc.accept(openat("AT_FDCWD</tmp/wor>", "wtmp", "O_WRONLY|O_TRUNC"));
        acc.accept(openat("AT_FDCWD</tmp/wor>", "wtmp", "O_WRONLY|O_TRUNC"));
        assertThat(acc.snapshot().get("path.tmp_write_log")).isPositive();
        assertThat(acc.snapshot().get("path.log_tamper")).isZero();
        acc.accept(openat("AT_FDCWD</var/log>", "wtmp", "O_WRONLY|O_TRUNC")); // same length as before, other directory
        assertThat(acc.snapshot().get("path.log_tamper")).isEqualTo(1f);
        assertThat(acc.evidence()).containsExactly("openat(AT_FDCWD</var/log>, \"wtmp\", O_WRONLY|O_TRUNC) = 3");
    }

    @Test
    void aDirfdWithoutAPathLeavesTheRelativePathAsItIs() {
        FeatureAccumulator acc = new BehaviourFeatures().newAccumulator();
        acc.accept(openat("AT_FDCWD</var/log>", "x", "O_RDONLY"));
        acc.accept(openat("AT_FDCWD", "var/log/wtmp", "O_WRONLY|O_TRUNC")); // no -yy: not known to be /var/log
        assertThat(acc.snapshot().get("path.log_tamper")).isZero();
        acc.accept(openat("3</var/log\\76x>", "wtmp", "O_WRONLY|O_TRUNC")); // an escaped decoration: /var/log>x/wtmp
        assertThat(acc.snapshot().get("path.log_tamper")).isZero();
    }

    @Test
    void aRelativePathIsResolvedAgainstADirectoryAsTheKernelWalksIt() {
        assertThat(PathRules.resolve("/tmp/x", "./run.sh")).isEqualTo("/tmp/x/run.sh");
        assertThat(PathRules.resolve("/tmp/x/", "a//b/./c")).isEqualTo("/tmp/x/a/b/c");
        assertThat(PathRules.resolve("/tmp/x", "../y")).isEqualTo("/tmp/y");
        assertThat(PathRules.resolve("/tmp", "../../../etc/../tmp/.p")).isEqualTo("/tmp/.p");
        assertThat(PathRules.resolve("/", "..")).isEqualTo("/");
        assertThat(PathRules.resolve("/", "bin/sh")).isEqualTo("/bin/sh");
    }

    @Test
    void anExecOfARelativePathIsResolvedAgainstTheWorkingDirectoryTheProcessOrItsParentHad() {
        BehaviourFeatures features = new BehaviourFeatures();
        FeatureAccumulator shell = features.newAccumulator();
        shell.accept(ImmutableTraceEvent.syscall(5, Syscalls.CHDIR, "\"/usr/share\"", 0, null));
        shell.accept(ImmutableTraceEvent.syscall(5, Syscalls.CHDIR, "\"../../tmp/w\"", 0, null));
        FeatureAccumulator child = features.newAccumulator(shell);
        child.accept(ImmutableTraceEvent.syscall(6, Syscalls.EXECVE, "\"./payload\", [\"./payload\"], 0x7ffd /* 9 vars */", 0, null));
        assertThat(child.snapshot().get("ind.staged_exec")).as("/tmp/w/payload").isEqualTo(1f);

        FeatureAccumulator elsewhere = features.newAccumulator();
        elsewhere.accept(openat("AT_FDCWD</usr/lib>", "x", "O_RDONLY")); // the working directory, from -yy
        elsewhere.accept(ImmutableTraceEvent.syscall(7, Syscalls.EXECVE, "\"./payload\", [\"./payload\"], 0x7ffd /* 9 vars */", 0, null));
        assertThat(elsewhere.snapshot().get("ind.staged_exec")).as("/usr/lib/payload").isZero();

        FeatureAccumulator fromTmp = features.newAccumulator();
        fromTmp.accept(openat("AT_FDCWD</var/tmp>", "x", "O_RDONLY"));
        fromTmp.accept(ImmutableTraceEvent.syscall(8, Syscalls.EXECVE, "\"bin/tool\", [\"tool\"], 0x7ffd /* 9 vars */", 0, null));
        assertThat(fromTmp.snapshot().get("ind.staged_exec")).as("/var/tmp/bin/tool").isEqualTo(1f);
    }
}
