package io.procguard.cli.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.procguard.cli.CliException;
import io.procguard.cli.ExitCodes;
import io.procguard.cli.monitor.Monitor;
import io.procguard.cli.monitor.ProcessLogWriter;
import io.procguard.cli.monitor.Scoring;
import io.procguard.shm.StatusTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code procguard daemon}: serves watch, unwatch, list and run requests on a Unix domain socket and
 * runs one strace session per watch. Thread-safe: {@link #serve} runs on one thread (it returns after
 * {@link #stop}, which any thread, e.g. a signal handler, may call); each connection gets a handler
 * thread from a pool of at most {@link Limits#maxClients()} + {@value #ROOT_RESERVE}.
 *
 * <p>Protocol: one JSON object per line each way (see {@link Request} and {@link Answer}). Bounded
 * against a hostile local user: a request line is at most {@value #MAX_LINE_BYTES} bytes and must
 * arrive complete within {@value #LINE_DEADLINE_MILLIS} ms (an idle connection is closed then), a
 * connection serves at most {@value #MAX_REQUESTS_PER_CONNECTION} requests, a client that does not
 * read its answers is dropped after {@value UnixConnection#IO_TIMEOUT_MILLIS} ms, and watches are
 * limited in total and per user. Connections are limited in total and per uid, with
 * {@value #ROOT_RESERVE} more kept for root ({@link ClientSlots}); one beyond the limits is answered
 * {@code busy} with {@code "refused":true} and closed, and logged once per uid and burst
 * ({@link Refusals}). Authorisation: {@link AccessPolicy}.
 *
 * <pre>{@code
 * try (Daemon d = Daemon.open(socket, Daemon.Limits.defaults(), options, scoring, false, out, err)) {
 *     d.serve(); // until d.stop()
 * }
 * }</pre>
 */
public final class Daemon implements AutoCloseable {
    /** The longest request line accepted, in bytes. */
    public static final int MAX_LINE_BYTES = 64 * 1024;
    /** How long one request line may take to arrive completely; an idle connection is closed after it. */
    public static final long LINE_DEADLINE_MILLIS = 5_000;
    /** Requests served on one connection before it is closed. */
    static final int MAX_REQUESTS_PER_CONNECTION = 64;
    /** Connections only root may have, beyond {@link Limits#maxClients()}. */
    public static final int ROOT_RESERVE = ClientSlots.RESERVE;
    /** A uid's refused connections are logged once per burst, which ends after this long without one. */
    public static final long REFUSAL_QUIET_MILLIS = Refusals.QUIET_MILLIS;
    private static final int ACCEPT_POLL_MILLIS = 200;
    /**
     * How long a stopping daemon waits for its watches' strace processes to detach (all together) before it kills those
     * left; strace lets go within milliseconds unless it is stopped or starved.
     */
    public static final int DETACH_SECONDS = 10;
    /**
     * The most {@code run} output files kept per user in the log directory: a new run first removes that user's
     * oldest beyond this, so no user can fill root's log directory with runs (each output holds at most 16 MiB).
     */
    public static final int MAX_RUN_OUTPUTS_PER_USER = 16;
    /** The most bytes of a run's output one {@code output} answer carries (base64 makes the line a third longer). */
    public static final int OUTPUT_CHUNK_BYTES = 64 * 1024;

    /**
     * The daemon's bounds. Immutable.
     *
     * @param maxWatched the most watches at once
     * @param maxPerUser the most watches at once one non-root user may have asked for
     * @param maxClients the most connections served at once to users other than root ({@link #ROOT_RESERVE} more for root)
     * @param maxClientsPerUser the most connections served at once to one non-root user
     */
    public record Limits(int maxWatched, int maxPerUser, int maxClients, int maxClientsPerUser) {
        /** Validates. */
        public Limits {
            if (maxWatched < 1 || maxPerUser < 1 || maxClients < 1 || maxClientsPerUser < 1) {
                throw new CliException(ExitCodes.USAGE,
                        "--max-watched, --max-per-user, --max-clients and --max-clients-per-user must be at least 1");
            }
        }

        /** @return 64 watches, 8 per user, 16 clients, 4 per user */
        public static Limits defaults() {
            return new Limits(64, 8, 16, 4);
        }
    }

    private final UnixListener listener;
    private final SessionContext ctx;
    private final DaemonLog log;
    private final StatusTable table;
    private final Watchlist watches;
    private final ThreadPoolExecutor handlers;
    private final ClientSlots slots;
    private final Refusals refusals;
    private final Set<UnixConnection> open = ConcurrentHashMap.newKeySet();
    private final int self = (int) ProcessHandle.current().pid();
    private volatile boolean running = true;
    private volatile long lineDeadlineMillis = LINE_DEADLINE_MILLIS;
    private boolean closed;

    private Daemon(UnixListener listener, SessionContext ctx, Limits limits) {
        this.listener = listener;
        this.ctx = ctx;
        this.log = ctx.log();
        this.table = ctx.table();
        this.watches = new Watchlist(limits.maxWatched(), limits.maxPerUser(), this::announceEnd);
        this.slots = new ClientSlots(limits.maxClients(), limits.maxClientsPerUser());
        this.refusals = new Refusals(log);
        AtomicInteger n = new AtomicInteger();
        // the slots bound the connections; the queue only holds one for the moment a finished handler
        // thread takes to come back for more
        this.handlers = new ThreadPoolExecutor(slots.capacity(), slots.capacity(), 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "procguard-control-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.handlers.allowCoreThreadTimeOut(true);
    }

    /**
     * Checks the log directory, opens {@code daemon.log}, creates the status table and listens.
     *
     * @param socket where to listen
     * @param limits the bounds
     * @param options the monitor options of every session ({@code --log-dir}, {@code --shm}, ...)
     * @param scoring the features and classifier, shared by every session; owned by the caller
     * @param strace the strace binary
     * @param lean {@code --seccomp-bpf}
     * @param out where the JSON status lines of every session go ({@code --json}: stdout, {@code --json-out}: its file), or
     *     {@code null} for none
     * @param err stderr
     * @return the daemon, listening
     * @throws CliException if the log directory, status table or socket cannot be used
     */
    public static Daemon open(Path socket, Limits limits, Monitor.Options options, Scoring scoring, Path strace, boolean lean,
            PrintWriter out, PrintWriter err) {
        Path logDir;
        try (ProcessLogWriter check = new ProcessLogWriter(options.logDir(), true, message -> { })) {
            logDir = check.dir();
        }
        DaemonLog log;
        try {
            log = DaemonLog.open(logDir, err, options.mode() == io.procguard.cli.monitor.ConsoleReporter.Mode.QUIET);
        } catch (IOException e) {
            throw new CliException(ExitCodes.BAD_INPUT, logDir.resolve("daemon.log") + ": " + e.getMessage(), e);
        }
        StatusTable table = null;
        UnixListener listener = null;
        try {
            table = createTable(options, err);
            listener = UnixListener.open(socket, limits.maxClients() + ROOT_RESERVE);
        } catch (RuntimeException e) {
            closeTable(table, err);
            log.close();
            throw e;
        }
        Monitor.Options perSession = new Monitor.Options(logDir, null, false, options.shmSlots(), options.jsonDir(), options.killOn(),
                options.mode(), options.scoreEveryEvents(), options.scoreEveryMillis(), options.logMaxRecords(), options.logMaxMib(),
                options.jsonMaxMib());
        Daemon d = new Daemon(listener, new SessionContext(perSession, scoring, table, strace, lean, out, err, log), limits);
        ObjectNode started = DaemonLog.record("started");
        started.put("pid", d.self).put("socket", listener.path().toString()).put("log_dir", logDir.toString());
        if (table != null) {
            started.put("shm", table.path().toString());
        }
        log.write(started, "daemon listening on " + listener.path() + " (pid " + d.self + "); logs in " + logDir, false);
        return d;
    }

    /** For tests: a shorter time for a request line to arrive than {@link #LINE_DEADLINE_MILLIS}. */
    void lineDeadline(long millis) {
        lineDeadlineMillis = millis;
    }

    /** @return the socket path */
    public Path socket() {
        return listener.path();
    }

    /**
     * Accepts and serves connections until {@link #stop}.
     *
     * @throws IOException if accepting fails for good
     */
    public void serve() throws IOException {
        while (running) {
            UnixConnection c = listener.accept(ACCEPT_POLL_MILLIS, MAX_LINE_BYTES);
            refusals.expire(System.nanoTime(), false);
            if (c == null) {
                continue;
            }
            PeerCredentials peer;
            try {
                peer = c.peer();
            } catch (IOException e) {
                c.close(); // not a connection we can authorise
                continue;
            }
            String full = slots.take(peer);
            if (full != null) {
                refuse(c, peer, full);
                continue;
            }
            open.add(c);
            try {
                handlers.execute(() -> serve(c, peer));
            } catch (RejectedExecutionException stopping) {
                open.remove(c);
                slots.release(peer);
                c.close();
            }
        }
    }

    /** Tells a connection beyond the limits why, closes it and counts it for the log. */
    private void refuse(UnixConnection c, PeerCredentials peer, String why) {
        try (c) {
            c.writeLine(Answer.line(Answer.refused(why)));
        } catch (IOException gone) {
            // the client left: nothing to tell
        }
        refusals.refused(peer, why, System.nanoTime());
    }

    /** Makes {@link #serve} return; safe from any thread, including a signal handler. */
    public void stop() {
        running = false;
    }

    /**
     * Stops listening (the socket file is removed), drops open connections, detaches every watch (the
     * processes keep running), releases their status-table slots and closes the table and the log.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        running = false;
        listener.close();
        open.forEach(UnixConnection::shutdown);
        handlers.shutdown();
        List<WatchSession> active = watches.close();
        active.forEach(s -> s.detach("daemon stopped"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DETACH_SECONDS);
        for (WatchSession s : active) {
            if (!s.awaitEnd(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())))) {
                s.kill(); // no process stays traced by a daemon that is gone
                boolean ended = s.awaitEnd(5_000);
                ctx.err().println("procguard: watch #" + s.id() + " (pid " + s.pid() + "): strace did not detach within "
                        + DETACH_SECONDS + " s; killed it, which lets go of its processes (they keep running)"
                        + (ended ? "" : "; the watch has not ended yet"));
            }
        }
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeTable(table, ctx.err());
        refusals.expire(System.nanoTime(), true);
        log.write(DaemonLog.record("stopped").put("detached", active.size()),
                "daemon stopped; detached " + active.size() + (active.size() == 1 ? " watch" : " watches"), false);
        log.close();
    }

    /** Serves one connection: up to {@link #MAX_REQUESTS_PER_CONNECTION} requests, one answer each; then gives back its place. */
    private void serve(UnixConnection c, PeerCredentials peer) {
        try (c) {
            for (int i = 0; i < MAX_REQUESTS_PER_CONNECTION && running; i++) {
                String line;
                try {
                    line = c.readLine(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lineDeadlineMillis));
                } catch (UnixConnection.LineTooLongException e) {
                    c.writeLine(Answer.line(Answer.error(Answer.Code.BAD_REQUEST, e.getMessage())));
                    return;
                }
                if (line == null) {
                    return;
                }
                ObjectNode answer;
                try {
                    answer = answer(peer, line);
                } catch (RuntimeException e) {
                    answer = Answer.error(Answer.Code.FAILED, "internal error: " + e);
                    log.write(DaemonLog.record("failed", peer).put("reason", e.toString()), "internal error serving " + peer + ": " + e, true);
                    synchronized (ctx.err()) {
                        e.printStackTrace(ctx.err());
                    }
                }
                c.writeLine(Answer.line(answer));
            }
        } catch (IOException | RuntimeException e) {
            // a client that left, timed out or sent garbage on the wire: its connection just ends
        } finally {
            open.remove(c);
            slots.release(peer);
        }
    }

    /**
     * @param peer who asks
     * @param line one request line
     * @return the answer
     */
    ObjectNode answer(PeerCredentials peer, String line) {
        Request r;
        try {
            r = Request.parse(line);
        } catch (Request.BadRequest e) {
            return Answer.error(Answer.Code.BAD_REQUEST, e.getMessage());
        }
        if (r instanceof Request.Watch w) {
            return watch(peer, w.pid());
        } else if (r instanceof Request.Unwatch u) {
            return unwatch(peer, u.pid());
        } else if (r instanceof Request.Run run) {
            return run(peer, run);
        } else if (r instanceof Request.Output o) {
            return output(peer, o);
        }
        return list(peer);
    }

    /**
     * A part of a run's output, for the user who ran it (root: any run): up to {@value #OUTPUT_CHUNK_BYTES} bytes from
     * the offset, base64 in {@code data}, with {@code next_offset}, the file's {@code size} so far and whether the run
     * is still {@code running} (more may come). The file itself is in the daemon's private log directory.
     */
    private ObjectNode output(PeerCredentials peer, Request.Output o) {
        Path dir = ctx.options().logDir().toAbsolutePath().normalize();
        Path file;
        try {
            file = WatchSession.findRunOutput(dir, o.id(), peer.uid() == 0 ? -1 : peer.uid());
        } catch (IOException e) {
            return Answer.error(Answer.Code.FAILED, "cannot look for run outputs in " + dir + ": " + e.getMessage());
        }
        if (file == null) {
            return Answer.error(Answer.Code.NOT_FOUND, "no output of run #" + o.id() + (peer.uid() == 0 ? "" : " for uid " + peer.uid())
                    + " (runs of other users are not shown; each user keeps the last " + MAX_RUN_OUTPUTS_PER_USER + ")");
        }
        boolean running = watches.all().stream().anyMatch(s -> file.equals(s.output()) && s.active());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            long from = Math.min(o.offset(), size);
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(OUTPUT_CHUNK_BYTES, size - from));
            while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
                // a file still being written may grow; what was asked for is read
            }
            byte[] data = Arrays.copyOf(buf.array(), buf.position());
            return Answer.ok().put("id", o.id()).put("file", file.toString()).put("size", size).put("offset", from)
                    .put("next_offset", from + data.length).put("running", running)
                    .put("data", Base64.getEncoder().encodeToString(data));
        } catch (IOException e) {
            return Answer.error(Answer.Code.FAILED, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private ObjectNode watch(PeerCredentials peer, int pid) {
        if (pid == self) {
            return deny(peer, "watch", pid, "pid " + pid + " is the procguard daemon itself");
        }
        TargetProcess target;
        try {
            target = TargetProcess.read(pid);
        } catch (NoSuchFileException e) {
            return Answer.error(Answer.Code.NOT_FOUND, "pid " + pid + ": no such process");
        } catch (IOException | RuntimeException e) {
            return Answer.error(Answer.Code.NOT_FOUND, "pid " + pid + ": cannot read /proc/" + pid + " (" + e.getMessage() + ")");
        }
        if (target.tgid() != pid) {
            return Answer.error(Answer.Code.BAD_REQUEST, "pid " + pid + " is a thread of process " + target.tgid() + "; watch " + target.tgid());
        }
        String why = AccessPolicy.mayWatch(peer, target);
        if (why != null) {
            return deny(peer, "watch", pid, why);
        }
        WatchSession already = watches.activeFor(pid);
        if (already == null && target.tracerPid() != 0) {
            already = watches.byStrace(target.tracerPid());
            if (already == null) {
                return Answer.error(Answer.Code.FAILED, "pid " + pid + " is already traced by pid " + target.tracerPid()
                        + " (a debugger or another strace); a process has only one tracer");
            }
        }
        if (already != null) {
            return Answer.ok().put("pid", pid).put("id", already.id()).put("already", true);
        }
        WatchSession s;
        try {
            s = watches.reserve(WatchSession.Kind.WATCH, peer, pid, target.owner(), target.identity().comm());
        } catch (Watchlist.Full e) {
            return Answer.error(Answer.Code.BUSY, e.getMessage());
        }
        try {
            s.startWatch(ctx, target, now -> AccessPolicy.mayWatch(peer, now));
        } catch (WatchSession.StartFailure f) {
            watches.discard(s);
            return f.code == Answer.Code.DENIED ? deny(peer, "watch", pid, f.getMessage()) : failed(peer, "watch", pid, f);
        }
        watches.confirm(s);
        log.write(DaemonLog.record("watch", peer).put("pid", pid).put("id", s.id()).put("uid", target.owner())
                .put("comm", target.identity().comm()), "watching pid " + pid + " (" + target.identity().comm() + ") as #" + s.id()
                + " for " + peer, false);
        return Answer.ok().put("pid", pid).put("id", s.id()).put("already", false);
    }

    private ObjectNode unwatch(PeerCredentials peer, int pid) {
        WatchSession s = watches.activeFor(pid);
        if (s == null || !AccessPolicy.maySee(peer, s)) {
            String why = notYours(peer, pid);
            return why != null ? deny(peer, "unwatch", pid, why) : Answer.error(Answer.Code.NOT_FOUND, "pid " + pid + " is not watched");
        }
        String why = AccessPolicy.mayUnwatch(peer, s);
        if (why != null) {
            return deny(peer, "unwatch", pid, why);
        }
        if (s.kind() == WatchSession.Kind.RUN) {
            s.interrupt("interrupted by uid " + peer.uid()); // a run is stopped, as Ctrl-C would; a watched process keeps running
        } else {
            s.detach("unwatched by uid " + peer.uid());
        }
        boolean ended = s.awaitEnd(15_000);
        log.write(DaemonLog.record("unwatch", peer).put("pid", pid).put("id", s.id()),
                "unwatched pid " + pid + " (#" + s.id() + ") for " + peer, false);
        ObjectNode ok = Answer.ok().put("pid", pid).put("id", s.id());
        return ended ? ok.put("ending", s.ending()) : ok.put("ending", "detaching");
    }

    /**
     * @return why the peer may not unwatch {@code pid} because it is another user's process (whether or
     *     not it is watched, so the answer does not tell), or {@code null} (root, their own, or no such process)
     */
    private static String notYours(PeerCredentials peer, int pid) {
        if (peer.isRoot()) {
            return null;
        }
        try {
            return AccessPolicy.mayUnwatch(peer, TargetProcess.read(pid));
        } catch (IOException | RuntimeException gone) {
            return null; // no such process (any more): not watched
        }
    }

    private ObjectNode list(PeerCredentials peer) {
        ObjectNode ok = Answer.ok();
        ArrayNode a = ok.putArray("watches");
        for (WatchSession s : watches.all()) {
            if (AccessPolicy.maySee(peer, s)) {
                a.add(s.describe());
            }
        }
        return ok;
    }

    private ObjectNode run(PeerCredentials peer, Request.Run run) {
        Account account = Account.lookup(peer.uid());
        if (account == null) {
            return failed(peer, "run", 0, new WatchSession.StartFailure(Answer.Code.FAILED,
                    "uid " + peer.uid() + " has no passwd entry; run needs a user name to switch to"));
        }
        String command = String.join(" ", run.argv());
        WatchSession s;
        try {
            s = watches.reserve(WatchSession.Kind.RUN, peer, 0, peer.uid(), command.length() > 200 ? command.substring(0, 200) + "..." : command);
        } catch (Watchlist.Full e) {
            return Answer.error(Answer.Code.BUSY, e.getMessage());
        }
        try {
            for (Path old : WatchSession.pruneRunOutputs(ctx.options().logDir().toAbsolutePath().normalize(), peer.uid())) {
                log.write(DaemonLog.record("run_output_removed", peer).put("file", old.toString()),
                        "removed " + old + " (each user keeps the last " + MAX_RUN_OUTPUTS_PER_USER + " run outputs)", false);
            }
        } catch (IOException e) {
            log.write(DaemonLog.record("run_output_prune_failed", peer).put("error", String.valueOf(e.getMessage())),
                    "cannot look for old run outputs: " + e.getMessage(), false);
        }
        try {
            s.startRun(ctx, account, run.argv(), run.cwd());
        } catch (WatchSession.StartFailure f) {
            watches.discard(s);
            return failed(peer, "run", 0, f);
        }
        watches.confirm(s);
        ObjectNode rec = DaemonLog.record("run", peer).put("pid", s.pid()).put("id", s.id()).put("user", account.name())
                .put("cwd", run.cwd()).put("output", String.valueOf(s.output()));
        rec.putArray("argv").addAll(run.argv().stream().map(Request.MAPPER.getNodeFactory()::textNode).toList());
        log.write(rec, "running pid " + s.pid() + " as " + account.name() + " (#" + s.id() + ") for " + peer + ": "
                + (command.length() > 100 ? command.substring(0, 100) + "..." : command), false);
        return Answer.ok().put("pid", s.pid()).put("id", s.id()).put("output", String.valueOf(s.output()));
    }

    private ObjectNode deny(PeerCredentials peer, String op, int pid, String why) {
        log.write(DaemonLog.record("denied", peer).put("op", op).put("pid", pid).put("reason", why),
                "denied " + op + " of pid " + pid + " to " + peer + ": " + why, true);
        return Answer.error(Answer.Code.DENIED, why);
    }

    private ObjectNode failed(PeerCredentials peer, String op, int pid, WatchSession.StartFailure f) {
        log.write(DaemonLog.record("failed", peer).put("op", op).put("pid", pid).put("reason", f.getMessage()),
                op + (pid > 0 ? " of pid " + pid : "") + " for " + peer + " failed: " + f.getMessage(), true);
        return Answer.error(f.code, f.getMessage());
    }

    private void announceEnd(WatchSession s) {
        log.write(DaemonLog.record("ended").put("pid", s.pid()).put("id", s.id()).put("ending", s.ending()),
                "watch #" + s.id() + " of pid " + s.pid() + " ended: " + s.ending(), false);
    }

    private static StatusTable createTable(Monitor.Options options, PrintWriter err) {
        if (options.shmPath() == null) {
            return null;
        }
        try {
            return StatusTable.create(options.shmPath(), StatusTable.Options.defaults().withSlotCount(options.shmSlots()));
        } catch (IOException e) {
            String why = "status table " + options.shmPath() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage());
            if (options.shmRequired()) {
                throw new CliException(ExitCodes.ENVIRONMENT, why, e);
            }
            err.println("procguard: " + why + "; not publishing to a status table (name one with --shm PATH)");
            err.flush();
            return null;
        }
    }

    private static void closeTable(StatusTable table, PrintWriter err) {
        if (table == null) {
            return;
        }
        synchronized (table) {
            try {
                table.close();
            } catch (IOException e) {
                err.println("procguard: closing status table " + table.path() + ": " + e.getMessage());
            }
        }
    }
}
