package io.procguard.cli.monitor;

import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;

/**
 * The signals a command gets before its strace session exists: a {@link SignalRelay} goes in before strace starts
 * (the program can start, and a Ctrl-C reach procguard, before {@link StraceSession#start} returns; the JVM's own
 * handler would end procguard at once, with no logs, strace left tracing and its trace directory left behind).
 * What comes before the session is held and acted on as soon as it is there; afterwards it passes straight on.
 * Thread-safe (the JVM's signal thread and the command's).
 */
public final class EarlySignals {
    private final ObjIntConsumer<StraceSession> onInterrupt;
    private final Consumer<StraceSession> onTerminate;
    private StraceSession session;
    private int interrupts;
    private boolean terminated;

    /**
     * @param onInterrupt what the n-th SIGINT does to the session
     * @param onTerminate what a SIGTERM (or SIGHUP) does to it
     */
    public EarlySignals(ObjIntConsumer<StraceSession> onInterrupt, Consumer<StraceSession> onTerminate) {
        this.onInterrupt = onInterrupt;
        this.onTerminate = onTerminate;
    }

    /** @return the relay that hands the process's SIGINT, SIGTERM and SIGHUP to this; close it to restore the JVM's */
    public SignalRelay install() {
        return SignalRelay.install(this::interrupt, this::terminate);
    }

    /** @param count the count (1, 2, ...) of SIGINTs so far */
    public synchronized void interrupt(int count) {
        if (session == null) {
            interrupts = count;
        } else {
            onInterrupt.accept(session, count);
        }
    }

    /** A SIGTERM or SIGHUP came. */
    public synchronized void terminate() {
        if (session == null) {
            terminated = true;
        } else {
            onTerminate.accept(session);
        }
    }

    /**
     * The session started: replays what came before (each Ctrl-C in turn, then a SIGTERM).
     *
     * @param started the session
     */
    public synchronized void started(StraceSession started) {
        session = started;
        for (int n = 1; n <= interrupts; n++) {
            onInterrupt.accept(session, n);
        }
        if (terminated) {
            onTerminate.accept(session);
        }
    }
}
