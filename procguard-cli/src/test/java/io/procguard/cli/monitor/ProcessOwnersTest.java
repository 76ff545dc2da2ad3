package io.procguard.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.procguard.core.pipeline.ProcessStart;
import io.procguard.shm.ProcessStatus;
import io.procguard.shm.StatusTable;
import io.procguard.shm.StatusTableReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uid the sinks publish for processes that are gone before {@code /proc} is read: the CI machine
 * once ran a whole {@code sh -c} loop before the monitor saw its start, and every slot said uid -1.
 * Real exited processes stand in for the short-lived ones.
 */
class ProcessOwnersTest {
    private static final int SESSION_UID = 4321;

    @TempDir
    Path dir;

    @Test
    void aRootGoneBeforeItIsLookedAtRunsAsTheSessionsUserAndItsForksInheritIt() throws Exception {
        int root = exitedPid();
        int child = exitedPid();
        int orphan = exitedPid();
        Path tablePath = dir.resolve("table");
        try (StatusTable table = StatusTable.create(tablePath, StatusTable.Options.defaults().withSlotCount(8))) {
            ShmSink shm = new ShmSink(table, SESSION_UID, message -> { });
            ProcessLogWriter logs = new ProcessLogWriter(dir.resolve("logs"), false, SESSION_UID, 100, ProcessLogWriter.DEFAULT_MAX_MIB, message -> { });
            for (ProcessStart s : List.of(start(root, 1, false), start(child, root, true), start(orphan, 999_999, true))) {
                shm.onStart(s);
                logs.onStart(s);
            }
            logs.close();
            try (StatusTableReader reader = StatusTableReader.open(tablePath)) {
                assertThat(reader.snapshot()).extracting(ProcessStatus::pid, ProcessStatus::uid)
                        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(root, SESSION_UID),
                                org.assertj.core.groups.Tuple.tuple(child, SESSION_UID),
                                org.assertj.core.groups.Tuple.tuple(orphan, -1));
            }
            assertThat(loggedUid(root)).isEqualTo(SESSION_UID);
            assertThat(loggedUid(child)).isEqualTo(SESSION_UID);
            assertThat(loggedUid(orphan)).as("a fork whose parent was never seen: nothing tells").isEqualTo(-1);
        }
    }

    @Test
    void aLiveProcessIsPublishedWithTheUidProcGives() throws Exception {
        long self = ProcessHandle.current().pid();
        int procUid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        Path tablePath = dir.resolve("table");
        try (StatusTable table = StatusTable.create(tablePath, StatusTable.Options.defaults().withSlotCount(8))) {
            new ShmSink(table, SESSION_UID, message -> { }).onStart(start((int) self, 1, false));
            try (StatusTableReader reader = StatusTableReader.open(tablePath)) {
                assertThat(reader.snapshot()).extracting(ProcessStatus::uid).containsExactly(procUid);
            }
        }
    }

    private int loggedUid(int pid) throws Exception {
        String first = Files.readAllLines(dir.resolve("logs").resolve("proc_" + pid + ".log")).get(0);
        return new ObjectMapper().readTree(first).path("uid").asInt(Integer.MIN_VALUE);
    }

    private static ProcessStart start(int pid, int ppid, boolean forked) {
        return new ProcessStart(pid, ppid, forked, "sh", "/usr/bin/sh", List.of("sh"), System.nanoTime());
    }

    /** @return the pid of a process that has exited and been reaped */
    private static int exitedPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        int pid = (int) p.pid();
        assertThat(Path.of("/proc", Integer.toString(pid))).as("pid %d reaped", pid).doesNotExist();
        return pid;
    }
}
