package io.procguard.cli.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.procguard.cli.CliException;
import io.procguard.cli.ExitCodes;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;

/**
 * A connection to {@code procguard daemon}'s control socket: one request line out, one answer line in.
 * Not thread-safe; one per command invocation. Needs no privileges: the daemon decides by the caller's
 * credentials.
 *
 * <pre>{@code
 * try (ControlClient c = ControlClient.connect(ControlClient.DEFAULT_SOCKET)) {
 *     ControlClient.Reply r = c.watch(1234);
 *     if (!r.ok()) System.err.println(r.error());
 * }
 * }</pre>
 */
public final class ControlClient implements AutoCloseable {
    /** Where the daemon listens unless told otherwise. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/procguard/procguard.sock");
    /** How long to wait for one answer; attaching strace takes up to {@link WatchSession#ATTACH_TIMEOUT_MILLIS}. */
    static final long ANSWER_TIMEOUT_MILLIS = 30_000;
    /** The longest answer read (a full list of watches is far below). */
    static final int MAX_ANSWER_BYTES = 4 << 20;

    private final Path socket;
    private final SocketChannel channel;
    private final java.io.InputStream in;

    /**
     * One answer of the daemon. Immutable.
     *
     * @param body the JSON object
     */
    public record Reply(ObjectNode body) {
        /** @return true for {@code "ok":true} */
        public boolean ok() {
            return body.path("ok").asBoolean(false);
        }

        /** @return the one-line error message, or {@code null} if ok */
        public String error() {
            return ok() ? null : body.path("error").asText("the daemon gave no reason");
        }

        /** @return the error category ({@code denied}, {@code not_found}, {@code bad_request}, {@code busy}, {@code failed}) or {@code null} */
        public String code() {
            return ok() ? null : body.path("code").asText(null);
        }

        /** @return true if the daemon refused the connection itself (too many at once) and closed it */
        public boolean refused() {
            return !ok() && body.path("refused").asBoolean(false);
        }

        /** @return the exit code a client command should end with for this answer */
        public int exitCode() {
            if (ok()) {
                return ExitCodes.OK;
            }
            String c = code();
            return "not_found".equals(c) || "bad_request".equals(c) ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
        }
    }

    private ControlClient(Path socket, SocketChannel channel) {
        this.socket = socket;
        this.channel = channel;
        this.in = new java.io.BufferedInputStream(Channels.newInputStream(channel));
    }

    /**
     * @param socket the daemon's socket
     * @return a connected client
     * @throws CliException (exit 1) when nothing listens there, saying how to fix it
     */
    public static ControlClient connect(Path socket) {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new ControlClient(socket, ch);
        } catch (IOException e) {
            closeQuietly(ch);
            String why = e instanceof java.net.ConnectException || e instanceof java.nio.file.NoSuchFileException
                    || String.valueOf(e.getMessage()).contains("No such file") ? "is 'procguard daemon' running?"
                    : String.valueOf(e.getMessage()).contains("ermission denied") ? "permission denied" : e.getMessage();
            throw new CliException(ExitCodes.FAILURE, "cannot connect to " + socket + ": " + why, e);
        }
    }

    /** @return the answer to {@code {"op":"watch","pid":PID}} */
    public Reply watch(int pid) {
        return send(Request.MAPPER.createObjectNode().put("op", "watch").put("pid", pid));
    }

    /** @return the answer to {@code {"op":"unwatch","pid":PID}} */
    public Reply unwatch(int pid) {
        return send(Request.MAPPER.createObjectNode().put("op", "unwatch").put("pid", pid));
    }

    /** @return the answer to {@code {"op":"list"}}: {@code watches} holds one object per watch */
    public Reply list() {
        return send(Request.MAPPER.createObjectNode().put("op", "list"));
    }

    /**
     * @param argv the command
     * @param cwd the absolute directory it starts in (entered as the caller's user)
     * @return the answer to {@code {"op":"run",...}}: {@code pid}, {@code id} and {@code output} (the file its output goes to)
     */
    public Reply run(List<String> argv, String cwd) {
        ObjectNode r = Request.MAPPER.createObjectNode().put("op", "run");
        argv.forEach(r.putArray("argv")::add);
        return send(r.put("cwd", cwd));
    }

    /**
     * @param id the run, as {@link #run} answered
     * @param offset where to start reading
     * @return the answer to {@code {"op":"output",...}}: {@code data} (base64), {@code next_offset}, {@code size},
     *     {@code running}
     */
    public Reply output(int id, long offset) {
        return send(Request.MAPPER.createObjectNode().put("op", "output").put("id", id).put("offset", offset));
    }

    /**
     * Sends one request and reads its answer (at most {@link #ANSWER_TIMEOUT_MILLIS}).
     *
     * @param request a JSON object
     * @return the answer
     * @throws CliException (exit 1) if the daemon goes away, does not answer in time, answers garbage or
     *     refuses the connection (too many at once: the message says the daemon is busy and why)
     */
    public Reply send(ObjectNode request) {
        Timer timer = new Timer("procguard-client-timeout", true);
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                closeQuietly(channel);
            }
        }, ANSWER_TIMEOUT_MILLIS);
        try {
            ByteBuffer out = ByteBuffer.wrap((Answer.line(request) + "\n").getBytes(StandardCharsets.UTF_8));
            IOException unsent = null;
            try {
                while (out.hasRemaining()) {
                    channel.write(out);
                }
            } catch (IOException e) {
                unsent = e; // a daemon that refused the connection may have answered and closed already: read why
            }
            String line;
            try {
                line = readLine();
            } catch (IOException e) {
                if (unsent != null && channel.isOpen()) {
                    throw new CliException(ExitCodes.FAILURE, socket + ": the daemon closed the connection without an answer ("
                            + unsent.getMessage() + ")", unsent);
                }
                throw e;
            }
            if (line == null) {
                throw new CliException(ExitCodes.FAILURE, socket + ": the daemon closed the connection without an answer");
            }
            JsonNode node = Request.MAPPER.readTree(line);
            if (!(node instanceof ObjectNode o) || !o.has("ok")) {
                throw new CliException(ExitCodes.FAILURE, socket + ": not a procguard daemon answer");
            }
            Reply r = new Reply(o);
            if (r.refused()) {
                throw new CliException(ExitCodes.FAILURE, socket + ": the daemon is busy: " + r.error());
            }
            return r;
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.FAILURE, socket + ": not a procguard daemon answer: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            String why = channel.isOpen() ? e.getMessage() : "no answer within " + ANSWER_TIMEOUT_MILLIS / 1000 + " s";
            throw new CliException(ExitCodes.FAILURE, socket + ": " + why, e);
        } finally {
            timer.cancel();
        }
    }

    private String readLine() throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_ANSWER_BYTES) {
                throw new IOException("answer longer than " + MAX_ANSWER_BYTES + " bytes");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing a socket we are done with
            }
        }
    }
}
