package io.procguard.cli.monitor;

import io.procguard.cli.Printable;
import io.procguard.core.Classifier;
import io.procguard.core.ProcessView;
import io.procguard.core.Signals;
import io.procguard.core.Status;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import io.procguard.core.Verdict;
import io.procguard.core.pipeline.EventSource;
import io.procguard.strace.Arguments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Watches the trace for a traced process that goes for the session's own tracer, or slips out of its reach. The model
 * cannot tell either from the trace: only the monitor knows which pids are its strace and itself, and what strace
 * cannot see. A hostile program that kills strace goes on untraced (MITRE T1562, impair defenses); so does a child
 * started with {@code CLONE_UNTRACED}, which {@code strace -f} does not follow. What counts:
 * <ul>
 *   <li>a signal sent to strace or to this JVM (or a thread of them) by {@code kill}, {@code tkill} or {@code tgkill},
 *       other than 0 (a probe) and the signals that do nothing by default; {@code kill(-1, ...)} (every process); a
 *       signal to their process group when it is not the sender's own;</li>
 *   <li>a {@code pidfd_open} of one of them (the first step of {@code pidfd_send_signal}), a {@code ptrace} of one of
 *       them, a {@code process_vm_writev} into one;</li>
 *   <li>a {@code clone} or {@code clone3} with {@code CLONE_UNTRACED} that made a child. With {@link #killEscapes}
 *       (enforcement on) that child is killed at once, if it is still the sender's child and untraced.</li>
 * </ul>
 * It also says (a note, no verdict) when a process sets up an {@code io_uring}, whose operations strace cannot see.
 * The process is made MALICIOUS, whatever its score, with the call as evidence; a failed attempt too
 * ({@code EPERM} under {@code run --user}).
 *
 * <p>The reading thread calls {@link #watch}'s source; the scoring thread calls {@link #classifier}'s methods;
 * {@link #attacks()} may be read from any thread. Thread-safe.
 */
final class TracerGuard {
    /** At most this many attacking processes are remembered (bounded memory whatever the program does). */
    static final int MAX_ATTACKERS = 64;
    /** Children out of strace's reach reported one line each; the rest in one line. */
    static final int MAX_ESCAPE_WARNINGS = 8;
    /** {@code io_uring} set-ups reported one line each; the rest not. */
    static final int MAX_IO_URING_NOTES = 4;

    private final long monitorPid = ProcessHandle.current().pid();
    private volatile long stracePid = -1;
    /** Attacking pid -> the first attack it made, in the order found. */
    private final Map<Integer, Attack> attackers = new ConcurrentHashMap<>();
    private final List<Attack> order = new ArrayList<>();
    private final Consumer<String> warnings;
    private final boolean killEscapes;
    /** How many children started out of strace's reach were reported (one line each, up to {@link #MAX_ESCAPE_WARNINGS}). */
    private final java.util.concurrent.atomic.AtomicInteger escapesTold = new java.util.concurrent.atomic.AtomicInteger();
    /** How many {@code io_uring} set-ups were reported. */
    private final java.util.concurrent.atomic.AtomicInteger ioUringsTold = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * One attack on the tracer, or escape from it.
     *
     * @param pid the attacking process
     * @param what what it did, the start of the verdict's reason: {@code attacked its tracer (strace, pid N)}
     * @param escape true for a child started out of strace's reach, false for an attack on strace or procguard
     * @param call the call as strace printed it, with its return ({@code kill(7521, SIGKILL) = 0}), or cut
     *     ({@code kill(7521, SIGKILL) <cut: strace died>}) when strace died while printing it
     */
    record Attack(int pid, String what, boolean escape, String call) {
        /** @return the verdict's reason */
        String reason() {
            return what + ": monitoring evasion, found by procguard, not scored";
        }
    }

    /**
     * @param warnings where a child out of strace's reach is reported at once
     * @param killEscapes true to SIGKILL such a child (the session enforces: {@code --kill-on})
     */
    TracerGuard(Consumer<String> warnings, boolean killEscapes) {
        this.warnings = warnings;
        this.killEscapes = killEscapes;
    }

    /** @param pid the session's strace; until set, only this JVM is guarded */
    void tracer(long pid) {
        this.stracePid = pid;
    }

    /**
     * @param source the parser
     * @return the same events, each looked at first
     */
    EventSource watch(EventSource source) {
        return () -> {
            TraceEvent e = source.next();
            if (e != null) {
                look(e);
            }
            return e;
        };
    }

    /**
     * @param scoring the session's classifier
     * @return it, with the verdict of an attacking process raised to MALICIOUS and the attack put first in its reasons
     *     and evidence
     */
    Classifier classifier(Classifier scoring) {
        return new Classifier() {
            @Override
            public String id() {
                return scoring.id();
            }

            @Override
            public Verdict classify(ProcessView process) {
                return raised(process, scoring.classify(process));
            }

            @Override
            public List<Verdict> classifyAll(List<? extends ProcessView> processes) {
                List<Verdict> verdicts = scoring.classifyAll(processes);
                if (attackers.isEmpty() || verdicts.size() != processes.size()) {
                    return verdicts;
                }
                List<Verdict> out = new ArrayList<>(verdicts.size());
                for (int i = 0; i < verdicts.size(); i++) {
                    out.add(raised(processes.get(i), verdicts.get(i)));
                }
                return out;
            }

            @Override
            public void close() {
                // the classifier stays the caller's
            }
        };
    }

    /** @return true if process {@code pid} attacked the tracer */
    boolean attacked(int pid) {
        return attackers.containsKey(pid);
    }

    /** @return the attacks found so far, one per attacking process, in trace order */
    List<Attack> attacks() {
        synchronized (order) {
            return List.copyOf(order);
        }
    }

    private Verdict raised(ProcessView process, Verdict verdict) {
        Attack a = attackers.get(process.pid());
        if (a == null) {
            return verdict;
        }
        List<String> reasons = new ArrayList<>();
        reasons.add(a.reason());
        for (String r : verdict.reasons()) {
            reasons.add(reasons.size() == 1 ? "the classifier alone: " + r : r);
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(a.call());
        evidence.addAll(verdict.evidence());
        return new Verdict(Status.MALICIOUS, verdict.score(), reasons, evidence, verdict.classifier());
    }

    private void look(TraceEvent e) {
        int id = e.syscall();
        int targetIndex;
        int signalIndex;
        switch (id) {
            case Syscalls.KILL, Syscalls.TKILL -> {
                targetIndex = 0;
                signalIndex = 1;
            }
            case Syscalls.TGKILL -> {
                targetIndex = 0;
                signalIndex = 2;
            }
            case Syscalls.PIDFD_OPEN, Syscalls.PROCESS_VM_WRITEV -> {
                targetIndex = 0;
                signalIndex = -1;
            }
            case Syscalls.PTRACE -> {
                targetIndex = 1;
                signalIndex = -1;
            }
            case Syscalls.CLONE, Syscalls.CLONE3 -> {
                untracedChild(e);
                return;
            }
            case Syscalls.IO_URING_SETUP -> {
                ioUring(e);
                return;
            }
            default -> {
                return;
            }
        }
        if (e.pid() <= 0 || attackers.containsKey(e.pid())) {
            return;
        }
        CharSequence args = e.arguments();
        if (signalIndex >= 0 && harmless(Arguments.nth(args, signalIndex))) {
            return;
        }
        long target = Arguments.parseLong(Arguments.nth(args, targetIndex));
        String whose = target == Arguments.NOT_A_NUMBER ? null
                : target > 0 ? whose(target)
                : id == Syscalls.KILL && target == -1 ? "every process it may signal, strace and procguard too"
                : id == Syscalls.KILL && target < -1 && ProcInfo.processGroup(e.pid()) != -target ? group(-target) : null;
        if (whose == null) {
            return;
        }
        remember(new Attack(e.pid(), "attacked its tracer (" + (target > 0 ? whose + ", pid " + target : whose) + ")", false,
                call(e)));
    }

    /** A clone with {@code CLONE_UNTRACED}: {@code strace -f} does not follow the child, which runs unseen. */
    private void untracedChild(TraceEvent e) {
        if (!e.hasReturnValue() || e.returnValue() <= 0 || e.pid() <= 0 || !contains(e.arguments(), "CLONE_UNTRACED")) {
            return;
        }
        int child = (int) e.returnValue();
        String what = "escaped its tracer (started pid " + child + " with CLONE_UNTRACED, which strace does not follow)";
        boolean killed = killEscapes && Signaller.killUntracedChild(child, e.pid());
        int told = escapesTold.incrementAndGet();
        if (told > MAX_ESCAPE_WARNINGS) {
            if (told == MAX_ESCAPE_WARNINGS + 1) {
                warnings.accept("more children started with CLONE_UNTRACED; not reported one by one (the logs name their parents)");
            }
        } else {
            warnings.accept(label(e.pid()) + " started pid " + child + " with CLONE_UNTRACED: strace does not follow it, so what "
                + "it does is not seen" + (killed ? "; killed it (--kill-on)" : killEscapes ? "; it was gone before it could be killed"
                : "; it runs on (--kill-on would kill it)"));
        }
        if (!attackers.containsKey(e.pid())) {
            remember(new Attack(e.pid(), what, true, call(e)));
        }
    }

    /**
     * An {@code io_uring} set up: what a process submits there (opens, reads, writes, connects, ...) the kernel runs
     * without a system call of the process's own, so none of it is in the trace. Databases and runtimes use it
     * legitimately (PostgreSQL 18, Netty, libuv), so it is said, not scored.
     */
    private void ioUring(TraceEvent e) {
        if (!e.hasReturnValue() || e.returnValue() < 0 || e.pid() <= 0) {
            return;
        }
        int told = ioUringsTold.incrementAndGet();
        if (told <= MAX_IO_URING_NOTES) {
            warnings.accept("note: " + label(e.pid()) + " set up an io_uring (fd " + e.returnValue() + "): the opens, reads, writes"
                    + " and connects it submits there do not appear in strace's trace, so procguard does not see them"
                    + (told == MAX_IO_URING_NOTES ? " (further io_urings are not reported)" : ""));
        }
    }

    /** @return {@code pid N (comm)} with the name {@code /proc} gives now, or {@code pid N} when it is gone */
    private static String label(int pid) {
        String comm = ProcInfo.comm(pid);
        return "pid " + pid + (comm.isEmpty() ? "" : " (" + comm + ")");
    }

    private void remember(Attack attack) {
        synchronized (order) {
            if (order.size() < MAX_ATTACKERS && attackers.putIfAbsent(attack.pid(), attack) == null) {
                order.add(attack);
            }
        }
    }

    /** @return the call as strace printed it, escaped for a terminal */
    private static String call(TraceEvent e) {
        return Printable.escape(Syscalls.name(e.syscall()) + "(" + e.arguments() + ")" + (e.hasReturnValue()
                ? " = " + e.returnValue() + (e.errnoName() != null ? " " + e.errnoName() : "")
                : " <cut: strace died>"));
    }

    private static boolean contains(CharSequence text, String word) {
        int n = word.length();
        for (int i = 0; i + n <= text.length(); i++) {
            if (text.charAt(i) == word.charAt(0) && text.subSequence(i, i + n).toString().equals(word)) {
                return true;
            }
        }
        return false;
    }

    /** @return {@code strace} or {@code procguard} when {@code pid} is (a thread of) the tracer or this JVM, else null */
    private String whose(long pid) {
        long strace = stracePid;
        if (pid == strace || strace > 0 && Files.isDirectory(Path.of("/proc", Long.toString(strace), "task", Long.toString(pid)))) {
            return "strace";
        }
        if (pid == monitorPid || Files.isDirectory(Path.of("/proc/self/task", Long.toString(pid)))) {
            return "procguard";
        }
        return null;
    }

    /**
     * @param pgid a process group the traced process signalled, not its own (a program may end its own group, which
     *     under {@code run} without {@code --user} is strace's and this JVM's too: that stops everything at once)
     * @return the process group of strace or of this JVM when {@code pgid} is one of them, else null
     */
    private String group(long pgid) {
        long strace = stracePid;
        if (strace > 0 && pgid == ProcInfo.processGroup(strace)) {
            return "strace's process group " + pgid;
        }
        return pgid == ProcInfo.processGroup(monitorPid) ? "procguard's process group " + pgid : null;
    }

    /**
     * @param signal a signal argument as strace prints it ({@code SIGKILL}, {@code 0}, {@code 9})
     * @return true for a probe (0) and for signals whose default action is to do nothing
     */
    private static boolean harmless(CharSequence signal) {
        String s = signal.toString();
        if (s.isEmpty()) {
            return false; // a trace without arguments: count it
        }
        if (Character.isDigit(s.charAt(0))) {
            long n = Arguments.parseLong(s);
            if (n == 0) {
                return true;
            }
            s = n > 0 && n < 65 ? Signals.name((int) n) : s;
        }
        return s.equals("SIGCHLD") || s.equals("SIGCONT") || s.equals("SIGWINCH") || s.equals("SIGURG");
    }
}
