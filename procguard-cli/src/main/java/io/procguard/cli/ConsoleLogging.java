package io.procguard.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Makes the libraries' {@code java.util.logging} / {@code System.Logger} records read like the CLI's own
 * diagnostics: one line, {@code procguard: MESSAGE}, on stderr, warnings and above ({@code --verbose}: info
 * too), instead of the JDK's two-line dated default.
 *
 * <p>Configured on first use, not at start: {@link #installOnFirstUse} only names {@link Config} as
 * {@code java.util.logging}'s configuration class, which the JDK instantiates when something first logs
 * or asks for a logger. Setting the handlers up eagerly started the logging framework on the main thread
 * of every command (about 20 ms of {@code run}'s start-up before strace could start), though most
 * invocations never log.
 */
public final class ConsoleLogging {
    /** The system property {@link Config} reads: {@code true} shows informational records too. */
    static final String VERBOSE_PROPERTY = "procguard.logging.verbose";

    private ConsoleLogging() {
    }

    /**
     * Arranges for the one-line handler to replace the JDK's default when logging first starts. Call it
     * before anything logs (from {@code main}).
     *
     * @param verbose whether informational records are shown too
     */
    static void installOnFirstUse(boolean verbose) {
        System.setProperty(VERBOSE_PROPERTY, Boolean.toString(verbose));
        System.setProperty("java.util.logging.config.class", Config.class.getName());
    }

    /**
     * {@code java.util.logging}'s configuration class (see {@link java.util.logging.LogManager}): the root
     * logger gets one {@link OneLineHandler}, at {@code WARNING}, or {@code INFO} when
     * {@value #VERBOSE_PROPERTY} is {@code true}. Instantiated by the JDK, once.
     */
    public static final class Config {
        /**
         * Reads the configuration into the log manager.
         *
         * @throws java.io.IOException never in practice (the configuration is built in memory)
         */
        public Config() throws java.io.IOException {
            String level = Boolean.getBoolean(VERBOSE_PROPERTY) ? "INFO" : "WARNING";
            String properties = "handlers=" + OneLineHandler.class.getName() + "\n"
                    + ".level=" + level + "\n"
                    + OneLineHandler.class.getName() + ".level=" + level + "\n";
            java.util.logging.LogManager.getLogManager().readConfiguration(
                    new java.io.ByteArrayInputStream(properties.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        }
    }

    /** A {@link ConsoleHandler} (stderr) that writes {@link OneLine} records. */
    public static final class OneLineHandler extends ConsoleHandler {
        /** Made by the log manager from {@link Config}'s {@code handlers} property. */
        public OneLineHandler() {
            setFormatter(new OneLine());
        }
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
