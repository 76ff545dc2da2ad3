package io.procguard.cli.monitor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * The small helpers every JSON-lines writer here uses: tree nodes from the plain node factory, written
 * by a streaming generator. Thread-safe.
 *
 * <p>No {@code ObjectMapper}: building one (its serializer caches, by reflection, mostly interpreted at
 * start-up) cost about 60 ms of CPU time in every {@code procguard run}, to write trees a generator
 * writes alike ({@link #write}: same bytes, tested against the mapper).
 */
final class Json {
    /** Makes the nodes; shared, stateless. */
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /**
     * @param event the record type, e.g. {@code "started"}
     * @param pid the process
     * @param timeNanos when, nanoseconds since the epoch
     * @return a new object with {@code time}, {@code event} and {@code pid} set, in that order
     */
    static ObjectNode record(String event, int pid, long timeNanos) {
        ObjectNode o = NODES.objectNode();
        o.put("time", Instant.ofEpochSecond(0, timeNanos).toString());
        o.put("event", event);
        o.put("pid", pid);
        return o;
    }

    /** @return the object as one line of JSON, with a trailing newline */
    static String line(ObjectNode o) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, o);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a tree node", e);
        }
        return out.append('\n').toString();
    }

    /** Writes a tree as the mapper does with its defaults (nulls and empty arrays kept, numbers as their type). */
    private static void write(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : n.properties()) {
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode e : n) {
                    write(g, e);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL, MISSING -> g.writeNull();
            case NUMBER -> {
                switch (n.numberType()) {
                    case INT -> g.writeNumber(n.intValue());
                    case LONG -> g.writeNumber(n.longValue());
                    case FLOAT -> g.writeNumber(n.floatValue());
                    case DOUBLE -> g.writeNumber(n.doubleValue());
                    case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
                    default -> g.writeNumber(n.decimalValue());
                }
            }
            default -> throw new IllegalArgumentException("no JSON for a " + n.getNodeType() + " node");
        }
    }
}
