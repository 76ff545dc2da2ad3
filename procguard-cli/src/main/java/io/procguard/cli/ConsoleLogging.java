package io.procguard.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Makes the libraries' {@code java.util.logging} / {@code System.Logger} records read like the CLI's own
 * diagnostics: one line, {@code procguard: MESSAGE}, on stderr, warnings and above ({@code --verbose}: info
 * too), instead of the JDK's two-line dated default.
 */
final class ConsoleLogging {
    private ConsoleLogging() {
    }

    /**
     * Replaces the root logger's handlers with one one-line handler.
     *
     * @param verbose whether informational records are shown too
     */
    static void install(boolean verbose) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Level level = verbose ? Level.INFO : Level.WARNING;
        Handler handler = new ConsoleHandler(); // writes to System.err
        handler.setFormatter(new OneLine());
        handler.setLevel(level);
        root.addHandler(handler);
        root.setLevel(level);
    }

    /** {@code procguard: MESSAGE}, with the cause's message when there is one. */
    static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord r) {
            String message = formatMessage(r).replace('\n', ' ');
            Throwable t = r.getThrown();
            return "procguard: " + message + (t == null || t.getMessage() == null ? "" : ": " + t.getMessage())
                    + System.lineSeparator();
        }
    }
}
