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

    @Test
    void theRegistryOfUnknownNamesIsBoundedForTheWholeJvm() {
        // a service parsing uploaded logs: each parser's own limit is no bound if every log brings new names
        int before = Syscalls.idIfRoom("bounded_probe_3");
        assertThat(before).as("room before the test").isGreaterThanOrEqualTo(Syscalls.FIRST_DYNAMIC_ID);
        try {
            Syscalls.limitDynamicNames(0); // as if full
            assertThat(Syscalls.idIfRoom("bounded_probe_new")).as("a new name, registry full").isEqualTo(Syscalls.NONE);
            assertThat(Syscalls.idIfRoom("bounded_probe_3")).as("a name registered before").isEqualTo(before);
            assertThat(Syscalls.idIfRoom("openat")).isEqualTo(257);
            int shared = Syscalls.id("bounded_probe_new");
            assertThat(Syscalls.name(shared)).isEqualTo(Syscalls.UNREGISTERED_NAME);
            assertThat(Syscalls.id("bounded_probe_other")).as("every new name, one id").isEqualTo(shared);
        } finally {
            Syscalls.limitDynamicNames(Syscalls.MAX_DYNAMIC_NAMES);
        }
        assertThat(Syscalls.idIfRoom("bounded_probe_after")).isNotEqualTo(Syscalls.NONE);
    }
}
