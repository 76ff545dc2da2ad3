package io.procguard.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The trace file channel with real writer processes appending to it, as strace does. */
@Timeout(120)
class TraceFileTest {
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    /** Starts {@code sh -c script} with its stdout appended to the trace file. */
    private static Process writer(TraceFile file, String script) throws IOException {
        return new ProcessBuilder(List.of("sh", "-c", script)).redirectOutput(Redirect.appendTo(file.path().toFile()))
                .redirectError(Redirect.INHERIT).start();
    }

    /** The trace file through the monitor's descriptor (its name is gone once the writer has written). */
    private static Path procPathOf(TraceFile file) {
        return Path.of("/proc/" + ProcessHandle.current().pid() + "/fd/" + file.openPath().getFileName());
    }

    /** st_blocks * 512 of the file (following a /proc fd link): what it really occupies. */
    private static long allocatedBytes(Path file) throws Exception {
        Process stat = new ProcessBuilder(List.of("stat", "-L", "-c", "%b %B", file.toString())).start();
        String[] out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split(" ");
        assertThat(stat.waitFor()).isZero();
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }

    /** The state letter of /proc/PID/stat ({@code T} when stopped). */
    private static char state(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    @Test
    void followsTheFileWhileTheWriterPausesAndDrainsTheTailAfterItExits() throws Exception {
        try (TraceFile file = TraceFile.create(TraceFile.DEFAULT_MAX_LAG_BYTES, warnings::add)) {
            // bursts with pauses in between: the reader reaches end of file many times before the end
            Process w = writer(file, "i=0; while [ $i -lt 40 ]; do j=0; while [ $j -lt 50 ]; do echo \"line $i.$j\"; "
                    + "j=$((j+1)); done; sleep 0.02; i=$((i+1)); done; printf 'last line, no newline'");
            List<String> lines;
            try (InputStream in = file.openReader(w);
                    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
                lines = r.lines().toList();
            }
            assertThat(w.exitValue()).isZero();
            assertThat(lines).hasSize(40 * 50 + 1);
            assertThat(lines.get(0)).isEqualTo("line 0.0");
            assertThat(lines.get(40 * 50 - 1)).isEqualTo("line 39.49");
            assertThat(lines.get(40 * 50)).isEqualTo("last line, no newline");
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void aWriterOfOneLineAtATimeIsReadInBatchesNotLineByLine() throws Exception {
        int lines = 2000;
        try (TraceFile file = TraceFile.create(TraceFile.DEFAULT_MAX_LAG_BYTES, warnings::add)) {
            // one short line, then a short busy pause (well under a millisecond here), as strace writes on a
            // syscall-heavy program: a reader without batching reads again after each 1 ms nap at end of
            // file, about five times as often as one that waits 5 ms after each short read
            Process w = writer(file, "i=0; while [ $i -lt " + lines + " ]; do echo \"line $i\"; j=0; "
                    + "while [ $j -lt 100 ]; do j=$((j+1)); done; i=$((i+1)); done");
            long start = System.nanoTime();
            int reads = 0;
            long bytes = 0;
            try (InputStream in = file.openReader(w)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
                    reads++;
                    bytes += n;
                }
            }
            long elapsedNanos = System.nanoTime() - start;
            assertThat(w.exitValue()).isZero();
            long expected = 0;
            for (int i = 0; i < lines; i++) {
                expected += ("line " + i + "\n").length();
            }
            assertThat(bytes).isEqualTo(expected);
            // a read after a short one waits BATCH_NAP first; only a read after a full one (SHORT_READ bytes or
            // more) does not, and the first; the slack covers the end
            long bound = elapsedNanos / FollowingTraceStream.BATCH_NAP_NANOS + bytes / BatchingInputStream.SHORT_READ + 5;
            assertThat(reads).as("reads in %d ms", elapsedNanos / 1_000_000).isLessThanOrEqualTo((int) bound);
            // the test tells only if the writer kept ahead of a reader napping 1 ms: more than a line per ms or so
            assumeTrue(lines * 1_700_000L > elapsedNanos, "the writer took " + elapsedNanos / 1_000_000 + " ms for "
                    + lines + " lines: too slow to tell batched reads from unbatched ones on this machine");
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void isAPrivateFileInAPrivateDirectoryRemovedOnClose() throws Exception {
        Path path;
        try (TraceFile file = TraceFile.create(TraceFile.DEFAULT_MAX_LAG_BYTES, warnings::add)) {
            path = file.path();
            assertThat(Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)).isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent(), LinkOption.NOFOLLOW_LINKS)))
                    .isEqualTo("rwx------");
            assertThat(Files.size(path)).isZero();
        }
        assertThat(path).doesNotExist();
        assertThat(path.getParent()).doesNotExist();
    }

    @Test
    void punchesTheReadPrefixOutSoAFortyMegabyteTraceOccupiesAFractionOfIt() throws Exception {
        try (TraceFile file = TraceFile.create(TraceFile.DEFAULT_MAX_LAG_BYTES, warnings::add)) {
            // 40 MB of 100-byte lines
            Process w = writer(file, "yes 012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678 "
                    + "| head -c 40000000");
            long total = 0;
            long maxAllocated = 0;
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = file.openReader(w)) {
                long nextCheck = 0;
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    total += n;
                    if (total >= nextCheck) {
                        assertThat(file.path()).as("removed once strace wrote").doesNotExist();
                        Path open = procPathOf(file);
                        maxAllocated = Math.max(maxAllocated, allocatedBytes(open) - Math.max(0, Files.size(open) - total));
                        nextCheck += 4 << 20;
                    }
                }
                assertThat(Files.size(procPathOf(file))).isEqualTo(40_000_000L);
                long allocated = allocatedBytes(procPathOf(file));
                assertThat(allocated).as("blocks left after reading 40 MB").isLessThan(TraceFile.PUNCH_EVERY_BYTES + (1 << 20));
            }
            assertThat(total).isEqualTo(40_000_000L);
            assertThat(maxAllocated).as("blocks of the already-read prefix at any time").isLessThan(TraceFile.PUNCH_EVERY_BYTES + (1 << 20));
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void stopsAWriterThatRunsTooFarAheadUntilTheReaderCatchesUpAndLosesNothing() throws Exception {
        long maxLag = 1L << 20;
        try (TraceFile file = TraceFile.create(maxLag, warnings::add)) {
            // one process writing 100-byte lines with the shell's builtin echo (20 MB): the one the governor stops
            Process w = writer(file, "i=0; while [ $i -lt 200000 ]; do echo "
                    + "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789; "
                    + "i=$((i+1)); done");
            try (InputStream in = file.openReader(w)) {
                // the reader does not read yet: the governor must stop the writer near the lag limit
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (warnings.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(warnings).hasSize(1);
                assertThat(warnings.get(0)).contains("behind the trace").contains("paused").contains("nothing is dropped");
                long sizeAtStop = Files.size(procPathOf(file));
                Thread.sleep(300);
                assertThat(state(w.pid())).as("writer stopped").isEqualTo('T');
                assertThat(Files.size(procPathOf(file))).as("nothing written while stopped").isEqualTo(sizeAtStop);
                assertThat(sizeAtStop).isBetween(maxLag, maxLag + (4L << 20));
                long total = 0;
                byte[] buf = new byte[64 * 1024];
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    total += n;
                }
                assertThat(total).isEqualTo(20_200_000L);
                assertThat(w.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(w.exitValue()).isZero();
                assertThat(warnings).as("warned once, however often it stopped the writer").hasSize(1);
            } finally {
                w.destroyForcibly();
            }
        }
    }
}
