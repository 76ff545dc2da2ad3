package io.procguard.cli.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How watch and unwatch word a refusal: the pid said once, whether or not the daemon's reason names it. */
class ClientOptionsTest {
    @Test
    void aReasonThatNamesThePidIsShownAsItIs() {
        assertThat(ClientOptions.aboutPid(42, "pid 42: no such process")).isEqualTo("pid 42: no such process");
        assertThat(ClientOptions.aboutPid(42, "pid 42 is not watched")).isEqualTo("pid 42 is not watched");
        assertThat(ClientOptions.aboutPid(42, "strace could not attach to pid 42: Operation not permitted"))
                .isEqualTo("strace could not attach to pid 42: Operation not permitted");
    }

    @Test
    void aReasonThatDoesNotNameThePidGetsItInFront() {
        assertThat(ClientOptions.aboutPid(42, "the daemon watches 64 processes already, its limit (--max-watched)"))
                .isEqualTo("pid 42: the daemon watches 64 processes already, its limit (--max-watched)");
        assertThat(ClientOptions.aboutPid(42, "pid 421 is not watched")).as("another pid that starts with the same digits")
                .isEqualTo("pid 42: pid 421 is not watched");
        assertThat(ClientOptions.aboutPid(42, "pid 7 is a thread of process 42; watch 42")).as("named, but not as 'pid 42'")
                .isEqualTo("pid 42: pid 7 is a thread of process 42; watch 42");
    }
}
