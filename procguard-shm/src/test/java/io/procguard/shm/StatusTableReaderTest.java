package io.procguard.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile or broken table files: a clear one-line error naming the file and offset, nothing written. */
class StatusTableReaderTest {
    @TempDir(factory = ShmTempDir.class)
    Path dir;
    private Path path;

    @BeforeEach
    void setUp() throws Exception {
        path = dir.resolve("table");
    }

    /** A valid closed table's bytes, to damage. */
    private byte[] validTable() throws Exception {
        try (StatusTable t = StatusTable.create(path, StatusTable.Options.defaults().withSlotCount(4).withCooldown(Duration.ZERO))) {
            t.update(t.claim(ProcessIdentity.self()), new SlotUpdate().reason("ok"));
        }
        byte[] bytes = Files.readAllBytes(path);
        Files.delete(path);
        return bytes;
    }

    /** Writes {@code bytes}, expects open() to fail with a message containing {@code expected}, and checks nothing changed. */
    private void assertRefused(byte[] bytes, String... expected) throws Exception {
        Files.write(path, bytes);
        FileTime mtime = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(path, mtime);
        assertThatThrownBy(() -> StatusTableReader.open(path).close())
                .isInstanceOf(StatusTableFormatException.class)
                .hasMessageStartingWith(path + ": ")
                .hasMessageContainingAll(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(Files.readAllBytes(path)).as("file content untouched").isEqualTo(bytes);
        assertThat(Files.getLastModifiedTime(path)).isEqualTo(mtime);
    }

    private static byte[] with(byte[] table, int offset, long value, int width) {
        byte[] copy = table.clone();
        ByteBuffer b = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        switch (width) {
            case 2 -> b.putShort(offset, (short) value);
            case 4 -> b.putInt(offset, (int) value);
            default -> b.putLong(offset, value);
        }
        return copy;
    }

    @Test
    void aValidTableOpensAndReadsBack() throws Exception {
        Files.write(path, validTable());
        try (StatusTableReader r = StatusTableReader.open(path)) {
            assertThat(r.snapshot()).singleElement().extracting(ProcessStatus::reason).isEqualTo("ok");
            assertThat(r.writerState()).isEqualTo(WriterState.CLOSED);
        }
    }

    @Test
    void aMissingTableIsNoSuchFile() {
        assertThatThrownBy(() -> StatusTableReader.open(dir.resolve("absent"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aFileShorterThanTheHeaderIsTruncated() throws Exception {
        assertRefused(Arrays.copyOf(validTable(), 40), "at byte 40: truncated: 40 bytes, a status table has at least 128");
        assertRefused(new byte[0], "truncated: 0 bytes");
    }

    @Test
    void garbageIsNotATable() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        assertRefused(garbage, "at byte 0: not a procguard status table: magic 0x");
    }

    @Test
    void aWrongMagicIsNamed() throws Exception {
        assertRefused(with(validTable(), StatusTableReader.HEADER_MAGIC_OFFSET, 0x4C45_4946_4C45_4946L, 8),
                "not a procguard status table: magic 0x4c4549464c454946, expected 0x5355544154534750");
    }

    @Test
    void zeroedMemoryReadsAsNotReady() throws Exception {
        assertRefused(new byte[4096], "not initialised yet");
    }

    @Test
    void aFutureMajorVersionIsRefusedWithBothVersions() throws Exception {
        byte[] v2 = with(with(validTable(), StatusTableReader.HEADER_VERSION_MAJOR_OFFSET, 2, 2),
                StatusTableReader.HEADER_VERSION_MINOR_OFFSET, 3, 2);
        assertRefused(v2, "at byte 8: unsupported layout version: app=1.0 file=2.3");
    }

    @Test
    void aLaterMinorVersionIsAccepted() throws Exception {
        Files.write(path, with(validTable(), StatusTableReader.HEADER_VERSION_MINOR_OFFSET, 9, 2));
        try (StatusTableReader r = StatusTableReader.open(path)) {
            assertThat(r.info().versionMinor()).isEqualTo(9);
            assertThat(r.snapshot()).hasSize(1);
        }
    }

    @Test
    void aFileWhoseSizeDisagreesWithItsHeaderIsRefused() throws Exception {
        byte[] table = validTable();
        assertRefused(Arrays.copyOf(table, table.length - 1), "wrong size: the header says 4 slots of 384 bytes after 128 header bytes (1664 bytes), the file has 1663");
        assertRefused(Arrays.copyOf(table, table.length + 384), "the file has 2048");
        assertRefused(with(table, StatusTableReader.HEADER_SLOT_COUNT_OFFSET, 1_000_000, 4), "wrong size");
    }

    @Test
    void impossibleSizesInTheHeaderAreRefused() throws Exception {
        byte[] table = validTable();
        assertRefused(with(table, StatusTableReader.HEADER_SLOT_LENGTH_OFFSET, 392, 4), "at byte 20: bad slot length 392");
        assertRefused(with(table, StatusTableReader.HEADER_SLOT_LENGTH_OFFSET, 0xFFFF_FFC0L, 4), "bad slot length 4294967232");
        assertRefused(with(table, StatusTableReader.HEADER_SLOT_COUNT_OFFSET, 0, 4), "bad slot count 0");
        assertRefused(with(table, StatusTableReader.HEADER_LENGTH_OFFSET, 100, 4), "bad header length 100");
    }

    @Test
    void aHugeSparseFileIsRefusedBeforeMapping() throws Exception {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(path.toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: costs no memory
        }
        assertThatThrownBy(() -> StatusTableReader.open(path)).isInstanceOf(StatusTableFormatException.class)
                .hasMessage(path + ": at byte 0: too large for a status table: 3221225472 bytes, at most 2147483647");
    }

    @Test
    void aSymbolicLinkIsNotFollowed() throws Exception {
        Path real = dir.resolve("real");
        Files.write(real, validTable());
        Files.createSymbolicLink(path, real);
        assertThatThrownBy(() -> StatusTableReader.open(path)).isInstanceOf(StatusTableFormatException.class)
                .hasMessage(path + ": is a symbolic link; refusing to follow it");
    }

    @Test
    void aDirectoryOrFifoIsNotARegularFile() throws Exception {
        Files.createDirectory(path);
        assertThatThrownBy(() -> StatusTableReader.open(path)).isInstanceOf(StatusTableFormatException.class)
                .hasMessage(path + ": not a regular file");
        Path fifo = dir.resolve("fifo");
        TestSupport.run(java.util.List.of("/usr/bin/mkfifo", fifo.toString()), 10);
        assertThatThrownBy(() -> StatusTableReader.open(fifo)).isInstanceOf(StatusTableFormatException.class)
                .hasMessage(fifo + ": not a regular file");
    }

    @Test
    void aSlotWithABadChecksumIsLeftOutNotReturned() throws Exception {
        byte[] table = validTable();
        int reasonAt = StatusTableReader.HEADER_LENGTH + StatusTableReader.SLOT_REASON_OFFSET;
        table[reasonAt] = 'X';
        Files.write(path, table);
        try (StatusTableReader r = StatusTableReader.open(path)) {
            assertThat(r.snapshot()).isEmpty();
        }
    }

    @Test
    void aSlotLeftOddByAWriterKilledMidUpdateIsSkippedNotWaitedForeverOn() throws Exception {
        byte[] table = with(validTable(), StatusTableReader.HEADER_LENGTH + StatusTableReader.SLOT_SEQUENCE_OFFSET, 7, 8);
        Files.write(path, table);
        try (StatusTableReader r = StatusTableReader.open(path)) {
            assertThat(r.snapshot()).isEmpty();
        }
    }
}
