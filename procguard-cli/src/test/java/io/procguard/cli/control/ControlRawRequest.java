package io.procguard.cli.control;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Test program: sends one raw JSON request to a daemon and prints the answer line, so tests can speak
 * the protocol as another user (run with setpriv) for requests no client command sends ({@code run}).
 * Usage: {@code ControlRawRequest SOCKET JSON}.
 */
public final class ControlRawRequest {
    private ControlRawRequest() {
    }

    /**
     * @param args the socket and the request
     * @throws Exception on any failure (the test sees a non-zero exit and the trace)
     */
    public static void main(String[] args) throws Exception {
        try (ControlClient c = ControlClient.connect(java.nio.file.Path.of(args[0]))) {
            ControlClient.Reply r = c.send((ObjectNode) Request.MAPPER.readTree(args[1]));
            System.out.println(Answer.line(r.body()));
        }
    }
}
