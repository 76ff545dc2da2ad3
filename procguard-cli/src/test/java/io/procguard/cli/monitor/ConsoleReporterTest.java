package io.procguard.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleReporterTest {
    @Test
    void aStatusLineNamesIndicatorsInWordsAndLeavesTheMeaningsToTheLogs() {
        String line = ConsoleReporter.brief(List.of(
                "ind.reverse_shell=1 (+0.95): indicator, severity 3: a TCP/UDP socket on fd 0/1/2 (dup2 or -yy), a shell exec'd "
                        + "after an inet connect, or an interactive shell (-i, no -c) reading its commands from a pipe",
                "seq.bigram.11=0.0339 (+0.09): call order: share of a thread's consecutive call pairs (previous->current) "
                        + "hashed to bucket 11; common pairs there: write->read, fstat->write",
                "score 1.000 reaches the malicious threshold 0.993, but no indicator of severity 2 or more fired: SUSPICIOUS"));

        assertThat(line).isEqualTo("reverse shell (ind.reverse_shell +0.95); seq.bigram.11=0.0339 (+0.09); "
                + "score 1.000 reaches the malicious threshold 0.993, but no indicator of severity 2 or more fired: SUSPICIOUS");
    }

    @Test
    void aCustomClassifiersReasonsAreKeptAndOnlyShortened() {
        String longReason = "rule 7: " + "x".repeat(500);
        String line = ConsoleReporter.brief(List.of("inet connect to 127.0.0.1:4444", longReason));

        assertThat(line).startsWith("inet connect to 127.0.0.1:4444; rule 7: xxx").endsWith("...");
        assertThat(line).hasSize("inet connect to 127.0.0.1:4444; ".length() + ConsoleReporter.MAX_REASON);
    }
}
