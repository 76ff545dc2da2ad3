package io.procguard.cli.monitor;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Takes SIGINT and SIGTERM away from the JVM's default (which would exit at once, before the logs and
 * the status table are finished) and hands them to a session-specific action; restores the previous
 * handlers on {@link #close}. Thread-safe: the actions run on the JVM's signal thread.
 */
public final class SignalRelay implements AutoCloseable {
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private SignalRelay() {
    }

    /**
     * @param onInterrupt called with the count (1, 2, ...) of SIGINTs received so far
     * @param onTerminate called on each SIGTERM
     * @return the installed relay; close it to restore the JVM's handlers
     */
    public static SignalRelay install(java.util.function.IntConsumer onInterrupt, Runnable onTerminate) {
        SignalRelay relay = new SignalRelay();
        int[] interrupts = new int[1];
        relay.handle("INT", s -> {
            int n;
            synchronized (interrupts) {
                n = ++interrupts[0];
            }
            onInterrupt.accept(n);
        });
        relay.handle("TERM", s -> onTerminate.run());
        return relay;
    }

    private void handle(String name, SignalHandler handler) {
        try {
            Signal s = new Signal(name);
            previous.add(Signal.handle(s, handler));
            signals.add(s);
        } catch (IllegalArgumentException unavailable) {
            // the JVM was started with -Xrs or the signal is in use: keep the default behaviour
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
        signals.clear();
        previous.clear();
    }
}
