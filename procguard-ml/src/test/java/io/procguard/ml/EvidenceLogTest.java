package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bounded evidence log: what it keeps, and that asking {@link EvidenceLog#keeps} first changes nothing. */
class EvidenceLogTest {
    @Test
    void askingKeepsBeforeRenderingKeepsExactlyTheSameLines() {
        Random random = new Random(42);
        for (int run = 0; run < 200; run++) {
            EvidenceLog always = new EvidenceLog();
            EvidenceLog asked = new EvidenceLog();
            for (int i = 0; i < 60; i++) {
                int priority = 1 + random.nextInt(3);
                String line = "call" + random.nextInt(25) + "(" + priority + ")";
                boolean keeps = asked.keeps(priority);
                int before = always.lines().hashCode();
                always.add(priority, line);
                if (keeps) {
                    asked.add(priority, new StringBuilder(line));
                } else {
                    assertThat(always.lines().hashCode()).as("keeps() said no, add() changed the log").isEqualTo(before);
                }
                assertThat(asked.lines()).isEqualTo(always.lines());
            }
        }
    }

    @Test
    void aKeptLineIsCopiedSoTheRenderBufferCanBeReused() {
        EvidenceLog log = new EvidenceLog();
        StringBuilder buffer = new StringBuilder("dup2(3, 0) = 0");
        log.add(EvidenceLog.HIGH, buffer);
        buffer.setLength(0);
        buffer.append("close(3) = 0");
        log.add(EvidenceLog.LOW, buffer);
        log.add(EvidenceLog.LOW, buffer); // the same line again
        assertThat(log.lines()).containsExactly("dup2(3, 0) = 0", "close(3) = 0");
    }

    @Test
    void aFullLogReplacesTheOldestLowestLineAndRefusesWhatRanksNoHigher() {
        EvidenceLog log = new EvidenceLog();
        for (int i = 0; i < EvidenceLog.CAPACITY; i++) {
            log.add(i == 3 ? EvidenceLog.LOW : EvidenceLog.MEDIUM, "line " + i);
        }
        assertThat(log.keeps(EvidenceLog.LOW)).isFalse();
        assertThat(log.keeps(EvidenceLog.MEDIUM)).isTrue();
        log.add(EvidenceLog.HIGH, "x".repeat(EvidenceLog.MAX_LENGTH + 10));
        assertThat(log.lines()).doesNotContain("line 3").hasSize(EvidenceLog.CAPACITY)
                .last().isEqualTo("x".repeat(EvidenceLog.MAX_LENGTH - 3) + "...");
        assertThat(log.keeps(EvidenceLog.MEDIUM)).isFalse();
        assertThat(log.keeps(EvidenceLog.HIGH)).isTrue();
    }
}
