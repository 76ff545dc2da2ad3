package io.procguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrnosAndSignalsTest {
    @Test
    void errnoNamesRoundTripIncludingRestartCodes() {
        assertThat(Errnos.number("ENOENT")).isEqualTo(2);
        assertThat(Errnos.name(13)).isEqualTo("EACCES");
        assertThat(Errnos.name(11)).isEqualTo("EAGAIN");
        assertThat(Errnos.number("ERESTART_RESTARTBLOCK")).isEqualTo(516);
        assertThat(Errnos.isRestart(Errnos.number("ERESTARTSYS"))).isTrue();
        assertThat(Errnos.number("ENOSUCHTHING")).isZero();
    }

    @Test
    void signalNamesRoundTrip() {
        assertThat(Signals.number("SIGKILL")).isEqualTo(9);
        assertThat(Signals.name(11)).isEqualTo("SIGSEGV");
        assertThat(Signals.number("SIGRTMIN+2")).isEqualTo(34);
        assertThat(Signals.name(34)).isEqualTo("SIGRTMIN+2");
        assertThat(Signals.number("SIGBOGUS")).isZero();
    }

    @Test
    void immutableEventCopiesAnyEvent() {
        ImmutableTraceEvent e = ImmutableTraceEvent.syscall(42, Syscalls.OPENAT, "AT_FDCWD, \"/etc/shadow\", O_RDONLY", -1, "EACCES");
        assertThat(e.errno()).isEqualTo(13);
        assertThat(e.syscallName()).isEqualTo("openat");
        assertThat(ImmutableTraceEvent.copyOf(e)).isSameAs(e);
    }
}
