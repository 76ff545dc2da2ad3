package io.procguard.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.procguard.cli.monitor.SignalRelay;
import io.procguard.core.EventKind;
import io.procguard.core.TraceEvent;
import io.procguard.strace.StraceParseException;
import io.procguard.strace.StraceParser;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code procguard parse}: an strace log as JSON lines, one event per line. Not thread-safe (one per invocation).
 */
@Command(name = "parse",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        showDefaultValues = true,
        header = "Parse an strace log and write one JSON object per event.",
        description = {
            "Reads an strace log (any of -f, -t/-tt/-ttt/-r, -T, -y/-yy, -Y, -s, -x/-xx, -X, -v, -k, -i, -n) and writes one JSON "
                + "object per event. Unfinished/resumed halves are stitched into one event; the -c/-C summary table "
                + "and -k stack lines are not events. Malformed lines are skipped and reported on stderr as "
                + "FILE:LINE:COLUMN (or stop the run with --strict); a file in which no line is strace output is an error (exit 3).",
            "",
            "Fields (absent when the line has none):",
            "  line         1-based line where the event ended",
            "  kind         SYSCALL, SIGNAL, EXITED, KILLED, SUPERSEDED, ATTACHED, DETACHED, STRACE_MESSAGE",
            "  pid          thread id (the --pid value when the log has no pid column)",
            "  ts_ns        timestamp in ns (-ttt: since the epoch; -t/-tt: since midnight; -r: since the previous line)",
            "  syscall      syscall name (x86_64 names; syscall_0xNN for numbers strace could not name)",
            "  args         argument text as strace printed it (SIGNAL: the {si_signo=...} block; messages: the text)",
            "  ret          return value (absent for '= ?' and for calls cut short)",
            "  errno        errno name (ENOENT, ERESTARTSYS, ...), errno_no its number",
            "  duration_ns  time in the call (-T)",
            "  resumed      true when stitched from '<unfinished ...>' and '<... resumed>' lines",
            "  signal       signal name of SIGNAL and KILLED events; core_dumped: true if the process dumped core",
            "  exit_code    exit code of EXITED events",
            "Bytes outside ASCII (strace escapes them unless the log was altered) are read as Latin-1.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  strace -f -ttt -T -yy -o run.log ./job && procguard parse run.log | jq -c 'select(.errno)'",
            "  strace -f -o /dev/stdout ./job 2>/dev/null | procguard parse --out events.jsonl -",
            "  procguard parse --follow live.log     (like tail -F, across log rotation; stop with Ctrl-C)",
            "",
            "Exit codes: 0 parsed, 1 the events could not be written, 2 usage, 3 LOG unreadable or not strace output "
                + "(or malformed, with --strict), or --out refused (a symbolic link, a directory, the LOG itself, a folder "
                + "that does not exist); --follow: 130 (SIGINT) or 143 (SIGTERM, SIGHUP) once the events up to then are written; "
                + "141, silently, when stdout is a pipe whose reader went away (| head)."
        })
public final class ParseCommand implements Callable<Integer> {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int SIGINT = 2;
    private static final int SIGTERM = 15;

    @Spec
    CommandSpec spec;

    @Mixin
    ParseInput input;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the JSON lines to FILE (created or truncated; a symbolic link is refused) instead of stdout "
                    + "(- is stdout).")
    Path out;

    @Option(names = "--follow", description = "At the end of a regular file, wait for it to grow, like tail -F. "
            + "Each event is written out as soon as it is parsed. Ctrl-C (SIGINT) or SIGTERM ends it as the end of "
            + "the log would: what the file holds by then is read and calls still waiting for their resumed half are "
            + "written as unfinished (no ret); the exit code is then 130 (SIGINT) or 143 (SIGTERM, SIGHUP). "
            + "A pipe on stdin ends when its writer closes it. "
            + "Rotation: when the file is truncated (logrotate copytruncate, > LOG) or LOG names a new file (logrotate's "
            + "rename and create), one line on stderr says so and the new content is read from its start; a renamed "
            + "file is first read to its end, and a last line it leaves unterminated is ended there. The events' line "
            + "numbers go on counting across files. A file on stdin (< LOG) can only be seen truncated.")
    boolean follow;

    @Parameters(paramLabel = "LOG", description = "The strace log (strace -o output or saved stderr); - for stdin (refused, exit 3, when stdin is closed).")
    String log;

    private char[] chars = new char[256];

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        checkOut();
        PrintWriter stdout = out == null ? spec.commandLine().getOut() : null;
        FollowedInput followed = follow ? followed() : null;
        java.util.concurrent.atomic.AtomicInteger stoppedBy = new java.util.concurrent.atomic.AtomicInteger();
        try (SignalRelay stop = followed == null ? null : SignalRelay.install(n -> stop(followed, stoppedBy, SIGINT),
                        () -> stop(followed, stoppedBy, SIGTERM));
                StraceParser parser = followed == null ? input.open(log, false, err) : input.open(followed, sourceName(), err);
                JsonGenerator gen = generator()) {
            long events = 0;
            for (TraceEvent e = parser.next(); e != null; e = parser.next()) {
                write(gen, e);
                events++;
                if (follow) {
                    // each event out as it comes: a consumer sees it while we wait, and Ctrl-C loses none of them
                    gen.flush();
                    if (stdout != null && stdout.checkError()) {
                        throw new CliException(ExitCodes.FAILURE, ErrorHandler.CANNOT_WRITE_STDOUT);
                    }
                } else if ((events & 0xFFF) == 0 && stdout != null && stdout.checkError()) {
                    throw new CliException(ExitCodes.FAILURE, ErrorHandler.CANNOT_WRITE_STDOUT); // | head: stop reading the log
                }
            }
            gen.flush();
            ParseInput.reportTotal(parser, err);
            ParseInput.requireStraceOutput(parser, events);
        } catch (StraceParseException e) {
            throw new CliException(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
        return stoppedBy.get() == 0 ? ExitCodes.OK : 128 + stoppedBy.get(); // as a shell reports a command a signal ended
    }

    /** Ends a follow on a signal: the first signal names the exit code. */
    private static void stop(FollowedInput followed, java.util.concurrent.atomic.AtomicInteger stoppedBy, int signal) {
        stoppedBy.compareAndSet(0, signal);
        followed.stop();
    }

    /**
     * @return the followed LOG, or stdin when it is a regular file ({@code < live.log}); null for a pipe, whose
     *     end of file is final
     */
    private FollowedInput followed() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (log.equals("-")) {
            StandardInput.requireGiven();
            return Files.isRegularFile(Path.of("/proc/self/fd/0")) ? FollowedInput.stdin(err) : null;
        }
        ParseInput.requireReadable(log);
        if (!Files.isRegularFile(Path.of(log))) {
            return null; // a FIFO or a device: its end of file is final
        }
        return FollowedInput.file(Path.of(log), err);
    }

    private String sourceName() {
        return log.equals("-") ? "<stdin>" : log;
    }

    /**
     * Refuses an {@code --out} that cannot be written safely, before the input is opened: no name, a symbolic link,
     * a directory, or the LOG itself (which would be truncated before a byte of it is read).
     */
    private void checkOut() throws IOException {
        if (out != null && out.toString().equals("-")) {
            out = null; // as for LOG: - is the standard stream
        }
        if (out == null) {
            return;
        }
        if (out.toString().isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "--out needs a file name, got ''");
        }
        if (Files.isSymbolicLink(out)) {
            throw new CliException(ExitCodes.BAD_INPUT, out + ": is a symbolic link; refusing to write through it");
        }
        if (Files.isDirectory(out)) {
            throw new CliException(ExitCodes.BAD_INPUT, out + ": is a directory");
        }
        OutputFiles.requireFolder("--out", out);
        // stdin redirected from the file (procguard parse --out x.log - < x.log) is the LOG too: /proc/self/fd/0 leads to it
        Path in = log.equals("-") ? Path.of("/proc/self/fd/0") : Path.of(log);
        if (Files.exists(out) && Files.exists(in) && Files.isSameFile(out, in)) {
            throw new CliException(ExitCodes.BAD_INPUT, out + ": is the LOG being parsed" + (log.equals("-") ? " (standard input)" : "")
                    + "; refusing to overwrite it (give --out another file)");
        }
    }

    private JsonGenerator generator() throws IOException {
        JsonGenerator gen;
        if (out != null) {
            // the events quote what the program read and wrote (a password file's bytes): a new file is 0600
            OutputFiles.requireOurOwn("--out", out);
            OutputStream os = java.nio.channels.Channels.newOutputStream(java.nio.channels.FileChannel.open(out,
                    java.util.Set.<java.nio.file.OpenOption>of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS),
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))));
            gen = JSON.createGenerator(new NamedOutput(os, out), JsonEncoding.UTF8);
        } else {
            gen = JSON.createGenerator(spec.commandLine().getOut());
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        }
        gen.setRootValueSeparator(null);
        return gen;
    }

    private void write(JsonGenerator gen, TraceEvent e) throws IOException {
        gen.writeStartObject();
        gen.writeNumberField("line", e.lineNumber());
        gen.writeStringField("kind", e.kind().name());
        gen.writeNumberField("pid", e.pid());
        if (e.timestampNanos() != TraceEvent.ABSENT) {
            gen.writeNumberField("ts_ns", e.timestampNanos());
        }
        if (e.kind() == EventKind.SYSCALL) {
            gen.writeStringField("syscall", e.syscallName());
        }
        CharSequence args = e.arguments();
        if (args.length() > 0 || e.kind() == EventKind.SYSCALL) {
            gen.writeFieldName("args");
            int n = args.length();
            if (chars.length < n) {
                chars = new char[Math.max(n, chars.length * 2)];
            }
            for (int i = 0; i < n; i++) {
                chars[i] = args.charAt(i);
            }
            gen.writeString(chars, 0, n);
        }
        if (e.hasReturnValue()) {
            gen.writeNumberField("ret", e.returnValue());
        }
        if (e.errnoName() != null) {
            gen.writeStringField("errno", e.errnoName());
            gen.writeNumberField("errno_no", e.errno());
        }
        if (e.durationNanos() != TraceEvent.ABSENT) {
            gen.writeNumberField("duration_ns", e.durationNanos());
        }
        if (e.resumed()) {
            gen.writeBooleanField("resumed", true);
        }
        if (e.signalName() != null) {
            gen.writeStringField("signal", e.signalName());
        }
        if (e.coreDumped()) {
            gen.writeBooleanField("core_dumped", true);
        }
        if (e.kind() == EventKind.EXITED) {
            gen.writeNumberField("exit_code", e.exitCode());
        }
        gen.writeEndObject();
        gen.writeRaw('\n');
    }

    /** The {@code --out} stream: a failed write names the file (the JDK's message is only the reason, e.g. "No space left on device"). */
    private static final class NamedOutput extends FilterOutputStream {
        private final Path file;

        NamedOutput(OutputStream out, Path file) {
            super(out);
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw named(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw named(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw named(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                throw named(e);
            }
        }

        private IOException named(IOException e) {
            return new IOException(file + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
    }
}
