package io.procguard.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line {@code --verbose} prints: a real shell reads it back into the same words; the lean set. */
class StraceCommandTest {
    @Test
    void theVerboseLineIsQuotedSoThatAShellReadsBackTheSameArgv() throws Exception {
        List<String> command = List.of("sh", "-c", "echo hi; exit 3", "it's", "$HOME", "a\"b", "`id`", "", "*", "~",
                "é", "two\nlines", "back\\slash", "plain-word_1.2:3,4@5%6+7=8");
        List<String> argv = StraceCommand.run(Path.of("/usr/bin/strace"), Path.of("/tmp/x/trace.log"), false, null, command);
        String line = StraceCommand.describe(argv);
        assertThat(line).contains(" -- sh -c 'echo hi; exit 3' 'it'\\''s' '$HOME' ")
                .contains(" plain-word_1.2:3,4@5%6+7=8").doesNotContain("'-f'");

        // everything after the environment prefix, as words a shell splits and unquotes
        String words = line.substring(line.indexOf("/usr/bin/strace"));
        Process p = new ProcessBuilder("sh", "-c", "printf '%s\\0' " + words).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        List<String> back = new ArrayList<>(Arrays.asList(out.split("\0", -1)));
        back.remove(back.size() - 1); // after the last NUL
        assertThat(back).isEqualTo(argv);
    }

    @Test
    void theCorpusMakesLeanTracesWithTheSyscallSetTheMonitorTraces() throws Exception {
        // the lean model is trained on corpus traces filtered by build_corpus.py's copy of the set
        Path builder = Path.of("..", "procguard-ml", "corpus", "build_corpus.py");
        assumeTrue(Files.isRegularFile(builder), "not in a source tree: no " + builder);
        List<String> sets = Files.readAllLines(builder).stream().filter(l -> l.startsWith("LEAN_TRACE_SET = \""))
                .map(l -> l.substring(l.indexOf('"') + 1, l.lastIndexOf('"'))).toList();
        assertThat(sets).containsExactly(StraceCommand.LEAN_TRACE_SET);
    }
}
