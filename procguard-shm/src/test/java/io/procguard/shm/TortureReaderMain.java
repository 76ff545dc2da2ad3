package io.procguard.shm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * A reader in its own JVM for the multi-process test: {@code PATH MIN_READS MAX_SECONDS}. Reads
 * slots until MIN_READS consistent reads of non-free slots, checks every copy's checksum and the
 * {@link TortureWriter} invariants, prints {@code reads=N torn=N unsettled=N changes=N}.
 */
public final class TortureReaderMain {
    private TortureReaderMain() {
    }

    /** @param args path, minimum reads, maximum seconds */
    public static void main(String[] args) throws Exception {
        long minReads = Long.parseLong(args[1]);
        long deadline = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
        try (StatusTableReader reader = StatusTableReader.open(Path.of(args[0]))) {
            int n = reader.slotCount();
            long[] last = new long[n];
            byte[] scratch = new byte[StatusTableReader.SLOT_LENGTH];
            ByteBuffer s = ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN);
            long reads = 0;
            long torn = 0;
            long unsettled = 0;
            long changes = 0;
            long pass = 0;
            while (reads < minReads) {
                for (int i = 0; i < n; i++) {
                    if (!reader.copySlot(i, scratch)) {
                        unsettled++;
                        continue;
                    }
                    if (s.getInt(StatusTableReader.SLOT_STATE_OFFSET) == SlotState.FREE.code()) {
                        continue;
                    }
                    reads++;
                    if (!consistent(s)) {
                        if (torn < 5) {
                            System.err.println("torn slot " + i + ": " + Slots.decode(i, s));
                        }
                        torn++;
                    }
                    long seq = s.getLong(StatusTableReader.SLOT_SEQUENCE_OFFSET);
                    if (seq != last[i]) {
                        if (last[i] != 0) {
                            changes++;
                        }
                        last[i] = seq;
                    }
                }
                if ((++pass & 255) == 0 && System.nanoTime() > deadline) {
                    break;
                }
            }
            System.out.println("reads=" + reads + " torn=" + torn + " unsettled=" + unsettled + " changes=" + changes);
        }
    }

    /** The checksum and the {@link TortureWriter} invariants. */
    static boolean consistent(ByteBuffer s) {
        if (!Slots.checksumMatches(s, 0)) {
            return false;
        }
        long syscalls = s.getLong(StatusTableReader.SLOT_SYSCALLS_OFFSET);
        long errors = s.getLong(StatusTableReader.SLOT_ERRORS_OFFSET);
        long signals = s.getLong(StatusTableReader.SLOT_SIGNALS_OFFSET);
        String reason = Slots.getString(s, StatusTableReader.SLOT_REASON_OFFSET, StatusTableReader.SLOT_REASON_LENGTH);
        if (s.getLong(StatusTableReader.SLOT_UPDATES_OFFSET) == 0) {
            return syscalls == 0 && errors == 0 && signals == 0 && reason.isEmpty();
        }
        return errors == syscalls / 2 && signals == syscalls % 7
                && s.getLong(StatusTableReader.SLOT_CHILDREN_OFFSET) == s.getInt(StatusTableReader.SLOT_PID_OFFSET)
                && reason.equals("update " + syscalls);
    }
}
