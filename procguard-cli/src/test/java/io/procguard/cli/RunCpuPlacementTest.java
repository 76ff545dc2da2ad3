package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code procguard run --affinity}: where the monitor, strace and the program run. The program reports, from
 * {@code /proc}, its own allowed CPUs, its parent's (strace's) and those of every thread of strace's parent (the
 * monitor's JVM), while all three run.
 */
@Timeout(120)
@ExtendWith(NeedsTracing.class)
class RunCpuPlacementTest {
    private static final String REPORT = "echo \"program $(sed -n 's/^Cpus_allowed_list:\\t//p' /proc/self/status)\"; "
            + "echo \"strace $(sed -n 's/^Cpus_allowed_list:\\t//p' /proc/$PPID/status)\"; "
            + "jvm=$(sed -n 's/^PPid:\\t//p' /proc/$PPID/status); "
            + "for t in /proc/$jvm/task/*; do sed -n 's/^Cpus_allowed_list:\\t/monitor /p' $t/status 2>/dev/null; done | sort -u";

    @TempDir
    Path dir;

    @Test
    void byDefaultTheMonitorTakesTheLastCpuAndStraceAndTheProgramTheOthers() throws Exception {
        List<Integer> cpus = allowedCpus();
        assumeTrue(cpus.size() >= 2, "only one CPU usable here: nothing to split");
        int last = cpus.get(cpus.size() - 1);
        String others = list(cpus.subList(0, cpus.size() - 1));
        MonitorProcess.Result r = run(List.of(), "--verbose", "run");
        assertThat(r.out().lines()).containsExactly("program " + others, "strace " + others, "monitor " + last);
        assertThat(r.err()).contains("procguard: CPUs: the monitor on " + last + ", strace and CMD on " + others + "\n");
    }

    @Test
    void affinityOffLeavesEveryCpuToAll() throws Exception {
        String all = list(allowedCpus());
        MonitorProcess.Result r = run(List.of(), "--verbose", "run", "--affinity", "off");
        assertThat(r.out().lines()).containsExactly("program " + all, "strace " + all, "monitor " + all);
        assertThat(r.err()).contains("procguard: CPUs: not split (--affinity off)");
    }

    @Test
    void withOneUsableCpuThereIsNothingToSplit() throws Exception {
        Path taskset = Path.of("/usr/bin/taskset");
        assumeTrue(Files.isExecutable(taskset), "no taskset (util-linux) here");
        int first = allowedCpus().get(0);
        MonitorProcess.Result r = run(List.of(taskset.toString(), "-c", Integer.toString(first)), "--verbose", "run");
        assertThat(r.out().lines()).containsExactly("program " + first, "strace " + first, "monitor " + first);
        assertThat(r.err()).contains("procguard: CPUs: not split (one usable CPU)");
    }

    @Test
    void anUnknownModeIsAUsageError() throws Exception {
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--affinity", "half", "--", "true");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--affinity must be 'split' or 'off', not 'half'");
    }

    /** Runs {@code [prefix] procguard ARGS --quiet --no-shm --log-dir logs -- sh -c REPORT} and checks it succeeded. */
    private MonitorProcess.Result run(List<String> prefix, String... args) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--quiet", "--no-shm", "--log-dir", dir.resolve("logs").toString(), "--", "sh", "-c", REPORT));
        command.addAll(MonitorProcess.command(all.toArray(String[]::new)));
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("procguard finished").isTrue();
        MonitorProcess.Result r = MonitorProcess.result(dir, p.exitValue());
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    /** @return the CPUs this test's JVM may use, from {@code /proc/self/status} */
    private static List<Integer> allowedCpus() throws IOException {
        String line = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow();
        TreeSet<Integer> cpus = new TreeSet<>();
        for (String part : line.substring(line.indexOf(':') + 1).strip().split(",")) {
            String[] ends = part.split("-");
            int from = Integer.parseInt(ends[0]);
            int to = Integer.parseInt(ends[ends.length - 1]);
            for (int c = from; c <= to; c++) {
                cpus.add(c);
            }
        }
        return new ArrayList<>(cpus);
    }

    /** @return CPUs as the kernel lists them ({@code 0-3,6}) */
    private static String list(List<Integer> cpus) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cpus.size(); ) {
            int j = i;
            while (j + 1 < cpus.size() && cpus.get(j + 1) == cpus.get(j) + 1) {
                j++;
            }
            s.append(s.length() > 0 ? "," : "").append(cpus.get(i)).append(j > i ? "-" + cpus.get(j) : "");
            i = j + 1;
        }
        return s.toString();
    }
}
