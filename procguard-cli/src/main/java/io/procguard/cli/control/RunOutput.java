package io.procguard.cli.control;

import io.procguard.cli.CliException;
import io.procguard.cli.ExitCodes;
import io.procguard.core.Signals;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Copies a daemon {@code run}'s output to a stream through {@code output} requests, and reads how the run ended
 * from {@code list}: what {@code procguard submit} and {@code procguard output} share. Not thread-safe.
 */
public final class RunOutput {
    /** How long to wait before asking again while the run is on but has written nothing new. */
    static final long POLL_MILLIS = 200;
    /** Requests sent on one connection before the next one is opened: below the daemon's limit, with room to spare. */
    static final int REQUESTS_PER_CONNECTION = Daemon.MAX_REQUESTS_PER_CONNECTION / 2;

    private RunOutput() {
    }

    /**
     * Copies the run's output from {@code offset} on: what is there, or with {@code follow} everything until the run
     * has ended and all it wrote has been copied. Opens its own connections: a new one before the daemon's
     * {@value Daemon#MAX_REQUESTS_PER_CONNECTION} requests per connection are used up, and once more when the daemon
     * closed one without answering (it closes a connection idle for {@value Daemon#LINE_DEADLINE_MILLIS} ms, e.g. while
     * {@code out} was blocked by a slow reader).
     *
     * @param connect opens a connection to the daemon
     * @param id the run's number
     * @param offset the first byte to copy
     * @param follow wait for more while the run is on
     * @param out where the bytes go (flushed after each part)
     * @param answers write the daemon's answers instead (one JSON object a line, the bytes base64 in {@code data})
     * @param stop asked between requests: true ends the copy early
     * @return the offset after the last byte copied
     * @throws CliException (exit 3) when the daemon has no output of this run for the caller, (exit 1) on other
     *     refusals or when the daemon cannot be reached, or when {@code out} cannot be written
     * @throws ReaderGone when {@code out} is a pipe nobody reads any more
     */
    public static long copy(Supplier<ControlClient> connect, int id, long offset, boolean follow, OutputStream out, boolean answers,
            BooleanSupplier stop) {
        long at = offset;
        ControlClient client = null;
        int used = 0;
        try {
            while (!stop.getAsBoolean()) {
                if (client == null || used == REQUESTS_PER_CONNECTION) {
                    close(client);
                    client = connect.get();
                    used = 0;
                }
                ControlClient.Reply r;
                try {
                    used++;
                    r = client.output(id, at);
                } catch (CliException closed) {
                    if (used == 1) {
                        throw closed; // a fresh connection failed: the daemon is gone or refuses
                    }
                    close(client);
                    client = connect.get();
                    used = 1;
                    r = client.output(id, at);
                }
                if (!r.ok()) {
                    throw new CliException(r.exitCode(), r.error());
                }
                byte[] data = Base64.getDecoder().decode(r.body().path("data").asText(""));
                if (answers) {
                    write(out, (Answer.line(r.body()) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } else if (data.length > 0) {
                    write(out, data);
                }
                long next = r.body().path("next_offset").asLong(at + data.length);
                long size = r.body().path("size").asLong(next);
                at = next;
                if (next >= size && (!follow || !r.body().path("running").asBoolean(false))) {
                    return at;
                }
                if (data.length == 0) {
                    sleep();
                }
            }
            return at;
        } finally {
            close(client);
        }
    }

    private static void close(ControlClient client) {
        if (client != null) {
            client.close();
        }
    }

    private static void write(OutputStream out, byte[] data) {
        try {
            out.write(data);
            out.flush();
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("Broken pipe")) {
                throw new ReaderGone(e);
            }
            throw new CliException(ExitCodes.FAILURE, "cannot write the output: " + e.getMessage(), e);
        }
    }

    /**
     * Thrown by {@link #copy} when {@code out} is a pipe whose reader went away ({@code procguard output 7 | head}):
     * the commands end with {@link ExitCodes#CLOSED_PIPE} and say nothing, as for a program SIGPIPE ended.
     */
    public static final class ReaderGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReaderGone(IOException cause) {
            super("the reader of standard output went away", cause);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILURE, "interrupted", e);
        }
    }

    /**
     * @param client a connection to the daemon
     * @param id a watch's number
     * @return the watch as {@code list} shows it to the caller, or null when it is not listed (any more)
     */
    public static com.fasterxml.jackson.databind.node.ObjectNode watch(ControlClient client, int id) {
        ControlClient.Reply r = client.list();
        if (!r.ok()) {
            throw new CliException(r.exitCode(), r.error());
        }
        for (com.fasterxml.jackson.databind.JsonNode w : r.body().path("watches")) {
            if (w.path("id").asInt(-1) == id && w instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                return o;
            }
        }
        return null;
    }

    /**
     * @param node an answer, or a watch of one
     * @return it as one line of JSON, without the newline
     */
    public static String json(com.fasterxml.jackson.databind.node.ObjectNode node) {
        return Answer.line(node);
    }

    /**
     * The exit status a run's ending stands for, as a shell gives it: {@code exited N} is N, {@code killed by SIGX}
     * (with or without {@code (core dumped)}) is 128 + the signal's number.
     *
     * @param ending the watch's {@code ending} (or {@code root}) text
     * @return the status, or -1 for any other ending (detached, failed, strace ended)
     */
    public static int exitStatus(String ending) {
        if (ending == null) {
            return -1;
        }
        if (ending.startsWith("exited ")) {
            try {
                int n = Integer.parseInt(ending.substring(7).trim());
                return n >= 0 && n <= 255 ? n : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        if (ending.startsWith("killed by ")) {
            String name = ending.substring(10).split(" ", 2)[0];
            int n = Signals.number(name);
            return n > 0 ? 128 + n : -1;
        }
        return -1;
    }
}
