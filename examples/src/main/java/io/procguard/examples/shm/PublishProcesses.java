package io.procguard.examples.shm;

import io.procguard.core.Status;
import io.procguard.shm.ProcessIdentity;
import io.procguard.shm.SlotUpdate;
import io.procguard.shm.StatusTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Publishes two real processes (this JVM and a {@code sleep} child) in a status table and keeps
 * their counters moving for a while, so a reader has something to watch. Single-threaded.
 *
 * <pre>
 * java -cp examples/target/classes:... io.procguard.examples.shm.PublishProcesses [TABLE] [SECONDS]
 * procguard status --watch --shm TABLE      # in another terminal; or examples/python/procguard_shm.py TABLE
 * </pre>
 * Without TABLE it creates one in a new private directory under /dev/shm and prints its path.
 */
public final class PublishProcesses {
    private PublishProcesses() {
    }

    /**
     * @param args optional table path and duration in seconds (default 30)
     * @throws Exception if the table cannot be created
     */
    public static void main(String[] args) throws Exception {
        Path table = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory(Path.of("/dev/shm"), "procguard-example-").resolve("table");
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 30;
        Process sleeper = new ProcessBuilder("sleep", Long.toString(seconds + 5)).start();
        try (StatusTable writer = StatusTable.create(table, StatusTable.Options.defaults().withSlotCount(64))) {
            System.out.println("publishing to " + table + " for " + seconds + " s");
            int self = writer.claim(ProcessIdentity.self());
            int child = writer.claim(ProcessIdentity.of((int) sleeper.pid()));
            SlotUpdate u = new SlotUpdate().modelId("example");
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            for (long tick = 1; System.nanoTime() < end; tick++) {
                writer.update(self, u.status(Status.BENIGN).score(0.1).counters(tick * 100, tick, 0, 1).reason("publishing, tick " + tick));
                writer.update(child, u.status(tick > 5 ? Status.SUSPICIOUS : Status.UNKNOWN).score(Math.min(1, tick / 10.0))
                        .counters(tick, 0, 0, 0).reason(tick > 5 ? "sleeps suspiciously long" : "too little evidence"));
                Thread.sleep(500);
            }
            sleeper.destroy();
            writer.markExited(child, -1, 15);
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
