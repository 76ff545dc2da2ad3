package io.procguard.cli.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** One shared Jackson mapper and the small helpers every JSON-lines writer here uses. Thread-safe. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /**
     * @param event the record type, e.g. {@code "started"}
     * @param pid the process
     * @param timeNanos when, nanoseconds since the epoch
     * @return a new object with {@code time}, {@code event} and {@code pid} set, in that order
     */
    static ObjectNode record(String event, int pid, long timeNanos) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("time", Instant.ofEpochSecond(0, timeNanos).toString());
        o.put("event", event);
        o.put("pid", pid);
        return o;
    }

    /** @return the object as one line of JSON, with a trailing newline */
    static String line(ObjectNode o) {
        try {
            return MAPPER.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a tree node", e);
        }
    }
}
