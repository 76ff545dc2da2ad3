package io.procguard.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an exec's path and argv, as strace escapes them, become the text of logs, status lines and JSON. */
class ExecTextTest {
    private static List<String> texts(String args) {
        return ExecText.strings(args, 10).stream().map(ExecText::text).toList();
    }

    @Test
    void utf8NamesReadAsTheyWereWritten() {
        // strace 6.1 prints bytes above 0x7e in octal: "café" is "caf\303\251"
        assertThat(texts("\"/tmp/caf\\303\\251\", [\"caf\\303\\251\", \"\\346\\227\\245\\346\\234\\254\"], 0x7ffd /* 3 vars */"))
                .containsExactly("/tmp/café", "café", "日本");
        // and in hex under -x / -xx
        assertThat(texts("\"\\x2f\\x63\\xc3\\xa9\", [\"x\"]")).containsExactly("/cé", "x");
    }

    @Test
    void everyEscapeStracePrintsIsDecoded() {
        assertThat(texts("\"a\\r\\t\\v\\f\\n\\7\\10\\\"\\\\b\", []"))
                .containsExactly("a\r\t\u000b\f\n\u0007\b\"\\b");
    }

    @Test
    void bytesThatAreNotUtf8StayVisible() {
        assertThat(texts("\"/tmp/\\377x\\303\", []")).containsExactly("/tmp/\\xffx\\xc3");
    }

    @Test
    void commIsTheKernelsFifteenBytesCutAtACharacter() {
        assertThat(ExecText.comm("/usr/bin/averyveryverylongname".getBytes(StandardCharsets.UTF_8))).isEqualTo("averyveryverylo");
        // 14 ASCII bytes and a two-byte character: 16 bytes, the character would be split, so it is left out
        assertThat(ExecText.comm("/x/abcdefghijklmné".getBytes(StandardCharsets.UTF_8))).isEqualTo("abcdefghijklmn");
        // 13 ASCII bytes and a two-byte character: exactly 15
        assertThat(ExecText.comm("/x/abcdefghijklmé".getBytes(StandardCharsets.UTF_8))).isEqualTo("abcdefghijklmé");
        assertThat(ExecText.comm("/x/日本語日本語".getBytes(StandardCharsets.UTF_8))).isEqualTo("日本語日本");
        assertThat(ExecText.comm("sh".getBytes(StandardCharsets.UTF_8))).isEqualTo("sh");
    }
}
