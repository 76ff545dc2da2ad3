package io.procguard.cli.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refused connections in the daemon log: once per uid and burst, then one count, on a real daemon.log. */
class RefusalsTest {
    private static final PeerCredentials ALICE = new PeerCredentials(200, 1000, 1000);
    private static final PeerCredentials BOB = new PeerCredentials(300, 1001, 1001);

    @TempDir
    Path dir;

    @Test
    void aFloodIsOneLineThenItsCountAndANewBurstIsLoggedAgain() throws Exception {
        StringWriter err = new StringWriter();
        try (DaemonLog log = DaemonLog.open(dir, new PrintWriter(err), true)) {
            Refusals refusals = new Refusals(log);
            long t0 = 1_000_000_000L;
            for (int i = 0; i < 50; i++) {
                refusals.refused(ALICE, "too many", t0 + TimeUnit.MILLISECONDS.toNanos(40L * i)); // 2 s of refusals
            }
            refusals.refused(BOB, "too many", t0);
            refusals.expire(t0 + TimeUnit.SECONDS.toNanos(5), false);
            assertThat(lines()).as("the first of each uid").hasSize(2);

            refusals.expire(t0 + TimeUnit.SECONDS.toNanos(12), false);
            List<String> lines = lines();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(2)).contains("\"event\":\"refused\"").contains("\"peer_uid\":1000").contains("\"count\":50")
                    .contains("\"seconds\":2");

            refusals.refused(ALICE, "too many", t0 + TimeUnit.SECONDS.toNanos(13));
            assertThat(lines()).as("a new burst").hasSize(4);
            refusals.expire(t0 + TimeUnit.SECONDS.toNanos(14), true);
            assertThat(lines()).as("one refusal needs no count").hasSize(4);
        }
        assertThat(err.toString().lines()).hasSize(4).allMatch(l -> l.startsWith("procguard: refused "));
    }

    private List<String> lines() throws Exception {
        return Files.readAllLines(dir.resolve("daemon.log"));
    }
}
