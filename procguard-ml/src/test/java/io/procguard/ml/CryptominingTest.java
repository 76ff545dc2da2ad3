package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.process.ProcessRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema 23: {@code ind.cryptomining}. A stand-in miner in Python speaks to a pool in this JVM over loopback, in both
 * dialects pools speak (Stratum's {@code mining.*} methods; a CryptoNote pool's {@code login}, job and shares, as XMRig
 * does), through {@code send}/{@code recv} and through plain {@code write}/{@code read}; a JSON-RPC client with a
 * {@code login} method and a {@code job} word is its benign twin. Miners' command lines and their MSR writes too. Real
 * strace, real processes; the feature decides, not the forest.
 */
class CryptominingTest {
    /**
     * The miner, or its twin: connects to {@code argv[1]}, sends each of {@code argv[3..]} as a line and reads one line
     * back after each; {@code argv[2]} {@code send} uses sendall/recv, {@code write} os.write/os.read on the socket.
     */
    private static final String CLIENT = "import socket,sys,os\n"
            + "s=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\n"
            + "for m in sys.argv[3:]:\n"
            + "    if sys.argv[2]=='send':\n"
            + "        s.sendall((m+'\\n').encode()); s.recv(4096)\n"
            + "    else:\n"
            + "        os.write(s.fileno(),(m+'\\n').encode()); os.read(s.fileno(),4096)\n"
            + "s.close()\n";

    private static final String XMRIG_LOGIN = "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"login\",\"params\":{\"login\":"
            + "\"44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A\","
            + "\"pass\":\"x\",\"agent\":\"XMRig/6.21.0 (Linux x86_64) libuv/1.44.2 gcc/12.2.0\",\"algo\":[\"rx/0\"]}}";
    private static final String XMRIG_SHARE = "{\"id\":2,\"jsonrpc\":\"2.0\",\"method\":\"submit\",\"params\":{\"id\":\"7f1a\","
            + "\"job_id\":\"b2c9\",\"nonce\":\"0a1b2c3d\",\"result\":\"e1f2a3b4c5d6e7f8\"}}";

    @TempDir
    Path dir;

    @BeforeEach
    void needsStraceAndPython() {
        StraceRuns.assumeStrace();
        StraceRuns.assumePython();
    }

    /**
     * Traces the client with {@code flags} against a pool in this JVM that answers each line with the next of
     * {@code answers} (the last one again when they run out).
     */
    private List<ProcessRecord> traceClient(List<String> flags, String io, List<String> answers, String... lines) throws Exception {
        Files.writeString(dir.resolve("client.py"), CLIENT);
        try (ServerSocket pool = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket s = pool.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream out = s.getOutputStream();
                    int n = 0;
                    while (in.readLine() != null) {
                        out.write((answers.get(Math.min(n++, answers.size() - 1)) + "\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                } catch (IOException ignored) {
                    // the trace shows what was said
                }
            });
            server.setDaemon(true);
            server.start();
            String[] argv = new String[4 + lines.length];
            argv[0] = TrainedModels.PYTHON.toString();
            argv[1] = dir.resolve("client.py").toString();
            argv[2] = Integer.toString(pool.getLocalPort());
            argv[3] = io;
            System.arraycopy(lines, 0, argv, 4, lines.length);
            Path log = StraceRuns.trace(dir, flags, argv);
            server.join(10_000);
            return StraceRuns.processes(log, new BehaviourFeatures());
        }
    }

    private static ProcessRecord client(List<ProcessRecord> ps) {
        return ps.stream().filter(p -> p.argv().size() > 1 && p.argv().get(1).endsWith("client.py")).findFirst()
                .orElseThrow(() -> new AssertionError("no client among " + ps.stream().map(ProcessRecord::argv).toList()));
    }

    private static float mining(ProcessRecord p) {
        return p.features().get("ind.cryptomining");
    }

    @Test
    void stratumsSubscribeAndAuthorizeAreMining() throws Exception {
        ProcessRecord miner = client(traceClient(StraceRuns.RECOMMENDED, "send",
                List.of("{\"id\": 1, \"result\": [[[\"mining.notify\", \"ae68\"]], \"08000002\", 4], \"error\": null}",
                        "{\"id\": 2, \"result\": true, \"error\": null}"),
                "{\"id\": 1, \"method\": \"mining.subscribe\", \"params\": [\"cpuminer-opt/3.23\"]}",
                "{\"id\": 2, \"method\": \"mining.authorize\", \"params\": [\"wallet.rig1\", \"x\"]}"));

        assertThat(mining(miner)).isEqualTo(1f);
        assertThat(miner.features().get("ind.any")).isEqualTo(1f);
        assertThat(miner.evidence()).anySatisfy(line -> assertThat(line).contains("sendto(").contains("mining.subscribe"));
    }

    @Test
    void aCryptoNoteLoginAndShareWrittenToTheSocketAreMining() throws Exception {
        ProcessRecord miner = client(traceClient(StraceRuns.RECOMMENDED, "write",
                List.of("{\"id\":1,\"jsonrpc\":\"2.0\",\"error\":null,\"result\":{\"status\":\"OK\"}}"), XMRIG_LOGIN, XMRIG_SHARE));

        assertThat(mining(miner)).isEqualTo(1f);
        assertThat(miner.evidence()).anySatisfy(line -> assertThat(line).startsWith("write(3<TCP:").contains("method").contains("login"));
    }

    @Test
    void aPoolsJobReadFromTheSocketIsMiningEvenWithoutDecorations() throws Exception {
        String job = "{\"id\":1,\"jsonrpc\":\"2.0\",\"error\":null,\"result\":{\"id\":\"7f1a\",\"job\":{\"blob\":\"0606ab12cd\","
                + "\"job_id\":\"b2c9\",\"target\":\"b88d0600\",\"algo\":\"rx/0\"},\"status\":\"OK\"}}";
        ProcessRecord miner = client(traceClient(List.of("-f", "-tt", "-s", "256"), "write", List.of(job),
                "{\"id\":1,\"method\":\"hello\",\"params\":{}}"));

        assertThat(mining(miner)).as("the job in the pool's answer, on an fd known as inet from its connect").isEqualTo(1f);
    }

    @Test
    void anApplicationsJsonRpcWithLoginAndJobsIsNoMining() throws Exception {
        ProcessRecord app = client(traceClient(StraceRuns.RECOMMENDED, "send",
                List.of("{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":{\"token\":\"abc\",\"job\":\"nightly build\",\"jobs\":[1,2]}}"),
                "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"login\",\"params\":{\"user\":\"alice\",\"password\":\"x\"}}",
                "{\"id\":2,\"jsonrpc\":\"2.0\",\"method\":\"jobs.list\",\"params\":{\"queue\":\"build\"}}",
                "{\"id\":3,\"jsonrpc\":\"2.0\",\"method\":\"search\",\"params\":{\"q\":\"data mining.subscribe\"}}",
                "{\"id\":4,\"jsonrpc\":\"2.0\",\"method\":\"job\",\"params\":{\"name\":\"nightly\"}}"));

        assertThat(mining(app)).isZero();
        assertThat(app.features().get("ind.any")).isZero();
    }

    /** Runs {@code script} under {@code sh -c} with copies of {@code true} named as the tools in {@code bin/}. */
    private List<ProcessRecord> traceShell(String script, String... tools) throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        for (String tool : tools) {
            Files.copy(Path.of("/bin/true"), bin.resolve(tool));
        }
        return StraceRuns.processes(StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/bin/sh", "-c", script), new BehaviourFeatures());
    }

    private static ProcessRecord running(List<ProcessRecord> ps, String... argv) {
        return ps.stream().filter(p -> p.argv().equals(List.of(argv))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + List.of(argv) + " among " + ps.stream().map(ProcessRecord::argv).toList()));
    }

    @Test
    void aMinersCommandLineIsMiningAndSoIsTheShellStartingIt() throws Exception {
        String start = "cd " + dir + " && ./bin/xmrig -o stratum+tcp://127.0.0.1:3333 -u W -p x -t 1; ./bin/kswapd --donate-level=1 -c c.json;"
                + " ./bin/modprobe msr allow_writes=on";
        List<ProcessRecord> ps = traceShell(start, "xmrig", "kswapd", "modprobe");

        assertThat(mining(running(ps, "./bin/xmrig", "-o", "stratum+tcp://127.0.0.1:3333", "-u", "W", "-p", "x", "-t", "1"))).isEqualTo(1f);
        assertThat(mining(running(ps, "./bin/kswapd", "--donate-level=1", "-c", "c.json"))).isEqualTo(1f);
        assertThat(mining(running(ps, "./bin/modprobe", "msr", "allow_writes=on"))).isEqualTo(1f);
        assertThat(mining(running(ps, "/bin/sh", "-c", start))).as("the shell that starts it").isEqualTo(1f);
    }

    @Test
    void commandLinesThatOnlyMentionStratumOrMsrAreNoMining() throws Exception {
        String twin = "cd " + dir + " && ./bin/grep -r stratum notes/; ./bin/curl https://example.org/stratum-v2.html;"
                + " ./bin/modprobe msr; ./bin/pip download --donate x";
        List<ProcessRecord> ps = traceShell(twin, "grep", "curl", "modprobe", "pip");

        assertThat(ps).isNotEmpty().allSatisfy(p -> assertThat(mining(p)).as("%s", p.argv()).isZero());
    }

    @Test
    void openingACpusModelSpecificRegistersForWritingIsMiningEvenWhenItFails() throws Exception {
        String program = "import os\n"
                + "for flags in (os.O_RDONLY, os.O_WRONLY):\n"
                + "    try: os.close(os.open('/dev/cpu/0/msr', flags))\n"
                + "    except OSError: pass\n";
        Files.writeString(dir.resolve("msr.py"), program);
        Files.writeString(dir.resolve("rdmsr.py"), program.replace("(os.O_RDONLY, os.O_WRONLY)", "(os.O_RDONLY,)"));
        List<ProcessRecord> writer = StraceRuns.processes(StraceRuns.trace(dir, StraceRuns.RECOMMENDED, TrainedModels.PYTHON.toString(),
                dir.resolve("msr.py").toString()), new BehaviourFeatures());
        List<ProcessRecord> reader = StraceRuns.processes(StraceRuns.trace(dir, StraceRuns.RECOMMENDED, TrainedModels.PYTHON.toString(),
                dir.resolve("rdmsr.py").toString()), new BehaviourFeatures());

        assertThat(writer).singleElement().satisfies(p -> {
            assertThat(mining(p)).isEqualTo(1f);
            assertThat(p.evidence()).anySatisfy(line -> assertThat(line).contains("/dev/cpu/0/msr").contains("O_WRONLY"));
        });
        assertThat(reader).as("reading them is what turbostat does").singleElement().satisfies(p -> assertThat(mining(p)).isZero());
    }
}
