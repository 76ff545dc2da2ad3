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
}
