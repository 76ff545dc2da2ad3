package io.procguard.core.process;

import io.procguard.core.EventKind;
import io.procguard.core.FeatureAccumulator;
import io.procguard.core.FeatureExtractor;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntUnaryOperator;

/**
 * Single writer, not thread-safe: follows the processes of a trace. Feed it every event in trace order
 * with {@link #accept}; it maps thread ids to their process, gives each process a
 * {@link FeatureAccumulator} from a {@link FeatureExtractor}, and reports lifecycles to a
 * {@link ProcessListener}. Snapshots it hands out ({@link ProcessRecord}) are immutable and may go to
 * other threads; the tracker itself must stay on one thread.
 *
 * <p>Rules, following Linux and strace {@code -f}:
 * <ul>
 *   <li>{@code clone}/{@code clone3} with {@code CLONE_THREAD}: the new tid is a thread of the caller's
 *       process, and its events count for that process. {@code fork}, {@code vfork}, and clone without
 *       {@code CLONE_THREAD} start a child process whose ppid is the caller's process (its grandparent with
 *       {@code CLONE_PARENT}); the child inherits comm/exe/argv until it execs.</li>
 *   <li>A successful {@code execve}/{@code execveat} sets comm (basename, 15 characters), exe and argv.
 *       An exec in a non-leader thread takes over the thread-group id (strace prints
 *       {@code +++ superseded by execve in pid N +++} for the leader): the process goes on under its pid
 *       and its other threads are forgotten.</li>
 *   <li>{@code +++ exited +++} / {@code +++ killed by +++} of the leader ends the process; of another
 *       thread, only forgets that thread.</li>
 *   <li>With {@code -f}, strace often prints a child's first lines before the parent's clone returns.
 *       Events of an unknown tid are therefore held back (at most {@value #MAX_PENDING_EVENTS} per tid,
 *       {@value #MAX_PENDING_TIDS} tids, {@value #MAX_PENDING_TOTAL} in all) until the clone tells whose they
 *       are; the very first tid of a trace, a tid strace says it attached to, or one whose buffer fills up (the
 *       oldest held tid when all of them together reach the total) becomes a root process. A {@code posix_spawn}
 *       child (glibc: {@code clone3} with {@code CLONE_VM|CLONE_VFORK}, as make and the JVM start programs) makes
 *       about 130 calls, resetting every signal handler, before its parent's call returns.
 *       A resolver (e.g. reading {@code /proc}) may answer earlier: a thread joins its process at once, and a new
 *       process starts under the parent the resolver names, as that parent's clone would start it (same
 *       features as in a replay of the trace); when it names no live parent (the child has already ended), the
 *       events wait for the clone as without a resolver.</li>
 * </ul>
 *
 * <p>Memory is bounded: per process O(1) (its accumulator, its argv up to {@value #MAX_ARGV}
 * strings, the text of its last exec until a record decodes it) plus its thread ids; ended processes are handed to {@link ProcessListener#ended} and
 * dropped; beyond {@code maxLiveProcesses} the least recently active process is handed out as
 * {@link EndReason#EVICTED} and counted in {@link #evictedCount()}.
 */
public final class ProcessTracker {
    /** The most argv strings kept per process. */
    public static final int MAX_ARGV = 32;
    /** The most events held back for one unknown tid. */
    public static final int MAX_PENDING_EVENTS = 1024;
    /** The most unknown tids held back at once. */
    public static final int MAX_PENDING_TIDS = 256;
    /** The most events held back for all unknown tids together. */
    public static final int MAX_PENDING_TOTAL = 8192;
    /** The default cap on live processes. */
    public static final int DEFAULT_MAX_LIVE_PROCESSES = 32_768;

    /**
     * The longest exec argument text kept undecoded until a record needs it (a copy of at most this many
     * characters per process); longer text (e.g. {@code -v} environments) is decoded at once.
     */
    private static final int MAX_DEFERRED_EXEC_TEXT = 4096;
    private static final int NO_TID = Integer.MIN_VALUE;
    private static final int MAX_ENDED_UNCLAIMED = 1024;
    private static final ProcessListener NO_LISTENER = new ProcessListener() {
    };

    private final FeatureExtractor extractor;
    private final ProcessListener listener;
    private final IntUnaryOperator tgidResolver;
    private final IntUnaryOperator ppidResolver;
    /**
     * Whether the listener implements {@link ProcessListener#started} / {@link ProcessListener#execed}: a
     * record costs a feature snapshot, so none is made for a callback that would ignore it.
     */
    private final boolean reportsStarts;
    private final boolean reportsExecs;
    private final int maxLive;
    /** Live processes by pid, least recently active first. */
    private final LinkedHashMap<Integer, Live> processes = new LinkedHashMap<>(64, 0.75f, true);
    /** Every known tid (leaders included) to its process. */
    private final Map<Integer, Live> threads = new HashMap<>();
    /** Events of tids not yet known to belong anywhere, in arrival order per tid. */
    private final LinkedHashMap<Integer, ArrayDeque<TraceEvent>> pending = new LinkedHashMap<>();
    /** Events in {@link #pending}, all tids together. */
    private int pendingEvents;
    /** The tid of the last event found in {@link #threads} ({@link #NO_TID} after any change there) and its process. */
    private int cachedTid = NO_TID;
    private Live cachedLive;
    /**
     * Pids of processes that started without their clone (held back too long, or placed by the resolver) and
     * have ended: when the parent's clone return finally names one, it names that ended process, not a new
     * one. Bounded: the oldest are forgotten beyond {@value #MAX_ENDED_UNCLAIMED}.
     */
    private final LinkedHashSet<Integer> endedUnclaimed = new LinkedHashSet<>();
    /** The process last moved to the tail of {@link #processes}' access order, or null: touching it again changes nothing. */
    private Live mostRecent;
    private long started;
    private long evicted;
    private long events;

    private ProcessTracker(Builder b) {
        this.extractor = b.extractor;
        this.listener = b.listener;
        this.reportsStarts = overrides(b.listener, "started");
        this.reportsExecs = overrides(b.listener, "execed");
        this.tgidResolver = b.tgidResolver;
        this.ppidResolver = b.ppidResolver;
        this.maxLive = b.maxLive;
    }

    /** @return true unless {@code listener}'s class inherits {@code method} from {@link ProcessListener} (a no-op there) */
    private static boolean overrides(ProcessListener listener, String method) {
        if (listener == NO_LISTENER) {
            return false;
        }
        try {
            return listener.getClass().getMethod(method, ProcessRecord.class).getDeclaringClass() != ProcessListener.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("ProcessListener." + method + " is gone", e);
        }
    }

    /**
     * @param extractor makes one accumulator per process
     * @return a tracker with default limits and no listener
     */
    public static ProcessTracker of(FeatureExtractor extractor) {
        return builder(extractor).build();
    }

    /**
     * @param extractor makes one accumulator per process
     * @return a builder for the other settings
     */
    public static Builder builder(FeatureExtractor extractor) {
        return new Builder(extractor);
    }

    /**
     * Counts one event. Cursor events are read during the call (and copied only while their tid is unknown).
     *
     * @param event the next event of the trace
     */
    public void accept(TraceEvent event) {
        events++;
        int tid = event.pid();
        // consecutive events mostly come from one thread: skip the boxed map lookup then
        Live p = tid == cachedTid ? cachedLive : threads.get(tid);
        if (p != null) {
            cachedTid = tid;
            cachedLive = p;
            apply(p, event);
            return;
        }
        if (event.kind() == EventKind.STRACE_MESSAGE) {
            return;
        }
        ArrayDeque<TraceEvent> held = pending.get(tid);
        if (held == null) {
            int tgid = tgidResolver.applyAsInt(tid);
            Live owner = tgid > 0 && tgid != tid ? processes.get(tgid) : null;
            if (owner != null) {
                mostRecent = owner;
                attachThread(owner, tid);
                apply(owner, event);
                return;
            }
            if (processes.isEmpty() && pending.isEmpty() || event.kind() == EventKind.ATTACHED) {
                apply(startUnclaimed(tid, event), event);
                return;
            }
            Live resolved = tgid == tid ? startResolved(tid) : null; // a new process, before its parent's clone returns
            if (resolved != null) {
                apply(resolved, event);
                return;
            }
            if (pending.size() >= MAX_PENDING_TIDS) {
                releaseAsRoot(pending.keySet().iterator().next());
            }
            held = new ArrayDeque<>();
            pending.put(tid, held);
        }
        if (pendingEvents >= MAX_PENDING_TOTAL) {
            int oldest = pending.keySet().iterator().next();
            releaseAsRoot(oldest);
            if (oldest == tid) {
                accept(event); // its process exists now
                return;
            }
        }
        held.add(event.snapshot());
        pendingEvents++;
        if (held.size() >= MAX_PENDING_EVENTS) {
            releaseAsRoot(tid);
        }
    }

    /**
     * Ends the trace: every held-back tid becomes a root process, and every live process is handed out
     * as {@link EndReason#TRACE_END}. The tracker is empty afterwards and may be reused.
     */
    public void finish() {
        while (!pending.isEmpty()) {
            releaseAsRoot(pending.keySet().iterator().next());
        }
        for (Live p : new ArrayList<>(processes.values())) {
            end(p, EndReason.TRACE_END);
        }
    }

    /** @return snapshots of the live processes, least recently active first */
    public List<ProcessRecord> live() {
        List<ProcessRecord> out = new ArrayList<>(processes.size());
        for (Live p : processes.values()) {
            out.add(p.record(null));
        }
        return out;
    }

    /**
     * @param pid a process id or one of its thread ids
     * @return a snapshot of that live process, or {@code null}
     */
    public ProcessRecord find(int pid) {
        Live p = threads.get(pid);
        return p == null ? null : p.record(null);
    }

    /** @return how many processes are live now */
    public int liveCount() {
        return processes.size();
    }

    /** @return how many processes were started since creation */
    public long startedCount() {
        return started;
    }

    /** @return how many processes were handed out early because the live cap was reached */
    public long evictedCount() {
        return evicted;
    }

    /** @return how many tids are held back waiting for their clone */
    public int pendingCount() {
        return pending.size();
    }

    /** @return how many events were accepted */
    public long eventCount() {
        return events;
    }

    private void apply(Live p, TraceEvent e) {
        if (p != mostRecent) {
            // access order: keeps the least recently active process first for eviction (a no-op for the tail)
            Live touched = processes.get(p.pid);
            if (touched != null) {
                mostRecent = touched;
            }
        }
        p.count(e);
        int tid = e.pid();
        switch (e.kind()) {
            case SYSCALL -> {
                if (p.wantsCwd) {
                    p.learnCwd(e);
                }
                syscall(p, e);
            }
            case EXITED, KILLED -> {
                if (tid == p.pid) {
                    p.exitCode = e.exitCode();
                    p.signal = e.signalName();
                    p.coreDumped = e.coreDumped();
                    end(p, e.kind() == EventKind.KILLED ? EndReason.KILLED : EndReason.EXITED);
                } else {
                    forgetThread(p, tid);
                }
            }
            case DETACHED -> {
                if (tid == p.pid) {
                    end(p, EndReason.DETACHED);
                } else {
                    forgetThread(p, tid);
                }
            }
            default -> {
                // SUPERSEDED: the leader is replaced by the exec'ing thread, the process lives on
            }
        }
    }

    private void syscall(Live p, TraceEvent e) {
        if (!e.hasReturnValue() || e.returnValue() < 0) {
            return;
        }
        int id = e.syscall();
        if (id == Syscalls.EXECVE || id == Syscalls.EXECVEAT) {
            if (e.returnValue() == 0) {
                exec(p, e);
            }
        } else if (id == Syscalls.CLONE || id == Syscalls.CLONE3 || id == Syscalls.FORK || id == Syscalls.VFORK) {
            long child = e.returnValue();
            if (child > 0 && child <= Integer.MAX_VALUE) {
                int flags = ExecText.cloneFlags(e.arguments()); // one scan for both words
                boolean thread = (id == Syscalls.CLONE || id == Syscalls.CLONE3) && (flags & ExecText.CLONE_THREAD) != 0;
                clone(p, (int) child, thread, (flags & ExecText.CLONE_PARENT) != 0);
            }
        }
    }

    private void exec(Live p, TraceEvent e) {
        CharSequence args = e.arguments();
        if (!ExecText.hasString(args)) {
            // nothing to decode: comm, exe and argv stay as they were (a pending text stays pending)
        } else {
            if (args.length() <= MAX_DEFERRED_EXEC_TEXT) {
                // decoded when a record is made: a process that execs again before then never needs this argv
                p.execText = args.toString();
            } else {
                p.execText = null;
                p.decodeExec(args);
            }
            p.execCwd = null;
            p.wantsCwd = e.syscall() == Syscalls.EXECVE && args.length() > 1 && args.charAt(0) == '"' && args.charAt(1) != '/'
                    && args.charAt(1) != '"'; // ./payload: absolute once a later call shows the working directory
        }
        // exec kills every other thread of the process
        for (Iterator<Integer> it = p.tids.iterator(); it.hasNext(); ) {
            int t = it.next();
            if (t != p.pid && t != e.pid()) {
                threads.remove(t);
                cachedTid = NO_TID;
                it.remove();
            }
        }
        p.execed = true;
        if (reportsExecs) {
            listener.execed(p.record(null));
        }
    }

    private void clone(Live parent, int child, boolean thread, boolean parentsSibling) {
        Live known = threads.get(child);
        if (known != null) {
            known.unclaimed = false; // resolved earlier: now claimed, so its end no longer shadows a later clone
            return;
        }
        if (endedUnclaimed.remove(child)) {
            return; // the child ran and ended before strace printed this return: it is not a new process
        }
        if (thread) {
            attachThread(parent, child);
        } else {
            startProcess(child, parentsSibling ? parent.ppid : parent.pid, parent);
        }
        ArrayDeque<TraceEvent> held = pending.remove(child);
        if (held != null) {
            pendingEvents -= held.size();
            Live owner = threads.get(child);
            for (TraceEvent h : held) {
                if (processes.containsKey(owner.pid)) {
                    apply(owner, h);
                }
            }
        }
    }

    private void releaseAsRoot(int tid) {
        ArrayDeque<TraceEvent> held = pending.remove(tid);
        pendingEvents -= held.size();
        Live p = startUnclaimed(tid, held.peekFirst());
        for (TraceEvent h : held) {
            if (!processes.containsKey(p.pid)) {
                break;
            }
            apply(p, h);
        }
    }

    /**
     * Starts a process the resolver placed before any clone named it, when its parent (from the resolver) is a live
     * process: the child starts as that parent's clone would start it, so that its features inherit the same state
     * (fork generation, files the parent created, comm/exe/argv until it execs) as in a replay of the trace; a clone
     * with {@code CLONE_PARENT} is the one case where the resolver names the caller's parent instead of the caller.
     *
     * @return the process, or null when the resolver names no live parent: the child ended between the two reads of
     *     {@code /proc} (a short-lived {@code mkdir} of a script), or was reparented; its events are then held back
     *     until the clone claims it, as without a resolver. Started as a root, it would lose its lineage, and with it
     *     what it hands to its parent when it ends (the files and directories it made)
     */
    private Live startResolved(int pid) {
        int ppid = ppidResolver.applyAsInt(pid);
        Live parent = ppid > 0 && ppid != pid ? processes.get(ppid) : null;
        if (parent == null) {
            return null;
        }
        Live p = startProcess(pid, ppid, parent);
        p.unclaimed = true;
        return p;
    }

    /**
     * Starts a process no clone has named (yet): the trace's first, an attached one, or one held back too long.
     * When its first event is a successful exec (the command of {@code strace -f CMD}), it starts as that
     * program: nothing else in the trace tells what it is, and {@code /proc} is gone once a short-lived one ends.
     */
    private Live startUnclaimed(int pid, TraceEvent first) {
        Live p = startProcess(pid, 0, null, first != null && isExec(first) ? first : null);
        p.unclaimed = true;
        return p;
    }

    /** @return true for a successful execve/execveat that names its program */
    private static boolean isExec(TraceEvent e) {
        return e.kind() == EventKind.SYSCALL && (e.syscall() == Syscalls.EXECVE || e.syscall() == Syscalls.EXECVEAT)
                && e.hasReturnValue() && e.returnValue() == 0 && ExecText.hasString(e.arguments());
    }

    private Live startProcess(int pid, int ppid, Live parent) {
        return startProcess(pid, ppid, parent, null);
    }

    private Live startProcess(int pid, int ppid, Live parent, TraceEvent firstExec) {
        if (processes.size() >= maxLive) {
            Live oldest = processes.values().iterator().next();
            evicted++;
            end(oldest, EndReason.EVICTED);
        }
        Live p = new Live(pid, ppid, parent == null ? extractor.newAccumulator() : extractor.newAccumulator(parent.features));
        if (parent != null) {
            parent.decodePendingExec();
            p.comm = parent.comm;
            p.exe = parent.exe;
            p.argv = parent.argv;
            p.execCwd = parent.execCwd;
            p.wantsCwd = parent.wantsCwd; // its calls show the same directory until either of them changes it
        } else if (firstExec != null) {
            p.decodeExec(firstExec.arguments());
        }
        processes.put(pid, p);
        mostRecent = p;
        attachThread(p, pid);
        started++;
        if (reportsStarts) {
            listener.started(p.record(null)); // a snapshot costs a feature vector: only built when someone listens
        }
        return p;
    }

    private void attachThread(Live p, int tid) {
        threads.put(tid, p);
        cachedTid = NO_TID;
        if (!p.tids.contains(tid)) {
            p.tids.add(tid);
        }
    }

    private void forgetThread(Live p, int tid) {
        threads.remove(tid);
        cachedTid = NO_TID;
        p.tids.remove((Integer) tid);
    }

    private void end(Live p, EndReason reason) {
        Live removed = processes.remove(p.pid);
        if (removed != null && removed == mostRecent) {
            mostRecent = null;
        }
        for (int t : p.tids) {
            threads.remove(t, p);
        }
        cachedTid = NO_TID;
        if (p.unclaimed && endedUnclaimed.add(p.pid) && endedUnclaimed.size() > MAX_ENDED_UNCLAIMED) {
            endedUnclaimed.remove(endedUnclaimed.iterator().next());
        }
        listener.ended(p.record(reason));
    }

    /** The mutable state of one live process; only the tracker's thread touches it. */
    private static final class Live {
        final int pid;
        final int ppid;
        final FeatureAccumulator features;
        final List<Integer> tids = new ArrayList<>(1);
        String comm = "?";
        String exe = "";
        List<String> argv = List.of();
        /** The argument text of the last successful exec, not decoded into comm, exe and argv yet, or null. */
        String execText;
        /**
         * The working directory of its last execve, when that named a relative path and a later call of its own showed
         * the directory ({@code -yy}: {@code openat(AT_FDCWD</dir>, ...)}) before any chdir; else null.
         */
        String execCwd;
        /** True while its last execve named a relative path and {@link #execCwd} is not known yet (no chdir since). */
        boolean wantsCwd;
        boolean execed;
        /** Started without a clone naming it (see {@link ProcessTracker#endedUnclaimed}). */
        boolean unclaimed;
        long count;
        long firstNanos = TraceEvent.ABSENT;
        long lastNanos = TraceEvent.ABSENT;
        int exitCode = -1;
        String signal;
        boolean coreDumped;

        Live(int pid, int ppid, FeatureAccumulator features) {
            this.pid = pid;
            this.ppid = ppid;
            this.features = Objects.requireNonNull(features, "accumulator");
        }

        void count(TraceEvent e) {
            count++;
            long t = e.timestampNanos();
            if (t != TraceEvent.ABSENT) {
                if (firstNanos == TraceEvent.ABSENT) {
                    firstNanos = t;
                }
                lastNanos = t;
            }
            features.accept(e);
        }

        /** Sets comm, exe and argv from an exec's argument text; {@code execveat(dirfd, "relative", ...)} keeps the path as given. */
        void decodeExec(CharSequence args) {
            List<byte[]> strings = ExecText.strings(args, MAX_ARGV + 1);
            if (!strings.isEmpty()) {
                exe = ExecText.text(strings.get(0));
                comm = ExecText.comm(strings.get(0));
                argv = strings.subList(1, strings.size()).stream().map(ExecText::text).toList();
            }
        }

        /** Takes {@link #execCwd} from a {@code -yy} {@code AT_FDCWD</dir>} first argument; gives up at a chdir or fchdir. */
        void learnCwd(TraceEvent e) {
            int id = e.syscall();
            if (id == Syscalls.CHDIR || id == Syscalls.FCHDIR) {
                wantsCwd = false; // the directory of the exec is no longer what the calls show
                return;
            }
            CharSequence a = e.arguments();
            int n = a.length();
            if (n < 12 || a.charAt(0) != 'A' || a.charAt(8) != '<' || !"AT_FDCWD<".contentEquals(a.subSequence(0, 9)) || a.charAt(9) != '/') {
                return; // most calls: no working directory in their first argument
            }
            for (int i = 10; i + 1 < n; i++) {
                char c = a.charAt(i);
                if (c == '\\') {
                    wantsCwd = false; // strace escaped a character of the directory (\76 for '>'): not decoded here
                    return;
                }
                if (c == '>' && a.charAt(i + 1) == ',') {
                    execCwd = a.subSequence(9, i).toString();
                    wantsCwd = false;
                    return;
                }
            }
        }

        /**
         * @return {@link #exe}, made absolute against {@link #execCwd} when it is relative and that is known ({@code .},
         *     {@code ..} and repeated slashes taken out, as the kernel walks them; symbolic links not followed)
         */
        String shownExe() {
            if (execCwd == null || exe.isEmpty() || exe.charAt(0) == '/') {
                return exe;
            }
            try {
                return Path.of(execCwd).resolve(exe).normalize().toString();
            } catch (InvalidPathException e) {
                return exe; // a NUL in hostile exec text: shown as given
            }
        }

        void decodePendingExec() {
            if (execText != null) {
                String text = execText;
                execText = null;
                decodeExec(text);
            }
        }

        ProcessRecord record(EndReason end) {
            decodePendingExec();
            return new ProcessRecord(pid, ppid, comm, shownExe(), argv, count, tids.size(), firstNanos, lastNanos,
                    end == EndReason.EXITED ? exitCode : -1, end == EndReason.KILLED ? signal : null,
                    end == EndReason.KILLED && coreDumped, end, features.snapshot(), features.evidence());
        }
    }

    /** Settings of a {@link ProcessTracker}. Not thread-safe. */
    public static final class Builder {
        private final FeatureExtractor extractor;
        private ProcessListener listener = NO_LISTENER;
        private IntUnaryOperator tgidResolver = tid -> 0;
        private IntUnaryOperator ppidResolver = pid -> 0;
        private int maxLive = DEFAULT_MAX_LIVE_PROCESSES;

        private Builder(FeatureExtractor extractor) {
            this.extractor = Objects.requireNonNull(extractor, "extractor");
        }

        /**
         * @param listener receives lifecycle callbacks on the writer thread
         * @return this
         */
        public Builder listener(ProcessListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @param resolver answers a tid's thread-group id (0 if unknown), e.g. from {@code /proc/TID/status}
         *     for live monitoring; the default knows nothing and relies on the trace alone
         * @return this
         */
        public Builder tgidResolver(IntUnaryOperator resolver) {
            this.tgidResolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * @param resolver answers a process's parent pid (0 if unknown), e.g. from {@code /proc/PID/status}; asked
         *     when {@link #tgidResolver} places a new process before its parent's clone returns, so that it can start
         *     as that clone would start it (its features inheriting from the parent) instead of as a root
         * @return this
         */
        public Builder ppidResolver(IntUnaryOperator resolver) {
            this.ppidResolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * @param max the most live processes (at least 1); beyond it the least recently active is evicted
         * @return this
         */
        public Builder maxLiveProcesses(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxLiveProcesses must be >= 1, got " + max);
            }
            this.maxLive = max;
            return this;
        }

        /** @return the tracker */
        public ProcessTracker build() {
            return new ProcessTracker(this);
        }
    }
}
