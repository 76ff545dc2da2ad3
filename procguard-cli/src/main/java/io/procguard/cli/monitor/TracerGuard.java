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

/**
 * Watches the trace for a traced process attacking the session's own tracer: a signal sent to strace or to this JVM
 * ({@code kill}, {@code tkill}, {@code tgkill}; also to their process group, or {@code kill(-1, ...)}, every process),
 * a {@code pidfd_open} of one of them (the first step of
 * {@code pidfd_send_signal}), a {@code ptrace} of one of them or a {@code process_vm_writev} into one. A hostile
 * program that kills strace goes on untraced (MITRE T1562: impair defenses), and the model cannot tell this from the
 * trace: only the monitor knows which pid is its tracer. Such a process is made MALICIOUS, whatever its score, with
 * the call as evidence; a failed attempt too ({@code EPERM} under {@code run --user}).
 *
 * <p>The reading thread calls {@link #watch}'s source; the scoring thread calls {@link #classifier}'s methods;
 * {@link #attacks()} may be read from any thread. Thread-safe.
 */
final class TracerGuard {
    /** At most this many attacking processes are remembered (bounded memory whatever the program does). */
    static final int MAX_ATTACKERS = 64;

    private final long monitorPid = ProcessHandle.current().pid();
    private volatile long stracePid = -1;
    /** Attacking pid -> the first attack it made, in the order found. */
    private final Map<Integer, Attack> attackers = new ConcurrentHashMap<>();
    private final List<Attack> order = new ArrayList<>();

    /**
     * One attack on the tracer.
     *
     * @param pid the attacking process
     * @param target what it aimed at: {@code strace, pid N} or {@code procguard, pid N}
     * @param call the call as strace printed it, with its return ({@code kill(7521, SIGKILL) = 0}), or cut
     *     ({@code kill(7521, SIGKILL) <cut: strace died>}) when strace died while printing it
     */
    record Attack(int pid, String target, String call) {
        /** @return the verdict's reason */
        String reason() {
            return "attacked its tracer (" + target + "): monitoring evasion, found by procguard, not scored";
        }
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
        String call = Syscalls.name(id) + "(" + args + ")" + (e.hasReturnValue()
                ? " = " + e.returnValue() + (e.errnoName() != null ? " " + e.errnoName() : "")
                : " <cut: strace died>");
        Attack attack = new Attack(e.pid(), target > 0 ? whose + ", pid " + target : whose, Printable.escape(call));
        synchronized (order) {
            if (order.size() < MAX_ATTACKERS && attackers.putIfAbsent(e.pid(), attack) == null) {
                order.add(attack);
            }
        }
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
