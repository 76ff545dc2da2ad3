package io.procguard.cli.monitor;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Takes SIGINT, SIGTERM and SIGHUP away from the JVM's default (which would exit at once, before the logs
 * and the status table are finished, leaving the program running untraced) and hands them to a
 * session-specific action; SIGHUP (the terminal hung up) is handled as SIGTERM, unless it was ignored when
 * the JVM started ({@code nohup}), which stays so. Restores the previous handlers on {@link #close}.
 * Thread-safe: the actions run on the JVM's signal thread.
 */
public final class SignalRelay implements AutoCloseable {
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private SignalRelay() {
    }

    /**
     * @param onInterrupt called with the count (1, 2, ...) of SIGINTs received so far
     * @param onTerminate called on each SIGTERM, and on each SIGHUP unless SIGHUP is ignored
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
        relay.handle("HUP", s -> onTerminate.run());
        return relay;
    }

    private void handle(String name, SignalHandler handler) {
        try {
            Signal s = new Signal(name);
            SignalHandler before = Signal.handle(s, handler);
            if (before == SignalHandler.SIG_IGN) {
                Signal.handle(s, before); // ignored on purpose (nohup): keep it so
                return;
            }
            previous.add(before);
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
