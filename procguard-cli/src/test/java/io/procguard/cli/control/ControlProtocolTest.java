package io.procguard.cli.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.procguard.cli.monitor.ConsoleReporter;
import io.procguard.cli.monitor.Monitor;
import io.procguard.cli.monitor.Scoring;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control socket against a misbehaving local client: real sockets to an in-process daemon (no
 * watches are started, so no root is needed). Every bound the daemon promises is pushed here.
 */
@Timeout(60)
class ControlProtocolTest {
    private static Scoring scoring;

    @TempDir
    Path dir;

    private Daemon daemon;
    private Thread server;
    private final StringWriter err = new StringWriter();
    private final List<SocketChannel> clients = new ArrayList<>();

    @BeforeAll
    static void loadModel() {
        scoring = Scoring.load("onnx", null, false);
    }

    @AfterAll
    static void freeModel() {
        scoring.close();
    }

    @AfterEach
    void stop() throws Exception {
        for (SocketChannel c : clients) {
            c.close();
        }
        if (daemon != null) {
            daemon.stop();
            server.join(5_000);
            daemon.close();
        }
    }

    private void start(int maxClients) throws IOException {
        Monitor.Options options = new Monitor.Options(dir.resolve("logs"), null, false, 16, null, null, ConsoleReporter.Mode.QUIET, 1000, 1000);
        daemon = Daemon.open(dir.resolve("s.sock"), new Daemon.Limits(4, 2, maxClients, maxClients), options, scoring, Path.of("/usr/bin/strace"),
                false, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        server = new Thread(() -> {
            try {
                daemon.serve();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        server.start();
    }

    @Test
    void garbageAndUnknownRequestsGetBadRequestAndTheConnectionGoesOn() throws Exception {
        start(4);
        SocketChannel c = connect();
        for (String bad : new String[] {"not json", "[1,2]", "{\"op\":\"format-disk\"}", "{\"pid\":1}", "{\"op\":\"watch\",\"pid\":-1}",
            "{\"op\":\"watch\",\"pid\":\"1\"}", "{\"op\":\"run\",\"argv\":[],\"cwd\":\"/\"}", "{\"op\":\"run\",\"argv\":[\"ls\"],\"cwd\":\"tmp\"}",
            "{\"op\":\"run\",\"argv\":[\"A=1\",\"sh\"],\"cwd\":\"/\"}", "{\"op\":\"output\"}", "{\"op\":\"output\",\"id\":0}",
            "{\"op\":\"output\",\"id\":1,\"offset\":-1}", "{\"op\":\"output\",\"id\":1,\"offset\":\"0\"}",
            "{\"a\":" .repeat(20) + "1" + "}".repeat(20)}) {
            JsonNode answer = exchange(c, bad);
            assertThat(answer.path("ok").asBoolean()).as(bad).isFalse();
            assertThat(answer.path("code").asText()).as(bad).isEqualTo("bad_request");
            assertThat(answer.path("error").asText()).as(bad).isNotEmpty().doesNotContain("\n");
        }
        JsonNode list = exchange(c, "{\"op\":\"list\"}");
        assertThat(list.path("ok").asBoolean()).isTrue();
        assertThat(list.path("watches").isArray()).isTrue();
        JsonNode none = exchange(c, "{\"op\":\"output\",\"id\":12345}");
        assertThat(none.path("code").asText()).isEqualTo("not_found");
    }

    @Test
    void aLineLongerThanTheLimitIsRefusedAndTheConnectionClosed() throws Exception {
        start(4);
        SocketChannel c = connect();
        byte[] huge = new byte[Daemon.MAX_LINE_BYTES + 5000];
        java.util.Arrays.fill(huge, (byte) 'a');
        write(c, huge);
        JsonNode answer = Request.MAPPER.readTree(readLine(c));
        assertThat(answer.path("code").asText()).isEqualTo("bad_request");
        assertThat(answer.path("error").asText()).isEqualTo("request line longer than " + Daemon.MAX_LINE_BYTES + " bytes");
        String more;
        try {
            more = readLine(c);
        } catch (IOException reset) {
            more = null; // closed with our unread bytes still queued: the kernel resets the connection
        }
        assertThat(more).as("closed").isNull();
    }

    @Test
    void aClientThatSendsNothingOrHalfALineIsDroppedAtTheDeadline() throws Exception {
        start(4);
        daemon.lineDeadline(300);
        SocketChannel silent = connect();
        SocketChannel half = connect();
        write(half, "{\"op\":".getBytes(StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        assertThat(readLine(silent)).isNull();
        assertThat(readLine(half)).isNull();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("dropped after about the deadline").isBetween(200L, 5_000L);
        assertThat(exchange(connect(), "{\"op\":\"list\"}").path("ok").asBoolean()).as("still serving").isTrue();
    }

    @Test
    void anIdleConnectionIsClosedAfterAFewSeconds() throws Exception {
        start(4);
        SocketChannel idle = connect();
        long t0 = System.nanoTime();
        java.util.concurrent.CompletableFuture<String> end = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return readLine(idle);
            } catch (IOException e) {
                return e.toString();
            }
        });
        assertThat(end.get(8, java.util.concurrent.TimeUnit.SECONDS)).as("closed without a word").isNull();
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(Daemon.LINE_DEADLINE_MILLIS - 500, 8_000L);
        assertThat(exchange(connect(), "{\"op\":\"list\"}").path("ok").asBoolean()).as("still serving").isTrue();
    }

    @Test
    void connectionsBeyondTheLimitGetBusyAndTheOthersAreServed() throws Exception {
        start(2);
        boolean root = io.procguard.cli.monitor.Preflight.isRoot();
        List<SocketChannel> served = new ArrayList<>();
        for (int i = 0; i < (root ? 2 + Daemon.ROOT_RESERVE : 2); i++) {
            SocketChannel c = connect();
            assertThat(exchange(c, "{\"op\":\"list\"}").path("ok").asBoolean()).as("place %d", i + 1).isTrue(); // its handler is busy now
            served.add(c);
        }
        JsonNode next = Request.MAPPER.readTree(readLine(connect()));
        assertThat(next.path("code").asText()).isEqualTo("busy");
        assertThat(next.path("refused").asBoolean()).as("the connection itself is refused").isTrue();
        assertThat(next.path("error").asText()).contains(root ? "kept for root" : "(--max-clients)");
        SocketChannel a = served.get(0);
        a.close();
        Thread.sleep(200);
        assertThat(exchange(connect(), "{\"op\":\"list\"}").path("ok").asBoolean()).as("a freed place serves again").isTrue();
    }

    @Test
    void theSocketIsOpenToAllUsersAndRemovedOnClose() throws Exception {
        start(4);
        Path socket = dir.resolve("s.sock");
        assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-rw-rw-"));
        daemon.stop();
        server.join(5_000);
        daemon.close();
        assertThat(socket).doesNotExist();
        assertThat(Files.readString(dir.resolve("logs").resolve("daemon.log"))).contains("\"event\":\"started\"")
                .contains("\"event\":\"stopped\"");
    }

    @Test
    void aFileThatIsNotASocketIsNeverReplaced() throws Exception {
        Path socket = dir.resolve("s.sock");
        Files.writeString(socket, "precious");
        Monitor.Options options = new Monitor.Options(dir.resolve("logs"), null, false, 16, null, null, ConsoleReporter.Mode.QUIET, 1000, 1000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Daemon.open(socket, Daemon.Limits.defaults(), options, scoring,
                Path.of("/usr/bin/strace"), false, new PrintWriter(new StringWriter()), new PrintWriter(err, true)))
                .hasMessageContaining("exists and is not a socket");
        assertThat(Files.readString(socket)).isEqualTo("precious");
        Path link = dir.resolve("link.sock");
        Files.createSymbolicLink(link, socket);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Daemon.open(link, Daemon.Limits.defaults(), options, scoring,
                Path.of("/usr/bin/strace"), false, new PrintWriter(new StringWriter()), new PrintWriter(err, true)))
                .hasMessageContaining("a symlink");
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Daemon.open(open.resolve("s.sock"), Daemon.Limits.defaults(), options,
                scoring, Path.of("/usr/bin/strace"), false, new PrintWriter(new StringWriter()), new PrintWriter(err, true)))
                .hasMessageContaining("writable by other users");
    }

    private SocketChannel connect() throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.connect(UnixDomainSocketAddress.of(dir.resolve("s.sock")));
        clients.add(c);
        return c;
    }

    private static JsonNode exchange(SocketChannel c, String line) throws IOException {
        write(c, (line + "\n").getBytes(StandardCharsets.UTF_8));
        String answer = readLine(c);
        assertThat(answer).as("an answer to " + line).isNotNull();
        return Request.MAPPER.readTree(answer);
    }

    private static void write(SocketChannel c, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    /** @return one line, or null at the end of the stream */
    private static String readLine(SocketChannel c) throws IOException {
        InputStream in = Channels.newInputStream(c);
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
