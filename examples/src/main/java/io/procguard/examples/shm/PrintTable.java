package io.procguard.examples.shm;

import io.procguard.shm.ProcessStatus;
import io.procguard.shm.StatusTable;
import io.procguard.shm.StatusTableReader;
import io.procguard.shm.TableInfo;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * Prints a status table once: the writer's state, then one line per process, highest score first.
 * Needs no root: the reader maps the file read-only. Single-threaded.
 *
 * <pre>
 * java -cp examples/target/classes:... io.procguard.examples.shm.PrintTable [/dev/shm/procguard]
 * </pre>
 */
public final class PrintTable {
    private PrintTable() {
    }

    /**
     * @param args optional table path
     * @throws Exception if there is no usable table
     */
    public static void main(String[] args) throws Exception {
        Path path = args.length > 0 ? Path.of(args[0]) : StatusTable.DEFAULT_PATH;
        try (StatusTableReader reader = StatusTableReader.open(path)) {
            TableInfo info = reader.info();
            System.out.printf("%s: writer pid %d is %s; %d slots, %d overflows%n", path, info.writerPid(), reader.writerState(),
                    info.slotCount(), info.overflows());
            reader.snapshot().stream()
                    .sorted(Comparator.comparingDouble((ProcessStatus p) -> Double.isNaN(p.score()) ? -1 : p.score()).reversed())
                    .forEach(p -> System.out.printf("%7d %-15s %-10s %5.2f %s%n", p.pid(), printable(p.comm()), p.status(), p.score(),
                            printable(p.reason())));
        }
    }

    /** Traced programs choose their own names: never print their control characters raw. */
    private static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
