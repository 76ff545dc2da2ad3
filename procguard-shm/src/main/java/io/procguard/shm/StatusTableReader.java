package io.procguard.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Thread-safe, lock-free reader of a status table; it maps the file read-only, so it needs no root
 * and can never disturb the writer. This class also owns the binary layout, which C
 * ({@code procguard-shm/include/procguard_shm.h}) and Python ({@code examples/python/procguard_shm.py})
 * readers mirror; a golden test pins every offset below against the C header.
 *
 * <p>All integers are little-endian. The file is a header followed by {@code slotCount} slots of
 * {@code slotLength} bytes; readers take both numbers (and the header length) from the header, so a
 * later minor version may append fields to either. Zeroed memory reads as "not ready" (magic 0) or
 * "free slot" (state 0).
 *
 * <h2>Header</h2>
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            Magic "PGSTATUS", published last (release)         |  0
 *  |                                                               |
 *  +-------------------------------+-------------------------------+
 *  |         Version Major         |         Version Minor         |  8
 *  +-------------------------------+-------------------------------+
 *  |                         Header Length                         | 12
 *  +---------------------------------------------------------------+
 *  |                          Slot Count                           | 16
 *  +---------------------------------------------------------------+
 *  |                          Slot Length                          | 20
 *  +---------------------------------------------------------------+
 *  |                          Writer PID                           | 24
 *  +---------------------------------------------------------------+
 *  |            Writer State (1 running, 2 closed cleanly)         | 28
 *  +---------------------------------------------------------------+
 *  |        Writer Start Time (clock ticks since boot, u64)        | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              Created (epoch milliseconds, u64)                | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            Heartbeat Interval (milliseconds, u64)             | 48
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       Reserved (8 bytes)                      | 56
 *  +---------------------------------------------------------------+
 *  |       Heartbeat (epoch ms, u64; second cache line)            | 64
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |      Overflow Count (claims refused, table full, u64)         | 72
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |   Eviction Count (exited slots reused before cooldown, u64)   | 80
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 Claim Count (all claims, u64)                 | 88
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                      Reserved (32 bytes)                     ... 96
 *  +---------------------------------------------------------------+ 128
 * </pre>
 *
 * <h2>Slot (one process; cache-line aligned; updated under a sequence lock)</h2>
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Sequence (u64; odd while the writer is inside)       |   0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        Checksum (u64) of bytes 16..384, see checksum()        |   8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            State (0 free, 1 active, 2 exited)                 |  16
 *  +---------------------------------------------------------------+
 *  |                              PID                              |  20
 *  +---------------------------------------------------------------+
 *  |    Start Time (u64, field 22 of /proc/PID/stat, clock ticks)  |  24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                             PPID                              |  32
 *  +---------------------------------------------------------------+
 *  |                           UID (u32)                           |  36
 *  +---------------------------------------------------------------+
 *  |     Status (core Status code: 0 unknown to 3 malicious)       |  40
 *  +---------------------------------------------------------------+
 *  |                  Exit Code (-1 while running)                 |  44
 *  +---------------------------------------------------------------+
 *  |              Exit Signal (0 unless killed by one)             |  48
 *  +---------------------------------------------------------------+
 *  |                          Reserved                             |  52
 *  +---------------------------------------------------------------+
 *  |               Score (IEEE 754 double, NaN if none)            |  56
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                         Syscalls (u64)                        |  64
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 Errors (u64, failed syscalls)                 |  72
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    Signals (u64, received)                    |  80
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                Children (u64, forked or cloned)               |  88
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   First Seen (u64, epoch ms)                  |  96
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   Last Seen (u64, epoch ms)                   | 104
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            Exited (u64, epoch ms, 0 while running)            | 112
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            Updates (u64, updates published so far)            | 120
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        Comm (16 bytes UTF-8, NUL-terminated and padded)      ... 128
 *  +---------------------------------------------------------------+
 *  |        Model Id (32 bytes UTF-8, NUL-terminated)             ... 144
 *  +---------------------------------------------------------------+
 *  |        Reason (96 bytes UTF-8, NUL-terminated)               ... 176
 *  +---------------------------------------------------------------+
 *  |  Exe (112 bytes UTF-8, NUL-terminated; longer paths keep     ... 272
 *  |       their tail, prefixed by "...")                          |
 *  +---------------------------------------------------------------+ 384
 * </pre>
 *
 * <h2>Read protocol (sequence lock)</h2>
 * Read the sequence with acquire semantics; if odd, the writer is inside: retry. Copy the slot, then a
 * load-load (acquire) fence, then re-read the sequence: if it changed, retry. The copy is then a
 * consistent snapshot; its checksum must match. A sequence that stays odd means the writer died
 * mid-update; readers give up after a bounded number of attempts.
 */
public final class StatusTableReader implements AutoCloseable {
    /** Size of a u64 field. */
    public static final int SIZE_OF_LONG = Long.BYTES;
    /** Size of a u32 / i32 field. */
    public static final int SIZE_OF_INT = Integer.BYTES;
    /** Size of a u16 field. */
    public static final int SIZE_OF_SHORT = Short.BYTES;
    /** Slots and the header's mutable part start on cache-line boundaries. */
    public static final int CACHE_LINE_LENGTH = 64;

    /** "PGSTATUS" read as a little-endian u64. */
    public static final long MAGIC = 0x5355544154534750L;
    /** Layout major version: readers refuse any other. */
    public static final int VERSION_MAJOR = 1;
    /** Layout minor version: later minors only append fields. */
    public static final int VERSION_MINOR = 0;

    /** Header: u64 magic, written last with a release store; 0 means "not ready". */
    public static final int HEADER_MAGIC_OFFSET = 0;
    /** Header: u16 layout major version. */
    public static final int HEADER_VERSION_MAJOR_OFFSET = HEADER_MAGIC_OFFSET + SIZE_OF_LONG;
    /** Header: u16 layout minor version. */
    public static final int HEADER_VERSION_MINOR_OFFSET = HEADER_VERSION_MAJOR_OFFSET + SIZE_OF_SHORT;
    /** Header: u32 length of the header in bytes; slot 0 starts there. */
    public static final int HEADER_LENGTH_OFFSET = HEADER_VERSION_MINOR_OFFSET + SIZE_OF_SHORT;
    /** Header: u32 number of slots. */
    public static final int HEADER_SLOT_COUNT_OFFSET = HEADER_LENGTH_OFFSET + SIZE_OF_INT;
    /** Header: u32 length of one slot in bytes (the stride). */
    public static final int HEADER_SLOT_LENGTH_OFFSET = HEADER_SLOT_COUNT_OFFSET + SIZE_OF_INT;
    /** Header: i32 pid of the writer process. */
    public static final int HEADER_WRITER_PID_OFFSET = HEADER_SLOT_LENGTH_OFFSET + SIZE_OF_INT;
    /** Header: u32 writer state, {@link #WRITER_RUNNING} or {@link #WRITER_CLOSED}. */
    public static final int HEADER_WRITER_STATE_OFFSET = HEADER_WRITER_PID_OFFSET + SIZE_OF_INT;
    /** Header: u64 writer start time (field 22 of /proc/PID/stat), to tell a reused pid. */
    public static final int HEADER_WRITER_START_TIME_OFFSET = HEADER_WRITER_STATE_OFFSET + SIZE_OF_INT;
    /** Header: u64 creation time, epoch milliseconds. */
    public static final int HEADER_CREATED_OFFSET = HEADER_WRITER_START_TIME_OFFSET + SIZE_OF_LONG;
    /** Header: u64 heartbeat interval in milliseconds; readers call a table stale after 3 missed beats. */
    public static final int HEADER_HEARTBEAT_INTERVAL_OFFSET = HEADER_CREATED_OFFSET + SIZE_OF_LONG;
    /** Header: 8 reserved bytes, zero. */
    public static final int HEADER_RESERVED0_OFFSET = HEADER_HEARTBEAT_INTERVAL_OFFSET + SIZE_OF_LONG;
    /** Header: u64 last heartbeat, epoch milliseconds; first word of the second cache line. */
    public static final int HEADER_HEARTBEAT_OFFSET = HEADER_RESERVED0_OFFSET + SIZE_OF_LONG;
    /** Header: u64 claims refused because every slot was active. */
    public static final int HEADER_OVERFLOW_COUNT_OFFSET = HEADER_HEARTBEAT_OFFSET + SIZE_OF_LONG;
    /** Header: u64 exited slots reused before their cooldown because the table was full. */
    public static final int HEADER_EVICTION_COUNT_OFFSET = HEADER_OVERFLOW_COUNT_OFFSET + SIZE_OF_LONG;
    /** Header: u64 slots claimed since creation. */
    public static final int HEADER_CLAIM_COUNT_OFFSET = HEADER_EVICTION_COUNT_OFFSET + SIZE_OF_LONG;
    /** Header: 32 reserved bytes, zero. */
    public static final int HEADER_RESERVED1_OFFSET = HEADER_CLAIM_COUNT_OFFSET + SIZE_OF_LONG;
    /** Length of the version-1 header: two cache lines. */
    public static final int HEADER_LENGTH = HEADER_RESERVED1_OFFSET + 4 * SIZE_OF_LONG;

    /** Slot: u64 sequence; odd while an update is in progress. */
    public static final int SLOT_SEQUENCE_OFFSET = 0;
    /** Slot: u64 checksum of bytes {@link #SLOT_CHECKSUMMED_OFFSET} to {@link #SLOT_LENGTH}. */
    public static final int SLOT_CHECKSUM_OFFSET = SLOT_SEQUENCE_OFFSET + SIZE_OF_LONG;
    /** Slot: u32 state, {@link SlotState#code()}. First checksummed byte. */
    public static final int SLOT_STATE_OFFSET = SLOT_CHECKSUM_OFFSET + SIZE_OF_LONG;
    /** Slot: i32 process id. */
    public static final int SLOT_PID_OFFSET = SLOT_STATE_OFFSET + SIZE_OF_INT;
    /**
     * Slot: u64 process start time, clock ticks since boot (field 22 of /proc/PID/stat); pid + start time identify a
     * process. For a process gone before its writer could read /proc, the writer derives it from the trace's
     * timestamp of its fork (the kernel's value, or one tick off when a tick fell inside the fork call); 0 if unknown.
     */
    public static final int SLOT_START_TIME_OFFSET = SLOT_PID_OFFSET + SIZE_OF_INT;
    /** Slot: i32 parent process id, 0 if unknown. */
    public static final int SLOT_PPID_OFFSET = SLOT_START_TIME_OFFSET + SIZE_OF_LONG;
    /** Slot: u32 effective user id; 0xFFFFFFFF ((uid_t) -1, never a real uid) if unknown. */
    public static final int SLOT_UID_OFFSET = SLOT_PPID_OFFSET + SIZE_OF_INT;
    /** Slot: i32 classification, {@link io.procguard.core.Status#code()}. */
    public static final int SLOT_STATUS_OFFSET = SLOT_UID_OFFSET + SIZE_OF_INT;
    /** Slot: i32 exit code, -1 while running or when killed by a signal. */
    public static final int SLOT_EXIT_CODE_OFFSET = SLOT_STATUS_OFFSET + SIZE_OF_INT;
    /** Slot: i32 number of the signal that killed the process, 0 if none. */
    public static final int SLOT_EXIT_SIGNAL_OFFSET = SLOT_EXIT_CODE_OFFSET + SIZE_OF_INT;
    /** Slot: 4 reserved bytes, zero. */
    public static final int SLOT_RESERVED_OFFSET = SLOT_EXIT_SIGNAL_OFFSET + SIZE_OF_INT;
    /** Slot: f64 score in [0, 1], NaN when the classifier gave none. */
    public static final int SLOT_SCORE_OFFSET = SLOT_RESERVED_OFFSET + SIZE_OF_INT;
    /** Slot: u64 system calls seen. */
    public static final int SLOT_SYSCALLS_OFFSET = SLOT_SCORE_OFFSET + SIZE_OF_LONG;
    /** Slot: u64 system calls that failed. */
    public static final int SLOT_ERRORS_OFFSET = SLOT_SYSCALLS_OFFSET + SIZE_OF_LONG;
    /** Slot: u64 signals received. */
    public static final int SLOT_SIGNALS_OFFSET = SLOT_ERRORS_OFFSET + SIZE_OF_LONG;
    /** Slot: u64 children forked or cloned. */
    public static final int SLOT_CHILDREN_OFFSET = SLOT_SIGNALS_OFFSET + SIZE_OF_LONG;
    /** Slot: u64 first seen, epoch milliseconds. */
    public static final int SLOT_FIRST_SEEN_OFFSET = SLOT_CHILDREN_OFFSET + SIZE_OF_LONG;
    /** Slot: u64 last seen, epoch milliseconds. */
    public static final int SLOT_LAST_SEEN_OFFSET = SLOT_FIRST_SEEN_OFFSET + SIZE_OF_LONG;
    /** Slot: u64 exit time, epoch milliseconds, 0 while running. */
    public static final int SLOT_EXITED_OFFSET = SLOT_LAST_SEEN_OFFSET + SIZE_OF_LONG;
    /** Slot: u64 updates published for this process since its claim. */
    public static final int SLOT_UPDATES_OFFSET = SLOT_EXITED_OFFSET + SIZE_OF_LONG;
    /** Slot: command name, UTF-8, NUL-terminated (the kernel's TASK_COMM_LEN is 16). */
    public static final int SLOT_COMM_OFFSET = SLOT_UPDATES_OFFSET + SIZE_OF_LONG;
    /** Slot: id of the model that decided, UTF-8, NUL-terminated. */
    public static final int SLOT_MODEL_ID_OFFSET = SLOT_COMM_OFFSET + 16;
    /** Slot: the main reason for the status, UTF-8, NUL-terminated, truncated. */
    public static final int SLOT_REASON_OFFSET = SLOT_MODEL_ID_OFFSET + 32;
    /** Slot: executable path, UTF-8, NUL-terminated; a longer path keeps its tail after "..."; empty if unknown. */
    public static final int SLOT_EXE_OFFSET = SLOT_REASON_OFFSET + 96;
    /** Length of a version-1 slot: six cache lines. */
    public static final int SLOT_LENGTH = SLOT_EXE_OFFSET + 112;

    /** Capacity of the comm field, terminating NUL included. */
    public static final int SLOT_COMM_LENGTH = SLOT_MODEL_ID_OFFSET - SLOT_COMM_OFFSET;
    /** Capacity of the model id field, terminating NUL included. */
    public static final int SLOT_MODEL_ID_LENGTH = SLOT_REASON_OFFSET - SLOT_MODEL_ID_OFFSET;
    /** Capacity of the reason field, terminating NUL included. */
    public static final int SLOT_REASON_LENGTH = SLOT_EXE_OFFSET - SLOT_REASON_OFFSET;
    /** Capacity of the exe field, terminating NUL included. */
    public static final int SLOT_EXE_LENGTH = SLOT_LENGTH - SLOT_EXE_OFFSET;
    /** First byte the checksum covers: everything after sequence and checksum. */
    public static final int SLOT_CHECKSUMMED_OFFSET = SLOT_STATE_OFFSET;

    /** Writer state: the writer is running (look at the heartbeat to be sure). */
    public static final int WRITER_RUNNING = 1;
    /** Writer state: the writer closed the table cleanly. */
    public static final int WRITER_CLOSED = 2;
    /** Largest slot count a reader accepts (keeps a hostile header from asking for a huge mapping). */
    public static final int MAX_SLOT_COUNT = 1 << 20;
    /** Largest slot length a reader accepts. */
    public static final int MAX_SLOT_LENGTH = 1 << 16;

    /** Attempts before a slot whose sequence keeps moving (or stays odd) is reported unreadable. */
    static final int MAX_READ_ATTEMPTS = 10_000;

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final FileChannel channel;
    private final MappedByteBuffer buffer;
    private final int headerLength;
    private final int slotCount;
    private final int slotLength;
    private final int versionMinor;

    private StatusTableReader(Path path, FileChannel channel, MappedByteBuffer buffer, int headerLength, int slotCount,
            int slotLength, int versionMinor) {
        this.path = path;
        this.channel = channel;
        this.buffer = buffer;
        this.headerLength = headerLength;
        this.slotCount = slotCount;
        this.slotLength = slotLength;
        this.versionMinor = versionMinor;
    }

    /**
     * Opens and validates a table read-only. Refuses symbolic links, non-regular files, a wrong
     * magic, another major version, impossible sizes and a file whose size does not match its header.
     * Never writes.
     *
     * @param path the table file, e.g. {@link StatusTable#DEFAULT_PATH}
     * @return a reader; close it to release the file descriptor
     * @throws java.nio.file.NoSuchFileException if there is no table
     * @throws StatusTableFormatException if the file is not a usable table
     * @throws IOException if it cannot be read
     */
    public static StatusTableReader open(Path path) throws IOException {
        FileChannel channel = SafeFiles.openExisting(path, StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (size < HEADER_LENGTH) {
                throw StatusTableFormatException.at(path, size, "truncated: " + size + " bytes, a status table has at least " + HEADER_LENGTH);
            }
            if (size > Integer.MAX_VALUE) { // also keeps every slot offset within an int
                throw StatusTableFormatException.at(path, 0, "too large for a status table: " + size + " bytes, at most " + Integer.MAX_VALUE);
            }
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            buffer.order(ByteOrder.LITTLE_ENDIAN);
            return validate(path, channel, buffer, size);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static StatusTableReader validate(Path path, FileChannel channel, MappedByteBuffer buffer, long size)
            throws StatusTableFormatException {
        long magic = (long) LONG.getAcquire(buffer, HEADER_MAGIC_OFFSET); // acquire: header fields below were written before the magic
        if (magic == 0) {
            throw StatusTableFormatException.at(path, HEADER_MAGIC_OFFSET, "not initialised yet (magic is 0): is the writer still starting?");
        }
        if (magic != MAGIC) {
            throw StatusTableFormatException.at(path, HEADER_MAGIC_OFFSET,
                    String.format("not a procguard status table: magic 0x%016x, expected 0x%016x (\"PGSTATUS\")", magic, MAGIC));
        }
        int major = Short.toUnsignedInt(buffer.getShort(HEADER_VERSION_MAJOR_OFFSET));
        int minor = Short.toUnsignedInt(buffer.getShort(HEADER_VERSION_MINOR_OFFSET));
        if (major != VERSION_MAJOR) {
            throw StatusTableFormatException.at(path, HEADER_VERSION_MAJOR_OFFSET, "unsupported layout version: app="
                    + VERSION_MAJOR + "." + VERSION_MINOR + " file=" + major + "." + minor);
        }
        long headerLength = Integer.toUnsignedLong(buffer.getInt(HEADER_LENGTH_OFFSET));
        long slotCount = Integer.toUnsignedLong(buffer.getInt(HEADER_SLOT_COUNT_OFFSET));
        long slotLength = Integer.toUnsignedLong(buffer.getInt(HEADER_SLOT_LENGTH_OFFSET));
        if (headerLength < HEADER_LENGTH || headerLength % CACHE_LINE_LENGTH != 0 || headerLength > 64L * HEADER_LENGTH) {
            throw StatusTableFormatException.at(path, HEADER_LENGTH_OFFSET, "bad header length " + headerLength
                    + ": must be a multiple of " + CACHE_LINE_LENGTH + " from " + HEADER_LENGTH + " to " + 64 * HEADER_LENGTH);
        }
        if (slotLength < SLOT_LENGTH || slotLength % CACHE_LINE_LENGTH != 0 || slotLength > MAX_SLOT_LENGTH) {
            throw StatusTableFormatException.at(path, HEADER_SLOT_LENGTH_OFFSET, "bad slot length " + slotLength
                    + ": must be a multiple of " + CACHE_LINE_LENGTH + " from " + SLOT_LENGTH + " to " + MAX_SLOT_LENGTH);
        }
        if (slotCount < 1 || slotCount > MAX_SLOT_COUNT) {
            throw StatusTableFormatException.at(path, HEADER_SLOT_COUNT_OFFSET, "bad slot count " + slotCount + ": must be 1 to " + MAX_SLOT_COUNT);
        }
        long expected = headerLength + slotCount * slotLength;
        if (expected != size) {
            throw StatusTableFormatException.at(path, HEADER_SLOT_COUNT_OFFSET, "wrong size: the header says " + slotCount + " slots of "
                    + slotLength + " bytes after " + headerLength + " header bytes (" + expected + " bytes), the file has " + size);
        }
        return new StatusTableReader(path, channel, buffer, (int) headerLength, (int) slotCount, (int) slotLength, minor);
    }

    /** @return the table file this reader maps */
    public Path path() {
        return path;
    }

    /** @return the number of slots */
    public int slotCount() {
        return slotCount;
    }

    /** @return the header as it is now (heartbeat and counters change while the writer runs) */
    public TableInfo info() {
        return guarded(() -> new TableInfo(path, VERSION_MAJOR, versionMinor, headerLength, slotCount, slotLength,
                buffer.getInt(HEADER_WRITER_PID_OFFSET),
                buffer.getLong(HEADER_WRITER_START_TIME_OFFSET),
                (int) INT.getAcquire(buffer, HEADER_WRITER_STATE_OFFSET) == WRITER_CLOSED, // acquire: observes close()
                buffer.getLong(HEADER_CREATED_OFFSET),
                buffer.getLong(HEADER_HEARTBEAT_INTERVAL_OFFSET),
                (long) LONG.getAcquire(buffer, HEADER_HEARTBEAT_OFFSET), // acquire: observes the latest heartbeat
                (long) LONG.getAcquire(buffer, HEADER_OVERFLOW_COUNT_OFFSET), // acquire: observes overflow reports
                (long) LONG.getAcquire(buffer, HEADER_EVICTION_COUNT_OFFSET), // acquire: observes evictions
                (long) LONG.getAcquire(buffer, HEADER_CLAIM_COUNT_OFFSET))); // acquire: observes claims
    }

    /**
     * Says whether the writer is alive, judged by the default staleness threshold: three heartbeat
     * intervals, at least one second.
     *
     * @return the writer's state now
     */
    public WriterState writerState() {
        TableInfo info = info();
        return writerState(Duration.ofMillis(Math.max(1000, 3 * info.heartbeatIntervalMillis())));
    }

    /**
     * Says whether the writer is alive: {@link WriterState#CLOSED} after a clean close,
     * {@link WriterState#GONE} when the writer process no longer exists (killed, crashed; its pid
     * and start time are checked in /proc), {@link WriterState#STALE} when it exists but has not
     * beaten for longer than {@code staleAfter}, else {@link WriterState#LIVE}.
     *
     * @param staleAfter the heartbeat age beyond which a table counts as stale
     * @return the writer's state now
     */
    public WriterState writerState(Duration staleAfter) {
        TableInfo info = info();
        if (info.closed()) {
            return WriterState.CLOSED;
        }
        if (!ProcStat.isRunning(info.writerPid(), info.writerStartTime())) {
            return WriterState.GONE;
        }
        return info.heartbeatAgeMillis(System.currentTimeMillis()) > staleAfter.toMillis() ? WriterState.STALE : WriterState.LIVE;
    }

    /** @return true if the writer is running and beating ({@link WriterState#LIVE}) */
    public boolean live() {
        return writerState() == WriterState.LIVE;
    }

    /**
     * Reads every non-free slot. Each entry is a consistent snapshot of its slot; different slots
     * may be from slightly different moments. Slots whose update never settles (a writer killed
     * mid-update) or whose checksum fails are left out.
     *
     * @return the processes in slot order
     */
    public List<ProcessStatus> snapshot() {
        return guarded(() -> {
            List<ProcessStatus> result = new ArrayList<>();
            byte[] scratch = new byte[SLOT_LENGTH];
            ByteBuffer view = ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < slotCount; i++) {
                ProcessStatus s = decodeIfValid(i, scratch, view);
                if (s != null) {
                    result.add(s);
                }
            }
            return result;
        });
    }

    /**
     * Reads one slot.
     *
     * @param slot a slot index, 0 to {@link #slotCount()} - 1
     * @return the process in that slot, or empty if the slot is free, unsettled or fails its checksum
     */
    public Optional<ProcessStatus> read(int slot) {
        if (slot < 0 || slot >= slotCount) {
            throw new IndexOutOfBoundsException("slot " + slot + " of " + slotCount);
        }
        byte[] scratch = new byte[SLOT_LENGTH];
        return guarded(() -> Optional.ofNullable(decodeIfValid(slot, scratch, ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN))));
    }

    private ProcessStatus decodeIfValid(int slot, byte[] scratch, ByteBuffer view) {
        if (!copySlot(slot, scratch)) {
            return null;
        }
        if (SlotState.fromCode(view.getInt(SLOT_STATE_OFFSET)) == SlotState.FREE || !Slots.checksumMatches(view, 0)) {
            return null;
        }
        return Slots.decode(slot, view);
    }

    /**
     * Copies slot {@code slot} into {@code dst} under the sequence-lock protocol.
     *
     * @param slot the slot index
     * @param dst at least {@link #SLOT_LENGTH} bytes
     * @return true if the copy is consistent; false if the slot did not settle within
     *     {@link #MAX_READ_ATTEMPTS} attempts
     */
    boolean copySlot(int slot, byte[] dst) {
        int base = headerLength + slot * slotLength;
        for (int attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt++) {
            long before = (long) LONG.getAcquire(buffer, base + SLOT_SEQUENCE_OFFSET); // acquire: the body copy below is not hoisted above this read
            if ((before & 1) == 0) {
                buffer.get(base, dst, 0, SLOT_LENGTH);
                VarHandle.loadLoadFence(); // acquire fence: the body copy completes before the sequence is read again
                long after = (long) LONG.get(buffer, base + SLOT_SEQUENCE_OFFSET);
                if (before == after) {
                    return true;
                }
                continue; // a newer version was published meanwhile: copy again at once
            }
            if (attempt < 100) { // the writer is inside: give it time, then the CPU if it was descheduled
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        return false;
    }

    /** @return the sequence of slot {@code slot} now (even when settled) */
    long sequence(int slot) {
        return (long) LONG.getAcquire(buffer, headerLength + slot * slotLength + SLOT_SEQUENCE_OFFSET); // acquire: observes the latest publish
    }

    private <T> T guarded(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (InternalError e) {
            // The JVM turns SIGBUS on a mapping into InternalError: the file shrank under us.
            throw new UncheckedIOException(StatusTableFormatException.at(path, 0, "the table file shrank while mapped (" + e.getMessage() + ")"));
        }
    }

    /** Releases the file descriptor; the mapping goes when the reader is garbage-collected. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
