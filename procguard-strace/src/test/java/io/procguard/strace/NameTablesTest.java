package io.procguard.strace;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The preloaded name tables each parser starts from (shared until it learns a name, then its own copy). */
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

    @Test
    void anUnknownCallNameOneParserLearnsIsNotInTheNextParsersTable() throws IOException {
        // parsers share the preloaded table until they learn a name; learning must copy it, not write into it
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream("1 zzlearnedname(1) = 0\n".getBytes(StandardCharsets.ISO_8859_1)),
                "first", ParserOptions.defaults())) {
            assertThat(Syscalls.name(p.next().syscall())).isEqualTo("zzlearnedname");
        }
        // the next parser fills its quota of unknown names first: the learned one is then refused, as any new name
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < ParserOptions.DEFAULT_MAX_UNKNOWN_SYSCALL_NAMES; i++) {
            log.append("1 zzquota").append(i).append("(1) = 0\n");
        }
        log.append("1 zzlearnedname(2) = 0\n");
        List<String> problems = new ArrayList<>();
        int events = 0;
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(log.toString().getBytes(StandardCharsets.ISO_8859_1)),
                "second", ParserOptions.defaults())) {
            p.onProblem(pr -> problems.add(pr.line() + ": " + pr.message()));
            for (TraceEvent e = p.next(); e != null; e = p.next()) {
                events++;
            }
        }
        assertThat(events).isEqualTo(ParserOptions.DEFAULT_MAX_UNKNOWN_SYSCALL_NAMES);
        assertThat(problems).singleElement().asString()
                .startsWith((ParserOptions.DEFAULT_MAX_UNKNOWN_SYSCALL_NAMES + 1) + ": too many distinct unknown syscall names");
    }

    @Test
    void callNamesAreFoundWhateverTheirLengthAndOnlyWhenTheyAreWholeNames() throws IOException {
        // the fast lookup reads the name and its '(' from two words: lengths 1-16 there, longer ones the general way
        String text = String.join("\n",
                "1 brk(NULL) = 0x1000",
                "1 getdents(3, 0x1, 1) = 0",          // 8 bytes: '(' is the first byte of the second word
                "1 getdents64(3, 0x1, 1) = 0",
                "1 clock_nanosleep(0, 0, 0) = 0",    // 15
                "1 sched_getaffinity(0, 8, 0x1) = 8", // 17: past both words
                "1 rt_tgsigqueueinfo(1, 2, 3, 0x1) = 0",
                "1 frobnicate_the_widget_now(1) = 0", // unknown and long: learned by the general way
                "1 frobnicate_the_widget_now(2) = 0",
                "1 frob(1) = 0",                      // unknown and short
                "1 frob(2) = 0",
                "1 BRK(NULL) = 0",                    // not a known name: learned as written
                "1 brk (NULL) = 0",                   // a space before '(': not a call
                "1 br-k(NULL) = 0",                   // a byte no name has: not a call
                "1 (NULL) = 0",
                "");
        List<String> problems = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), "n",
                ParserOptions.defaults())) {
            p.onProblem(pr -> problems.add(pr.line() + ":" + pr.column() + " " + pr.message()));
            for (TraceEvent e = p.next(); e != null; e = p.next()) {
                names.add(Syscalls.name(e.syscall()) + "/" + e.arguments());
            }
        }
        assertThat(names).containsExactly("brk/NULL", "getdents/3, 0x1, 1", "getdents64/3, 0x1, 1", "clock_nanosleep/0, 0, 0",
                "sched_getaffinity/0, 8, 0x1", "rt_tgsigqueueinfo/1, 2, 3, 0x1", "frobnicate_the_widget_now/1",
                "frobnicate_the_widget_now/2", "frob/1", "frob/2", "BRK/NULL");
        assertThat(problems).containsExactly("12:6 expected '(' after the syscall name", "13:5 expected '(' after the syscall name",
                "14:3 expected a syscall, a signal, an exit or an strace message");
    }

    private static String errnoOf(String line) throws IOException {
        try (StraceParser p = StraceParser.of(new ByteArrayInputStream(line.getBytes(StandardCharsets.ISO_8859_1)), "x",
                ParserOptions.defaults())) {
            return p.next().errnoName();
        }
    }
}
