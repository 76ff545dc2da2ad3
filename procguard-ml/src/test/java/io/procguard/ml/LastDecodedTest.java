package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.strace.Arguments;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LastDecoded} answers what its decoder answers, and decodes again only for other text. */
class LastDecodedTest {
    @Test
    void theSameTextIsDecodedOnceAndOtherTextOfTheSameLengthAgain() {
        List<String> decoded = new ArrayList<>();
        LastDecoded last = recording(decoded, Arguments::fdPath);
        StringBuilder reused = new StringBuilder("AT_FDCWD</tmp/a>");
        assertThat(last.decode(reused)).isEqualTo("/tmp/a");
        reused.setLength(0);
        reused.append("AT_FDCWD</tmp/b>"); // the caller's buffer moved on: same length, other text
        assertThat(last.decode(reused)).isEqualTo("/tmp/b");
        assertThat(last.decode("AT_FDCWD</tmp/b>")).isEqualTo("/tmp/b");
        assertThat(last.decode("AT_FDCWD")).isNull();
        assertThat(last.decode("AT_FDCWD")).isNull(); // a null result is remembered too
        assertThat(decoded).containsExactly("AT_FDCWD</tmp/a>", "AT_FDCWD</tmp/b>", "AT_FDCWD");
    }

    @Test
    void textTooLongToKeepIsDecodedEveryTime() {
        int[] calls = {0};
        LastDecoded last = new LastDecoded(text -> {
            calls[0]++;
            return Arguments.socketAddress(text);
        });
        String path = "/run/" + "s".repeat(LastDecoded.MAX_TEXT);
        String sockaddr = "{sa_family=AF_UNIX, sun_path=\"" + path + "\"}";
        assertThat(last.decode(sockaddr)).isEqualTo(path);
        assertThat(last.decode(sockaddr)).isEqualTo(path);
        assertThat(calls[0]).isEqualTo(2);
        assertThat(last.decode("{sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"10.0.0.1\")}")).isEqualTo("10.0.0.1:53");
    }

    @Test
    void twoTextsTakenInTurnAreEachDecodedOnce() {
        List<String> decoded = new ArrayList<>();
        LastDecoded last = recording(decoded, Arguments::socketAddress);
        String inet = "{sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"10.0.0.1\")}";
        String unix = "{sa_family=AF_UNIX, sun_path=\"/run/nscd/socket\"}";
        for (int i = 0; i < 5; i++) {
            assertThat(last.decode(inet)).isEqualTo("10.0.0.1:53");
            assertThat(last.decode(unix)).isEqualTo("/run/nscd/socket");
        }
        assertThat(decoded).containsExactly(inet, unix);
        String third = "{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr(\"10.0.0.2\")}";
        assertThat(last.decode(third)).isEqualTo("10.0.0.2:80"); // pushes out the older of the two, inet
        assertThat(last.decode(unix)).isEqualTo("/run/nscd/socket");
        assertThat(last.decode(inet)).isEqualTo("10.0.0.1:53");
        assertThat(decoded).containsExactly(inet, unix, third, inet);
    }

    /** @return a LastDecoded whose decoder also notes every text it is run on in {@code decoded} */
    private static LastDecoded recording(List<String> decoded, java.util.function.Function<CharSequence, String> decoder) {
        return new LastDecoded(text -> {
            decoded.add(text.toString());
            return decoder.apply(text);
        });
    }
}
