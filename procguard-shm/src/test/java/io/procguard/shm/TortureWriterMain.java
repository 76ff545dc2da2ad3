package io.procguard.shm;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A writer in its own JVM, for the SIGKILL test: creates the table, prints "ready", then updates
 * until killed.
 */
public final class TortureWriterMain {
    private TortureWriterMain() {
    }

    /** @param args the table path */
    public static void main(String[] args) throws Exception {
        StatusTable table = StatusTable.create(Path.of(args[0]),
                StatusTable.Options.defaults().withSlotCount(64).withCooldown(Duration.ZERO).withHeartbeat(Duration.ofMillis(100), true));
        System.out.println("ready");
        System.out.flush();
        TortureWriter.run(table, () -> false);
    }
}
