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
import java.util.ArrayList;
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

    /**
     * Asks for {@code argv[1]} in a DNS question sent to 127.0.0.1:53 as {@code argv[2]} says: {@code sendmsg} or
     * {@code send} on a connected socket (as a resolver does), {@code sendto} on an unconnected one; to [::1]:53 with a
     * {@code 6} after the word ({@code sendto6}: a resolver whose nameserver is an IPv6 address). It runs
     * with strace in a network namespace of their own ({@code unshare -n}, loopback only), where nothing answers.
     */
    private static final String RESOLVER = "import socket,struct,subprocess,sys\n"
            + "subprocess.run(['ip','link','set','lo','up'],check=True)\n"
            + "q=struct.pack('>HHHHHH',0x1234,0x100,1,0,0,0)+b''.join(bytes([len(l)])+l.encode() for l in sys.argv[1].split('.'))"
            + "+b'\\0\\0\\1\\0\\1'\n"
            + "v6=sys.argv[2].endswith('6'); how=sys.argv[2].rstrip('6'); server=('::1' if v6 else '127.0.0.1',53)\n"
            + "def udp(): return socket.socket(socket.AF_INET6 if v6 else socket.AF_INET,socket.SOCK_DGRAM)\n"
            + "if how=='sendto': udp().sendto(q,server); sys.exit()\n"
            + "a=udp(); a.connect(server)\n"
            + "a.sendmsg([q]) if how=='sendmsg' else a.send(q)\n";

    private ProcessRecord resolve(String name, String how) throws Exception {
        return resolve(name, how, true);
    }

    /**
     * @param straceInside strace runs in the resolver's network namespace, where {@code -yy} names the sockets' peers;
     *     outside it (a monitor on the host, the program in a container) the decorations name only inodes, and the
     *     {@code connect} has to tell
     */
    private ProcessRecord resolve(String name, String how, boolean straceInside) throws Exception {
        return resolve(name, how, straceInside, StraceRuns.RECOMMENDED);
    }

    private ProcessRecord resolve(String name, String how, boolean straceInside, List<String> flags) throws Exception {
        StraceRuns.assumeLoopbackNamespace();
        Files.writeString(dir.resolve("resolver.py"), RESOLVER);
        Path log = Files.createTempFile(dir, "trace", ".log");
        List<String> argv = new ArrayList<>(straceInside ? List.of("/usr/bin/unshare", "-n", "strace") : List.of("strace"));
        argv.addAll(flags); // strace in the namespace too, so -yy names the sockets' ends
        argv.addAll(List.of("-o", log.toString()));
        if (!straceInside) {
            argv.addAll(List.of("/usr/bin/unshare", "-n"));
        }
        argv.addAll(List.of(TrainedModels.PYTHON.toString(), dir.resolve("resolver.py").toString(), name, how));
        StraceRuns.runToEnd(argv);
        return StraceRuns.pythonProcess(log, "resolver.py");
    }

    @Test
    void askingTheResolverForAPoolsNameIsMining() throws Exception {
        for (String how : List.of("sendmsg", "send", "sendto")) {
            ProcessRecord miner = resolve("gulf.MoneroOcean.stream", how);
            assertThat(mining(miner)).as(how).isEqualTo(1f);
            assertThat(miner.evidence()).as(how).anySatisfy(line -> assertThat(line).contains("53").contains("MoneroOcean"));
        }
        for (String how : List.of("sendmsg6", "send6", "sendto6")) { // schema 31: an IPv6 nameserver
            ProcessRecord miner = resolve("gulf.MoneroOcean.stream", how);
            assertThat(mining(miner)).as(how).isEqualTo(1f);
            assertThat(miner.evidence()).as(how).anySatisfy(line -> assertThat(line).contains("53").contains("MoneroOcean"));
        }
        for (String how : List.of("send", "send6")) { // schema 31: strace outside the network namespace sees no peers
            assertThat(mining(resolve("gulf.MoneroOcean.stream", how, false))).as(how + ", strace outside").isEqualTo(1f);
        }
        for (String how : List.of("sendmsg", "send", "sendto")) { // schema 52: without -yy
            assertThat(mining(resolve("gulf.MoneroOcean.stream", how, true, List.of("-f", "-s", "256")))).as(how + ", no -yy").isEqualTo(1f);
        }
        assertThat(mining(resolve("deb.debian.org", "send", false))).as("any other name, strace outside").isZero();
        assertThat(mining(resolve("deb.debian.org", "sendmsg"))).as("any other name").isZero();
        assertThat(mining(resolve("deb.debian.org", "sendto6"))).as("any other name, IPv6").isZero();
        assertThat(mining(resolve("moneroocean.stream.example.org", "sendto"))).as("a pool's name inside another domain").isZero();
    }

    @Test
    void glibcsResolverAskingWithSendmmsgIsSeenToo() {
        // getaddrinfo's A and AAAA questions in one sendmmsg, as strace printed them on this machine (replayed: a test does
        // not ask the machine's resolver for a pool's name)
        String args = "4<UDP:[192.0.2.2:55477->10.255.255.53:53]>, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="
                + "\"\\233C\\1\\0\\0\\1\\0\\0\\0\\0\\0\\0\\4gulf\\vmoneroocean\\6stream\\0\\0\\1\\0\\1\", iov_len=41}], msg_iovlen=1, "
                + "msg_controllen=0, msg_flags=0}, msg_len=41}], 2, MSG_NOSIGNAL";
        for (String[] c : new String[][] {{args, "1"}, {args.replace("moneroocean", "debianorgxx"), "0"}}) {
            var acc = new BehaviourFeatures().newAccumulator();
            acc.accept(io.procguard.core.ImmutableTraceEvent.syscall(7, io.procguard.core.Syscalls.SENDMMSG, c[0], 2, null));
            assertThat(acc.snapshot().get("ind.cryptomining")).as(c[0]).isEqualTo(Float.parseFloat(c[1]));
        }
    }

    @Test
    void theQuestionsNameIsReadFromTheMessage() {
        String q = "\u0012\u0034\u0001\u0000\u0000\u0001\u0000\u0000\u0000\u0000\u0000\u0000";
        assertThat(Indicators.dnsQuestion(q + "\u0003xmr\nsupportxmr\u0003com\u0000\u0000\u0001\u0000\u0001"))
                .isEqualTo("xmr.supportxmr.com");
        assertThat(Indicators.asksForMiningPool(q + "\u0003xmr\nsupportxmr\u0003com\u0000")).isTrue();
        assertThat(Indicators.asksForMiningPool(q + "\u0007example\u0003com\u0000")).isFalse();
        assertThat(Indicators.dnsQuestion(q + "\u00c0\u000c")).as("a compression pointer").isNull();
        assertThat(Indicators.dnsQuestion(q + "\u0009supportx")).as("cut short").isNull();
        assertThat(Indicators.dnsQuestion("GET / HTTP/1.1")).isNull();
        assertThat(Indicators.dnsQuestion(null)).isNull();
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
