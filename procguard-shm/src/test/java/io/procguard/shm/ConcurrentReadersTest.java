package io.procguard.shm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock-free claim: a writer at full speed, readers in other processes (C built from the header,
 * and a second JVM), checksums and field invariants on every read, millions of reads.
 */
class ConcurrentReadersTest {
    private static final long C_READS = 6_000_000;
    private static final long JAVA_READS = 4_000_000;
    @TempDir(factory = ShmTempDir.class)
    Path dir;
    @TempDir // binaries: /dev/shm may be mounted noexec
    Path bin;

    @Test
    void readersInOtherProcessesNeverSeeATornSlotWhileTheWriterRunsFlatOut() throws Exception {
        Path reader = TestSupport.compile(TestSupport.cSource("torture_reader.c"), bin);
        Path table = dir.resolve("table");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong updates = new AtomicLong();
        try (StatusTable writer = StatusTable.create(table, StatusTable.Options.defaults().withSlotCount(64).withCooldown(Duration.ZERO))) {
            Thread writerThread = new Thread(() -> updates.set(TortureWriter.run(writer, stop::get)), "torture-writer");
            writerThread.start();
            List<String> cArgv = List.of(reader.toString(), table.toString(), Long.toString(C_READS), "90");
            List<String> javaArgv = TestSupport.javaArgv(TortureReaderMain.class, table.toString(), Long.toString(JAVA_READS), "90");
            Process c = new ProcessBuilder(cArgv).start();
            Process java = new ProcessBuilder(javaArgv).start();
            Map<String, String> cResult;
            Map<String, String> javaResult;
            try {
                cResult = TestSupport.keyValues(TestSupport.finish(c, cArgv, 120));
                javaResult = TestSupport.keyValues(TestSupport.finish(java, javaArgv, 120));
            } finally {
                stop.set(true);
                writerThread.join();
            }
            long cReads = Long.parseLong(cResult.get("reads"));
            long javaReads = Long.parseLong(javaResult.get("reads"));
            System.out.printf("torture: C %s, Java %s, writer updates %d%n", cResult, javaResult, updates.get());
            assertThat(cResult.get("torn")).as("torn reads in the C reader").isEqualTo("0");
            assertThat(javaResult.get("torn")).as("torn reads in the Java reader").isEqualTo("0");
            assertThat(cReads + javaReads).as("total consistent reads").isGreaterThanOrEqualTo(C_READS + JAVA_READS);
            assertThat(Long.parseLong(cResult.get("changes"))).as("C reader saw the writer's progress").isGreaterThan(1000);
            assertThat(Long.parseLong(javaResult.get("changes"))).as("Java reader saw the writer's progress").isGreaterThan(1000);
            assertThat(updates.get()).as("writer updates").isGreaterThan(100_000);
        }
    }

    @Test
    void readersReportTheTableAsGoneAfterTheWriterIsKilledWithSigkill() throws Exception {
        Path reader = TestSupport.compile(TestSupport.cSource("torture_reader.c"), bin);
        Path table = dir.resolve("table");
        Process writer = new ProcessBuilder(TestSupport.javaArgv(TortureWriterMain.class, table.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("ready");
            try (StatusTableReader r = StatusTableReader.open(table)) {
                assertThat(r.writerState()).isEqualTo(WriterState.LIVE);
                assertThat(TestSupport.run(List.of(reader.toString(), "--state", table.toString()), 30).trim()).isEqualTo("live");
                List<String> watchArgv = List.of(reader.toString(), "--until-dead", table.toString(), "60");
                Process watching = new ProcessBuilder(watchArgv).start();
                Thread.sleep(300); // the C reader is now reading a live table mid-run
                writer.destroyForcibly(); // SIGKILL
                writer.waitFor();
                Map<String, String> result = TestSupport.keyValues(TestSupport.finish(watching, watchArgv, 60));
                assertThat(result.get("state")).isEqualTo("gone");
                assertThat(result.get("torn")).isEqualTo("0");
                assertThat(Long.parseLong(result.get("reads"))).isPositive();

                assertThat(r.writerState()).isEqualTo(WriterState.GONE);
                assertThat(r.live()).isFalse();
                assertThat(TestSupport.run(List.of(reader.toString(), "--state", table.toString()), 30).trim()).isEqualTo("gone");
                assertThat(r.snapshot()).as("the dead writer's last words stay readable").hasSizeGreaterThanOrEqualTo(TortureWriter.ACTIVE - 1);
            }
        } finally {
            writer.destroyForcibly();
        }
    }
}
