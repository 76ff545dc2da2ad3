package io.procguard.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.core.Status;
import io.procguard.core.Verdict;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusTableTest {
    @TempDir(factory = ShmTempDir.class)
    Path dir;
    private Path path;

    @BeforeEach
    void setUp() throws Exception {
        path = dir.resolve("table");
    }

    private static StatusTable.Options small(int slots) {
        return StatusTable.Options.defaults().withSlotCount(slots).withCooldown(Duration.ofHours(1));
    }

    private static ProcessIdentity proc(int pid) {
        return new ProcessIdentity(pid, 1000L + pid, 1, 1000, "comm-" + pid, "/bin/p" + pid);
    }

    @Test
    void everyPublishedFieldReadsBackThroughTheReader() throws Exception {
        try (StatusTable table = StatusTable.create(path, small(8)); StatusTableReader reader = StatusTableReader.open(path)) {
            ProcessIdentity self = ProcessIdentity.self();
            int slot = table.claim(self);
            ProcessStatus fresh = reader.read(slot).orElseThrow();
            assertThat(fresh.status()).isEqualTo(Status.UNKNOWN);
            assertThat(fresh.score()).isNaN();
            assertThat(fresh.updates()).isZero();
            assertThat(fresh.firstSeenMillis()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(5_000L));

            table.update(slot, new SlotUpdate().verdict(new Verdict(Status.SUSPICIOUS, 0.75, List.of("connects to 127.0.0.1:4444", "second"),
                    List.of(), "onnx:rf-1")).counters(120, 7, 2, 3).lastSeen(1_700_000_000_000L));
            ProcessStatus p = reader.read(slot).orElseThrow();
            assertThat(p).extracting(ProcessStatus::slot, ProcessStatus::state, ProcessStatus::pid, ProcessStatus::startTime,
                    ProcessStatus::ppid, ProcessStatus::uid, ProcessStatus::comm, ProcessStatus::exe)
                    .containsExactly(slot, SlotState.ACTIVE, self.pid(), self.startTime(), self.ppid(), self.uid(), self.comm(), self.exe());
            assertThat(p).extracting(ProcessStatus::status, ProcessStatus::score, ProcessStatus::syscalls, ProcessStatus::errors,
                    ProcessStatus::signals, ProcessStatus::children, ProcessStatus::lastSeenMillis, ProcessStatus::reason,
                    ProcessStatus::modelId, ProcessStatus::updates, ProcessStatus::exitCode, ProcessStatus::exitSignal)
                    .containsExactly(Status.SUSPICIOUS, 0.75, 120L, 7L, 2L, 3L, 1_700_000_000_000L, "connects to 127.0.0.1:4444",
                            "onnx:rf-1", 1L, -1, 0);

            table.describe(slot, "sh", "/usr/bin/dash");
            table.markExited(slot, -1, 9);
            ProcessStatus exited = reader.read(slot).orElseThrow();
            assertThat(exited.state()).isEqualTo(SlotState.EXITED);
            assertThat(exited.exitSignal()).isEqualTo(9);
            assertThat(exited.exitedMillis()).isPositive();
            assertThat(exited.comm()).isEqualTo("sh");
            assertThat(exited.exe()).isEqualTo("/usr/bin/dash");
            assertThat(exited.status()).as("the last verdict stays visible").isEqualTo(Status.SUSPICIOUS);

            table.release(slot);
            assertThat(reader.read(slot)).isEmpty();
            assertThat(reader.snapshot()).isEmpty();
        }
    }

    @Test
    void longStringsAreCutAtACharacterBoundaryAndExeKeepsItsTail() throws Exception {
        try (StatusTable table = StatusTable.create(path, small(2)); StatusTableReader reader = StatusTableReader.open(path)) {
            String longExe = "/opt/" + "very-long-directory-name/".repeat(8) + "bin/the-real-program";
            String reason = "é".repeat(100); // 2 bytes each: 200 bytes, the field keeps 95 -> 47 whole characters
            int slot = table.claim(new ProcessIdentity(42, 1, 1, 0, "a-comm-name-longer-than-15", longExe));
            table.update(slot, new SlotUpdate().reason(reason));
            ProcessStatus p = reader.read(slot).orElseThrow();
            assertThat(p.reason()).isEqualTo("é".repeat(47));
            assertThat(p.comm()).isEqualTo("a-comm-name-lon");
            assertThat(p.exe()).startsWith("...").endsWith("/bin/the-real-program");
            assertThat(p.exe().length()).isEqualTo(StatusTableReader.SLOT_EXE_LENGTH - 1);
        }
    }

    @Test
    void exitedSlotsAreReusedOnlyAfterTheCooldownAndOldestFirstWhenFull() throws Exception {
        try (StatusTable table = StatusTable.create(path, small(3)); StatusTableReader reader = StatusTableReader.open(path)) {
            int a = table.claim(proc(101));
            int b = table.claim(proc(102));
            int c = table.claim(proc(103));
            table.markExited(b, 0, 0); // b exits first: the oldest exited slot
            table.markExited(a, 1, 0);
            assertThat(table.claim(proc(104))).as("full: the oldest exited slot is evicted").isEqualTo(b);
            assertThat(table.evictions()).isEqualTo(1);
            assertThat(table.claim(proc(105))).isEqualTo(a);
            assertThat(table.claim(proc(106))).as("every slot runs: overflow").isEqualTo(-1);
            assertThat(table.overflows()).isEqualTo(1);
            TableInfo info = reader.info();
            assertThat(info.overflows()).isEqualTo(1);
            assertThat(info.evictions()).isEqualTo(2);
            assertThat(info.claims()).isEqualTo(5);
            assertThat(reader.snapshot()).extracting(ProcessStatus::pid).containsExactlyInAnyOrder(104, 105, 103);
            assertThat(c).isNotIn(a, b);
        }
    }

    @Test
    void aNeverUsedSlotIsPreferredWhileTheCooldownRuns() throws Exception {
        try (StatusTable table = StatusTable.create(path, small(2))) {
            int a = table.claim(proc(1));
            table.markExited(a, 0, 0);
            assertThat(table.claim(proc(2))).isNotEqualTo(a);
        }
        try (StatusTable table = StatusTable.create(path, small(2).withCooldown(Duration.ZERO))) {
            int a = table.claim(proc(1));
            table.markExited(a, 0, 0);
            assertThat(table.claim(proc(2))).as("cooldown over: the retired slot comes first").isEqualTo(a);
            assertThat(table.evictions()).isZero();
        }
    }

    @Test
    void misuseOfSlotsIsRefusedWithoutTouchingTheTable() throws Exception {
        try (StatusTable table = StatusTable.create(path, small(2))) {
            assertThatThrownBy(() -> table.update(0, new SlotUpdate())).isInstanceOf(IllegalStateException.class).hasMessageContaining("free");
            assertThatThrownBy(() -> table.update(7, new SlotUpdate())).isInstanceOf(IndexOutOfBoundsException.class);
            int s = table.claim(proc(5));
            table.markExited(s, 0, 0);
            assertThatThrownBy(() -> table.markExited(s, 0, 0)).isInstanceOf(IllegalStateException.class);
            table.close();
            assertThatThrownBy(() -> table.claim(proc(6))).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void theChecksumCatchesAnyChangedWord() throws Exception {
        try (StatusTable table = StatusTable.create(path, small(1)); StatusTableReader reader = StatusTableReader.open(path)) {
            table.update(table.claim(proc(9)), new SlotUpdate().reason("r").counters(1, 2, 3, 4));
            byte[] copy = new byte[StatusTableReader.SLOT_LENGTH];
            assertThat(reader.copySlot(0, copy)).isTrue();
            ByteBuffer b = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(Slots.checksumMatches(b, 0)).isTrue();
            for (int at = StatusTableReader.SLOT_CHECKSUMMED_OFFSET; at < StatusTableReader.SLOT_LENGTH; at += 8) {
                long saved = b.getLong(at);
                b.putLong(at, saved + 1);
                assertThat(Slots.checksumMatches(b, 0)).as("word at %d changed", at).isFalse();
                b.putLong(at, saved);
            }
        }
    }

    @Test
    void closeTellsReadersTheWriterStoppedCleanly() throws Exception {
        StatusTable table = StatusTable.create(path, small(2));
        try (StatusTableReader reader = StatusTableReader.open(path)) {
            assertThat(reader.writerState()).isEqualTo(WriterState.LIVE);
            table.close();
            assertThat(reader.writerState()).isEqualTo(WriterState.CLOSED);
        }
    }

    @Test
    void aWriterThatStopsBeatingIsStaleThenLiveAgain() throws Exception {
        try (StatusTable table = StatusTable.create(path, small(2).withHeartbeat(Duration.ofMillis(20), false));
                StatusTableReader reader = StatusTableReader.open(path)) {
            Thread.sleep(200);
            assertThat(reader.writerState(Duration.ofMillis(60))).isEqualTo(WriterState.STALE);
            table.heartbeat();
            assertThat(reader.writerState(Duration.ofMillis(60))).isEqualTo(WriterState.LIVE);
        }
    }

    @Test
    void theAutomaticHeartbeatKeepsAdvancing() throws Exception {
        try (StatusTable table = StatusTable.create(path, small(2).withHeartbeat(Duration.ofMillis(20), true));
                StatusTableReader reader = StatusTableReader.open(path)) {
            long first = reader.info().heartbeatMillis();
            Thread.sleep(150);
            assertThat(reader.info().heartbeatMillis()).isGreaterThan(first);
            assertThat(reader.writerState(Duration.ofMillis(100))).isEqualTo(WriterState.LIVE);
        }
    }

    @Test
    void theFileIsWorldReadableAndOwnerWritableWhateverTheUmask() throws Exception {
        try (StatusTable table = StatusTable.create(path, small(2))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-r--r--");
        }
        Files.delete(path);
        try (StatusTable table = StatusTable.create(path, small(2).withPermissions("rw-r-----"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-r-----");
        }
    }

    @Test
    void aTableLeftByADeadOrClosedWriterIsReplaced() throws Exception {
        StatusTable.create(path, small(2)).close();
        Object oldInode = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        try (StatusTable table = StatusTable.create(path, small(4)); StatusTableReader reader = StatusTableReader.open(path)) {
            assertThat(reader.slotCount()).isEqualTo(4);
            assertThat(Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isNotEqualTo(oldInode);
        }
    }

    @Test
    void aTableInUseByALiveWriterIsNotTaken() throws Exception {
        try (StatusTable table = StatusTable.create(path, small(2))) {
            table.claim(proc(1));
            assertThatThrownBy(() -> StatusTable.create(path, small(2))).isInstanceOf(FileSystemException.class)
                    .hasMessageContaining("in use by a running writer, pid " + ProcessHandle.current().pid());
            try (StatusTableReader reader = StatusTableReader.open(path)) {
                assertThat(reader.snapshot()).hasSize(1);
            }
        }
    }

    @Test
    void aFileThatIsNotATableIsNeverReplaced() throws Exception {
        Files.writeString(path, "precious data that happens to live at the configured path\n");
        assertThatThrownBy(() -> StatusTable.create(path, small(2))).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("not a procguard status table; refusing to replace it");
        assertThat(Files.readString(path)).startsWith("precious data");
    }

    @Test
    void aTableOfAnotherMajorVersionIsNeverReplaced() throws Exception {
        StatusTable.create(path, small(2)).close();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {2, 0}), StatusTableReader.HEADER_VERSION_MAJOR_OFFSET);
        }
        byte[] before = Files.readAllBytes(path);
        assertThatThrownBy(() -> StatusTable.create(path, small(2))).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("layout version 2 (this is 1)");
        assertThat(Files.readAllBytes(path)).isEqualTo(before);
    }

    @Test
    void aSymbolicLinkAtThePathIsRefusedAndItsTargetUntouched() throws Exception {
        Path target = dir.resolve("target");
        Files.writeString(target, "target");
        Files.createSymbolicLink(path, target);
        assertThatThrownBy(() -> StatusTable.create(path, small(2))).isInstanceOf(StatusTableFormatException.class)
                .hasMessageContaining("symbolic link");
        assertThat(Files.readString(target)).isEqualTo("target");
        assertThat(Files.isSymbolicLink(path)).isTrue();
    }

    @Test
    void aFileOwnedByAnotherUserIsRefused() throws Exception {
        assumeTrue(SafeFiles.currentUid() == 0, "needs root to give a file to another user");
        StatusTable.create(path, small(2)).close();
        byte[] before = Files.readAllBytes(path);
        Files.setAttribute(path, "unix:uid", 65534);
        assertThatThrownBy(() -> StatusTable.create(path, small(2))).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("owned by uid 65534");
        assertThat(Files.readAllBytes(path)).isEqualTo(before);
    }

    @Test
    void aDirectoryOthersMayWriteWithoutTheStickyBitIsRefused() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> StatusTable.create(path, small(2))).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("not sticky");
        assertThat(Files.exists(path)).isFalse();
    }
}
