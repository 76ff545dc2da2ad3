package io.procguard.strace;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.EventKind;
import io.procguard.core.TraceEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * strace -f writing to a shared stderr prints no pid while one process is traced: the first process's lines
 * before its first fork, and every line while it is alone again, must stay one process (the default pid).
 */
class SharedStderrPidsTest {
    @BeforeEach
    void needsStrace() {
        RealStrace.assumeStrace();
    }

    private static Set<Integer> pids(List<TraceEvent> events) {
        Set<Integer> out = new TreeSet<>();
        events.stream().filter(e -> e.kind() == EventKind.SYSCALL).forEach(e -> out.add(e.pid()));
        return out;
    }

    @Test
    void theFirstProcessIsOneProcessBeforeDuringAndAfterItsChildrenAsInAFileLog(@TempDir Path dir) throws IOException {
        List<String> command = List.of("/bin/sh", "-c", "/bin/true; /bin/true; echo x");
        List<TraceEvent> file = LineShapesTest.events(RealStrace.traceToFile(Files.createDirectory(dir.resolve("f")), List.of("-f"), command));
        List<TraceEvent> stderr = LineShapesTest.events(RealStrace.traceToStderr(Files.createDirectory(dir.resolve("s")), List.of("-f"), command));
        assertThat(pids(file)).hasSize(3); // sh and its two children
        assertThat(pids(stderr)).as("sh, before: pid 0 and its real pid").hasSize(3).contains(0);
        List<TraceEvent> sh = stderr.stream().filter(e -> e.pid() == 0 && e.kind() == EventKind.SYSCALL).toList();
        assertThat(sh.get(0).syscallName()).isEqualTo("execve");
        assertThat(sh.get(sh.size() - 1).syscallName()).isEqualTo("exit_group");
        assertThat(sh).filteredOn(e -> e.syscallName().equals("wait4")).isNotEmpty()
                .allMatch(TraceEvent::hasReturnValue, "each wait4 stitched to its return, across the switch to [pid N] and back");
    }

    @Test
    void theShapesOfAStderrLogGetOnePidPerProcessAndStitchAcrossTheSwitch() throws IOException {
        List<TraceEvent> events = LineShapesTest.parse(String.join("\n",
                "execve(\"/usr/bin/sh\", [\"sh\", \"-c\", \"/bin/true; echo x\"], 0x7ffed5ad7838 /* 39 vars */) = 0",
                "strace: Process 23887 attached",
                "[pid 23887] execve(\"/bin/true\", [\"/bin/true\"], 0x55ed37a9db98 /* 39 vars */ <unfinished ...>",
                "[pid 23886] wait4(-1,  <unfinished ...>",
                "[pid 23887] <... execve resumed>)       = 0",
                "[pid 23887] exit_group(0)               = ?",
                "[pid 23887] +++ exited with 0 +++",
                "<... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 23887",
                "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=23887, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---",
                "write(1, \"x\\n\", 2)                      = 2",
                "exit_group(0)                           = ?",
                "+++ exited with 0 +++", ""));
        assertThat(events).extracting(e -> e.kind() + " " + e.pid() + " " + (e.kind() == EventKind.SYSCALL ? e.syscallName() : ""))
                .containsExactly("SYSCALL 0 execve", "ATTACHED 23887 ", "SYSCALL 23887 execve", "SYSCALL 23887 exit_group",
                        "EXITED 23887 ", "SYSCALL 0 wait4", "SIGNAL 0 ", "SYSCALL 0 write", "SYSCALL 0 exit_group", "EXITED 0 ");
        TraceEvent wait = events.get(5);
        assertThat(wait.resumed()).isTrue();
        assertThat(wait.arguments().toString()).startsWith("-1, ").contains("WIFEXITED");
        assertThat(wait.returnValue()).isEqualTo(23887);
    }

    @Test
    void whenTheFirstProcessEndsFirstALineWithoutPidBelongsToTheChildStillTraced() throws IOException {
        List<TraceEvent> events = LineShapesTest.parse(String.join("\n",
                "getpid() = 10",
                "strace: Process 11 attached",
                "[pid 11] getpid() = 11",
                "[pid 10] exit_group(0) = ?",
                "[pid 10] +++ exited with 0 +++",
                "getppid() = 1",
                "exit_group(0) = ?",
                "+++ exited with 0 +++", ""));
        assertThat(events).filteredOn(e -> e.kind() == EventKind.SYSCALL).extracting(e -> e.pid() + " " + e.syscallName())
                .containsExactly("0 getpid", "11 getpid", "0 exit_group", "11 getppid", "11 exit_group");
    }

    @Test
    void aLogWithoutPidsAtAllKeepsTheDefaultPid() throws IOException {
        List<TraceEvent> events = LineShapesTest.parse("getpid() = 10\nclone(child_stack=NULL, flags=SIGCHLD) = 11\nexit_group(0) = ?\n");
        assertThat(events).extracting(TraceEvent::pid).containsOnly(0);
    }
}
