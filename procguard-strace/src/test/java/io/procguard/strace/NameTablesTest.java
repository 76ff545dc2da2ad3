package io.procguard.strace;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The preloaded name tables each parser copies. */
class NameTablesTest {

    @Test
    void namesOneParserLearnsStayInThatParser() throws IOException {
        byte[] log = "1 frobnicate(1) = -1 EWEIRD (odd)\n".getBytes(StandardCharsets.ISO_8859_1);
        String[] learned = new String[2];
        for (int k = 0; k < 2; k++) {
            try (StraceParser p = StraceParser.of(new ByteArrayInputStream(log), "p" + k, ParserOptions.defaults())) {
                TraceEvent e = p.next();
                assertThat(e.syscall()).isEqualTo(Syscalls.id("frobnicate"));
                learned[k] = e.errnoName();
            }
        }
        assertThat(learned[1]).isEqualTo("EWEIRD");
        // each parser caches the unknown name in its own copy of the preloaded table: a different String
        assertThat(learned[1]).isNotSameAs(learned[0]);
        // while known names are the shared canonical Strings
        assertThat(errnoOf("1 open(\"x\") = -1 ENOENT (No such file)\n")).isSameAs(errnoOf("2 stat(\"y\") = -1 ENOENT (No)\n"));
    }

    private static String errnoOf(String line) throws IOException {
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(line.getBytes(StandardCharsets.ISO_8859_1)), "x",
                ParserOptions.defaults())) {
            return p.next().errnoName();
        }
    }
}
