package io.procguard.core.pipeline;

import io.procguard.core.TraceEvent;
import java.io.IOException;

/**
 * A pull source of trace events, e.g. a strace parser reading a FIFO. Single reader, not thread-safe.
 * {@link #next()} blocks until an event is available, which is how backpressure reaches strace: while
 * the pipeline is busy nobody reads, the FIFO fills, and strace (hence the tracee) waits.
 */
@FunctionalInterface
public interface EventSource {
    /**
     * @return the next event (a cursor may be returned: it is only read before the next call), or
     *     {@code null} at the end of the trace
     * @throws IOException when the trace cannot be read or is malformed beyond recovery
     */
    TraceEvent next() throws IOException;
}
