package io.procguard.cli.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.procguard.cli.CliException;
import io.procguard.cli.monitor.Monitor;
import io.procguard.cli.monitor.ShmSink;
import io.procguard.cli.monitor.StraceCommand;
import io.procguard.cli.monitor.StraceSession;
import io.procguard.cli.monitor.TraceFifo;
import io.procguard.core.Status;
import io.procguard.core.pipeline.PipelineListener;
import io.procguard.core.pipeline.ProcessExit;
import io.procguard.core.pipeline.ProcessStart;
import io.procguard.core.pipeline.StatusChange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One watch of the daemon: a strace session attached to a process ({@code watch}) or running a command
 * as the requesting user ({@code run}), with its own pipeline, logs and console reporter (a
 * {@link Monitor}) and the daemon's shared status table. Thread-safe: the handler thread starts it, a
 * follower thread reads its trace to the end, any thread may {@link #detach} it or {@link #describe} it.
 *
 * <p>A watch ends when strace ends: every traced process exited, {@link #detach} (unwatch, daemon
 * stop) made strace let go of them (they keep running), or strace died. Its outcome stays readable.
 */
final class WatchSession {
    /** How long a run has to end after {@link #interrupt}'s SIGINT before its processes get SIGTERM. */
    static final long RUN_TERM_AFTER_MILLIS = 5_000;
    /** How long after the SIGTERM those left get SIGKILL. */
    static final long RUN_KILL_AFTER_MILLIS = 5_000;

    /** What started the session. */
    enum Kind {
        /** Attached to a running process. */
        WATCH,
        /** Started a command as the requesting user. */
        RUN
    }

    /** A session that could not start; the answer to send. */
    static final class StartFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final Answer.Code code;

        StartFailure(Answer.Code code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** How long strace may take to attach (or to start the command) before the request fails. */
    static final long ATTACH_TIMEOUT_MILLIS = 10_000;
    /** The most of a {@code run} command's output kept in its file; the rest is read and dropped. */
    static final long MAX_OUTPUT_BYTES = 16L << 20;
    /** {@code run_<EPOCH>_<ID>_uid<UID>.out}: what {@link #pruneRunOutputs} recognises as a run's output. */
    private static final Pattern RUN_OUTPUT = Pattern.compile("run_(\\d{1,19})_(\\d{1,10})_uid(\\d{1,10})\\.out");
    /** strace's own last messages kept to explain a failed attach. */
    private static final int KEPT_MESSAGES = 4;
    private static final int MAX_MESSAGE_CHARS = 300;

    private final int id;
    private final Kind kind;
    private final PeerCredentials requester;
    private final int ownerUid;
    private final String command;
    private final Instant since = Instant.now();
    private final Consumer<WatchSession> onEnded;
    private final AtomicInteger pid = new AtomicInteger();
    private final AtomicInteger processes = new AtomicInteger();
    private final Deque<String> messages = new ArrayDeque<>();
    /** True once the trace showed the watched process (it may exit before its tracer can be read). */
    private volatile boolean seen;
    private volatile Status status = Status.UNKNOWN;
    private volatile Status worst = Status.UNKNOWN;
    /** The first process that reached the worst status above BENIGN, with why; null while none has. */
    private volatile Culprit culprit;
    private volatile String rootEnding;
    private volatile String stopReason;
    private volatile String ending;
    private volatile Path output;
    private volatile StraceSession strace;
    private volatile Thread follower;

    /**
     * @param id the daemon-wide number of this watch
     * @param kind watch or run
     * @param requester who asked
     * @param pid the process for {@code watch}; 0 for {@code run} until the command starts
     * @param ownerUid whose process it is (for {@code run}: the requester's)
     * @param command a short description: the process's comm or the command line
     * @param onEnded told once when the session has ended and is cleaned up
     */
    WatchSession(int id, Kind kind, PeerCredentials requester, int pid, int ownerUid, String command,
            Consumer<WatchSession> onEnded) {
        this.id = id;
        this.kind = kind;
        this.requester = requester;
        this.pid.set(pid);
        this.ownerUid = ownerUid;
        this.command = command;
        this.onEnded = onEnded;
    }

    int id() {
        return id;
    }

    Kind kind() {
        return kind;
    }

    PeerCredentials requester() {
        return requester;
    }

    int ownerUid() {
        return ownerUid;
    }

    /** @return the watched (or started) process, 0 while a {@code run} command is starting */
    int pid() {
        return pid.get();
    }

    /** @return strace's pid, 0 before it started */
    long stracePid() {
        StraceSession s = strace;
        return s == null ? 0 : s.pid();
    }

    /** @return true until the session ended */
    boolean active() {
        return ending == null;
    }

    /** @return where a {@code run} command's output goes, or {@code null} */
    Path output() {
        return output;
    }

    /**
     * Attaches strace to a running process and waits until it traces it.
     *
     * @param ctx the daemon's shared parts
     * @param target the process, as authorised
     * @param stillAllowed re-checks the authorisation once attached (the process may have changed meanwhile)
     * @throws StartFailure if strace could not attach, or the process changed identity or owner meanwhile
     */
    void startWatch(SessionContext ctx, TargetProcess target, java.util.function.Function<TargetProcess, String> stillAllowed)
            throws StartFailure {
        launch(ctx, true, target.owner(), fifo -> StraceCommand.attach(ctx.strace(), fifo, ctx.lean(), List.of(target.pid())), this::keepMessages);
        int traced = awaitTraced(target::pid);
        if (traced < 0) {
            throw failedStart("strace could not attach to pid " + target.pid());
        }
        String problem;
        try {
            TargetProcess now = TargetProcess.read(target.pid());
            problem = !now.identity().sameProcess(target.identity()) ? "pid " + target.pid() + " was replaced by another process"
                    : stillAllowed.apply(now);
        } catch (IOException gone) {
            problem = null; // it exited right after strace attached: the watch says how it ended
        }
        if (problem != null) {
            detach("it changed while attaching");
            awaitEnd(5_000);
            throw new StartFailure(Answer.Code.DENIED, problem);
        }
    }

    /**
     * Removes a user's oldest {@code run} outputs in {@code dir} so that, with the one a new run is about to make, at
     * most {@link Daemon#MAX_RUN_OUTPUTS_PER_USER} remain. Only regular files named as {@link #startRun} names them for that
     * uid are counted and removed (the directory is the daemon's own, 0700).
     *
     * @param dir the log directory
     * @param uid the requesting user
     * @return the files removed, oldest first
     * @throws IOException if the directory cannot be read
     */
    static List<Path> pruneRunOutputs(Path dir, int uid) throws IOException {
        record RunOutput(long epoch, long id, Path path) {
        }
        List<RunOutput> mine = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "run_*_uid" + uid + ".out")) {
            for (Path f : files) {
                Matcher m = RUN_OUTPUT.matcher(f.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(3)) == uid && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    mine.add(new RunOutput(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), f));
                }
            }
        }
        mine.sort(Comparator.comparingLong(RunOutput::epoch).thenComparingLong(RunOutput::id));
        List<Path> removed = new ArrayList<>();
        for (RunOutput old : mine.subList(0, Math.max(0, mine.size() - (Daemon.MAX_RUN_OUTPUTS_PER_USER - 1)))) {
            if (Files.deleteIfExists(old.path())) {
                removed.add(old.path());
            }
        }
        return removed;
    }

    /**
     * Finds the output file of a {@code run} by its id: a regular file in {@code dir} named as {@link #startRun} names
     * them, for that uid (any uid for {@code uid} -1). Ids start again at 1 when the daemon restarts, so of several
     * files with the id the newest is taken.
     *
     * @param dir the log directory
     * @param id the run's id
     * @param uid the requesting user, or -1 for any (root)
     * @return the file, or null if there is none (never made, or pruned)
     * @throws IOException if the directory cannot be read
     */
    static Path findRunOutput(Path dir, int id, int uid) throws IOException {
        Path newest = null;
        long newestEpoch = -1;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "run_*_" + id + "_uid" + (uid < 0 ? "*" : uid) + ".out")) {
            for (Path f : files) {
                Matcher m = RUN_OUTPUT.matcher(f.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(2)) == id && (uid < 0 || Long.parseLong(m.group(3)) == uid)
                        && Long.parseLong(m.group(1)) > newestEpoch && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    newest = f;
                    newestEpoch = Long.parseLong(m.group(1));
                }
            }
        }
        return newest;
    }

    /**
     * Starts a command under strace as the account's user ({@code strace -u}; as root only for root),
     * in a clean environment and the given directory, entered as that user ({@code env -i -C}).
     *
     * @param ctx the daemon's shared parts
     * @param account whose command it is
     * @param argv the command
     * @param cwd its working directory
     * @throws StartFailure if the output file or strace cannot be set up or the command does not start
     */
    void startRun(SessionContext ctx, Account account, List<String> argv, String cwd) throws StartFailure {
        Path dir = ctx.options().logDir().toAbsolutePath().normalize();
        Path out = dir.resolve("run_" + since.getEpochSecond() + "_" + id + "_uid" + account.uid() + ".out");
        FileChannel file;
        try {
            file = FileChannel.open(out, Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new StartFailure(Answer.Code.FAILED, "cannot create " + out + ": " + e.getMessage());
        }
        output = out;
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "-i", "-C", cwd,
                "PATH=" + (account.uid() == 0 ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" : Account.USER_PATH)));
        account.identity().forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.add("LANG=C.UTF-8");
        cmd.addAll(argv);
        String user = account.uid() == 0 ? null : account.name();
        try {
            launch(ctx, false, account.uid(), fifo -> StraceCommand.run(ctx.strace(), fifo, ctx.lean(), user, cmd), in -> copyCapped(in, file));
        } catch (StartFailure e) {
            closeQuietly(file);
            throw e;
        }
        // the first process of the trace is the command (strace's first child may be its own ptrace probe)
        long deadline = System.nanoTime() + ATTACH_TIMEOUT_MILLIS * 1_000_000;
        while (pid.get() == 0 && active() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (pid.get() == 0) {
            throw failedStart("the command did not start under strace");
        }
    }

    /**
     * Makes strace let go of every process of this session (they keep running; a command strace started
     * itself gets the SIGINT strace passes on). Returns at once; the session ends shortly after.
     *
     * @param reason why, for {@code list} and the log
     */
    void detach(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
        StraceSession s = strace;
        if (s != null) {
            s.detach();
        }
    }

    /**
     * Stops a run as Ctrl-C stops a foreground job: SIGINT to every process of it that strace traces (strace itself
     * ignores SIGINT while it runs a command with {@code -o}, so signalling strace would not stop it), SIGTERM to those
     * left after {@value #RUN_TERM_AFTER_MILLIS} ms, SIGKILL to those left {@value #RUN_KILL_AFTER_MILLIS} ms after that.
     * Returns once the session has ended or the SIGKILL is sent.
     *
     * @param reason why, for {@code list} and the log
     */
    void interrupt(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
        StraceSession s = strace;
        if (s == null) {
            return;
        }
        s.signalTraced("INT");
        if (awaitEnd(RUN_TERM_AFTER_MILLIS)) {
            return;
        }
        s.signalTraced("TERM");
        if (awaitEnd(RUN_KILL_AFTER_MILLIS)) {
            return;
        }
        s.signalTraced("KILL");
    }

    /**
     * @param millis the most to wait
     * @return true if the session has ended
     */
    boolean awaitEnd(long millis) {
        Thread t = follower;
        if (t != null) {
            try {
                t.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return !active();
    }

    /**
     * Kills this session's strace, for a {@link #detach} that did not end it in time: the kernel lets go of every
     * process it traced (they keep running), and the session ends as its trace does.
     */
    void kill() {
        StraceSession s = strace;
        if (s != null) {
            s.kill();
        }
    }

    /** @return the session as {@code list} shows it */
    ObjectNode describe() {
        ObjectNode o = Request.MAPPER.createObjectNode();
        o.put("id", id);
        o.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
        o.put("pid", pid());
        o.put("uid", ownerUid);
        o.put("requested_by", requester.uid());
        o.put("command", command);
        o.put("since", since.toString());
        String end = ending;
        o.put("state", end == null ? "watching" : "ended");
        o.put("status", status.name());
        o.put("worst", worst.name());
        // a watched process that has made no call since strace attached is not in the trace yet, but it lives and is traced
        o.put("processes", processes.get() + (!seen && end == null && pid() != 0 ? 1 : 0));
        if (rootEnding != null) {
            o.put("root", rootEnding);
        }
        Culprit first = culprit;
        if (first != null) {
            first.describe(o.putObject("culprit"));
        }
        if (end != null) {
            o.put("ending", end);
        }
        if (output != null) {
            o.put("output", output.toString());
        }
        return o;
    }

    /** @return how it ended, or {@code null} while active */
    String ending() {
        return ending;
    }

    /** Sets up the monitor and strace and starts the follower and the output reader. */
    private void launch(SessionContext ctx, boolean attached, int rootUid, java.util.function.Function<Path, List<String>> argv,
            Consumer<InputStream> drain) throws StartFailure {
        Monitor monitor;
        try {
            monitor = Monitor.open(ctx.options(), ctx.scoring().extractor(), ctx.scoring().classifier(), attached, rootUid,
                    ctx.out(), ctx.err());
        } catch (CliException e) {
            throw new StartFailure(Answer.Code.FAILED, e.getMessage());
        }
        if (ctx.table() != null) {
            monitor.addListener(new SerializedListener(new ShmSink(ctx.table(), rootUid, message -> warn(ctx, message)), ctx.table()));
        }
        monitor.addListener(new Tracker());
        TraceFifo fifo = null;
        try {
            fifo = TraceFifo.create();
            strace = StraceSession.startDetached(argv.apply(fifo.path()), fifo);
        } catch (IOException e) {
            monitor.close();
            closeQuietly(fifo);
            throw new StartFailure(Answer.Code.FAILED, "cannot start strace: " + e.getMessage());
        }
        StraceSession s = strace;
        Thread reader = new Thread(() -> drain.accept(s.output()), "procguard-watch-" + id + "-output");
        reader.setDaemon(true);
        reader.start();
        Thread t = new Thread(() -> follow(ctx, monitor, s, reader), "procguard-watch-" + id);
        t.setDaemon(true);
        follower = t;
        t.start();
    }

    private void follow(SessionContext ctx, Monitor monitor, StraceSession s, Thread reader) {
        String failure = null;
        int straceStatus = -1;
        String attacked = "";
        try (monitor) {
            Monitor.Outcome outcome = monitor.follow(s);
            straceStatus = outcome.straceStatus();
            attacked = outcome.attackedBy();
        } catch (IOException | RuntimeException e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } finally {
            closeQuietly(s);
        }
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String end;
        if (rootEnding != null) {
            end = rootEnding;
        } else if (stopReason != null) {
            end = "detached (" + stopReason + ")";
        } else if (failure != null) {
            end = "failed: " + failure;
        } else {
            String said = lastMessage();
            end = "strace ended (status " + straceStatus + ")" + attacked + (said == null ? "" : ": " + said);
        }
        ending = end;
        onEnded.accept(this);
    }

    /**
     * @param pidNow the process to look at (0: not there yet)
     * @return its pid once strace traces it, -1 if strace ended (or the time ran out) first
     */
    private int awaitTraced(IntSupplier pidNow) {
        long deadline = System.nanoTime() + ATTACH_TIMEOUT_MILLIS * 1_000_000;
        StraceSession s = strace;
        while (System.nanoTime() < deadline) {
            int p = pidNow.getAsInt();
            if (p > 0 && (seen || TargetProcess.tracerOf(p) == s.pid())) {
                return p;
            }
            if (!s.isAlive()) {
                return -1;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return -1;
    }

    /** Stops what was started and says why, with strace's own last message. */
    private StartFailure failedStart(String what) {
        detach("it did not start");
        awaitEnd(5_000);
        String said = lastMessage();
        return new StartFailure(Answer.Code.FAILED, what + (said == null ? "" : ": " + said));
    }

    /** Keeps strace's last few output lines (it writes only errors), each shortened. */
    private void keepMessages(InputStream in) {
        StringBuilder line = new StringBuilder();
        byte[] buf = new byte[4096];
        try (in) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        keep(line.toString());
                        line.setLength(0);
                    } else if (line.length() < MAX_MESSAGE_CHARS) {
                        line.append((char) (buf[i] & 0xff) < ' ' ? '?' : (char) (buf[i] & 0xff));
                    }
                }
            }
        } catch (IOException closed) {
            // strace is gone
        }
        if (line.length() > 0) {
            keep(line.toString());
        }
    }

    private void keep(String message) {
        synchronized (messages) {
            if (messages.size() == KEPT_MESSAGES) {
                messages.removeFirst();
            }
            messages.addLast(message);
        }
    }

    private String lastMessage() {
        synchronized (messages) {
            return messages.isEmpty() ? null : String.join(" / ", messages);
        }
    }

    /** Copies a {@code run} command's output into its file up to {@link #MAX_OUTPUT_BYTES}, then drains the rest. */
    private void copyCapped(InputStream in, FileChannel file) {
        long written = 0;
        byte[] buf = new byte[8192];
        try (in; file) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                if (written < MAX_OUTPUT_BYTES) {
                    int keep = (int) Math.min(n, MAX_OUTPUT_BYTES - written);
                    ByteBuffer b = ByteBuffer.wrap(buf, 0, keep);
                    while (b.hasRemaining()) {
                        file.write(b);
                    }
                    written += keep;
                    if (written == MAX_OUTPUT_BYTES) {
                        file.write(ByteBuffer.wrap(("\n[procguard: output cut at " + MAX_OUTPUT_BYTES + " bytes]\n")
                                .getBytes(StandardCharsets.UTF_8)));
                    }
                }
            }
        } catch (IOException e) {
            keep("output: " + e.getMessage());
        }
    }

    private static void warn(SessionContext ctx, String message) {
        synchronized (ctx.err()) {
            ctx.err().println("procguard: " + message);
            ctx.err().flush();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // cleanup of a session that failed or ended: nothing left to report
            }
        }
    }

    /**
     * The first process of a watch that reached its worst status (SUSPICIOUS or worse), as the verdict explained it
     * then: at most {@value #SHOWN} reasons and {@value #SHOWN} evidence lines, each cut at {@value #LONGEST} characters.
     * Immutable.
     */
    private record Culprit(int pid, String comm, Status status, List<String> reasons, List<String> evidence) {
        static final int SHOWN = 5;
        static final int LONGEST = 300;

        static Culprit of(StatusChange c) {
            return new Culprit(c.pid(), c.process().comm(), c.verdict().status(), cut(c.verdict().reasons()), cut(c.verdict().evidence()));
        }

        private static List<String> cut(List<String> lines) {
            return lines.stream().limit(SHOWN).map(l -> l.length() > LONGEST ? l.substring(0, LONGEST) + "..." : l).toList();
        }

        void describe(ObjectNode o) {
            o.put("pid", pid);
            o.put("comm", comm);
            o.put("status", status.name());
            reasons.forEach(o.putArray("reasons")::add);
            evidence.forEach(o.putArray("evidence")::add);
        }
    }

    /** Follows the session's processes: how many live, the root's status and end, the worst status. */
    private final class Tracker implements PipelineListener {
        @Override
        public void onStart(ProcessStart s) {
            processes.incrementAndGet();
            pid.compareAndSet(0, s.pid());
            if (s.pid() == pid.get()) {
                seen = true;
            }
        }

        @Override
        public void onStatusChange(StatusChange c) {
            if (c.verdict().status().atLeast(worst)) {
                worst = c.verdict().status();
            }
            Culprit known = culprit;
            Status s = c.verdict().status();
            if (s.atLeast(Status.SUSPICIOUS) && (known == null || s.compareTo(known.status()) > 0)) {
                culprit = Culprit.of(c);
            }
            if (c.pid() == pid.get()) {
                status = c.verdict().status();
            }
        }

        @Override
        public void onExit(ProcessExit x) {
            processes.decrementAndGet();
            if (x.pid() != pid.get()) {
                return;
            }
            if (x.verdict() != null) {
                status = x.verdict().status();
            }
            switch (x.ending()) {
                case EXITED -> rootEnding = "exited " + x.exitCode();
                case KILLED -> rootEnding = "killed by " + x.signal() + (x.coreDumped() ? " (core dumped)" : "");
                default -> {
                    // detached or evicted: the stop reason says more
                }
            }
        }
    }
}
