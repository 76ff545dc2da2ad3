package io.procguard.strace;

import io.procguard.core.EventKind;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Streaming, zero-copy parser of strace's text output. Single reader thread, not thread-safe, except
 * {@link #finishFollowing()} and {@link #close()}, which may be called from another thread to end a follow-mode wait
 * (the first after reading what is there, the second at once).
 *
 * <p>Pull API, in the style of Jackson's {@code JsonParser}:
 * <pre>{@code
 * try (StraceParser p = StraceParser.open(Path.of("trace.log"))) {
 *     for (TraceEvent e = p.next(); e != null; e = p.next()) {
 *         if (e.syscall() == Syscalls.OPENAT && e.errno() == 0) { ... e.arguments() ... }
 *     }
 * }
 * }</pre>
 * {@link #next()} returns a cursor that is valid until the next call; its {@link TraceEvent#arguments()}
 * is a view over the read buffer (bytes read as Latin-1 chars; do not modify, do not keep: call
 * {@link TraceEvent#snapshot()} to keep an event). The push adapter is {@link #parse}.
 *
 * <p>What it reads: the output of {@code strace} with or without {@code -f} (bare {@code PID} column
 * as written with {@code -o}, or {@code [pid N]} as written to stderr), timestamps {@code -t/-tt/-ttt/-r}
 * (and {@code --timestamps=ns}), {@code -T}, {@code -y/-yy}, {@code -s}, {@code -x/-xx}, {@code -X},
 * {@code -v}, {@code -k} (stack lines are skipped), {@code -e read=FD}/{@code write=FD} (the data dump lines after
 * a call, {@code " | 00000  68 65 ...  he... |"} and {@code " * 6 bytes in buffer 0"}, are skipped),
 * {@code --seccomp-bpf}, {@code -Y} (the command name after the line's pid, {@code 2512<sh>} or
 * {@code [pid 2512<sh>]}, is skipped; pids inside arguments and returns keep it as a decoration, e.g.
 * {@code clone(...) = 2513<sh>} returns 2513), {@code -n} and {@code -i} (after the pid and time,
 * in this order, on call, resumed, signal and exit lines: the syscall number {@code [  59] } or {@code [????] }, then
 * the instruction pointer {@code [00007f1d0205cc47] }, 8 or 16 hex digits or as many {@code ?}; both are skipped, so
 * such a log gives the same events as without them). Per line:
 * <ul>
 * <li>{@code name(args) = ret ...}: a {@link EventKind#SYSCALL}. The return may be decimal, hex,
 *     decorated ({@code = 3</etc/passwd>}), followed by an errno ({@code = -1 ENOENT (...)}), a comment
 *     ({@code (flags O_RDONLY)}) and a {@code -T} duration. {@code = ?} has no return value, and may carry a
 *     restart errno ({@code = ? ERESTARTSYS (...)}).</li>
 * <li>{@code name(args <unfinished ...>} emits nothing; the matching {@code <... name resumed>rest) = ret}
 *     of the same thread emits one SYSCALL with the stitched arguments, {@link TraceEvent#resumed()} true
 *     and the timestamp of the completing line. A resume without its unfinished part (after an attach) is
 *     emitted with the arguments it has. {@code +++ superseded by execve in pid N +++} hands thread N's
 *     unfinished execve to the thread that prints the resume.</li>
 * <li>A line without a pid in a trace whose other lines have {@code [pid N]} (strace {@code -f} writing to a shared
 *     stderr prints no pid while it traces one process): it belongs to the one process traced then, and the first
 *     process keeps the default pid for the whole trace, also on its {@code [pid N]} lines
 *     ({@link SharedStderrPids}).</li>
 * <li>{@code name(args <detached ...>}: the call strace was printing when it detached (Ctrl-C on {@code strace -p}),
 *     an argument list that never closes. A SYSCALL with {@code hasReturnValue() == false} and no errno, like
 *     {@code = ?}; its arguments are the text before {@code " <detached ...>"} ({@code read(0,  <detached ...>} gives
 *     {@code "0, "}, as an unfinished half does); like strace, {@link SyscallTally} does not count it. A call the
 *     thread left unfinished before is emitted first. {@code <... name resumed>rest <detached ...>} ends the
 *     thread's unfinished call the way a resume does: stitched arguments, {@link TraceEvent#resumed()} true. On a
 *     shared stderr strace's {@code strace: Process N detached} cuts the call line and {@code " <detached ...>"}
 *     follows on a line of its own, after any other detach messages: the two halves give the same event.</li>
 * <li>Calls still unfinished when their thread exits, when a thread starts another unfinished call, when
 *     more than {@link ParserOptions#maxPendingUnfinished()} threads wait, or at end of input are emitted
 *     as SYSCALL events with {@code hasReturnValue() == false} and no errno: like {@code exit_group(0) = ?},
 *     and like strace, {@link SyscallTally} does not count them.</li>
 * <li>{@code --- SIGCHLD {...} ---}: {@link EventKind#SIGNAL}, arguments are the {@code {...}} text.
 *     {@code +++ exited with N +++}, {@code +++ killed by SIG (core dumped) +++},
 *     {@code +++ superseded by execve in pid N +++} (arguments: {@code N}). {@code strace: Process N attached}
 *     / {@code detached} (the pid is N), other {@code strace: ...} lines, {@code --- stopped by SIGSTOP ---}
 *     and {@code [ Process PID=... ]} are {@link EventKind#STRACE_MESSAGE} with the text as arguments.</li>
 * <li>The {@code -c/-C} summary table is recognised, not taken for calls; read it with {@link #countTable()}.</li>
 * </ul>
 *
 * <p>Bad input (binary garbage, invalid UTF-8, lines interleaved by a shared stderr, a line longer than
 * {@link ParserOptions#maxLineLength()}, a log cut mid-line, a time out of range: a time of day past
 * {@code 23:59:60}, or a time or duration whose nanoseconds overflow a {@code long}) never throws in the default
 * lenient mode: the line is skipped, counted in {@link #malformedLines()} and reported as a {@link ParseProblem}
 * ({@code message at file:line:column}). In strict mode the first one throws {@link StraceParseException}.
 * Blank lines are ignored. Memory is bounded by the options: one buffer of at most
 * {@code maxLineLength} + 64 KiB, and the table of unfinished calls.
 *
 * <p>How a call line is read: the return part is found from the line's end, and the arguments are not read.
 * The candidate is the last {@code )} followed by spaces and {@code "= "}; it is taken when the text after it parses
 * as a return part and cannot be the inside of a decoration (no {@code "} after it, no {@code <} or {@code >} in a
 * return comment; see {@code Spans.closeBeforeReturn}), and the arguments are the bytes between {@code name(} and
 * it ({@link Arguments} reads their structure when asked). Every other line, and every resumed or unfinished half,
 * is read forward, as before. On strace's own output the two readings give the same events; they differ only on a
 * malformed argument list followed by a well-formed return part ({@code openat(AT_FDCWD, "unterminated) = 3}):
 * lenient mode keeps such a line as a call whose arguments are that text as it is, without a problem; strict mode
 * reads every argument list forward and reports it ({@code argument list not closed at file:line:column}).
 * On that fast path a known syscall name and its {@code (}, a pid and strace's padding after it, a fraction of up to
 * six digits, a {@code <D.DDDDDD>} duration and a short return value are each read from one eight-byte word, and the
 * errno texts and value comments strace repeats ({@code ENOENT (No such file or directory)}) are remembered, eight of
 * them, and recognised by comparing their bytes.
 *
 * <p>Without a pid column every event gets {@link ParserOptions#defaultPid()}. Note that strace writing to
 * stderr with {@code -f} omits the {@code [pid N]} prefix while it traces a single process; use {@code -o}
 * for a pid on every line.
 */
public final class StraceParser implements AutoCloseable {
    private static final int SKIP = 0;
    private static final int EMIT = 1;
    private static final int BAD = 2;
    /** What strace -y prints right after the decoration of a deleted file. */
    private static final String DELETED = "(deleted)";
    /** What strace prints after the call it was printing when it detached from the thread. */
    private static final String DETACHED_TAIL = " <detached ...>";
    /** Longest command name text after a pid under {@code -Y}: 15 bytes, each escaped to at most 4 ({@code \ooo}). */
    private static final int MAX_COMM_TEXT = 15 * 4;
    /** Highest pid Linux can hand out (PID_MAX_LIMIT); larger numbers are malformed input. */
    private static final int PID_MAX_LIMIT = 1 << 22;
    private static final long SPACES = ByteSearch.pattern(' ');
    /** Bytes of a syscall name: letters, digits, {@code _} and {@code ?}. */
    private static final boolean[] NAME = new boolean[256];
    /** Bytes of a return value, read backwards by {@link #commonTail}: hex digits, {@code x} and {@code -}. */
    private static final boolean[] VALUE = new boolean[256];
    /** Bytes of an errno name ({@code ENOENT}, {@code E2BIG}, {@code ERESTART_RESTARTBLOCK}; {@code ?} as parseReturn). */
    private static final boolean[] ERRNO_NAME = new boolean[256];
    /**
     * Bytes {@link #commonTail} lets through inside a decoration: any but {@code < > " \}, so that the decoration is a
     * path or a socket without a peer ({@code <socket:[123]>}), one that {@link Spans#afterDecoration} ends at the same
     * {@code >}; nested ({@code </dev/null<char 1:3>>}), quoted and escaped ones take the general path.
     */
    private static final boolean[] PLAIN_DECORATION = new boolean[256];
    /** Bytes {@link #commonTail} lets through inside an errno comment: printable ASCII but {@code ( ) < > "}. */
    private static final boolean[] PLAIN_COMMENT = new boolean[256];

    static {
        for (char c : "0123456789abcdefx-".toCharArray()) {
            VALUE[c] = true;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            ERRNO_NAME[c] = true;
        }
        for (int c = '0'; c <= '9'; c++) {
            ERRNO_NAME[c] = true;
        }
        ERRNO_NAME['_'] = true;
        ERRNO_NAME['?'] = true;
        for (int c = ' '; c < 127; c++) {
            PLAIN_COMMENT[c] = c != '(' && c != ')' && c != '<' && c != '>' && c != '"';
        }
        for (int c = 0; c < 256; c++) {
            PLAIN_DECORATION[c] = c != '<' && c != '>' && c != '"' && c != '\\' && c != '\n';
        }
    }

    /** Value of a hexadecimal digit byte, -1 for other bytes. */
    private static final byte[] HEX = new byte[256];

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int c = 0; c < 128; c++) {
            HEX[c] = (byte) Character.digit(c, 16);
            NAME[c] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '?' || (c >= 'A' && c <= 'Z');
        }
    }

    private static final int NO_TABLE = 0;
    private static final int TABLE_HEADER = 1;
    private static final int TABLE_ROWS = 2;
    private static final int TABLE_TOTAL = 3;

    private final LineReader reader;
    private final String sourceName;
    private final ParserOptions options;
    private final EventCursor cursor = new EventCursor();
    private final EventCursor flushCursor = new EventCursor();
    private final SyscallNameTable syscallNames;
    private final NameCache errnoNames = NameCache.errnos();
    private final NameCache signalNames = NameCache.signals();
    private final PendingCalls pending;
    private final TimeParser times = new TimeParser();
    private final TimeParser durations = new TimeParser();
    /** Unfinished calls to emit before the current line's event. */
    private final ArrayDeque<PendingCalls.Entry> flushQueue = new ArrayDeque<>();
    private PendingCalls.Entry lastFlushed;
    private boolean lineEventReady;
    private boolean endReached;
    private byte[] stitch = new byte[256];
    /**
     * Ends of call lines {@link #commonTail} read and accepted, by {@link #tailTextSlot}: an errno name and its
     * comment ({@code ENOENT (No such file or directory)}, the name and number beside it) or a comment on a value
     * (null, 0). strace prints the same few over and over; a repeat is known by comparing its bytes.
     */
    private final TailText[] tailTexts = new TailText[8];

    /** One remembered end: its bytes from the errno name (or the comment's {@code (}) to the {@code )}, and the errno. */
    private record TailText(byte[] text, String errnoName, int errno) {
    }

    private final List<ParseProblem> problems = new ArrayList<>();
    private Consumer<ParseProblem> problemHandler = p -> { };
    private long malformed;

    private int tableState = NO_TABLE;
    private String tableHeader;
    private long tableHeaderLine;
    private int[] tableColumns;
    private SyscallCountTable table;

    /** Thread whose call line was cut by a message or by the program's own output on a shared stderr; -1 if none. */
    private int interruptedPid = -1;
    /** True when the cut line had no {@code strace:} message: if the next line does not finish it, it is malformed. */
    private boolean interruptedBroken;
    private long interruptedLine;
    private int interruptedColumn;
    private String interruptedExcerpt;
    /** A cut line found unfinished, to report once the current line is done. */
    private ParseProblem brokenProblem;
    /** A {@code % time} header whose dashed rule never came, reported once the next line is parsed. */
    private ParseProblem headerProblem;

    /** Read every argument list forward (strict mode, and tests); else a call line's return part is found from its end. */
    private boolean verifyArguments;
    /** Set at the first call line without a pid: the trace may be strace -f writing to a shared stderr. */
    private SharedStderrPids stderrPids;
    private int errorAt;
    private String errorMessage;
    private long scratchValue;
    /** Whether {@link #fastCall} is tried before {@link #parseLine}; tests turn it off to compare the two. */
    boolean fastLines = true;

    private StraceParser(InputStream in, String sourceName, ParserOptions options) {
        this.sourceName = sourceName;
        this.options = options;
        this.reader = new LineReader(in, sourceName, options.maxLineLength(), options.follow(), options.followPollMillis());
        this.syscallNames = new SyscallNameTable(options.maxUnknownSyscallNames());
        this.pending = new PendingCalls(options.maxPendingUnfinished());
        this.verifyArguments = options.strict();
    }

    /**
     * Makes a lenient parser read every argument list forward, as strict mode does, so malformed argument lists
     * are reported instead of trusted. For tests that compare the two.
     *
     * @return this parser
     */
    StraceParser verifyArguments() {
        verifyArguments = true;
        return this;
    }

    /**
     * Opens a log file with the default options.
     *
     * @param log an strace output file, a FIFO, or {@code /dev/stdin}
     * @return a parser; close it
     * @throws IOException if the file cannot be opened
     */
    public static StraceParser open(Path log) throws IOException {
        return open(log, ParserOptions.defaults());
    }

    /**
     * Opens a log file. The file is only read; a FIFO blocks {@link #next()} until a full line or EOF.
     *
     * @param log an strace output file or a FIFO
     * @param options limits and modes
     * @return a parser; close it
     * @throws IOException if the file cannot be opened or is a directory
     */
    public static StraceParser open(Path log, ParserOptions options) throws IOException {
        if (Files.isDirectory(log, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(log + ": is a directory, expected an strace log");
        }
        return new StraceParser(Files.newInputStream(log), log.toString(), options);
    }

    /**
     * Wraps a stream (a pipe, a socket, a decompressor, ...). The parser closes it on {@link #close()}.
     *
     * @param in the strace output
     * @param sourceName the name used in problem reports ({@code -} for stdin)
     * @param options limits and modes ({@link ParserOptions#follow()} waits at every end of input, a pipe's too: a
     *     pipe's end is final, so do not follow one)
     * @return a parser; close it
     */
    public static StraceParser of(InputStream in, String sourceName, ParserOptions options) {
        return new StraceParser(in, sourceName, options);
    }

    /**
     * Push adapter: parses the whole stream, calling the listener for each event and each problem, then
     * closes the stream.
     *
     * @param in the strace output
     * @param sourceName the name used in problem reports
     * @param options limits and modes
     * @param listener receives events and problems on this thread
     * @throws IOException on read errors, or {@link StraceParseException} in strict mode
     */
    public static void parse(InputStream in, String sourceName, ParserOptions options, TraceListener listener)
            throws IOException {
        try (StraceParser p = of(in, sourceName, options)) {
            p.onProblem(listener::onProblem);
            for (TraceEvent e = p.next(); e != null; e = p.next()) {
                listener.onEvent(e);
            }
        }
    }

    /**
     * Sets who hears about malformed lines as they are found (in addition to {@link #problems()}).
     *
     * @param handler called on the parsing thread
     * @return this parser
     */
    public StraceParser onProblem(Consumer<ParseProblem> handler) {
        this.problemHandler = java.util.Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Reads up to the next event.
     *
     * @return the next event (a cursor valid until the next call), or null at end of input
     * @throws StraceParseException in strict mode, at the first malformed line
     * @throws java.io.InterruptedIOException if interrupted while following a file
     * @throws IOException on read errors
     */
    public TraceEvent next() throws IOException {
        if (lastFlushed != null) {
            pending.release(lastFlushed);
            lastFlushed = null;
        }
        if (!flushQueue.isEmpty()) {
            return flush(flushQueue.poll());
        }
        if (lineEventReady) {
            lineEventReady = false;
            return cursor;
        }
        while (!endReached) {
            int r = reader.next();
            if (r == LineReader.END) {
                endReached = true;
                abandonInterrupted();
                if (tableState == TABLE_HEADER) {
                    headerWithoutRule();
                }
                reportBroken();
                flushQueue.addAll(pending.drainInOrder());
                break;
            }
            if (r == LineReader.OVERLONG) {
                problem(options.maxLineLength() + 1, "line longer than " + options.maxLineLength()
                        + " bytes skipped", reader.excerpt, 0, reader.excerpt.length);
                continue;
            }
            // the flush queue is empty here (every way through the loop returns what it queued), so a call line taken
            // by the fast path may be returned at once; a line cut by strace or a summary table needs parseLine
            if (fastLines && !verifyArguments && interruptedPid < 0 && tableState == NO_TABLE
                    && fastCall(reader.buf, reader.lineStart, reader.lineEnd)) {
                return cursor;
            }
            int result = parseLine(reader.buf, reader.lineStart, reader.lineEnd);
            reportBroken();
            if (result == BAD) {
                String msg = reader.terminated ? errorMessage : "truncated last line: " + errorMessage;
                problem(errorAt - reader.lineStart + 1, msg, reader.buf, reader.lineStart, reader.lineEnd);
            } else if (result == EMIT) {
                if (!flushQueue.isEmpty()) {
                    lineEventReady = true;
                    return flush(flushQueue.poll());
                }
                return cursor;
            }
            if (!flushQueue.isEmpty()) {
                return flush(flushQueue.poll());
            }
        }
        return flushQueue.isEmpty() ? null : flush(flushQueue.poll());
    }

    /** @return lines read so far (including malformed, skipped and table lines) */
    public long linesRead() {
        return reader.lineNumber;
    }

    /** @return bytes consumed so far (whole lines, newlines included) */
    public long bytesRead() {
        return reader.bytesConsumed;
    }

    /** @return malformed lines so far */
    public long malformedLines() {
        return malformed;
    }

    /** @return the first {@link ParserOptions#maxKeptProblems()} problems, in input order */
    public List<ParseProblem> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** @return strace's own {@code -c/-C} summary table, once the parser has read it */
    public Optional<SyscallCountTable> countTable() {
        return Optional.ofNullable(table);
    }

    /** @return the name used in problem reports */
    public String sourceName() {
        return sourceName;
    }

    /**
     * Ends follow mode at the input's current end, without losing anything: what the input holds when the reading
     * thread next reaches its end is still read, then {@link #next()} flushes the calls left unfinished and returns
     * null, as at the end of a log that is not followed. Call it (from any thread) once the writer is done, e.g. when
     * the strace writing the followed file has exited; {@link #close()}, by contrast, stops at once and drops what is
     * not read yet. No effect without follow mode.
     */
    public void finishFollowing() {
        reader.finish();
    }

    /**
     * Sets what runs on the reading thread, inside {@link #next()}, before each nap of follow mode while the input has
     * nothing new: {@code parser.whileWaiting(pipeline::idle)} lets a {@code Pipeline} fed by {@code parser::next} score
     * the processes that went quiet (a reverse shell blocked in {@code read}) while strace writes nothing.
     *
     * @param task run before each nap; null for none
     * @return this parser
     */
    public StraceParser whileWaiting(Runnable task) {
        reader.whileWaiting = task;
        return this;
    }

    /**
     * Closes the input; safe from another thread, where it ends a follow-mode wait at once (bytes not read yet are
     * dropped; {@link #finishFollowing()} reads them first).
     */
    @Override
    public void close() throws IOException {
        reader.close();
    }

    // ---------------------------------------------------------------- events from the pending table

    private TraceEvent flush(PendingCalls.Entry e) {
        lastFlushed = e;
        EventCursor c = flushCursor;
        c.reset(EventKind.SYSCALL);
        c.pid = e.pid;
        c.timestampNanos = e.timestampNanos;
        c.lineNumber = e.lineNumber;
        c.syscall = e.syscall;
        c.arguments.set(e.args, 0, e.argsLength);
        return c;
    }

    /** Sets the cursor's arguments to the pending call's text followed by {@code b[from, to)}, and retires the entry. */
    private void stitchArguments(PendingCalls.Entry pend, byte[] b, int from, int to) {
        pending.remove(pend.pid);
        int total = pend.argsLength + to - from;
        if (stitch.length < total) {
            stitch = new byte[Math.max(total, stitch.length * 2)];
        }
        System.arraycopy(pend.args, 0, stitch, 0, pend.argsLength);
        System.arraycopy(b, from, stitch, pend.argsLength, to - from);
        cursor.arguments.set(stitch, 0, total);
        pending.release(pend);
    }

    private void storeUnfinished(int pid, int syscall, long ts, byte[] b, int from, int to) {
        PendingCalls.Entry old = pending.remove(pid);
        if (old != null) {
            flushQueue.add(old);
        } else if (pending.isFull()) {
            PendingCalls.Entry oldest = pending.oldest();
            flushQueue.add(pending.remove(oldest.pid));
        }
        PendingCalls.Entry e = pending.obtain();
        e.pid = pid;
        e.syscall = syscall;
        e.timestampNanos = ts;
        e.lineNumber = reader.lineNumber;
        e.setArgs(b, from, to);
        pending.put(e);
    }

    /**
     * A call line strace ended with {@code <detached ...>}: the call is emitted now, without a return value.
     * A call the thread left unfinished before is emitted first, as when the thread starts another unfinished call.
     */
    private int detachedCall(byte[] b, int argsStart, int argsEnd, int id) {
        PendingCalls.Entry old = pending.remove(cursor.pid);
        if (old != null) {
            flushQueue.add(old);
        }
        cursor.reset(EventKind.SYSCALL);
        cursor.syscall = id;
        cursor.arguments.set(b, argsStart, argsEnd);
        return EMIT;
    }

    // ---------------------------------------------------------------- lines cut in two

    /**
     * A call line whose argument list does not close. On a shared stderr, strace cuts its own line to
     * print {@code strace: Process N attached} (or {@code detached}) and goes on with the rest on the next line
     * (after a detach message, with {@code <detached ...>}); a traced
     * program writing to the same stderr cuts it the same way. The head is kept as the thread's pending
     * call, and the next line may finish it.
     */
    private int interrupted(byte[] b, int argsStart, int e, int id) {
        int msg = indexOfProcessMessage(b, argsStart, e);
        if (msg < 0 && !reader.terminated) {
            // the input ends inside the call (strace was still writing it, or was killed): nothing can finish it,
            // so what strace printed is kept as an unfinished call (emitted at the end, without a return) and reported
            storeUnfinished(cursor.pid, id, cursor.timestampNanos, b, argsStart, e);
            return bad(e, "argument list not closed (the call is kept, unfinished)");
        }
        int pid = cursor.pid;
        storeUnfinished(pid, id, cursor.timestampNanos, b, argsStart, msg >= 0 ? msg : e);
        interruptedPid = pid;
        interruptedBroken = msg < 0;
        if (msg >= 0) {
            return parseStraceMessage(b, afterStraceName(b, msg, e), e);
        }
        interruptedLine = reader.lineNumber;
        interruptedColumn = e - reader.lineStart + 1;
        interruptedExcerpt = excerpt(b, reader.lineStart, e);
        return SKIP;
    }

    /**
     * @return the index of a trailing {@code strace: Process N attached} or {@code detached} (strace names itself
     *     by its argv[0], e.g. {@code /usr/bin/strace: ...}), or -1
     */
    private static int indexOfProcessMessage(byte[] b, int from, int e) {
        if (!Spans.endsWith(b, from, e, " attached") && !Spans.endsWith(b, from, e, " detached")) {
            return -1;
        }
        int d = e - 9; // both words are 9 bytes with their space
        int q = d;
        while (q > from && Spans.isDigit(b[q - 1])) {
            q--;
        }
        int start = q - 16;
        if (q == d || start < from || !Spans.regionMatches(b, start, q, "strace: Process ")) {
            return -1;
        }
        // back over a path in argv[0] to its first '/': "3/usr/bin/strace: ..." leaves "3" to the call
        int firstSlash = -1;
        for (int i = start - 1; i >= from && b[i] > ' ' && b[i] != ',' && b[i] != '(' && b[i] != '"'; i--) {
            if (b[i] == '/') {
                firstSlash = i;
            }
        }
        return firstSlash >= 0 && b[start - 1] == '/' ? firstSlash : start;
    }

    /**
     * @return the index after {@code strace: } when the text at {@code p} is strace's own message prefix
     *     ({@code strace: }, {@code /usr/bin/strace: }), else -1
     */
    private static int afterStraceName(byte[] b, int p, int e) {
        int q = p;
        while (q < e && b[q] != ' ' && b[q] != ':' && b[q] != '(') {
            q++;
        }
        if (q + 1 < e && b[q] == ':' && b[q + 1] == ' ' && Spans.endsWith(b, p, q, "strace")
                && (q - p == 6 || b[q - 7] == '/')) {
            return q + 2;
        }
        return -1;
    }

    /** @return EMIT/SKIP when the line finishes (or explicitly suspends) the cut call, -1 to parse it normally */
    private int continueInterrupted(byte[] b, int s, int e) {
        int pid = interruptedPid;
        PendingCalls.Entry pend = pending.get(pid);
        if (pend == null) {
            interruptedPid = -1;
            return -1;
        }
        if (afterStraceName(b, s, e) >= 0) {
            return -1; // more messages may come between the two halves: parse it, keep waiting
        }
        int t = Spans.skipSpaces(b, s, e);
        if (Spans.regionMatches(b, t, e, "<unfinished ...>") && t + 16 == e) {
            interruptedPid = -1; // strace moved on to another thread: now an ordinary unfinished call
            return SKIP;
        }
        if (e - s == DETACHED_TAIL.length() && Spans.regionMatches(b, s, e, DETACHED_TAIL)) {
            // strace detached while printing the call; its 'Process N detached' message cut the line
            interruptedPid = -1;
            cursor.reset(EventKind.SYSCALL);
            cursor.pid = pid;
            cursor.timestampNanos = pend.timestampNanos;
            cursor.lineNumber = reader.lineNumber;
            cursor.syscall = pend.syscall;
            stitchArguments(pend, b, t, t);
            return EMIT;
        }
        // after strace's own message the rest of the call may start with anything but a new line's prefix;
        // after foreign output (a program sharing stderr) only with what strace prints mid-call
        boolean continuation = interruptedBroken
                ? b[s] == ',' || b[s] == ')' || Spans.regionMatches(b, s, e, " => ")
                : !Spans.regionMatches(b, s, e, "[pid ") && !Spans.regionMatches(b, s, e, "<... ")
                        && !Spans.regionMatches(b, s, e, "+++ ") && !Spans.regionMatches(b, s, e, "--- ");
        int close = continuation ? Spans.closeOfArguments(b, s, e, 1) : -1;
        if (close >= 0) {
            cursor.reset(EventKind.SYSCALL);
            cursor.pid = pid;
            cursor.timestampNanos = pend.timestampNanos;
            cursor.lineNumber = reader.lineNumber;
            cursor.syscall = pend.syscall;
            if (parseReturn(b, close + 1, e, false) == EMIT) {
                interruptedPid = -1;
                stitchArguments(pend, b, s, close);
                return EMIT;
            }
        }
        abandonInterrupted();
        return -1;
    }

    /** The cut call was not finished by the next line: drop it, and report it if strace did not cut it. */
    private void abandonInterrupted() {
        if (interruptedPid < 0) {
            return;
        }
        int pid = interruptedPid;
        interruptedPid = -1;
        if (interruptedBroken) {
            PendingCalls.Entry pend = pending.remove(pid);
            if (pend != null) {
                pending.release(pend);
            }
            brokenProblem = new ParseProblem(sourceName, interruptedLine, interruptedColumn,
                    "argument list not closed", interruptedExcerpt);
        }
    }

    // ---------------------------------------------------------------- line parsing

    private int bad(int at, String message) {
        errorAt = at;
        errorMessage = message;
        return BAD;
    }

    private void problem(int column, String message, byte[] b, int from, int to) throws StraceParseException {
        problem(new ParseProblem(sourceName, reader.lineNumber, column, message, excerpt(b, from, to)));
    }

    private void reportBroken() throws StraceParseException {
        if (headerProblem != null) {
            ParseProblem p = headerProblem;
            headerProblem = null;
            problem(p);
        }
        if (brokenProblem != null) {
            ParseProblem p = brokenProblem;
            brokenProblem = null;
            problem(p);
        }
    }

    private void problem(ParseProblem p) throws StraceParseException {
        malformed++;
        if (options.strict()) {
            throw new StraceParseException(p);
        }
        if (problems.size() < options.maxKeptProblems()) {
            problems.add(p);
        }
        problemHandler.accept(p);
    }

    private static String excerpt(byte[] b, int from, int to) {
        int n = Math.min(to - from, 80);
        StringBuilder sb = new StringBuilder(n + 3);
        for (int i = 0; i < n; i++) {
            int c = b[from + i] & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return to - from > n ? sb.append("...").toString() : sb.toString();
    }

    /**
     * Skips the command name {@code strace -Y} ({@code --decode-pids=comm}) prints after a pid: {@code 2512<sh>}.
     * strace escapes {@code <} and {@code >} inside it ({@code \74}, {@code \76}), so the first {@code >} ends it.
     *
     * @param q just after the pid's digits
     * @return just after the name, or {@code q} when none is there
     */
    private static int afterComm(byte[] b, int q, int e) {
        if (q >= e || b[q] != '<') {
            return q;
        }
        int limit = Math.min(e, q + MAX_COMM_TEXT + 2);
        for (int i = q + 1; i < limit; i++) {
            if (b[i] == '>') {
                return i + 1;
            }
        }
        return q;
    }

    /**
     * The commonest line in one short pass, before {@link #parseLine}: {@code PID  [TIME ]NAME(ARGS) = VALUE ...}, a
     * bare pid padded with spaces (strace {@code -f}), an optional timestamp followed by one space, a name already
     * in the table, and an end {@link #commonTail} reads. It skips {@code parseLine}'s tests for the rarer shapes
     * ({@code [pid N]}, no pid, {@code -Y} names, {@code -n}/{@code -i} fields, exits, signals, resumed and
     * unfinished calls, strace's messages, stack and dump lines), which cannot start or end that way. Anything else
     * gives up and {@code parseLine} reads the line from its start, resetting what was set here; the parts used
     * ({@link TimeParser}, the name table, {@code commonTail}) are the ones {@code parseLine} uses, so a line taken
     * here yields exactly the event {@code parseLine} would.
     *
     * @return true when the line was taken: the cursor holds its event
     */
    boolean fastCall(byte[] b, int s, int e) {
        if (s + 32 > b.length || e - s < 12 || b[e - 2] == '.') { // '.' : '<unfinished ...>' (or a short line)
            return false;
        }
        long w = ByteSearch.word(b, s);
        int n = Digits.leading(w);
        if (n == 0 || n == 8) {
            return false;
        }
        int pad = Long.numberOfTrailingZeros((w >>> (n << 3)) ^ SPACES) >>> 3; // the spaces after the pid
        if (pad == 0 || n + pad >= 8) { // no space (a time without -f, or -Y's <name>), or more padding than the word
            return false;
        }
        int pid = (int) Digits.value(w, n);
        if (pid > PID_MAX_LIMIT) {
            return false;
        }
        int p = s + n + pad;
        long ts = TraceEvent.ABSENT;
        if (Spans.isDigit(b[p])) {
            int q = times.parse(b, p, e);
            if (q < 0 || q >= e || b[q] != ' ') {
                return false;
            }
            ts = times.nanos;
            p = q + 1;
            if (p >= e || b[p] == ' ') { // nothing after the time, or more than one space: parseLine reads them
                return false;
            }
        }
        int id = syscallNames.lookupCall(b, p, e);
        if (id == SyscallNameTable.MISS) {
            return false;
        }
        EventCursor c = cursor;
        c.reset(EventKind.SYSCALL);
        c.syscall = id;
        c.pid = pid;
        c.timestampNanos = ts;
        c.lineNumber = reader.lineNumber;
        return commonTail(b, syscallNames.callNameEnd + 1, e) >= 0;
    }

    private int parseLine(byte[] b, int s, int e) {
        if (s == e) {
            return SKIP;
        }
        if (interruptedPid >= 0) {
            int r = continueInterrupted(b, s, e);
            if (r >= 0) {
                return r;
            }
        }
        if (tableState != NO_TABLE) {
            int r = parseTableLine(b, s, e);
            if (r >= 0) {
                return r;
            }
        }
        byte c0 = b[s];
        if (c0 == ' ' && belongsToThePreviousCall(b, s, e)) {
            return SKIP;
        }
        if (c0 == '%' && Spans.regionMatches(b, s, e, "% time")) {
            tableState = TABLE_HEADER;
            tableHeader = new String(b, s, e - s, java.nio.charset.StandardCharsets.ISO_8859_1);
            tableHeaderLine = reader.lineNumber;
            return SKIP;
        }
        int p = s;
        int pid = options.defaultPid();
        if (c0 == '[' && Spans.regionMatches(b, s, e, "[pid ")) {
            p = Spans.skipSpaces(b, s + 5, e);
            int n = Digits.count(b, p, e);
            int q = n < 8 ? p + n : Digits.end(b, p, e);
            int r = afterComm(b, q, e);
            if (q == p || q - p > 7 || r >= e || b[r] != ']') {
                return bad(r, "expected a pid in '[pid N]'");
            }
            pid = (int) Digits.value(b, p, n);
            if (stderrPids != null && pid <= PID_MAX_LIMIT) {
                pid = stderrPids.bracketed(pid);
            }
            p = r + 1;
        } else if (Spans.isDigit(c0)) {
            boolean wordFits = s + 8 <= b.length;
            long w = wordFits ? ByteSearch.word(b, s) : 0;
            int n = wordFits ? Math.min(Digits.leading(w), e - s) : Digits.count(b, s, e);
            int q = n < 8 ? s + n : Digits.end(b, s, e);
            int r = q < e && b[q] == '<' ? afterComm(b, q, e) : q;
            if (r < e && b[r] == ' ') {
                if (q - s > 7) {
                    return bad(s, "pid out of range");
                }
                pid = (int) (wordFits ? Digits.value(w, n) : Digits.value(b, s, n));
                p = r;
                if (wordFits && r == q && n < 8) { // strace pads the pid with spaces: skip them in the same word
                    p = Math.min(q + (Long.numberOfTrailingZeros((w >>> (n << 3)) ^ SPACES) >>> 3), e);
                }
            }
        }
        if (pid > PID_MAX_LIMIT) {
            return bad(s, "pid out of range");
        }
        if (p == s && c0 != '[') { // no pid printed: one process traced (or no -f)
            if (stderrPids != null) {
                pid = stderrPids.unprefixed();
            } else if (afterStraceName(b, s, e) < 0) {
                stderrPids = new SharedStderrPids(options.defaultPid());
            }
        }
        p = Spans.skipSpaces(b, p, e);
        long ts = TraceEvent.ABSENT;
        if (p < e && Spans.isDigit(b[p])) {
            int q = times.parse(b, p, e);
            if (q < 0 || q >= e || b[q] != ' ') {
                return badTimestamp(p, q);
            }
            ts = times.nanos;
            p = Spans.skipSpaces(b, q, e);
        }
        if (p >= e) {
            return bad(p, "nothing after the pid/timestamp prefix");
        }
        EventCursor c = cursor;
        c.pid = pid;
        c.timestampNanos = ts;
        c.lineNumber = reader.lineNumber;
        if (b[p] == '[') { // strace -n/-i fields, or strace's own '[ Process PID=... ]'
            p = afterFields(b, p, e);
            if (p < 0) {
                return -p - 1;
            }
        }
        switch (b[p]) {
            case '+':
                return parseExit(b, p, e);
            case '-':
                return parseSignal(b, p, e);
            case '<':
                return parseResumed(b, p, e);
            default: // a syscall name, or strace's own name before a message (strace: / /usr/bin/strace:)
                return parseCallOrMessage(b, p, e);
        }
    }

    /**
     * A line that starts with a space: a {@code -k} stack frame ({@code " > ..."}) or an {@code -e read=/write=}
     * data dump ({@code " | 00000 ..."}, {@code " * N bytes in buffer M"}) of the previous call.
     */
    private static boolean belongsToThePreviousCall(byte[] b, int s, int e) {
        if (e - s < 2) {
            return false;
        }
        byte c1 = b[s + 1];
        return c1 == '>' || (c1 == '|' || c1 == '*') && isDumpLine(b, s, e);
    }

    /** Reports a timestamp that did not parse ({@code q < 0}) or is not followed by a space. */
    private int badTimestamp(int p, int q) {
        if (q == TimeParser.OUT_OF_RANGE) {
            return bad(p, "timestamp out of range (a time of day above 23:59:60, or seconds above 9223372036.854775807)");
        }
        return bad(q < 0 ? p : q, "expected a timestamp followed by a space");
    }

    /**
     * At a {@code [} after the prefix: skips the {@code -n}/{@code -i} fields.
     *
     * @return where the line goes on after them, or {@code -(result + 1)} when the line ends here: strace's own
     *     {@code [ ... ]} message (EMIT) or a malformed line (BAD)
     */
    private int afterFields(byte[] b, int p, int e) {
        int q = afterInstructionPointer(b, afterSyscallNumber(b, p, e), e);
        if (q == p) {
            return -message(b, p, e, EventKind.STRACE_MESSAGE, 0) - 1;
        }
        if (q >= e || b[q] == '[') {
            return -bad(q, "expected a syscall, a signal or an exit after the '-n'/'-i' fields") - 1;
        }
        return q;
    }

    /**
     * Skips the syscall number {@code strace -n} prints after the pid and time: {@code [%4lu] }, e.g. {@code [  59] },
     * {@code [ 231] }, or {@code [????] } (newer strace: {@code [???] }) when the number is not known; on exit lines
     * ({@code +++}) it is the thread's last call's.
     *
     * @return just after the field and its space, or {@code p} when none is there
     */
    private static int afterSyscallNumber(byte[] b, int p, int e) {
        int q = Spans.skipSpaces(b, p + 1, e);
        int r;
        if (q == p + 1 && q < e && b[q] == '?') {
            r = q;
            while (r < e && b[r] == '?') {
                r++;
            }
            if (r - q != 3 && r - q != 4) {
                return p;
            }
        } else {
            r = Digits.end(b, q, e);
            if (r == q || r - q > 20 || r - p - 1 < 4) {
                return p; // no number, longer than a 64-bit one, or not padded to four
            }
        }
        if (r + 1 >= e || b[r] != ']' || b[r + 1] != ' ') {
            return p;
        }
        return r + 2;
    }

    /**
     * Skips the instruction pointer {@code strace -i} prints after the pid, time and {@code -n} field:
     * {@code [%016lx] } ({@code [%08lx] } for a 32-bit process), e.g. {@code [00007f1d0205cc47] }, or as many
     * {@code ?} when strace cannot read it ({@code [????????????????] } on exit lines).
     *
     * @return just after the field and its space, or {@code p} when none is there
     */
    private static int afterInstructionPointer(byte[] b, int p, int e) {
        if (p + 11 >= e || b[p] != '[') {
            return p;
        }
        int q = p + 1;
        if (b[q] == '?') {
            while (q < e && b[q] == '?') {
                q++;
            }
        } else {
            while (q < e && HEX[b[q] & 0xFF] >= 0) {
                q++;
            }
        }
        int n = q - p - 1;
        if ((n != 8 && n != 16) || q + 1 >= e || b[q] != ']' || b[q + 1] != ' ') {
            return p;
        }
        return q + 2;
    }

    /**
     * @return true for a line of the dump strace prints after a call with {@code -e read=FD} / {@code -e write=FD}:
     *     {@code " | 00000  68 65 6c 6c 6f 0a  ...  hello.  |"} (offset, hex bytes, the bytes as text), and before each
     *     buffer of a vector call ({@code readv}, {@code writev}, {@code sendmsg}, ...) {@code " * 6 bytes in buffer 0"}
     */
    private static boolean isDumpLine(byte[] b, int s, int e) {
        if (Spans.regionMatches(b, s, e, " | ")) {
            int q = s + 3;
            while (q < e && HEX[b[q] & 0xFF] >= 0) {
                q++;
            }
            return q - s - 3 >= 5 && Spans.regionMatches(b, q, e, "  ") && e - q >= 4 && Spans.endsWith(b, q, e, " |");
        }
        if (Spans.regionMatches(b, s, e, " * ")) {
            int q = Digits.end(b, s + 3, e);
            if (q == s + 3 || !Spans.regionMatches(b, q, e, " bytes in buffer ")) {
                return false;
            }
            int r = q + 17;
            return Digits.end(b, r, e) == e && e > r;
        }
        return false;
    }

    private int parseCallOrMessage(byte[] b, int p, int e) {
        int id = syscallNames.lookupCall(b, p, e);
        int q;
        if (id != SyscallNameTable.MISS) {
            q = syscallNames.callNameEnd;
        } else {
            q = nameEnd(b, p, e);
            if (q == p || q >= e || b[q] != '(') { // not "name(": strace's own message, or malformed
                int text = afterStraceName(b, p, e);
                if (text >= 0) {
                    return parseStraceMessage(b, text, e);
                }
                if (q == p || q >= e) {
                    return bad(p, "expected a syscall, a signal, an exit or an strace message");
                }
                return bad(q, "expected '(' after the syscall name");
            }
            id = syscallNames.lookup(b, p, q);
            if (id == SyscallNameTable.REFUSED) {
                return bad(p, "too many distinct unknown syscall names (limit " + options.maxUnknownSyscallNames()
                        + " per log, " + Syscalls.MAX_DYNAMIC_NAMES + " per JVM)");
            }
        }
        int argsStart = q + 1;
        int unfinished = b[e - 2] == '.' && Spans.endsWith(b, argsStart, e, "<unfinished ...>") ? e - 16 : -1;
        if (unfinished < 0 && !verifyArguments) {
            // the fast path: the arguments are not read, their end is found from the line's end
            cursor.reset(EventKind.SYSCALL);
            cursor.syscall = id;
            if (commonTail(b, argsStart, e) >= 0) {
                return EMIT;
            }
            int close = Spans.closeBeforeReturn(b, argsStart, e);
            if (close >= 0) {
                cursor.reset(EventKind.SYSCALL);
                cursor.syscall = id;
                cursor.arguments.set(b, argsStart, close);
                if (parseReturn(b, close + 1, e, true) == EMIT) {
                    return EMIT;
                }
            }
        }
        int close = Spans.closeOfArguments(b, argsStart, unfinished >= 0 ? unfinished : e, 1);
        if (close < 0) {
            if (unfinished < 0) {
                if (Spans.endsWith(b, argsStart, e, DETACHED_TAIL)) {
                    return detachedCall(b, argsStart, e - DETACHED_TAIL.length(), id);
                }
                return interrupted(b, argsStart, e, id);
            }
            int argsEnd = unfinished > argsStart && b[unfinished - 1] == ' ' ? unfinished - 1 : unfinished;
            storeUnfinished(cursor.pid, id, cursor.timestampNanos, b, argsStart, argsEnd);
            return SKIP;
        }
        if (unfinished >= 0 && Spans.skipSpaces(b, close + 1, e) == unfinished) {
            storeUnfinished(cursor.pid, id, cursor.timestampNanos, b, argsStart, close);
            return SKIP;
        }
        cursor.reset(EventKind.SYSCALL);
        cursor.syscall = id;
        cursor.arguments.set(b, argsStart, close);
        return parseReturn(b, close + 1, e, false);
    }

    /** Longest errno comment {@link #commonTail} reads ({@code (No such file or directory)} is 27 bytes). */
    private static final int MAX_TAIL_COMMENT = 80;
    /** Longest {@code -y} decoration of a return {@link #commonTail} reads; longer ones take the general path. */
    private static final int MAX_TAIL_DECORATION = 256;
    /** Longest {@code -T} duration {@link #commonTail} reads, brackets and the space before them included. */
    private static final int MAX_TAIL_DURATION = 32;

    /**
     * Reads the commonest ends of a call line backwards from the line's end, in one short pass, for the fast path:
     * {@code ) = VALUE}, {@code ) = VALUE<decoration>}, {@code ) = VALUE ERRNO (comment)} and {@code ) = VALUE (comment)}
     * (e.g. {@code fcntl}'s {@code = 0x8000 (flags O_RDONLY|O_LARGEFILE)}), each optionally followed
     * by a {@code -T} duration, where VALUE is decimal or {@code 0x} hex, the decoration holds none of {@code < > " \}
     * (a path, or a socket without a peer) and the comment no parenthesis, angle bracket or quote. Padding before
     * {@code " = "} is skipped. Any other end ({@code = ?}, other comments, nested, quoted or escaped decorations, a
     * fake {@code ) = } inside a decoration) makes it give up, and {@link Spans#closeBeforeReturn} with
     * {@link #parseReturn} (or the forward reading) take the line. For the shapes it takes, the result is what the
     * forward reading gives: the shapes leave no room for another {@code )} followed by {@code " = "} after the one
     * found; {@code ReturnFromTheEndTest} holds it to the forward reading on real and crafted lines. Sets the cursor's
     * arguments and return fields (it must be reset, its syscall set).
     *
     * @param from where the arguments start
     * @param e end of the line
     * @return the index of the arguments' closing parenthesis, or -1 for a line of another shape (the cursor's return
     *     fields may then be half set: the caller resets it)
     */
    private int commonTail(byte[] b, int from, int e) {
        EventCursor c = cursor;
        int t = e;
        int shortDuration = t - 10; // '<0.000012>', what nearly every call takes: one digit, six of fraction
        long common;
        if (b[t - 1] != '>') {
            // no -T duration
        } else if (shortDuration > from && b[shortDuration] == '<' && b[shortDuration - 1] == ' '
                && (common = commonDuration(ByteSearch.word(b, shortDuration + 1))) >= 0) {
            c.durationNanos = common;
            t = shortDuration - 1;
        } else {
            int lt = t - 2;
            int stop = Math.max(from, t - MAX_TAIL_DURATION);
            while (lt > stop && b[lt] != '<') {
                lt--;
            }
            if (b[lt] == '<' && b[lt - 1] == ' ' && Spans.isDigit(b[lt + 1]) && durations.parse(b, lt + 1, t - 1) == t - 1) {
                c.durationNanos = durations.nanos;
                t = lt - 1;
            } // else no duration: a decoration ends the line, or something the general path reads (or reports)
        }
        if (t - from < 5) {
            return -1;
        }
        if (b[t - 1] == ')') { // an errno's comment: ') = -1 ENOENT (No such file or directory)'
            int slot = t - 9 > from ? tailTextSlot(ByteSearch.word(b, t - 9)) : -1;
            TailText known = slot >= 0 ? tailTexts[slot] : null;
            int start = known == null ? -1 : t - known.text().length;
            if (start - 1 > from && b[start - 1] == ' ' && java.util.Arrays.equals(b, start, t, known.text(), 0, known.text().length)
                    && (known.errnoName() != null || !isUpperCase(b[start - 2]))) {
                // read before: the same errno name and comment, or the same comment on a value (null, 0: as reset)
                c.errnoName = known.errnoName();
                c.errno = known.errno();
                t = start - 1;
            } else {
                int open = t - 2;
                int stop = Math.max(from, t - MAX_TAIL_COMMENT);
                while (open > stop && PLAIN_COMMENT[b[open] & 0xFF]) {
                    open--;
                }
                if (b[open] != '(' || b[open - 1] != ' ') {
                    return -1;
                }
                int nameEnd = open - 1;
                int name = nameEnd;
                while (name > from && ERRNO_NAME[b[name - 1] & 0xFF]) {
                    name--;
                }
                if (name != nameEnd && isUpperCase(b[name]) && b[name - 1] == ' ') {
                    c.errnoName = errnoNames.lookup(b, name, nameEnd);
                    c.errno = errnoNames.lastNumber;
                    start = name;
                } else if (b[open + 1] == 'e' || isUpperCase(b[nameEnd - 1])) {
                    return -1; // '(errno N)', an error without a name, or something like an errno name: the general path
                } else {
                    start = open; // a comment on the value: ') = 0x8000 (flags O_RDONLY|O_LARGEFILE)'; VALUE is checked below
                }
                if (slot >= 0 && t - 9 >= start) {
                    tailTexts[slot] = new TailText(java.util.Arrays.copyOfRange(b, start, t), c.errnoName, c.errno);
                }
                t = start - 1;
            }
        }
        if (b[t - 1] == '>') { // a -y decoration on the returned fd: ') = 3</usr/lib/libc.so.6>'
            int open = t - 2;
            int stop = Math.max(from, t - MAX_TAIL_DECORATION);
            while (open > stop && PLAIN_DECORATION[b[open] & 0xFF]) {
                open--;
            }
            if (b[open] != '<') {
                return -1;
            }
            t = open;
        }
        int v;
        long spaces = t - 8 > from ? ByteSearch.exactMatches(ByteSearch.word(b, t - 8), SPACES) : 0;
        if (spaces != 0) {
            // the value starts after the last space; parseValue below holds it to value bytes only
            v = t - (Long.numberOfLeadingZeros(spaces) >>> 3);
        } else {
            v = t;
            while (v > from && VALUE[b[v - 1] & 0xFF]) {
                v--;
            }
        }
        // ' = ' before the value, then the spaces strace pads with, then the parenthesis
        if (v == t || v - from < 4 || b[v - 1] != ' ' || b[v - 2] != '=' || b[v - 3] != ' ' || parseValue(b, v, t) != t) {
            return -1;
        }
        int close = Spans.skipSpacesBack(b, v - 4, from);
        if (b[close] != ')') {
            return -1;
        }
        c.hasReturnValue = true;
        c.returnValue = scratchValue;
        c.arguments.set(b, from, close);
        return close;
    }

    /** @return the slot of {@link #tailTexts} for a text whose last eight bytes before its {@code )} are {@code w} */
    private static int tailTextSlot(long w) {
        return (int) ((w * 0x9E3779B97F4A7C15L) >>> 61);
    }

    private static boolean isUpperCase(byte c) {
        return c >= 'A' && c <= 'Z';
    }

    /**
     * @param w the eight bytes after the {@code <} of a {@code -T} duration, little-endian
     * @return the nanoseconds of the commonest shape, {@code D.DDDDDD} (one digit, six of fraction), or -1
     */
    private static long commonDuration(long w) {
        if ((w & 0xFF00L) != '.' << 8) {
            return -1;
        }
        long digits = w & ~0xFFFFL | 0x3030L; // the units and the point read as zeros: the fraction's value
        if (Digits.leading(digits) != 8 || !Spans.isDigit((byte) w)) {
            return -1;
        }
        return (w & 0xF) * 1_000_000_000L + Digits.value(digits, 8) * 1_000L;
    }

    private int parseResumed(byte[] b, int p, int e) {
        if (!Spans.regionMatches(b, p, e, "<... ")) {
            return bad(p, "expected '<... NAME resumed>'");
        }
        int n = p + 5;
        int q = nameEnd(b, n, e);
        if (q == n || !Spans.regionMatches(b, q, e, " resumed>")) {
            return bad(q, "expected '<... NAME resumed>'");
        }
        int id = syscallNames.lookup(b, n, q);
        if (id == SyscallNameTable.REFUSED) {
            return bad(n, "too many distinct unknown syscall names (limit " + options.maxUnknownSyscallNames()
                    + " per log, " + Syscalls.MAX_DYNAMIC_NAMES + " per JVM)");
        }
        int restStart = q + 9;
        int pid = cursor.pid;
        int unfinished = Spans.endsWith(b, restStart, e, "<unfinished ...>") ? e - 16 : -1;
        int close = Spans.closeOfArguments(b, restStart, unfinished >= 0 ? unfinished : e, 1);
        PendingCalls.Entry pend = pending.get(pid);
        if (pend != null && pend.syscall != id) {
            flushQueue.add(pending.remove(pid));
            pend = null;
        }
        if (close < 0) {
            if (unfinished < 0) {
                if (Spans.endsWith(b, restStart, e, DETACHED_TAIL)) {
                    // strace detached while printing the resume: the call ends here, without a return
                    cursor.reset(EventKind.SYSCALL);
                    cursor.syscall = id;
                    cursor.resumed = true;
                    if (pend != null) {
                        stitchArguments(pend, b, restStart, e - DETACHED_TAIL.length());
                    } else {
                        cursor.arguments.set(b, restStart, e - DETACHED_TAIL.length());
                    }
                    return EMIT;
                }
                return bad(e, "argument list not closed");
            }
            // resumed and unfinished again: keep waiting, with the text so far
            int to = unfinished > restStart && b[unfinished - 1] == ' ' ? unfinished - 1 : unfinished;
            if (pend != null) {
                pend.appendArgs(b, restStart, to);
            } else {
                storeUnfinished(pid, id, cursor.timestampNanos, b, restStart, to);
            }
            return SKIP;
        }
        int partStart = restStart;
        if (Spans.regionMatches(b, partStart, close, " <unfinished ...>")) {
            partStart += 17;
        }
        cursor.reset(EventKind.SYSCALL);
        cursor.syscall = id;
        cursor.resumed = true;
        if (pend != null) {
            stitchArguments(pend, b, partStart, close);
        } else {
            cursor.arguments.set(b, partStart, close);
        }
        return parseReturn(b, close + 1, e, false);
    }

    /**
     * Parses {@code = value [decoration] [ERRNO] [(comment)]... [<duration>]} after the closing parenthesis.
     *
     * @param fromEnd the parenthesis was found from the line's end ({@link Spans#closeBeforeReturn}), so it may be
     *     a fake inside a path decoration of the real return: then a comment holding {@code <} or {@code >} is not
     *     trusted (BAD, the caller falls back to the forward scan). Why that suffices: a fake's text runs to the
     *     decoration's closing {@code >}, strace escapes {@code <} and {@code >} inside paths ({@code \74},
     *     {@code \76}), so that {@code >} has no {@code <} before it in the text and only a comment could hold it
     *     (a return comment {@code = 1 ([{fd=3</b) = 1 (c>, revents=POLLIN}])}); quoted socket paths, where strace leaves them raw,
     *     stop the search at their quote.
     */
    private int parseReturn(byte[] b, int p, int e, boolean fromEnd) {
        p = Spans.skipSpaces(b, p, e);
        if (p >= e || b[p] != '=') {
            return bad(p, "expected '=' after the argument list");
        }
        p = Spans.skipSpaces(b, p + 1, e);
        if (p >= e) {
            return bad(p, "expected a return value after '='");
        }
        EventCursor c = cursor;
        if (b[p] == '?') {
            p++;
        } else {
            int q = parseValue(b, p, e);
            if (q < 0) {
                return bad(p, "expected a return value (decimal, 0x hex or ?)");
            }
            c.hasReturnValue = true;
            c.returnValue = scratchValue;
            p = q;
            if (p < e && b[p] == '<') {
                q = Spans.afterDecoration(b, p, e);
                if (q < 0) {
                    return bad(p, "return value decoration not closed");
                }
                p = q;
            }
        }
        while (true) {
            int q = Spans.skipSpaces(b, p, e);
            if (q == e) {
                return EMIT;
            }
            if (q == p) {
                // an open file that was deleted (or a memfd): strace -y prints '= 4</tmp/x>(deleted)'
                if (b[p - 1] == '>' && c.hasReturnValue && Spans.regionMatches(b, p, e, DELETED)) {
                    p += DELETED.length();
                    continue;
                }
                return bad(p, "expected a space after the return value");
            }
            p = q;
            byte ch = b[p];
            if (ch == '(') {
                q = Spans.afterGroup(b, p, e);
                if (q < 0 || (fromEnd && Spans.hasAngle(b, p, q))) {
                    return bad(p, "comment after the return value not closed");
                }
                if (c.errnoName == null && Spans.regionMatches(b, p, q, "(errno ")) {
                    // strace's form for an error code it has no name for: '= -1 (errno 18446744073709551554)';
                    // strace -c counts it as an error, so it is one (errno number unknown: 0)
                    c.errnoName = new String(b, p + 1, q - p - 2, java.nio.charset.StandardCharsets.ISO_8859_1);
                    c.errno = 0;
                }
            } else if (ch == '<') {
                q = parseDuration(b, p, e);
                if (q == TimeParser.OUT_OF_RANGE) {
                    return bad(p + 1, "duration out of range (nanoseconds above a long's range)");
                }
                if (q < 0) {
                    return bad(p, "expected a duration '<seconds>' at the end of the line");
                }
                c.durationNanos = durations.nanos;
            } else if (ch == '/' && p + 1 < e && b[p + 1] == '*') {
                q = indexOf(b, p + 2, e, '*', '/');
                if (q < 0 || (fromEnd && Spans.hasAngle(b, p, q))) {
                    return bad(p, "comment not closed");
                }
            } else if (ch >= 'A' && ch <= 'Z' && c.errnoName == null) {
                q = p + 1;
                while (q < e && ((b[q] >= 'A' && b[q] <= 'Z') || Spans.isDigit(b[q]) || b[q] == '_' || b[q] == '?')) {
                    q++;
                }
                c.errnoName = errnoNames.lookup(b, p, q);
                c.errno = errnoNames.lastNumber;
            } else {
                return bad(p, "unexpected text after the return value");
            }
            p = q;
        }
    }

    private int parseExit(byte[] b, int p, int e) {
        if (!Spans.regionMatches(b, p, e, "+++ ") || !Spans.endsWith(b, p, e, " +++")) {
            return bad(p, "expected '+++ ... +++'");
        }
        int s = p + 4;
        int end = e - 4;
        EventCursor c = cursor;
        if (Spans.regionMatches(b, s, end, "exited with ")) {
            int q = s + 12;
            int d = Digits.end(b, q, end);
            if (d == q || d != end || d - q > 3) {
                return bad(q, "expected an exit code");
            }
            c.reset(EventKind.EXITED);
            c.exitCode = parseSmallInt(b, q, d);
        } else if (Spans.regionMatches(b, s, end, "killed by ")) {
            int q = s + 10;
            int sigEnd = q;
            while (sigEnd < end && b[sigEnd] != ' ') {
                sigEnd++;
            }
            boolean core = Spans.regionMatches(b, sigEnd, end, " (core dumped)") && sigEnd + 14 == end;
            if (sigEnd == q || (sigEnd != end && !core)) {
                return bad(sigEnd, "expected a signal name, optionally '(core dumped)'");
            }
            c.reset(EventKind.KILLED);
            c.signalName = signalNames.lookup(b, q, sigEnd);
            c.coreDumped = core;
        } else if (Spans.regionMatches(b, s, end, "superseded by execve in pid ")) {
            int q = s + 28;
            int d = Digits.end(b, q, end);
            if (d == q || d != end || d - q > 7) {
                return bad(q, "expected a pid");
            }
            c.reset(EventKind.SUPERSEDED);
            c.arguments.set(b, q, d);
            int execPid = parseSmallInt(b, q, d);
            if (stderrPids != null) {
                stderrPids.gone(execPid); // that thread now goes on as this line's pid
            }
            PendingCalls.Entry exec = pending.remove(execPid);
            if (exec != null) {
                exec.pid = c.pid;
                PendingCalls.Entry mine = pending.remove(c.pid);
                if (mine != null) {
                    flushQueue.add(mine);
                }
                pending.put(exec);
            }
            return EMIT;
        } else {
            return bad(s, "unknown '+++' line");
        }
        if (stderrPids != null) {
            stderrPids.gone(c.pid);
        }
        PendingCalls.Entry stale = pending.remove(c.pid);
        if (stale != null) {
            flushQueue.add(stale);
        }
        return EMIT;
    }

    private int parseSignal(byte[] b, int p, int e) {
        if (!Spans.regionMatches(b, p, e, "--- ") || !Spans.endsWith(b, p, e, " ---") || e - p < 9) {
            return bad(p, "expected '--- SIGNAL {...} ---'");
        }
        int s = p + 4;
        int end = e - 4;
        if (Spans.regionMatches(b, s, end, "stopped by ")) {
            return message(b, s, end, EventKind.STRACE_MESSAGE, 0);
        }
        int q = s;
        while (q < end && b[q] != ' ') {
            q++;
        }
        if (q == s || !Spans.regionMatches(b, s, q, "SIG")) {
            return bad(s, "expected a signal name");
        }
        EventCursor c = cursor;
        c.reset(EventKind.SIGNAL);
        c.signalName = signalNames.lookup(b, s, q);
        c.arguments.set(b, Math.min(q + 1, end), end);
        return EMIT;
    }

    private int parseStraceMessage(byte[] b, int p, int e) {
        if (Spans.regionMatches(b, p, e, "Process ")) {
            int q = p + 8;
            int d = Digits.end(b, q, e);
            if (d > q && d - q <= 7) {
                int pid = parseSmallInt(b, q, d);
                if (Spans.regionMatches(b, d, e, " attached")) {
                    if (stderrPids != null) {
                        stderrPids.attached(pid);
                    }
                    return message(b, p, e, EventKind.ATTACHED, pid);
                }
                if (Spans.regionMatches(b, d, e, " detached")) {
                    if (stderrPids != null) {
                        stderrPids.gone(pid);
                    }
                    return message(b, p, e, EventKind.DETACHED, pid);
                }
            }
        }
        return message(b, p, e, EventKind.STRACE_MESSAGE, 0);
    }

    private int message(byte[] b, int from, int to, EventKind kind, int pid) {
        EventCursor c = cursor;
        c.reset(kind);
        if (kind != EventKind.STRACE_MESSAGE || pid != 0) {
            c.pid = pid;
        }
        c.arguments.set(b, from, to);
        return EMIT;
    }

    // ---------------------------------------------------------------- the -c/-C summary table

    /** @return SKIP for a table line, BAD, or -1 when the line is not part of a table (the table ended) */
    private int parseTableLine(byte[] b, int s, int e) {
        switch (tableState) {
            case TABLE_HEADER:
                if (b[s] != '-') {
                    // the header line is the malformed one; this line is parsed as what it is
                    headerWithoutRule();
                    return -1;
                }
                tableColumns = columns(b, s, e);
                tableState = TABLE_ROWS;
                if (table == null) {
                    table = new SyscallCountTable();
                }
                return SKIP;
            case TABLE_ROWS:
            case TABLE_TOTAL:
                if (b[s] == '-' && e - s > 1 && b[s + 1] == '-') {
                    tableState = TABLE_TOTAL;
                    return SKIP;
                }
                SyscallCountTable.Row row = tableRow(b, s, e);
                if (row == null) {
                    tableState = NO_TABLE;
                    return -1;
                }
                if (tableState == TABLE_TOTAL || "total".equals(row.name())) {
                    tableState = NO_TABLE;
                }
                table.add(row);
                return SKIP;
            default:
                return -1;
        }
    }

    /** Ends a table that never began: the {@code % time} line becomes a problem of its own line. */
    private void headerWithoutRule() {
        tableState = NO_TABLE;
        byte[] header = tableHeader.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        headerProblem = new ParseProblem(sourceName, tableHeaderLine, 1,
                "expected the dashed rule under the summary table header on the next line", excerpt(header, 0, header.length));
    }

    /** @return [start0, end0, start1, end1, ...] of the dash runs */
    private static int[] columns(byte[] b, int s, int e) {
        int[] cols = new int[16];
        int n = 0;
        for (int i = s; i < e && n + 2 <= cols.length; ) {
            while (i < e && b[i] != '-') {
                i++;
            }
            int start = i;
            while (i < e && b[i] == '-') {
                i++;
            }
            if (i > start) {
                cols[n++] = start - s;
                cols[n++] = i - s;
            }
        }
        return java.util.Arrays.copyOf(cols, n);
    }

    private SyscallCountTable.Row tableRow(byte[] b, int s, int e) {
        String name = null;
        long calls = -1;
        long errors = 0;
        double seconds = Double.NaN;
        for (int k = 0; k + 1 < tableColumns.length; k += 2) {
            boolean last = k + 2 >= tableColumns.length;
            int from = s + tableColumns[k];
            int to = last ? e : Math.min(e, s + tableColumns[k + 1]);
            String head = headerCell(tableColumns[k], last ? Integer.MAX_VALUE : tableColumns[k + 1]);
            String cell = from < to ? new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1).trim() : "";
            try {
                switch (head) {
                    case "syscall":
                        name = cell;
                        break;
                    case "calls":
                        calls = Long.parseLong(cell);
                        break;
                    case "errors":
                        errors = cell.isEmpty() ? 0 : Long.parseLong(cell);
                        break;
                    case "seconds":
                        seconds = Double.parseDouble(cell);
                        break;
                    default:
                        break;
                }
            } catch (NumberFormatException notARow) {
                return null;
            }
        }
        if (name == null || name.isEmpty() || calls < 0 || name.indexOf(' ') >= 0) {
            return null;
        }
        int id = "total".equals(name) ? Syscalls.NONE : Syscalls.id(name);
        return new SyscallCountTable.Row(name, id, calls, errors, seconds);
    }

    private String headerCell(int from, int to) {
        int a = Math.min(from, tableHeader.length());
        int z = Math.min(to, tableHeader.length());
        return tableHeader.substring(a, z).trim();
    }

    // ---------------------------------------------------------------- numbers

    private static int nameEnd(byte[] b, int p, int e) {
        while (p < e && NAME[b[p] & 0xFF]) {
            p++;
        }
        return p;
    }

    private static int parseSmallInt(byte[] b, int p, int q) {
        int v = 0;
        for (int i = p; i < q; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    private static int indexOf(byte[] b, int p, int e, char c1, char c2) {
        for (int i = p; i + 1 < e; i++) {
            if (b[i] == c1 && b[i + 1] == c2) {
                return i + 2;
            }
        }
        return -1;
    }

    /** Parses {@code 123}, {@code -1} or {@code 0x7f...} into {@link #scratchValue}; @return the index after it or -1 */
    private int parseValue(byte[] b, int p, int e) {
        if (p + 1 < e && b[p] == '0' && b[p + 1] == 'x') {
            int q = p + 2;
            long v = 0;
            while (q < e) {
                int d = HEX[b[q] & 0xFF];
                if (d < 0) {
                    break;
                }
                v = (v << 4) | d;
                q++;
            }
            if (q == p + 2 || q - p - 2 > 16) {
                return -1;
            }
            scratchValue = v;
            return q;
        }
        boolean negative = b[p] == '-';
        int q = negative ? p + 1 : p;
        int start = q;
        long v = 0;
        int n;
        do {
            n = Digits.count(b, q, e);
            v = v * Digits.POW10[n] + Digits.value(b, q, n);
            q += n;
            if (q - start > 18) {
                return -1;
            }
        } while (n == 8);
        if (q == start) {
            return -1;
        }
        scratchValue = negative ? -v : v;
        return q;
    }

    /** Parses {@code <0.000123>} that ends the line; @return e, -1, or {@link TimeParser#OUT_OF_RANGE} */
    private int parseDuration(byte[] b, int p, int e) {
        if (b[e - 1] != '>' || e - p < 3) {
            return -1;
        }
        int q = durations.parse(b, p + 1, e - 1);
        if (q == TimeParser.OUT_OF_RANGE) {
            return q;
        }
        return q == e - 1 && Spans.isDigit(b[p + 1]) ? e : -1;
    }
}
