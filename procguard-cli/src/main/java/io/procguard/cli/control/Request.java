package io.procguard.cli.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * One request on the control socket, parsed and validated; anything else is a {@link BadRequest}.
 * One JSON object per line:
 *
 * <pre>
 * {"op":"watch","pid":1234}
 * {"op":"unwatch","pid":1234}
 * {"op":"list"}
 * {"op":"run","argv":["make","-j2"],"cwd":"/home/alice/src"}
 * {"op":"output","id":7,"offset":0}
 * </pre>
 *
 * Immutable.
 */
sealed interface Request {
    /** The largest pid Linux hands out ({@code PID_MAX_LIMIT} on 64-bit). */
    int PID_MAX = 4_194_304;
    /** The most arguments a {@code run} request may carry. */
    int MAX_ARGS = 256;

    /** The mapper for control messages: strict JSON, shallow nesting. Thread-safe. */
    ObjectMapper MAPPER = JsonMapper.builder(new com.fasterxml.jackson.core.JsonFactoryBuilder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build()).build())
            .disable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .build();

    /** @return the operation name */
    String op();

    /** @param pid the process to watch */
    record Watch(int pid) implements Request {
        @Override
        public String op() {
            return "watch";
        }
    }

    /** @param pid the process to stop watching */
    record Unwatch(int pid) implements Request {
        @Override
        public String op() {
            return "unwatch";
        }
    }

    /** List the watches the peer may see. */
    record ListWatches() implements Request {
        @Override
        public String op() {
            return "list";
        }
    }

    /**
     * @param argv the command and its arguments
     * @param cwd the absolute directory it starts in
     */
    record Run(List<String> argv, String cwd) implements Request {
        @Override
        public String op() {
            return "run";
        }
    }

    /**
     * @param id the run, as the answer to {@code run} and {@code list} name it
     * @param offset where to start reading its output (0: the start)
     */
    record Output(int id, long offset) implements Request {
        @Override
        public String op() {
            return "output";
        }
    }

    /** A request that cannot be served as sent; the message says why, one line. */
    final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    /**
     * @param line one line from the socket
     * @return the request
     * @throws BadRequest if it is not valid JSON, not an object, or misses or mistypes a field
     */
    static Request parse(String line) throws BadRequest {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new BadRequest("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadRequest("a request is one JSON object per line, e.g. {\"op\":\"list\"}");
        }
        JsonNode op = node.get("op");
        if (op == null || !op.isTextual()) {
            throw new BadRequest("missing \"op\" (watch, unwatch, list, run or output)");
        }
        return switch (op.asText()) {
            case "watch" -> new Watch(pid(node));
            case "unwatch" -> new Unwatch(pid(node));
            case "list" -> new ListWatches();
            case "run" -> new Run(argv(node), cwd(node));
            case "output" -> new Output(id(node), offset(node));
            default -> throw new BadRequest("unknown op \"" + shorten(op.asText()) + "\" (watch, unwatch, list, run or output)");
        };
    }

    private static int pid(JsonNode node) throws BadRequest {
        JsonNode pid = node.get("pid");
        if (pid == null || !pid.isIntegralNumber() || !pid.canConvertToInt() || pid.asInt() < 1 || pid.asInt() > PID_MAX) {
            throw new BadRequest("\"pid\" must be a process id, 1 to " + PID_MAX);
        }
        return pid.asInt();
    }

    private static List<String> argv(JsonNode node) throws BadRequest {
        JsonNode argv = node.get("argv");
        if (argv == null || !argv.isArray() || argv.isEmpty() || argv.size() > MAX_ARGS) {
            throw new BadRequest("\"argv\" must be an array of 1 to " + MAX_ARGS + " strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode a : argv) {
            if (!a.isTextual() || a.asText().indexOf('\0') >= 0) {
                throw new BadRequest("\"argv\" must hold strings without NUL characters");
            }
            out.add(a.asText());
        }
        if (out.get(0).isEmpty() || out.get(0).indexOf('=') >= 0) {
            throw new BadRequest("the program name must not be empty or contain '='");
        }
        return List.copyOf(out);
    }

    private static String cwd(JsonNode node) throws BadRequest {
        JsonNode cwd = node.get("cwd");
        if (cwd == null || !cwd.isTextual() || !cwd.asText().startsWith("/") || cwd.asText().indexOf('\0') >= 0) {
            throw new BadRequest("\"cwd\" must be an absolute directory path");
        }
        return cwd.asText();
    }

    private static int id(JsonNode node) throws BadRequest {
        JsonNode id = node.get("id");
        if (id == null || !id.isIntegralNumber() || !id.canConvertToInt() || id.asInt() < 1) {
            throw new BadRequest("\"id\" must be the number of a run (1 or more), as the answer to run gave it");
        }
        return id.asInt();
    }

    private static long offset(JsonNode node) throws BadRequest {
        JsonNode offset = node.get("offset");
        if (offset == null) {
            return 0;
        }
        if (!offset.isIntegralNumber() || !offset.canConvertToLong() || offset.asLong() < 0) {
            throw new BadRequest("\"offset\" must be a byte offset, 0 or more");
        }
        return offset.asLong();
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
