package io.procguard.shm;

import io.procguard.core.Status;
import java.util.function.BooleanSupplier;

/**
 * Test writer: updates slots as fast as it can with fields that obey invariants the readers check
 * (errors == syscalls / 2, signals == syscalls % 7, children == pid, reason == "update SYSCALLS"),
 * and keeps exiting, releasing and claiming slots so the lifecycle runs under the readers too.
 */
final class TortureWriter {
    static final int ACTIVE = 32;

    private TortureWriter() {
    }

    /** @return updates published */
    static long run(StatusTable table, BooleanSupplier stop) {
        int[] slots = new int[ACTIVE];
        int[] pids = new int[ACTIVE];
        int nextPid = 10_000;
        for (int i = 0; i < ACTIVE; i++) {
            pids[i] = nextPid++;
            slots[i] = table.claim(identity(pids[i]));
        }
        SlotUpdate u = new SlotUpdate().modelId("torture-1");
        long n = 0;
        while (!stop.getAsBoolean()) {
            n++;
            int i = (int) (n % ACTIVE);
            u.status(Status.fromCode((int) (n & 3))).score((n % 1000) / 1000.0)
                    .counters(n, n / 2, n % 7, pids[i]).reason("update " + n);
            table.update(slots[i], u);
            if (n % 5_000 == 0) { // churn: exit one process, release another, start a new one
                table.markExited(slots[i], 0, 0);
                int j = (i + 1) % ACTIVE;
                table.release(slots[j]);
                pids[i] = nextPid++;
                slots[i] = table.claim(identity(pids[i]));
                pids[j] = nextPid++;
                slots[j] = table.claim(identity(pids[j]));
            }
        }
        return n;
    }

    private static ProcessIdentity identity(int pid) {
        return new ProcessIdentity(pid, pid * 7L, 1, 0, "proc-" + pid, "/usr/bin/proc-" + pid);
    }
}
