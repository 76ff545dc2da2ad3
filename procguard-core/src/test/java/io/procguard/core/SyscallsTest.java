package io.procguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyscallsTest {
    @Test
    void knownNamesMapToTheirX8664Numbers() {
        assertThat(Syscalls.id("read")).isEqualTo(0).isEqualTo(Syscalls.READ);
        assertThat(Syscalls.id("openat")).isEqualTo(257);
        assertThat(Syscalls.name(Syscalls.EXECVE)).isEqualTo("execve");
    }

    @Test
    void hexSyscallFormMapsToTheNumberItCarries() {
        assertThat(Syscalls.id("syscall_0x1bd")).isEqualTo(0x1bd);
        assertThat(Syscalls.name(0x3ff)).isEqualTo("syscall_0x3ff");
    }

    @Test
    void unknownNamesGetStableDynamicIds() {
        int first = Syscalls.id("future_syscall_xyz");
        assertThat(first).isGreaterThanOrEqualTo(Syscalls.FIRST_DYNAMIC_ID);
        assertThat(Syscalls.id("future_syscall_xyz")).isEqualTo(first);
        assertThat(Syscalls.name(first)).isEqualTo("future_syscall_xyz");
        assertThat(Syscalls.knownId("another_unknown")).isEqualTo(Syscalls.NONE);
    }
}
