package io.procguard.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link CpuPlacement} in this JVM: every thread on the monitor's CPU, a process started through it on the others,
 * and everything back where it was after {@link CpuPlacement#close}. The kernel's own view ({@code /proc}) is checked.
 */
class CpuPlacementTest {
    @Test
    void theJvmsThreadsMoveToTheLastCpuAProcessStartedThroughItGetsTheOthersAndCloseGivesThemBack() throws Exception {
        BitSet allowed = CpuPlacement.allowedCpus();
        assumeTrue(allowed.cardinality() >= 2, "only one CPU usable here: nothing to split");
        String all = CpuPlacement.listOf(allowed);
        List<String> warnings = new ArrayList<>();
        Process child;
        try (CpuPlacement p = CpuPlacement.split(warnings::add)) {
            assertThat(p).isNotNull();
            String last = Integer.toString(allowed.length() - 1);
            assertThat(p.monitorCpus()).isEqualTo(last);
            assertThat(threadCpus()).containsOnly(last);
            // a thread started now inherits the monitor's CPU from the thread that starts it
            String[] seen = new String[1];
            Thread t = new Thread(() -> seen[0] = cpusOf(Path.of("/proc/thread-self/status")));
            t.start();
            t.join();
            assertThat(seen[0]).isEqualTo(last);
            child = p.startTraced(() -> new ProcessBuilder("/bin/sleep", "30").start());
            try {
                assertThat(cpusOf(Path.of("/proc/" + child.pid() + "/status"))).isEqualTo(p.tracedCpus());
                assertThat(cpusOf(Path.of("/proc/thread-self/status"))).as("the starting thread is back").isEqualTo(last);
            } finally {
                child.destroyForcibly().waitFor();
            }
        }
        assertThat(threadCpus()).containsOnly(all);
        assertThat(warnings).isEmpty();
    }

    @Test
    void cpuListsAreWrittenAsTheKernelWritesThem() {
        BitSet s = new BitSet();
        assertThat(CpuPlacement.listOf(s)).isEmpty();
        s.set(0);
        assertThat(CpuPlacement.listOf(s)).isEqualTo("0");
        s.set(1, 4);
        s.set(6);
        s.set(9, 11);
        assertThat(CpuPlacement.listOf(s)).isEqualTo("0-3,6,9-10");
    }

    /** @return the distinct CPU lists of this JVM's threads */
    private static Set<String> threadCpus() throws IOException {
        Set<String> lists = new TreeSet<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(t -> {
                String cpus = cpusOf(t.resolve("status"));
                if (cpus != null) {
                    lists.add(cpus);
                }
            });
        }
        return lists;
    }

    /** @return the {@code Cpus_allowed_list} of a status file, or null when the thread is gone */
    private static String cpusOf(Path status) {
        try {
            return Files.readAllLines(status).stream().filter(l -> l.startsWith("Cpus_allowed_list:"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElseThrow();
        } catch (IOException e) {
            return null;
        }
    }
}
