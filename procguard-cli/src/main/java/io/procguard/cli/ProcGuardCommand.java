package io.procguard.cli;

import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root {@code procguard} command: lists the subcommands and owns the global options. Not
 * thread-safe; build one per invocation with {@link #commandLine}.
 */
@Command(
        name = "procguard",
        mixinStandardHelpOptions = true,
        versionProvider = ProcGuardCommand.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Watch Linux processes through strace and tell which behave suspiciously.",
        description = {
            "ProcGuard parses strace output as a stream, keeps per-process behaviour features, scores them "
                + "with a RandomForest (ONNX) or your own classifier, and publishes a status per process in a "
                + "shared-memory table and in JSON-lines logs.",
            ""
        },
        subcommands = {
            CommandLine.HelpCommand.class,
            AnalyzeCommand.class, FeaturesCommand.class, EvaluateCommand.class,
            RunCommand.class, AttachCommand.class,
            StatusCommand.class,
            DaemonCommand.class, WatchCommand.class, UnwatchCommand.class, ListCommand.class, SubmitCommand.class, OutputCommand.class,
            ParseCommand.class, SummaryCommand.class,
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  ok",
            "  1  failure (an I/O or internal error; see the message)",
            "  2  usage error (unknown option, missing argument)",
            "  3  bad input (malformed log with --strict, no strace output at all, unreadable or unusable file)",
            "  4  environment (not root, strace or Java missing, no permission to trace)",
            " 10  detected: --fail-on (analyze, run, attach) found a process at or above that status",
            "141  stdout was a pipe that its reader closed (procguard parse big.log | head): no message, as after SIGPIPE",
            "  run: the exit code of the traced command, 128+N when a signal N killed it",
            "  parse --follow: 130 (Ctrl-C) or 143 (SIGTERM) once the events up to then are written",
            "",
            "Examples:",
            "  sudo procguard run -- make -j2",
            "  procguard status",
            "  strace -f -ttt -T -yy -s 256 -o job.log ./job; procguard analyze job.log",
            "  procguard parse run.log | jq -c 'select(.errno)'",
            "",
            "Run 'procguard help COMMAND' for a command's options and examples."
        })
public final class ProcGuardCommand {

    /** Shows stack traces of unexpected errors; inherited by every subcommand. */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print more detail, and stack traces of unexpected errors.")
    boolean verbose;

    /**
     * Builds the command line with all subcommands, writing to the given streams.
     *
     * @param out where results go (stdout in the real CLI)
     * @param err where diagnostics go (stderr in the real CLI)
     * @return a ready {@link CommandLine}; call {@code execute(args)} on it
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        ProcGuardCommand root = new ProcGuardCommand();
        return configure(new CommandLine(root), root, out, err);
    }

    /**
     * Builds the command line for one invocation: with only the subcommand the arguments name when they
     * name one (after any {@code --verbose}), else with all of them ({@link #commandLine(PrintWriter,
     * PrintWriter)}: root help, version, errors, {@code help COMMAND}). picocli builds the model of every
     * registered subcommand by reflection, mostly in the interpreter at start-up; building one instead of
     * all takes about a fifth off the CPU time of {@code procguard run -- true} (benchmarks/README.md,
     * "Live monitoring overhead"). The root here is made from the same annotations, so the subcommand
     * sees the same parent, options and inherited {@code --verbose}.
     *
     * @param out stdout
     * @param err stderr
     * @param args the arguments
     * @return a ready {@link CommandLine}; call {@code execute(args)} on it
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String... args) {
        Class<?> only = soleSubcommand(args);
        if (only == null) {
            return commandLine(out, err);
        }
        ProcGuardCommand root = new ProcGuardCommand();
        Command annotation = ProcGuardCommand.class.getAnnotation(Command.class);
        CommandSpec spec = CommandSpec.wrapWithoutInspection(root);
        spec.name(annotation.name());
        spec.mixinStandardHelpOptions(annotation.mixinStandardHelpOptions());
        spec.versionProvider(new Version());
        Field verbose;
        try {
            verbose = ProcGuardCommand.class.getDeclaredField("verbose");
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
        Option o = verbose.getAnnotation(Option.class);
        spec.addOption(OptionSpec.builder(o.names()).description(o.description()).scopeType(o.scope()).type(boolean.class)
                .arity("0").initialValue(false).getter(new CommandLine.Model.IGetter() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T get() {
                        return (T) Boolean.valueOf(root.verbose);
                    }
                }).setter(new CommandLine.Model.ISetter() {
                    @Override
                    public <T> T set(T value) {
                        boolean old = root.verbose;
                        root.verbose = (Boolean) value;
                        @SuppressWarnings("unchecked")
                        T previous = (T) Boolean.valueOf(old);
                        return previous;
                    }
                }).build());
        CommandLine cmd = new CommandLine(spec);
        CommandLine sub = new CommandLine(only);
        cmd.addSubcommand(sub.getCommandName(), sub);
        return configure(cmd, root, out, err);
    }

    /**
     * @param args the arguments
     * @return the registered subcommand (not {@code help}) the first argument after any {@code --verbose}
     *     names, or {@code null}
     */
    static Class<?> soleSubcommand(String... args) {
        for (String arg : args) {
            if (arg.equals("--verbose")) {
                continue;
            }
            for (Class<?> c : ProcGuardCommand.class.getAnnotation(Command.class).subcommands()) {
                Command sub = c.getAnnotation(Command.class);
                if (c != CommandLine.HelpCommand.class && sub != null && (sub.name().equals(arg)
                        || java.util.Arrays.asList(sub.aliases()).contains(arg))) {
                    return c;
                }
            }
            return null;
        }
        return null;
    }

    private static CommandLine configure(CommandLine cmd, ProcGuardCommand root, PrintWriter out, PrintWriter err) {
        cmd.setOut(out);
        cmd.setErr(err);
        ErrorHandler handler = new ErrorHandler(root);
        cmd.setExecutionExceptionHandler(handler);
        cmd.setParameterExceptionHandler(handler);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        // every subcommand's help lists -V/--version: without a provider of their own they would print nothing
        for (CommandLine sub : cmd.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new Version());
        }
        return cmd;
    }

    /**
     * Runs one invocation; used by {@link #main} and by in-process tests.
     *
     * @param out stdout
     * @param err stderr
     * @param args the arguments
     * @return the exit code
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        try {
            int code = commandLine(out, err, args).execute(args);
            // a PrintWriter keeps its write errors to itself: a full disk or a closed pipe must not read as success
            if (out.checkError() && (code == ExitCodes.OK || code == ExitCodes.DETECTED)) {
                if (out instanceof StandardOutput so && so.readerGone()) {
                    return ExitCodes.CLOSED_PIPE;
                }
                err.println("procguard: " + ErrorHandler.CANNOT_WRITE_STDOUT);
                return ExitCodes.FAILURE;
            }
            return code;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * The {@code procguard} entry point.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        ConsoleLogging.installOnFirstUse(java.util.Arrays.asList(args).contains("--verbose")); // before any thread logs
        Class<?> sub = soleSubcommand(args);
        if (sub == RunCommand.class || sub == AttachCommand.class || sub == DaemonCommand.class) {
            // the trace file needs libc through JNA before strace can start: bind it while picocli reads the arguments
            io.procguard.cli.monitor.Posix.bindInBackground();
        }
        // straight to fd 1, not through System.out: that PrintStream would swallow write errors before run() can see them
        PrintWriter out = new StandardOutput();
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(out, err, args));
    }

    /** The process's stdout (fd 1), which can tell a reader that went away from other write errors. */
    static final class StandardOutput extends PrintWriter {
        StandardOutput() {
            super(new java.io.OutputStreamWriter(new java.io.FileOutputStream(java.io.FileDescriptor.out), StandardCharsets.UTF_8), true);
        }

        /** @return true when writing failed and fd 1 is a pipe: its reader closed it (a pipe cannot be full or out of space) */
        boolean readerGone() {
            if (!checkError()) {
                return false;
            }
            try {
                return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/1")).toString().startsWith("pipe:");
            } catch (java.io.IOException | UnsupportedOperationException e) {
                return false;
            }
        }
    }

    /** Reports the version from the jar manifest, or "dev". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ProcGuardCommand.class.getPackage().getImplementationVersion();
            return new String[] {"procguard " + (v == null ? "0.1.0-dev" : v),
                "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name")
                    + " " + System.getProperty("os.arch")};
        }
    }
}
