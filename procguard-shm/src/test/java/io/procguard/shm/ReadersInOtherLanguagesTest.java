package io.procguard.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.core.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stdlib-only Python reader and the C example in examples/ read what the Java writer publishes. */
class ReadersInOtherLanguagesTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    @TempDir(factory = ShmTempDir.class)
    Path dir;
    @TempDir // binaries: /dev/shm may be mounted noexec
    Path bin;
    private Path table;
    private StatusTable writer;

    @BeforeEach
    void setUp() throws Exception {
        table = dir.resolve("table");
        writer = StatusTable.create(table, StatusTable.Options.defaults().withSlotCount(16).withCooldown(Duration.ZERO));
        int a = writer.claim(ProcessIdentity.self());
        writer.update(a, new SlotUpdate().status(Status.SUSPICIOUS).score(0.8).counters(500, 20, 1, 2)
                .reason("connects to 127.0.0.1:4444 then dup2 onto stdin").modelId("onnx:rf-1"));
        int b = writer.claim(new ProcessIdentity(31337, 5, 1, 0, "esc\u001b[2Jape", "/tmp/x"));
        writer.update(b, new SlotUpdate().status(Status.BENIGN).score(0.1).counters(10, 0, 0, 0).reason("naïve ✓"));
        writer.markExited(b, 3, 0);
    }

    @AfterEach
    void tearDown() throws Exception {
        writer.close();
    }

    private static Path pythonReader() {
        Path reader = TestSupport.repoRoot().resolve("examples/python/procguard_shm.py");
        assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 is not installed");
        assumeTrue(Files.isRegularFile(reader), "examples/python/procguard_shm.py not found under " + TestSupport.repoRoot());
        return reader;
    }

    @Test
    void thePythonReaderSeesExactlyWhatTheJavaReaderSees() throws Exception {
        String json = TestSupport.run(List.of(PYTHON.toString(), pythonReader().toString(), "--json", table.toString()), 30);
        List<String> javaView = new ArrayList<>();
        try (StatusTableReader r = StatusTableReader.open(table)) {
            for (ProcessStatus p : r.snapshot()) {
                javaView.add(p.pid() + " " + p.state() + " " + p.status() + " " + p.syscalls() + " " + p.exitCode() + " " + p.reason());
            }
        }
        String program = "import json,sys\nfor p in json.load(sys.stdin):\n"
                + "    print(p['pid'], p['state'], p['status'], p['syscalls'], -1 if p['exit_code'] is None else p['exit_code'], "
                + "p['reason'])\n"; // the reader gives None (JSON null) for the table's -1, 'no exit code'

        Process p = new ProcessBuilder(PYTHON.toString(), "-c", program).start();
        p.getOutputStream().write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String pythonView = TestSupport.finish(p, List.of("python3 -c"), 30);
        assertThat(pythonView.lines().sorted().toList()).isEqualTo(javaView.stream().sorted().toList());
        assertThat(json).contains("\"comm\": \"esc\\u001b[2Jape\"");
    }

    @Test
    void thePythonReaderTableEscapesHostileNamesAndReportsTheWriterState() throws Exception {
        String human = TestSupport.run(List.of(PYTHON.toString(), pythonReader().toString(), table.toString()), 30);
        assertThat(human).doesNotContain("\u001b").contains("esc\\x1b[2Jape").contains("SUSPICIOUS");
        assertThat(human.lines().skip(1).findFirst().orElseThrow()).as("highest score first").contains("SUSPICIOUS");
        assertThat(TestSupport.run(List.of(PYTHON.toString(), pythonReader().toString(), "--state", table.toString()), 30).trim())
                .isEqualTo("live");
        writer.close();
        assertThat(TestSupport.run(List.of(PYTHON.toString(), pythonReader().toString(), "--state", table.toString()), 30).trim())
                .isEqualTo("closed");
    }

    @Test
    void thePythonReaderRefusesBadFilesWithOneLine() throws Exception {
        Path garbage = dir.resolve("garbage");
        Files.write(garbage, new byte[4096]);
        Process p = new ProcessBuilder(PYTHON.toString(), pythonReader().toString(), garbage.toString()).start();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(3);
        assertThat(err.strip()).isEqualTo("procguard_shm: " + garbage + ": at byte 0: not initialised yet (magic is 0): is the writer still starting?");
    }

    @Test
    void anUnprivilegedUserCanReadTheTableWithThePythonReader() throws Exception {
        Path reader = pythonReader();
        assumeTrue(SafeFiles.currentUid() == 0 && Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs root and setpriv to drop to nobody");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // let nobody reach the 0644 file
        String out = TestSupport.run(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                PYTHON.toString(), reader.toString(), "--json", table.toString()), 30);
        assertThat(out).contains("\"pid\": " + ProcessHandle.current().pid());
    }

    @Test
    void theCExampleBuiltFromTheHeaderListsTheProcesses() throws Exception {
        Path source = TestSupport.repoRoot().resolve("examples/c/procguard_status.c");
        assumeTrue(Files.isRegularFile(source), "examples/c/procguard_status.c not found under " + TestSupport.repoRoot());
        Path binary = TestSupport.compile(source, bin);
        String out = TestSupport.run(List.of(binary.toString(), table.toString()), 30);
        assertThat(out).contains("31337").contains("SUSPICIOUS").contains("connects to 127.0.0.1:4444").doesNotContain("\u001b");
        assertThat(out).contains("writer: live");
    }
}
