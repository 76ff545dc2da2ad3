package io.procguard.shm;

import static io.procguard.shm.StatusTableReader.*;

import io.procguard.core.Status;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Single writer. Not thread-safe: one pipeline thread claims, updates and releases slots; only
 * {@link #heartbeat()} may be called from another thread. The writer side of the shared-memory
 * status table whose layout {@link StatusTableReader} documents.
 *
 * <p>Any number of readers in any process read the table without locks. Every slot change is one
 * sequence-locked write: the sequence turns odd, the body and its checksum are written, the
 * sequence turns even with a release store. Claim and release are local bookkeeping of this single
 * writer, so they need no lock at all.
 *
 * <p>Slot lifecycle: {@link #claim} takes a never-used slot, else the slot retired longest ago
 * (exited or released) once its cooldown has passed, else, when the table is full, evicts the
 * oldest exited slot even within its cooldown (counted in the header); with no retired slot left
 * it returns -1, bumps the overflow counter and logs. {@link #markExited} keeps the final state
 * visible; {@link #release} clears a slot.
 *
 * <pre>{@code
 * try (StatusTable table = StatusTable.create(StatusTable.DEFAULT_PATH, StatusTable.Options.defaults())) {
 *     int slot = table.claim(ProcessIdentity.of(pid));
 *     if (slot < 0) {
 *         return; // the table is full: the process goes unpublished
 *     }
 *     SlotUpdate u = new SlotUpdate();
 *     table.update(slot, u.verdict(verdict).counters(syscalls, errors, signals, children));
 *     table.markExited(slot, 0, 0);
 * }
 * }</pre>
 */
public final class StatusTable implements AutoCloseable {
    /** Where the table lives unless configured otherwise. */
    public static final Path DEFAULT_PATH = Path.of("/dev/shm/procguard");

    private static final System.Logger LOG = System.getLogger(StatusTable.class.getName());
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * How a table is created. Immutable.
     *
     * @param slotCount how many processes the table can hold, 1 to {@link StatusTableReader#MAX_SLOT_COUNT}
     * @param permissions the file mode, set explicitly (the umask does not apply)
     * @param cooldown how long an exited or released slot stays untouched before reuse (unless the table is full)
     * @param heartbeatInterval how often the writer beats; readers call the table stale after three missed beats
     * @param autoHeartbeat true to beat from a daemon thread; false if the caller calls {@link #heartbeat()}
     */
    public record Options(int slotCount, Set<PosixFilePermission> permissions, Duration cooldown, Duration heartbeatInterval,
            boolean autoHeartbeat) {
        /** Validates and copies. */
        public Options {
            if (slotCount < 1 || slotCount > MAX_SLOT_COUNT) {
                throw new IllegalArgumentException("slotCount must be 1 to " + MAX_SLOT_COUNT + ": " + slotCount);
            }
            permissions = Set.copyOf(permissions);
            if (cooldown.isNegative()) {
                throw new IllegalArgumentException("cooldown must not be negative: " + cooldown);
            }
            if (heartbeatInterval.toMillis() < 10 || heartbeatInterval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("heartbeatInterval must be 10 ms to 1 h: " + heartbeatInterval);
            }
        }

        /** @return 1024 slots, mode 0644 (world-readable, writable by the owner), 10 s cooldown, a 1 s heartbeat from a daemon thread */
        public static Options defaults() {
            return new Options(1024, PosixFilePermissions.fromString("rw-r--r--"), Duration.ofSeconds(10), Duration.ofSeconds(1), true);
        }

        /**
         * @param n the slot count
         * @return a copy with that slot count
         */
        public Options withSlotCount(int n) {
            return new Options(n, permissions, cooldown, heartbeatInterval, autoHeartbeat);
        }

        /**
         * @param mode e.g. {@code "rw-r-----"}
         * @return a copy with that file mode
         */
        public Options withPermissions(String mode) {
            return new Options(slotCount, PosixFilePermissions.fromString(mode), cooldown, heartbeatInterval, autoHeartbeat);
        }

        /**
         * @param d the cooldown
         * @return a copy with that cooldown
         */
        public Options withCooldown(Duration d) {
            return new Options(slotCount, permissions, d, heartbeatInterval, autoHeartbeat);
        }

        /**
         * @param interval the heartbeat interval
         * @param automatic whether a daemon thread beats
         * @return a copy with that heartbeat
         */
        public Options withHeartbeat(Duration interval, boolean automatic) {
            return new Options(slotCount, permissions, cooldown, interval, automatic);
        }
    }

    private final Path path;
    private final FileChannel channel;
    private final MappedByteBuffer buffer;
    private final int slotCount;
    private final long cooldownMillis;
    private final Thread heartbeatThread;
    private volatile boolean closed;

    // Writer-local bookkeeping; only the writer thread touches these.
    private final SlotState[] states;
    private final long[] retiredAt;
    private final int[] retired; // ring of retired slots, oldest at retiredHead; each slot at most once
    private int retiredHead;
    private int retiredSize;
    private int neverUsed;
    private final String[] reasons; // what each slot's reason field holds, to skip re-encoding
    private final String[] modelIds;
    private final long[] updates;
    private long overflows;
    private long evictions;
    private long claims;

    private StatusTable(Path path, FileChannel channel, MappedByteBuffer buffer, Options options) {
        this.path = path;
        this.channel = channel;
        this.buffer = buffer;
        this.slotCount = options.slotCount();
        this.cooldownMillis = options.cooldown().toMillis();
        this.states = new SlotState[slotCount];
        java.util.Arrays.fill(states, SlotState.FREE);
        this.retiredAt = new long[slotCount];
        this.retired = new int[slotCount];
        this.reasons = new String[slotCount];
        this.modelIds = new String[slotCount];
        this.updates = new long[slotCount];
        long interval = options.heartbeatInterval().toMillis();
        if (options.autoHeartbeat()) {
            heartbeatThread = new Thread(() -> beatUntilClosed(interval), "procguard-shm-heartbeat");
            heartbeatThread.setDaemon(true);
        } else {
            heartbeatThread = null;
        }
    }

    /**
     * Creates the table file and publishes its header. Safe as root in a shared directory: the
     * directory must be owned by root or us and, if others may write to it, sticky; no symbolic
     * link is followed; an existing file is replaced only if it is a procguard table owned by us
     * whose writer is gone or closed; the mode is set explicitly.
     *
     * @param path the table file, usually {@link #DEFAULT_PATH}
     * @param options slot count, mode, cooldown, heartbeat
     * @return the writer; close it on shutdown so readers see a clean close rather than a crash
     * @throws StatusTableFormatException if the path is a symbolic link or not a regular file
     * @throws FileSystemException if the file belongs to another user, is not a table, or a live writer uses it
     * @throws IOException if the file cannot be created or mapped
     */
    public static StatusTable create(Path path, Options options) throws IOException {
        Objects.requireNonNull(options, "options");
        SafeFiles.checkParentDirectory(path);
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            removeStaleTable(path);
        }
        FileChannel channel = SafeFiles.createNew(path, options.permissions());
        try {
            long size = HEADER_LENGTH + (long) options.slotCount() * SLOT_LENGTH;
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, size); // grows the file, zero-filled
            buffer.order(ByteOrder.LITTLE_ENDIAN);
            StatusTable table = new StatusTable(path, channel, buffer, options);
            table.publishHeader(options);
            return table;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void removeStaleTable(Path path) throws IOException {
        SafeFiles.checkOwnedRegularFile(path);
        ByteBuffer prefix = SafeFiles.readPrefix(path, HEADER_VERSION_MINOR_OFFSET);
        if (prefix.limit() < HEADER_VERSION_MINOR_OFFSET || prefix.getLong(HEADER_MAGIC_OFFSET) != MAGIC) {
            throw new FileSystemException(path.toString(), null,
                    "exists and is not a procguard status table; refusing to replace it: remove it or choose another path");
        }
        int major = Short.toUnsignedInt(prefix.getShort(HEADER_VERSION_MAJOR_OFFSET));
        if (major != VERSION_MAJOR) { // its writer may be a live procguard of another version: we cannot tell
            throw new FileSystemException(path.toString(), null, "is a status table of layout version " + major + " (this is "
                    + VERSION_MAJOR + "), perhaps in use by another procguard; refusing to replace it: remove it or choose another path");
        }
        try (StatusTableReader old = StatusTableReader.open(path)) {
            TableInfo info = old.info();
            WriterState state = old.writerState();
            if (state == WriterState.LIVE || state == WriterState.STALE) {
                throw new FileSystemException(path.toString(), null, "in use by a running writer, pid " + info.writerPid()
                        + "; stop it or choose another path");
            }
            LOG.log(System.Logger.Level.INFO, "replacing status table {0} left by pid {1,number,#} ({2})", path, info.writerPid(),
                    state.name().toLowerCase(java.util.Locale.ROOT));
        } catch (StatusTableFormatException e) {
            LOG.log(System.Logger.Level.INFO, "replacing damaged status table {0}: {1}", path, e.getMessage());
        }
        Files.delete(path); // unlink: readers still mapping the old file keep their (stale) view
    }

    private void publishHeader(Options options) throws IOException {
        ProcessIdentity self = ProcessIdentity.self();
        long now = System.currentTimeMillis();
        buffer.putShort(HEADER_VERSION_MAJOR_OFFSET, (short) VERSION_MAJOR);
        buffer.putShort(HEADER_VERSION_MINOR_OFFSET, (short) VERSION_MINOR);
        buffer.putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH);
        buffer.putInt(HEADER_SLOT_COUNT_OFFSET, slotCount);
        buffer.putInt(HEADER_SLOT_LENGTH_OFFSET, SLOT_LENGTH);
        buffer.putInt(HEADER_WRITER_PID_OFFSET, self.pid());
        buffer.putInt(HEADER_WRITER_STATE_OFFSET, WRITER_RUNNING);
        buffer.putLong(HEADER_WRITER_START_TIME_OFFSET, self.startTime());
        buffer.putLong(HEADER_CREATED_OFFSET, now);
        buffer.putLong(HEADER_HEARTBEAT_INTERVAL_OFFSET, options.heartbeatInterval().toMillis());
        buffer.putLong(HEADER_HEARTBEAT_OFFSET, now);
        LONG.setRelease(buffer, HEADER_MAGIC_OFFSET, MAGIC); // release: every header field above is visible before a reader sees the magic
        if (heartbeatThread != null) {
            heartbeatThread.start();
        }
    }

    /** @return the table file */
    public Path path() {
        return path;
    }

    /** @return the number of slots */
    public int slotCount() {
        return slotCount;
    }

    /** @return claims refused so far because every slot held a running process */
    public long overflows() {
        return overflows;
    }

    /** @return exited slots reused before their cooldown so far because the table was full */
    public long evictions() {
        return evictions;
    }

    /**
     * Claims a slot for a process and publishes its identity with status UNKNOWN, no score, zero
     * counters and first/last seen = now.
     *
     * @param id the process
     * @return the slot index, or -1 if every slot holds a running process (the overflow is counted
     *     in the header and logged)
     */
    public int claim(ProcessIdentity id) {
        return claim(id, 0);
    }

    /**
     * Claims a slot like {@link #claim(ProcessIdentity)}, with first/last seen = {@code firstSeenMillis}: a
     * monitor that publishes behind its trace gives the trace's time, so that ages and lifetimes are right.
     *
     * @param id the process
     * @param firstSeenMillis when the process was first seen, epoch milliseconds; 0 means now
     * @return the slot index, or -1 if every slot holds a running process
     */
    public int claim(ProcessIdentity id, long firstSeenMillis) {
        ensureOpen();
        long now = System.currentTimeMillis();
        long seen = firstSeenMillis != 0 ? firstSeenMillis : now;
        int slot = takeSlot(now, id);
        if (slot < 0) {
            return -1;
        }
        int base = beginWrite(slot);
        buffer.putInt(base + SLOT_STATE_OFFSET, SlotState.ACTIVE.code());
        buffer.putInt(base + SLOT_PID_OFFSET, id.pid());
        buffer.putLong(base + SLOT_START_TIME_OFFSET, id.startTime());
        buffer.putInt(base + SLOT_PPID_OFFSET, id.ppid());
        buffer.putInt(base + SLOT_UID_OFFSET, id.uid());
        buffer.putInt(base + SLOT_STATUS_OFFSET, Status.UNKNOWN.code());
        buffer.putInt(base + SLOT_EXIT_CODE_OFFSET, -1);
        buffer.putInt(base + SLOT_EXIT_SIGNAL_OFFSET, 0);
        buffer.putInt(base + SLOT_RESERVED_OFFSET, 0);
        buffer.putDouble(base + SLOT_SCORE_OFFSET, Double.NaN);
        for (int at = SLOT_SYSCALLS_OFFSET; at < SLOT_FIRST_SEEN_OFFSET; at += SIZE_OF_LONG) {
            buffer.putLong(base + at, 0);
        }
        buffer.putLong(base + SLOT_FIRST_SEEN_OFFSET, seen);
        buffer.putLong(base + SLOT_LAST_SEEN_OFFSET, seen);
        buffer.putLong(base + SLOT_EXITED_OFFSET, 0);
        buffer.putLong(base + SLOT_UPDATES_OFFSET, 0);
        putNames(base, id.comm(), id.exe());
        Slots.putString(buffer, base + SLOT_MODEL_ID_OFFSET, SLOT_MODEL_ID_LENGTH, "", false);
        Slots.putString(buffer, base + SLOT_REASON_OFFSET, SLOT_REASON_LENGTH, "", false);
        endWrite(base);
        states[slot] = SlotState.ACTIVE;
        reasons[slot] = "";
        modelIds[slot] = "";
        updates[slot] = 0;
        LONG.setRelease(buffer, HEADER_CLAIM_COUNT_OFFSET, ++claims); // release: the claimed slot is published before the count
        return slot;
    }

    private int takeSlot(long now, ProcessIdentity id) {
        if (retiredSize > 0 && now - retiredAt[retired[retiredHead]] >= cooldownMillis) {
            return pollRetired();
        }
        if (neverUsed < slotCount) {
            return neverUsed++;
        }
        if (retiredSize > 0) {
            int slot = pollRetired();
            if (states[slot] == SlotState.EXITED) {
                LONG.setRelease(buffer, HEADER_EVICTION_COUNT_OFFSET, ++evictions); // release: publishes the eviction count
                LOG.log(System.Logger.Level.DEBUG, "status table {0} full: evicting exited slot {1,number,#} before its cooldown for pid {2,number,#}",
                        path, slot, id.pid());
            }
            return slot;
        }
        LONG.setRelease(buffer, HEADER_OVERFLOW_COUNT_OFFSET, ++overflows); // release: publishes the overflow count
        if ((overflows & (overflows - 1)) == 0) { // log the 1st, 2nd, 4th, 8th... overflow, not every one
            LOG.log(System.Logger.Level.WARNING, "status table {0} full: all {1,number,#} slots hold running processes; pid {2,number,#} is not "
                    + "published (overflow #{3,number,#}); create the table with more slots", path, slotCount, id.pid(), overflows);
        }
        return -1;
    }

    private int pollRetired() {
        int slot = retired[retiredHead];
        retiredHead = (retiredHead + 1) % slotCount;
        retiredSize--;
        return slot;
    }

    private void retire(int slot, long now) {
        retired[(retiredHead + retiredSize) % slotCount] = slot;
        retiredSize++;
        retiredAt[slot] = now;
    }

    /**
     * Publishes a process's current status, score, counters, last-seen time, reason and model id in
     * one sequence-locked write. Allocation-free unless the reason or model id changed.
     *
     * @param slot a slot returned by {@link #claim} (active or exited)
     * @param u what to publish
     */
    public void update(int slot, SlotUpdate u) {
        checkInUse(slot);
        int base = beginWrite(slot);
        buffer.putInt(base + SLOT_STATUS_OFFSET, u.status.code());
        buffer.putDouble(base + SLOT_SCORE_OFFSET, u.score);
        buffer.putLong(base + SLOT_SYSCALLS_OFFSET, u.syscalls);
        buffer.putLong(base + SLOT_ERRORS_OFFSET, u.errors);
        buffer.putLong(base + SLOT_SIGNALS_OFFSET, u.signals);
        buffer.putLong(base + SLOT_CHILDREN_OFFSET, u.children);
        buffer.putLong(base + SLOT_LAST_SEEN_OFFSET, u.lastSeenMillis != 0 ? u.lastSeenMillis : System.currentTimeMillis());
        buffer.putLong(base + SLOT_UPDATES_OFFSET, ++updates[slot]);
        if (!u.reason.equals(reasons[slot])) {
            Slots.putString(buffer, base + SLOT_REASON_OFFSET, SLOT_REASON_LENGTH, u.reason, false);
            reasons[slot] = u.reason;
        }
        if (!u.modelId.equals(modelIds[slot])) {
            Slots.putString(buffer, base + SLOT_MODEL_ID_OFFSET, SLOT_MODEL_ID_LENGTH, u.modelId, false);
            modelIds[slot] = u.modelId;
        }
        endWrite(base);
    }

    /**
     * Publishes a new command name and executable, e.g. after an execve.
     *
     * @param slot a slot returned by {@link #claim}
     * @param comm the command name
     * @param exe the executable path (a long one keeps its tail)
     */
    public void describe(int slot, String comm, String exe) {
        checkInUse(slot);
        int base = beginWrite(slot);
        putNames(base, comm, exe);
        endWrite(base);
    }

    private void putNames(int base, String comm, String exe) {
        Slots.putString(buffer, base + SLOT_COMM_OFFSET, SLOT_COMM_LENGTH, comm, false);
        Slots.putString(buffer, base + SLOT_EXE_OFFSET, SLOT_EXE_LENGTH, exe, true);
    }

    /**
     * Marks a process as exited; its last status stays visible until the slot is reused, which
     * happens no sooner than the cooldown unless the table is full.
     *
     * @param slot an active slot
     * @param exitCode the exit code, or -1 if killed by a signal or unknown
     * @param signal the signal that killed it, or 0
     */
    public void markExited(int slot, int exitCode, int signal) {
        markExited(slot, exitCode, signal, 0);
    }

    /**
     * Marks a process as exited like {@link #markExited(int, int, int)}, at {@code exitedMillis} (the trace's
     * time of the exit, for a monitor that publishes behind its trace). The cooldown runs from now.
     *
     * @param slot an active slot
     * @param exitCode the exit code, or -1 if killed by a signal or unknown
     * @param signal the signal that killed it, or 0
     * @param exitedMillis when it exited, epoch milliseconds; 0 means now
     */
    public void markExited(int slot, int exitCode, int signal, long exitedMillis) {
        checkSlot(slot);
        if (states[slot] != SlotState.ACTIVE) {
            throw new IllegalStateException("slot " + slot + " is " + states[slot] + ", not ACTIVE");
        }
        long now = System.currentTimeMillis();
        long exited = exitedMillis != 0 ? exitedMillis : now;
        int base = beginWrite(slot);
        buffer.putInt(base + SLOT_STATE_OFFSET, SlotState.EXITED.code());
        buffer.putInt(base + SLOT_EXIT_CODE_OFFSET, exitCode);
        buffer.putInt(base + SLOT_EXIT_SIGNAL_OFFSET, signal);
        buffer.putLong(base + SLOT_EXITED_OFFSET, exited);
        buffer.putLong(base + SLOT_LAST_SEEN_OFFSET, exited);
        endWrite(base);
        states[slot] = SlotState.EXITED;
        retire(slot, now);
    }

    /**
     * Clears a slot (readers stop seeing the process), e.g. when monitoring of a process stops
     * without an exit. The slot is reused no sooner than the cooldown. Releasing a free slot does
     * nothing.
     *
     * @param slot a slot index
     */
    public void release(int slot) {
        checkSlot(slot);
        ensureOpen();
        if (states[slot] == SlotState.FREE) {
            return;
        }
        int base = beginWrite(slot);
        for (int at = SLOT_CHECKSUMMED_OFFSET; at < SLOT_LENGTH; at += SIZE_OF_LONG) {
            buffer.putLong(base + at, 0);
        }
        endWrite(base);
        if (states[slot] == SlotState.ACTIVE) {
            retire(slot, System.currentTimeMillis());
        }
        states[slot] = SlotState.FREE;
        reasons[slot] = "";
        modelIds[slot] = "";
    }

    /** Writes the heartbeat (now). Thread-safe; does nothing once closed. */
    public void heartbeat() {
        if (!closed) {
            LONG.setRelease(buffer, HEADER_HEARTBEAT_OFFSET, System.currentTimeMillis()); // release: readers see a fresh beat
        }
    }

    private void beatUntilClosed(long intervalMillis) {
        while (!closed) {
            heartbeat();
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Opens a sequence-locked write: the sequence turns odd before any body store. */
    private int beginWrite(int slot) {
        int base = HEADER_LENGTH + slot * SLOT_LENGTH;
        long seq = (long) LONG.get(buffer, base + SLOT_SEQUENCE_OFFSET); // plain: only this thread writes it
        LONG.setOpaque(buffer, base + SLOT_SEQUENCE_OFFSET, seq + 1);
        VarHandle.storeStoreFence(); // release fence: the odd sequence is visible before any body store below
        return base;
    }

    /** Closes a sequence-locked write: checksum, then the sequence turns even with a release store. */
    private void endWrite(int base) {
        buffer.putLong(base + SLOT_CHECKSUM_OFFSET, Slots.checksum(buffer, base));
        long seq = (long) LONG.get(buffer, base + SLOT_SEQUENCE_OFFSET); // plain: only this thread writes it
        LONG.setRelease(buffer, base + SLOT_SEQUENCE_OFFSET, seq + 1); // release: body and checksum visible before the even sequence
    }

    private void checkSlot(int slot) {
        if (slot < 0 || slot >= slotCount) {
            throw new IndexOutOfBoundsException("slot " + slot + " of " + slotCount);
        }
    }

    private void checkInUse(int slot) {
        checkSlot(slot);
        ensureOpen();
        if (states[slot] == SlotState.FREE) {
            throw new IllegalStateException("slot " + slot + " is free: claim it first");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("status table " + path + " is closed");
        }
    }

    /**
     * Marks the table closed (readers then report {@link WriterState#CLOSED}, not a crash), stops
     * the heartbeat thread and releases the file descriptor. The file stays so readers can show
     * the final state; the next {@link #create} on the same path replaces it. Idempotent.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (heartbeatThread != null) {
            heartbeatThread.interrupt();
            try {
                heartbeatThread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        INT.setRelease(buffer, HEADER_WRITER_STATE_OFFSET, WRITER_CLOSED); // release: every slot write happens-before readers see "closed"
        channel.close();
    }
}
