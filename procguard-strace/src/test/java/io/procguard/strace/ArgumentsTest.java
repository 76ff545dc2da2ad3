package io.procguard.strace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Lines below were copied from strace 6.1 runs ({@code -f -ttt -T -yy -s 256}, plain, {@code -x}, {@code -xx}). */
class ArgumentsTest {
    private static String nth(String args, int i) {
        return Arguments.nth(args, i).toString();
    }

    @Test
    void countsTopLevelArgumentsAcrossDecorationsStringsAndStructs() {
        assertThat(Arguments.count("")).isZero();
        assertThat(Arguments.count("   ")).isZero();
        assertThat(Arguments.count("NULL")).isEqualTo(1);
        assertThat(Arguments.count("AT_FDCWD</tmp/mlj>, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC")).isEqualTo(3);
        assertThat(Arguments.count("3<TCP:[13723]>, {sa_family=AF_INET, sin_port=htons(4444), "
                + "sin_addr=inet_addr(\"127.0.0.1\")}, 16")).isEqualTo(3);
        assertThat(Arguments.count("\"/bin/sh\", [\"sh\", \"-c\", \"echo hi; cat /etc/hostname\"], 0x7ffe926060e8 /* 39 vars */"))
                .isEqualTo(3);
        assertThat(Arguments.count("3</tmp/mlj/w/a\\76b,c>, \"\", 0")).isEqualTo(3);
    }

    @Test
    void decorationsMayHoldArrowsCommasAndNestedDevices() {
        String dup2 = "3<TCP:[127.0.0.1:32844->127.0.0.1:4444]>, 0</dev/null<char 1:3>>";
        assertThat(Arguments.count(dup2)).isEqualTo(2);
        assertThat(nth(dup2, 0)).isEqualTo("3<TCP:[127.0.0.1:32844->127.0.0.1:4444]>");
        assertThat(nth(dup2, 1)).isEqualTo("0</dev/null<char 1:3>>");
        String unix = "7<UNIX-STREAM:[15103,\"/tmp/mlj/u.sock\"]>, 128";
        assertThat(nth(unix, 1)).isEqualTo("128");
    }

    @Test
    void nthArgumentIsTrimmedAndAbsentBeyondTheLast() {
        String args = "3</etc/ld.so.cache>, \"\\177ELF\\2\\1\"..., 832";
        assertThat(nth(args, 0)).isEqualTo("3</etc/ld.so.cache>");
        assertThat(nth(args, 1)).isEqualTo("\"\\177ELF\\2\\1\"...");
        assertThat(nth(args, 2)).isEqualTo("832");
        assertThat(Arguments.span(args, 3)).isEqualTo(Arguments.NO_SPAN);
        assertThat(Arguments.span(args, -1)).isEqualTo(Arguments.NO_SPAN);
        assertThat(Arguments.span("", 0)).isEqualTo(Arguments.NO_SPAN);
    }

    @Test
    void commentsAndCommasInsideStringsDoNotSplit() {
        String args = "\"a, b\\\", c\", [/* 3 vars */], 0x1 /* a, b */";
        assertThat(Arguments.count(args)).isEqualTo(3);
        assertThat(nth(args, 2)).isEqualTo("0x1 /* a, b */");
    }

    @Test
    void decodesCStringsInEveryEscapeForm() {
        // the same bytes "hi\nA\1\"q" as printed by default, by -x and by -xx
        assertThat(Arguments.decodeString("\"hi\\nA\\1\\\"q\"")).isEqualTo("hi\nA\u0001\"q");
        assertThat(Arguments.decodeString("\"\\x68\\x69\\x0a\\x41\\x01\\x22\\x71\"")).isEqualTo("hi\nA\u0001\"q");
        assertThat(Arguments.decodeString("\"\\177ELF\\2\\1\\1\\3\\0\"...")).isEqualTo("\u007fELF\u0002\u0001\u0001\u0003\u0000");
        assertThat(Arguments.decodeString("\"tab\\there\\r\\v\\f\"")).isEqualTo("tab\there\r\u000b\f");
        assertThat(Arguments.decodeString("NULL")).isNull();
        assertThat(Arguments.decodeString("\"unterminated\\")).isEqualTo("unterminated\\");
    }

    @Test
    void recognisesTheTruncationMarker() {
        assertThat(Arguments.isTruncated("\"\\177ELF\\2\"...")).isTrue();
        assertThat(Arguments.isTruncated("\"complete\"")).isFalse();
        assertThat(Arguments.isTruncated("...")).isFalse();
    }

    @Test
    void parsesDecimalHexOctalAndNegativeIntegers() {
        assertThat(Arguments.parseLong("832")).isEqualTo(832);
        assertThat(Arguments.parseLong("-1")).isEqualTo(-1);
        assertThat(Arguments.parseLong("0x7ffe926060e8")).isEqualTo(0x7ffe926060e8L);
        assertThat(Arguments.parseLong("0644")).isEqualTo(0644);
        assertThat(Arguments.parseLong("0")).isZero();
        assertThat(Arguments.parseLong("3</etc/passwd>")).isEqualTo(3);
        assertThat(Arguments.parseLong("NULL")).isEqualTo(Arguments.NOT_A_NUMBER);
        assertThat(Arguments.parseLong("")).isEqualTo(Arguments.NOT_A_NUMBER);
        assertThat(Arguments.parseLong("99999999999999999999999")).isEqualTo(Arguments.NOT_A_NUMBER);
    }

    @Test
    void readsFdNumbersAndDecorations() {
        assertThat(Arguments.fd("3</etc/passwd>")).isEqualTo(3);
        assertThat(Arguments.fd("12")).isEqualTo(12);
        assertThat(Arguments.fd("AT_FDCWD</tmp/mlj>")).isEqualTo(-1);
        assertThat(Arguments.fd("-1")).isEqualTo(-1);
        assertThat(Arguments.fdDecoration("3<TCP:[127.0.0.1:40000->127.0.0.1:4444]>").toString())
                .isEqualTo("TCP:[127.0.0.1:40000->127.0.0.1:4444]");
        assertThat(Arguments.fdDecoration("3<socket:[1234]>").toString()).isEqualTo("socket:[1234]");
        assertThat(Arguments.fdDecoration("3").toString()).isEmpty();
        assertThat(Arguments.fdPath("3</etc/passwd>")).isEqualTo("/etc/passwd");
        assertThat(Arguments.fdPath("3</tmp/mlj/w/a-\\76b>")).isEqualTo("/tmp/mlj/w/a->b");
        assertThat(Arguments.fdPath("0</dev/null<char 1:3>>")).isEqualTo("/dev/null");
        assertThat(Arguments.fdPath("3<TCP:[13723]>")).isNull();
    }

    @Test
    void readsSocketEndpointsFromDecorations() {
        assertThat(Arguments.socketEndpoint("TCP:[127.0.0.1:32844->127.0.0.1:4444]")).isEqualTo("127.0.0.1:4444");
        assertThat(Arguments.socketEndpoint("TCP:[0.0.0.0:51801]")).isEqualTo("0.0.0.0:51801");
        assertThat(Arguments.socketEndpoint("TCP:[13723]")).isNull();
        assertThat(Arguments.socketEndpoint("socket:[1234]")).isNull();
        assertThat(Arguments.socketEndpoint("UNIX-STREAM:[15103,\"/tmp/mlj/u.sock\"]")).isEqualTo("/tmp/mlj/u.sock");
        assertThat(Arguments.socketEndpoint("UNIX-STREAM:[15100,@\"abs\"]")).isEqualTo("@abs");
        assertThat(Arguments.socketEndpoint("pipe:[15102]")).isNull();
        assertThat(Arguments.socketEndpoint("/etc/passwd")).isNull();
        assertThat(Arguments.isSocketDecoration("TCPv6:[14382]")).isTrue();
        assertThat(Arguments.isSocketDecoration("anon_inode:[eventfd]")).isFalse();
    }

    @Test
    void readsSocketAddressesOfEveryFamily() {
        assertThat(Arguments.socketAddress(
                "{sa_family=AF_INET, sin_port=htons(4444), sin_addr=inet_addr(\"127.0.0.1\")}")).isEqualTo("127.0.0.1:4444");
        assertThat(Arguments.socketAddress("{sa_family=AF_INET6, sin6_port=htons(8080), sin6_flowinfo=htonl(0), "
                + "inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}")).isEqualTo("[::1]:8080");
        assertThat(Arguments.socketAddress("{sa_family=AF_UNIX, sun_path=\"/tmp/nosuch.sock\"}")).isEqualTo("/tmp/nosuch.sock");
        assertThat(Arguments.socketAddress("{sa_family=AF_UNIX, sun_path=@\"abstr\"}")).isEqualTo("@abstr");
        assertThat(Arguments.socketAddress("{sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}")).isEqualTo("AF_NETLINK");
        assertThat(Arguments.socketAddress("0x7ffd0e89c840")).isNull();
        String connect = "3<TCP:[13723]>, {sa_family=AF_INET, sin_port=htons(4444), sin_addr=inet_addr(\"127.0.0.1\")}, 16";
        assertThat(Arguments.socketAddress(Arguments.nth(connect, 1))).isEqualTo("127.0.0.1:4444");
    }

    @Test
    void findsStructFields() {
        String s = "{flags=CLONE_VM|CLONE_THREAD, child_tid=0x7fb48f1ff990, exit_signal=0}";
        long span = Arguments.field(s, "exit_signal");
        assertThat(s.substring(Arguments.start(span), Arguments.end(span))).isEqualTo("0");
        assertThat(Arguments.field(s, "stack")).isEqualTo(Arguments.NO_SPAN);
        String clone = "child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7fb48f200a10";
        long flags = Arguments.field(clone, "flags");
        assertThat(clone.substring(Arguments.start(flags), Arguments.end(flags))).isEqualTo("CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD");
    }

    @Test
    void decodesExecveArgvInEveryForm() {
        String exec = "\"/bin/sh\", [\"sh\", \"-c\", \"echo hi; cat /etc/hostname\"], 0x7ffe926060e8 /* 39 vars */";
        assertThat(Arguments.decodeString(Arguments.nth(exec, 0))).isEqualTo("/bin/sh");
        assertThat(Arguments.stringArray(Arguments.nth(exec, 1), 64)).containsExactly("sh", "-c", "echo hi; cat /etc/hostname");
        assertThat(Arguments.stringArray("[\"/bin\"..., \"1\", \"2\", \"3\", ...]", 64)).containsExactly("/bin", "1", "2", "3", "...");
        assertThat(Arguments.stringArray("[\"/bin/ech\"..., \"c\\\"d\"]", 64)).containsExactly("/bin/ech", "c\"d");
        assertThat(Arguments.stringArray("[/* 3 vars */]", 64)).isEmpty();
        assertThat(Arguments.stringArray("0x7ffd0e89c840", 64)).isEmpty();
        assertThat(Arguments.stringArray("[]", 64)).isEmpty();
        assertThat(Arguments.stringArray("[\"a\", \"b\", \"c\"]", 2)).containsExactly("a", "b");
    }

    @Test
    void testsSymbolicFlagsAsWholeWords() {
        assertThat(Arguments.hasFlag("O_WRONLY|O_CREAT|O_TRUNC", "O_CREAT")).isTrue();
        assertThat(Arguments.hasFlag("O_RDONLY|O_CLOEXEC", "O_CREAT")).isFalse();
        assertThat(Arguments.hasFlag("PROT_READ|PROT_WRITE|PROT_EXEC", "PROT_EXEC")).isTrue();
        assertThat(Arguments.hasFlag("PROT_READ", "PROT_EXEC")).isFalse();
        assertThat(Arguments.hasFlag("O_WRONLY|O_CREATX", "O_CREAT")).isFalse();
        assertThat(Arguments.hasFlag("\"O_CREAT\", O_RDONLY", "O_CREAT")).isFalse();
        assertThat(Arguments.hasFlag("{flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM, "
                + "child_tid=0x7fb48f1ff990}", "CLONE_THREAD")).isTrue();
    }

    @Test
    void neverThrowsOnHostileOrCutText() {
        Random random = new Random(42);
        String alphabet = "\"\\<>[]{}(),-/*.x0123456789 aAO_|=@";
        String[] probes = {"<", ">", "\"", "[", "{", "/*", "3<", "\\", "<<<>", "-><", "\"\\x", "\"\\7"};
        for (String p : probes) {
            exerciseAll(p);
        }
        for (int round = 0; round < 20_000; round++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(40);
            for (int k = 0; k < len; k++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            exerciseAll(sb.toString());
        }
    }

    @Test
    void aParserSpanAnswersLikeTheSameTextAsAStringAndForgetsWhenItMoves() {
        String[] lines = {
            "AT_FDCWD</tmp/mlj/w>, \"lib/a.so\", O_RDONLY|O_CLOEXEC",
            "AT_FDCWD</tmp/mlj/w>, \"/etc/shadow\", O_WRONLY|O_CREAT|O_TRUNC, 0600",
            "3<TCP:[127.0.0.1:32844->127.0.0.1:4444]>, 0</dev/null<char 1:3>>",
            "\"O_CREAT\", O_RDONLY",
            "0x7f, 4096, PROT_READ|PROT_WRITE|PROT_EXEC, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0",
            "{flags=A|B|C|D|E|F|G|H|I|CLONE_THREAD, exit_signal=0}, 88", // more words than a span remembers
            "a, b, c, d, e, f, g, h, i, j, O_TRUNC", // more arguments than a span remembers
            "",
            "  ,  ,",
        };
        String[] flags = {"O_CREAT", "O_TRUNC", "O_RDONLY", "PROT_EXEC", "MAP_ANONYMOUS", "CLONE_THREAD", "A", "I", "AT_FDCWD"};
        Random random = new Random(7);
        String alphabet = "ab_O|,\"<>[]{}()\\/* -";
        ByteSpan span = new ByteSpan();
        for (int round = 0; round < 3000; round++) {
            String text;
            if (round < lines.length) {
                text = lines[round];
            } else {
                StringBuilder sb = new StringBuilder();
                for (int k = random.nextInt(30); k > 0; k--) {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                text = sb.toString();
            }
            byte[] bytes = ("xx" + text + "yy").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            span.set(bytes, 2, bytes.length - 2); // reused, as the parser reuses its cursor
            for (int k = ByteSpan.REMEMBERED_ARGUMENTS + 3; k >= -1; k--) { // out of order, as feature code asks
                assertThat(Arguments.span(span, k)).as("span %d of [%s]", k, text).isEqualTo(Arguments.span(text, k));
                CharSequence view = Arguments.nth(span, k);
                assertThat(view.toString()).as("nth %d of [%s]", k, text).isEqualTo(nth(text, k));
                for (String flag : flags) {
                    assertThat(Arguments.hasFlag(view, flag)).as("%s in argument %d of [%s]", flag, k, text)
                            .isEqualTo(Arguments.hasFlag(nth(text, k), flag));
                }
                if (k >= 0 && k < ByteSpan.REMEMBERED_ARGUMENTS && view.length() > 0) {
                    assertThat(Arguments.nth(span, k)).as("asked again").isSameAs(view);
                }
            }
            for (String flag : flags) {
                assertThat(Arguments.hasFlag(span, flag)).as("%s in [%s]", flag, text).isEqualTo(Arguments.hasFlag(text, flag));
            }
            assertThat(Arguments.decodeString(Arguments.nth(span, 1))).isEqualTo(Arguments.decodeString(nth(text, 1)));
            assertThat(Arguments.fdPath(Arguments.nth(span, 0))).isEqualTo(Arguments.fdPath(nth(text, 0)));
        }
    }

    @Test
    void stringsAndPathsWithoutEscapesComeBackAsTheyAreAndWithEscapesDecoded() {
        assertThat(Arguments.decodeString("\"/usr/lib/x86_64-linux-gnu/libc.so.6\"")).isEqualTo("/usr/lib/x86_64-linux-gnu/libc.so.6");
        assertThat(Arguments.decodeString("\"/tmp/a\\\"b\\nc\"...")).isEqualTo("/tmp/a\"b\nc");
        assertThat(Arguments.decodeString("\"unterminated")).isEqualTo("unterminated");
        assertThat(Arguments.decodeString("\"trailing backslash\\")).isEqualTo("trailing backslash\\");
        assertThat(Arguments.fdPath("3</etc/ld.so.cache>")).isEqualTo("/etc/ld.so.cache");
        assertThat(Arguments.fdPath("0</dev/null<char 1:3>>")).isEqualTo("/dev/null");
        assertThat(Arguments.fdPath("3</tmp/a\\76b>")).isEqualTo("/tmp/a>b");
    }

    private static void exerciseAll(String s) {
        int count = Arguments.count(s);
        for (int k = 0; k <= count; k++) {
            long span = Arguments.span(s, k);
            if (span != Arguments.NO_SPAN) {
                assertThat(Arguments.start(span)).isBetween(0, s.length());
                assertThat(Arguments.end(span)).isBetween(Arguments.start(span), s.length());
            }
        }
        Arguments.decodeString(s);
        Arguments.parseLong(s);
        Arguments.fd(s);
        Arguments.fdPath(s);
        Arguments.socketEndpoint(Arguments.fdDecoration(s));
        Arguments.socketAddress(s);
        Arguments.stringArray(s, 8);
        Arguments.hasFlag(s, "O_CREAT");
        Arguments.field(s, "a");
        List<String> unused = Arguments.stringArray("[" + s + "]", 4);
        assertThat(unused).isNotNull();
    }

    @Test
    void aParsersSpanFindsTheSameArgumentsFromItsBytesAsTheCharacterScanner() {
        // the byte scanner behind a parser's span must keep the character scanner's string, decoration,
        // comment and nesting rules, also on hostile text (unterminated, unbalanced, high bytes)
        String alphabet = "ab ,,\"\\<>-{}[]()/*\u00e9\u00ff0";
        Random random = new Random(7);
        ByteSpan span = new ByteSpan();
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String plain = text.toString();
            byte[] bytes = ("xx" + plain + "yy").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            span.set(bytes, 2, bytes.length - 2); // not at the array's start: offsets must be relative
            int[] order = random.nextBoolean() ? new int[] {0, 1, 2, 3, 4, 5, 6, 7} : new int[] {2, 0, 7, 1, 5, 3, 6, 4};
            for (int k : order) {
                assertThat(Arguments.span(span, k)).as("argument %d of [%s]", k, plain).isEqualTo(Arguments.span(plain, k));
                assertThat(Arguments.nth(span, k).toString()).isEqualTo(Arguments.nth(plain, k).toString());
            }
        }
    }

    @Test
    void aParsersSpanAgreesWithTheCharacterScannerAcrossLongPlainRunsInStringsAndDecorations() {
        // the byte scanner steps over eight plain bytes at a time inside strings and decorations: a quote,
        // backslash, '<' or '>' at any place of a word, at the span's edges, after high bytes, must still count
        String[] pieces = {"\"", "\\", "<", ">", "->", ",", "/*", "*/", "{", "}", "\u00e9", "\u00ff", "\u0080", "\u0001", " "};
        Random random = new Random(11);
        ByteSpan span = new ByteSpan();
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int p = random.nextInt(12); p > 0; p--) {
                text.append("abcdefghijklmnopqrstuvwxyz", 0, random.nextInt(20));
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String plain = text.toString();
            byte[] bytes = ("x\"<" + plain + "\">,yy").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            int from = 1 + random.nextInt(3); // the span may start inside a string or a decoration of the array
            span.set(bytes, from, from + plain.length());
            String same = new String(bytes, from, plain.length(), java.nio.charset.StandardCharsets.ISO_8859_1);
            for (int k = 0; k < 8; k++) {
                assertThat(Arguments.span(span, k)).as("argument %d of [%s]", k, same).isEqualTo(Arguments.span(same, k));
            }
        }
        ByteSpan path = new ByteSpan();
        byte[] line = "AT_FDCWD</tmp/procguard-corpus-uhih___9/work>, \"/usr/lib/locale/locale-archive\", O_RDONLY|O_CLOEXEC"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        path.set(line, 0, line.length);
        assertThat(Arguments.nth(path, 0).toString()).isEqualTo("AT_FDCWD</tmp/procguard-corpus-uhih___9/work>");
        assertThat(Arguments.nth(path, 1).toString()).isEqualTo("\"/usr/lib/locale/locale-archive\"");
        assertThat(Arguments.nth(path, 2).toString()).isEqualTo("O_RDONLY|O_CLOEXEC");
    }

    @Test
    void copiedBytesAreTheTextsCharactersFromASpanOrAStringAndNothingAboveLatin1() {
        String alphabet = "ab\"\\<>,\u0000\u0080\u00e9\u00ff ";
        Random random = new Random(13);
        ByteSpan span = new ByteSpan();
        byte[] into = new byte[64];
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(70); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String plain = text.toString();
            byte[] bytes = ("xx" + plain + "yy").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            span.set(bytes, 2, bytes.length - 2);
            int at = random.nextInt(8);
            boolean fits = plain.length() <= into.length - at;
            for (CharSequence source : new CharSequence[] {span, plain}) {
                java.util.Arrays.fill(into, (byte) '#');
                assertThat(Arguments.copyBytes(source, into, at)).as(plain).isEqualTo(fits ? plain.length() : -1);
                if (fits) {
                    assertThat(new String(into, at, plain.length(), java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo(plain);
                    assertThat(at + plain.length() == into.length || into[at + plain.length()] == '#').as("nothing after it").isTrue();
                }
            }
        }
        assertThat(Arguments.copyBytes("a\u0100b", into, 0)).as("a character above 0xFF").isEqualTo(-1);
        assertThat(Arguments.copyBytes("ab", into, -1)).isEqualTo(-1);
        assertThat(Arguments.copyBytes("", into, into.length)).isZero();
    }

    @Test
    void containsFindsACharacterAnywhereInASpanAsInTheSameString() {
        // eight bytes at a time: the character at every place of a word, at the span's edges, after high bytes,
        // next to its neighbours W and Y (a borrow must not invent it), long runs without it
        String[] pieces = {"X", "W", "Y", "\u00d8", "\u0058", "\u00ff", "\u0080", "\u0000", "\"", "<", " "};
        Random random = new Random(17);
        ByteSpan span = new ByteSpan();
        int found = 0;
        for (int round = 0; round < 30_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int p = random.nextInt(6); p > 0; p--) {
                text.append("abcdefghijklmnopqrstuvwxyz", 0, random.nextInt(26));
                if (random.nextInt(3) == 0) {
                    text.append(pieces[random.nextInt(pieces.length)]);
                }
            }
            String plain = text.toString();
            byte[] bytes = ("X" + plain + "X").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1); // X just outside
            span.set(bytes, 1, bytes.length - 1);
            for (char c : new char[] {'X', '\u00d8', '\u0000', 'W'}) {
                boolean expected = plain.indexOf(c) >= 0;
                found += expected ? 1 : 0;
                assertThat(Arguments.contains(span, c)).as("%s in [%s]", c, plain).isEqualTo(expected);
                assertThat(Arguments.contains(plain, c)).isEqualTo(expected);
            }
        }
        assertThat(found).isGreaterThan(10_000);
        assertThat(Arguments.contains("a\u0100", '\u0100')).isTrue();
        assertThat(Arguments.contains(span, '\u0100')).isFalse();
    }
}
