package io.procguard.cli.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the daemon's answers: {@code {"ok":true,...}} or {@code {"ok":false,"code":CODE,"error":MESSAGE}}
 * ({@code "refused":true} added when the connection itself was refused and is closed).
 * Stateless, thread-safe.
 */
final class Answer {
    /** Why a request failed; the {@code code} field, for scripts. */
    enum Code {
        /** The peer may not do this (see {@link AccessPolicy}). */
        DENIED("denied"),
        /** No such process, or it is not watched. */
        NOT_FOUND("not_found"),
        /** The request is malformed. */
        BAD_REQUEST("bad_request"),
        /** A limit is reached (clients, watches); retry later. */
        BUSY("busy"),
        /** The daemon tried and failed (strace could not attach, the command could not start). */
        FAILED("failed");

        final String wire;

        Code(String wire) {
            this.wire = wire;
        }
    }

    private Answer() {
    }

    /** @return a new {@code {"ok":true}} to add fields to */
    static ObjectNode ok() {
        return Request.MAPPER.createObjectNode().put("ok", true);
    }

    /**
     * @param code the category
     * @param message one line for a human
     * @return the error answer
     */
    static ObjectNode error(Code code, String message) {
        return Request.MAPPER.createObjectNode().put("ok", false).put("code", code.wire).put("error", message);
    }

    /**
     * The answer to a connection refused before any request (too many at once): {@code busy} with
     * {@code "refused":true}, which tells clients the daemon closes the connection after it.
     *
     * @param message one line for a human
     * @return the error answer
     */
    static ObjectNode refused(String message) {
        return error(Code.BUSY, message).put("refused", true);
    }

    /** @return the answer as one line of JSON, without the newline */
    static String line(ObjectNode answer) {
        try {
            return Request.MAPPER.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a tree node", e);
        }
    }
}
