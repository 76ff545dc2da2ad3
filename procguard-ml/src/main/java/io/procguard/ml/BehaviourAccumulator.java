package io.procguard.ml;

import io.procguard.core.EventKind;
import io.procguard.core.FeatureAccumulator;
import io.procguard.core.FeatureVector;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import io.procguard.strace.Arguments;
import java.util.List;

/**
 * The running features of one process ({@link Feature} order). Single writer, not thread-safe. Memory
 * is fixed: per-syscall counters, a few flags and sums, two 128-byte distinct sketches, an 8-line
 * {@link EvidenceLog} of at most {@value EvidenceLog#CAPACITY} lines, and a 1024-bit set of inet socket fds.
 * Only calls that matter for a feature have their arguments decoded.
 */
final class BehaviourAccumulator implements FeatureAccumulator {
    private static final int WINDOW = 64;
    private static final int FD_BITS = 1024;

    private final BehaviourFeatures owner;
    private final int[] perSyscall = new int[SyscallTable.SIZE];
    private final int[] perGroup = new int[Feature.values().length];
    private final int[] perCategory = new int[8];
    /** Booleans and counters that are not per-syscall, indexed by {@link Feature} ordinal. */
    private final float[] marks = new float[Feature.values().length];
    private final long[] inetSocketFds = new long[FD_BITS / 64];
    private final DistinctCounter files = new DistinctCounter();
    private final DistinctCounter endpoints = new DistinctCounter();
    private final DistinctCounter ports = new DistinctCounter();
    private final EvidenceLog evidence = new EvidenceLog();

    private long syscalls;
    private long failed;
    private long eacces;
    private long eperm;
    private long enoent;
    private long refused;
    private long opens;
    private long openFails;
    private long openWrites;
    private long connects;
    private long connectFails;
    private long execs;
    private long execFails;
    private long forks;
    private long privDenied;
    private double readBytes;
    private double writeBytes;
    private double netBytes;
    private boolean connectedInet;

    private int windowFill;
    private int windowFailed;
    private int windowDenied;
    private int windowDestructive;
    private int windowForks;
    private int maxFailed;
    private int maxDenied;
    private int maxDestructive;
    private int maxForks;

    BehaviourAccumulator(BehaviourFeatures owner) {
        this.owner = owner;
    }

    @Override
    public void accept(TraceEvent e) {
        switch (e.kind()) {
            case SYSCALL -> syscall(e);
            case SIGNAL -> signal(e);
            case KILLED -> {
                set(Feature.SIG_FATAL);
                if (e.coreDumped()) {
                    set(Feature.SIG_CORE_DUMPED);
                }
                evidence.add(EvidenceLog.MEDIUM, "+++ killed by " + e.signalName() + (e.coreDumped() ? " (core dumped)" : "") + " +++");
            }
            default -> {
                // exits, attach/detach and strace messages carry no behaviour
            }
        }
    }

    private void signal(TraceEvent e) {
        marks[Feature.SIG_RECEIVED_LOG.ordinal()]++;
        String s = e.signalName();
        if ("SIGSEGV".equals(s) || "SIGBUS".equals(s) || "SIGILL".equals(s) || "SIGFPE".equals(s) || "SIGSYS".equals(s)) {
            set(Feature.SIG_FAULT);
            evidence.add(EvidenceLog.MEDIUM, "--- " + s + " ---");
        }
    }

    private void syscall(TraceEvent e) {
        int id = e.syscall();
        syscalls++;
        perSyscall[SyscallTable.slot(id)]++;
        int group = SyscallTable.group(id);
        if (group >= 0) {
            perGroup[group]++;
        }
        int cats = SyscallTable.categories(id);
        for (int c = 0; cats != 0; c++, cats >>>= 1) {
            if ((cats & 1) != 0) {
                perCategory[c]++;
            }
        }
        boolean ok = !e.hasReturnValue() || e.returnValue() >= 0 || e.errno() == 0 && e.errnoName() == null;
        if (!ok) {
            failed++;
            windowFailed++;
            int errno = e.errno();
            if (errno == 13) {
                eacces++;
                windowDenied++;
            } else if (errno == 1) {
                eperm++;
                windowDenied++;
            } else if (errno == 2) {
                enoent++;
            } else if (errno == 111 || errno == 110) {
                refused++;
            }
        }
        dispatch(e, id, ok);
        if (++windowFill == WINDOW) {
            closeWindow();
        }
    }

    private void closeWindow() {
        maxFailed = Math.max(maxFailed, windowFailed);
        maxDenied = Math.max(maxDenied, windowDenied);
        maxDestructive = Math.max(maxDestructive, windowDestructive);
        maxForks = Math.max(maxForks, windowForks);
        windowFill = 0;
        windowFailed = 0;
        windowDenied = 0;
        windowDestructive = 0;
        windowForks = 0;
    }

    private void dispatch(TraceEvent e, int id, boolean ok) {
        switch (id) {
            case Syscalls.READ, Syscalls.READV, Syscalls.PREAD64 -> {
                if (e.returnValue() > 0) {
                    readBytes += e.returnValue();
                }
                stdioSocketIo(e);
            }
            case Syscalls.WRITE, Syscalls.WRITEV, Syscalls.PWRITE64 -> {
                if (e.returnValue() > 0) {
                    writeBytes += e.returnValue();
                }
                stdioSocketIo(e);
            }
            case Syscalls.SENDTO, Syscalls.SENDMSG, Syscalls.RECVFROM, Syscalls.RECVMSG -> {
                if (e.returnValue() > 0) {
                    netBytes += e.returnValue();
                }
                if (id == Syscalls.SENDTO) {
                    endpoint(e, Arguments.nth(e.arguments(), 4), false);
                }
            }
            case Syscalls.OPEN, Syscalls.CREAT -> open(e, 0, id == Syscalls.CREAT ? null : Arguments.nth(e.arguments(), 1), ok);
            case Syscalls.OPENAT, Syscalls.OPENAT2 -> open(e, 1, Arguments.nth(e.arguments(), 2), ok);
            case Syscalls.UNLINK, Syscalls.RMDIR -> destructive(e, 0, Feature.FILE_UNLINK_RATE);
            case Syscalls.UNLINKAT -> destructive(e, 1, Feature.FILE_UNLINK_RATE);
            case Syscalls.RENAME -> {
                destructive(e, 0, Feature.FILE_RENAME_RATE);
                modified(e, path(e, 1), "rename");
            }
            case Syscalls.RENAMEAT, Syscalls.RENAMEAT2 -> {
                destructive(e, 1, Feature.FILE_RENAME_RATE);
                modified(e, path(e, 3), "rename");
            }
            case Syscalls.TRUNCATE -> destructive(e, 0, Feature.FILE_TRUNCATE_RATE);
            case Syscalls.FTRUNCATE -> {
                count(Feature.FILE_TRUNCATE_RATE);
                windowDestructive++;
                modified(e, Arguments.fdPath(Arguments.nth(e.arguments(), 0)), "ftruncate");
            }
            case Syscalls.CHMOD -> chmod(e, path(e, 0), Arguments.nth(e.arguments(), 1));
            case Syscalls.FCHMODAT -> chmod(e, path(e, 1), Arguments.nth(e.arguments(), 2));
            case Syscalls.FCHMOD -> chmod(e, Arguments.fdPath(Arguments.nth(e.arguments(), 0)), Arguments.nth(e.arguments(), 1));
            case Syscalls.CHOWN, Syscalls.LCHOWN, Syscalls.FCHOWN, Syscalls.FCHOWNAT -> count(Feature.FILE_CHMOD_RATE);
            case Syscalls.SOCKET -> socket(e, ok);
            case Syscalls.CONNECT -> connect(e, ok);
            case Syscalls.BIND -> bind(e, ok);
            case Syscalls.LISTEN -> {
                set(Feature.NET_LISTEN);
                evidence.add(EvidenceLog.LOW, render(e, e.arguments()));
            }
            case Syscalls.ACCEPT, Syscalls.ACCEPT4 -> {
                if (ok && e.hasReturnValue()) {
                    marks[Feature.NET_ACCEPT_LOG.ordinal()]++;
                    if (isInetSocket(Arguments.nth(e.arguments(), 0))) {
                        markInetFd(e.returnValue());
                    }
                }
            }
            case Syscalls.DUP2, Syscalls.DUP3 -> dup(e, ok);
            case Syscalls.CLOSE -> {
                int fd = Arguments.fd(e.arguments());
                if (fd >= 0 && fd < FD_BITS) {
                    inetSocketFds[fd >>> 6] &= ~(1L << fd);
                }
            }
            case Syscalls.EXECVE -> exec(e, 0, ok);
            case Syscalls.EXECVEAT -> exec(e, 1, ok);
            case Syscalls.CLONE, Syscalls.CLONE3 -> {
                if (Arguments.hasFlag(e.arguments(), "CLONE_THREAD")) {
                    marks[Feature.ACT_THREADS_LOG.ordinal()]++;
                } else {
                    fork();
                }
            }
            case Syscalls.FORK, Syscalls.VFORK -> fork();
            case Syscalls.MMAP -> memory(e, Arguments.nth(e.arguments(), 2), Arguments.hasFlag(Arguments.nth(e.arguments(), 3), "MAP_ANONYMOUS"));
            case Syscalls.MPROTECT, Syscalls.PKEY_MPROTECT -> memory(e, Arguments.nth(e.arguments(), 2), true);
            case Syscalls.MEMFD_CREATE -> {
                set(Feature.MEM_MEMFD);
                evidence.add(EvidenceLog.HIGH, render(e, e.arguments()));
            }
            case Syscalls.SETUID, Syscalls.SETREUID, Syscalls.SETRESUID, Syscalls.SETFSUID -> privileged(e, ok, Feature.PRIV_SETUID);
            case Syscalls.SETGID, Syscalls.SETREGID, Syscalls.SETRESGID, Syscalls.SETFSGID, Syscalls.SETGROUPS ->
                privileged(e, ok, Feature.PRIV_SETGID);
            case Syscalls.CAPSET -> privileged(e, ok, Feature.PRIV_CAPSET);
            case Syscalls.PTRACE -> ptrace(e, ok);
            case Syscalls.PROCESS_VM_READV, Syscalls.PROCESS_VM_WRITEV -> {
                set(Feature.PATH_PROC_MEM);
                evidence.add(EvidenceLog.HIGH, render(e, e.arguments()));
            }
            case Syscalls.UNSHARE, Syscalls.SETNS, Syscalls.MOUNT, Syscalls.PIVOT_ROOT, Syscalls.CHROOT ->
                privileged(e, ok, Feature.PRIV_NAMESPACE);
            case Syscalls.INIT_MODULE, Syscalls.FINIT_MODULE, Syscalls.BPF, Syscalls.KEXEC_LOAD, Syscalls.KEXEC_FILE_LOAD ->
                privileged(e, ok, Feature.PRIV_MODULE);
            case Syscalls.SETSID -> set(Feature.PROC_SETSID);
            case Syscalls.PRCTL -> {
                if (Arguments.hasFlag(Arguments.nth(e.arguments(), 0), "PR_SET_NAME")) {
                    set(Feature.PROC_RENAME);
                    evidence.add(EvidenceLog.MEDIUM, render(e, e.arguments()));
                }
            }
            case Syscalls.KILL, Syscalls.TKILL, Syscalls.TGKILL, Syscalls.PIDFD_SEND_SIGNAL -> kill(e, id);
            default -> {
                // counted in the frequency profile only
            }
        }
    }

    // ---------------------------------------------------------------- files

    /** @return the decoded path of argument {@code index}, joined to a {@code -yy} dirfd of the argument before */
    private static String path(TraceEvent e, int index) {
        CharSequence args = e.arguments();
        String p = Arguments.decodeString(Arguments.nth(args, index));
        if (p == null || p.isEmpty() || p.charAt(0) == '/' || index == 0) {
            return p;
        }
        String dir = Arguments.fdPath(Arguments.nth(args, index - 1));
        return dir == null ? p : dir.endsWith("/") ? dir + p : dir + "/" + p;
    }

    private void open(TraceEvent e, int pathIndex, CharSequence flags, boolean ok) {
        opens++;
        boolean write = flags == null || Arguments.hasFlag(flags, "O_WRONLY") || Arguments.hasFlag(flags, "O_RDWR")
                || Arguments.hasFlag(flags, "O_CREAT") || Arguments.hasFlag(flags, "O_TRUNC") || Arguments.hasFlag(flags, "O_APPEND");
        if (flags != null && Arguments.hasFlag(flags, "O_TRUNC")) {
            count(Feature.FILE_TRUNCATE_RATE);
            windowDestructive++;
        }
        if (!ok) {
            openFails++;
        }
        if (write) {
            openWrites++;
        }
        String path = path(e, pathIndex);
        if (path == null) {
            return;
        }
        files.add(path.hashCode());
        int bits = PathRules.classify(path, e.pid());
        if (bits == 0) {
            return;
        }
        if (write) {
            if (ok) {
                modifiedBits(e, bits, "open");
            }
        } else {
            read(e, bits);
        }
    }

    private void read(TraceEvent e, int bits) {
        if ((bits & PathRules.SENSITIVE_READ) != 0) {
            marks[Feature.PATH_SENSITIVE_READ_LOG.ordinal()]++;
            evidence.add(EvidenceLog.HIGH, render(e, e.arguments()));
        }
        if ((bits & PathRules.SHADOW) != 0) {
            set(Feature.PATH_SHADOW_READ);
        }
        if ((bits & PathRules.SUDOERS) != 0) {
            set(Feature.PATH_SUDOERS);
        }
        if ((bits & PathRules.SSH_KEY) != 0) {
            set(Feature.PATH_SSH_KEY_READ);
        }
        if ((bits & PathRules.PROC_MEM) != 0) {
            set(Feature.PATH_PROC_MEM);
        }
        if ((bits & PathRules.PROC_OTHER) != 0) {
            marks[Feature.PATH_PROC_SCAN.ordinal()]++;
            evidence.add(EvidenceLog.LOW, render(e, e.arguments()));
        }
    }

    private void modified(TraceEvent e, String path, String how) {
        if (path != null && (e.returnValue() >= 0 || !e.hasReturnValue())) {
            modifiedBits(e, PathRules.classify(path, e.pid()), how);
        }
    }

    private void modifiedBits(TraceEvent e, int bits, String how) {
        if ((bits & PathRules.SENSITIVE_WRITE) != 0) {
            marks[Feature.PATH_SENSITIVE_WRITE_LOG.ordinal()]++;
            evidence.add(EvidenceLog.HIGH, render(e, e.arguments()));
        }
        if ((bits & PathRules.SHADOW) != 0) {
            set(Feature.PATH_SHADOW_WRITE);
        }
        if ((bits & PathRules.PASSWD) != 0) {
            set(Feature.PATH_PASSWD_WRITE);
        }
        if ((bits & PathRules.SUDOERS) != 0) {
            set(Feature.PATH_SUDOERS);
            set(Feature.PATH_SUDOERS_WRITE);
        }
        if ((bits & PathRules.SSH_DIR) != 0) {
            set(Feature.PATH_SSH_WRITE);
        }
        if ((bits & PathRules.CRON) != 0) {
            set(Feature.PATH_CRON_WRITE);
        }
        if ((bits & PathRules.SYSTEMD) != 0) {
            set(Feature.PATH_SYSTEMD_WRITE);
        }
        if ((bits & PathRules.SHELL_RC) != 0) {
            set(Feature.PATH_SHELL_RC_WRITE);
        }
        if ((bits & PathRules.LD_PRELOAD) != 0) {
            set(Feature.PATH_LD_PRELOAD_WRITE);
        }
        if ((bits & PathRules.LOG) != 0 && !how.equals("open-append")) {
            set(Feature.PATH_LOG_TAMPER);
        }
        if ((bits & PathRules.TMP) != 0) {
            marks[Feature.PATH_TMP_WRITE_LOG.ordinal()]++;
        }
        if ((bits & PathRules.HIDDEN) != 0) {
            set(Feature.FILE_HIDDEN_WRITE);
        }
    }

    private void destructive(TraceEvent e, int pathIndex, Feature rate) {
        count(rate);
        windowDestructive++;
        modified(e, path(e, pathIndex), "unlink");
    }

    private void chmod(TraceEvent e, String path, CharSequence mode) {
        count(Feature.FILE_CHMOD_RATE);
        long m = Arguments.parseLong(mode);
        if (m == Arguments.NOT_A_NUMBER || (m & 0111) == 0) {
            return;
        }
        set(Feature.FILE_CHMOD_EXEC);
        if (path != null && (PathRules.classify(path, e.pid()) & PathRules.TMP) != 0) {
            set(Feature.PATH_TMP_CHMOD_EXEC);
            evidence.add(EvidenceLog.HIGH, render(e, e.arguments()));
        }
    }

    // ---------------------------------------------------------------- network

    private void socket(TraceEvent e, boolean ok) {
        marks[Feature.NET_SOCKET_LOG.ordinal()]++;
        CharSequence args = e.arguments();
        CharSequence domain = Arguments.nth(args, 0);
        if (Arguments.hasFlag(Arguments.nth(args, 1), "SOCK_RAW") || Arguments.hasFlag(domain, "AF_PACKET")) {
            set(Feature.NET_RAW_SOCKET);
            evidence.add(EvidenceLog.MEDIUM, render(e, args));
        }
        if (ok && e.hasReturnValue() && (Arguments.hasFlag(domain, "AF_INET") || Arguments.hasFlag(domain, "AF_INET6"))) {
            markInetFd(e.returnValue());
        }
    }

    private void connect(TraceEvent e, boolean ok) {
        connects++;
        if (!ok && e.errno() != 115) { // EINPROGRESS: a non-blocking connect under way
            connectFails++;
        }
        String where = endpoint(e, Arguments.nth(e.arguments(), 1), true);
        if (where != null && isInetEndpoint(where)) {
            set(Feature.NET_CONNECT_INET);
            if (ok || e.errno() == 115) {
                connectedInet = true;
                markInetFd(Arguments.fd(e.arguments()));
            }
            evidence.add(EvidenceLog.MEDIUM, render(e, Arguments.fd(e.arguments()) + ", " + where));
        }
    }

    /** Counts an endpoint in the sketches; returns it, or null if the argument is not an address. */
    private String endpoint(TraceEvent e, CharSequence sockaddr, boolean countPort) {
        String where = Arguments.socketAddress(sockaddr);
        if (where == null) {
            return null;
        }
        endpoints.add(where.hashCode());
        int colon = where.lastIndexOf(':');
        if (countPort && colon > 0) {
            ports.add(where.substring(colon + 1).hashCode());
        }
        return where;
    }

    private static boolean isInetEndpoint(String where) {
        char c = where.charAt(0);
        return c == '[' || c >= '0' && c <= '9';
    }

    private void bind(TraceEvent e, boolean ok) {
        String where = Arguments.socketAddress(Arguments.nth(e.arguments(), 1));
        if (where != null && isInetEndpoint(where)) {
            marks[Feature.NET_BIND_COUNT.ordinal()]++;
            evidence.add(EvidenceLog.LOW, render(e, Arguments.fd(e.arguments()) + ", " + where));
        }
    }

    private void dup(TraceEvent e, boolean ok) {
        CharSequence args = e.arguments();
        CharSequence from = Arguments.nth(args, 0);
        int to = Arguments.fd(Arguments.nth(args, 1));
        boolean inet = isInetSocket(from) || isMarkedInet(Arguments.fd(from));
        if (!ok || to < 0) {
            return;
        }
        if (inet) {
            markInetFd(to);
            if (to <= 2) {
                set(Feature.NET_DUP_SOCKET_TO_STDIO);
                evidence.add(EvidenceLog.HIGH, render(e, Arguments.fd(from) + ", " + to));
            }
        } else if (to < FD_BITS) {
            inetSocketFds[to >>> 6] &= ~(1L << to);
        }
    }

    private void stdioSocketIo(TraceEvent e) {
        CharSequence fdArg = Arguments.nth(e.arguments(), 0);
        int fd = Arguments.fd(fdArg);
        if (fd >= 0 && fd <= 2 && (isInetSocket(fdArg) || isMarkedInet(fd)) && marks[Feature.NET_STDIO_SOCKET_IO.ordinal()] == 0) {
            set(Feature.NET_STDIO_SOCKET_IO);
            evidence.add(EvidenceLog.HIGH, render(e, fd + "<" + Arguments.fdDecoration(fdArg) + ">, ..."));
        }
    }

    /** @return true for a {@code -yy} decoration of a TCP/UDP socket */
    private static boolean isInetSocket(CharSequence fdArg) {
        CharSequence d = Arguments.fdDecoration(fdArg);
        return d.length() > 4 && (d.charAt(0) == 'T' && d.charAt(1) == 'C' && d.charAt(2) == 'P'
                || d.charAt(0) == 'U' && d.charAt(1) == 'D' && d.charAt(2) == 'P');
    }

    private void markInetFd(long fd) {
        if (fd >= 0 && fd < FD_BITS) {
            inetSocketFds[(int) fd >>> 6] |= 1L << fd;
        }
    }

    private boolean isMarkedInet(int fd) {
        return fd >= 0 && fd < FD_BITS && (inetSocketFds[fd >>> 6] & (1L << fd)) != 0;
    }

    // ---------------------------------------------------------------- processes, memory, privileges

    private void exec(TraceEvent e, int pathIndex, boolean ok) {
        execs++;
        if (!ok) {
            execFails++;
            return;
        }
        CharSequence args = e.arguments();
        String path = Arguments.decodeString(Arguments.nth(args, pathIndex));
        List<String> argv = Arguments.stringArray(Arguments.nth(args, pathIndex + 1), 64);
        marks[Feature.EXEC_COUNT_LOG.ordinal()]++;
        int priority = EvidenceLog.LOW;
        if (path != null) {
            int kind = ExecRules.classify(path, argv);
            priority = ExecRules.apply(kind, marks);
            if ((PathRules.classify(path, e.pid()) & PathRules.TMP) != 0 || path.startsWith("/proc/self/fd/")
                    || path.startsWith("/memfd:") || pathIndex == 1 && path.isEmpty()) {
                set(Feature.EXEC_FROM_TMP);
                priority = EvidenceLog.HIGH;
            }
        }
        if (connectedInet) {
            set(Feature.EXEC_AFTER_CONNECT);
            priority = Math.max(priority, EvidenceLog.MEDIUM);
        }
        evidence.add(priority, render(e, Arguments.nth(args, pathIndex) + ", " + Arguments.nth(args, pathIndex + 1)));
    }

    private void fork() {
        forks++;
        windowForks++;
    }

    private void memory(TraceEvent e, CharSequence prot, boolean anonymous) {
        if (!Arguments.hasFlag(prot, "PROT_EXEC")) {
            return;
        }
        if (Arguments.hasFlag(prot, "PROT_WRITE")) {
            set(Feature.MEM_WX_MAPPING);
            evidence.add(EvidenceLog.HIGH, render(e, e.arguments()));
        }
        if (anonymous) {
            marks[Feature.MEM_ANON_EXEC.ordinal()]++;
        }
    }

    private void privileged(TraceEvent e, boolean ok, Feature f) {
        set(f);
        if (!ok && (e.errno() == 1 || e.errno() == 13)) {
            privDenied++;
        }
        evidence.add(f == Feature.PRIV_SETUID || f == Feature.PRIV_SETGID ? EvidenceLog.MEDIUM : EvidenceLog.HIGH, render(e, e.arguments()));
    }

    private void ptrace(TraceEvent e, boolean ok) {
        CharSequence request = Arguments.nth(e.arguments(), 0);
        if (Arguments.hasFlag(request, "PTRACE_TRACEME")) {
            set(Feature.PRIV_PTRACE);
            return;
        }
        privileged(e, ok, Feature.PRIV_PTRACE);
        if (Arguments.hasFlag(request, "PTRACE_ATTACH") || Arguments.hasFlag(request, "PTRACE_SEIZE")
                || Arguments.hasFlag(request, "PTRACE_POKETEXT") || Arguments.hasFlag(request, "PTRACE_POKEDATA")
                || Arguments.hasFlag(request, "PTRACE_POKEUSER") || Arguments.hasFlag(request, "PTRACE_SETREGS")) {
            set(Feature.PRIV_PTRACE_ATTACH);
        }
    }

    private void kill(TraceEvent e, int id) {
        CharSequence args = e.arguments();
        int sigIndex = id == Syscalls.TGKILL ? 2 : 1;
        CharSequence sig = Arguments.nth(args, sigIndex);
        if (sig.length() == 0 || sig.length() == 1 && sig.charAt(0) == '0') {
            return; // kill(pid, 0) only probes; ADFA-like traces have no arguments
        }
        long target = Arguments.parseLong(Arguments.nth(args, 0));
        if (target != e.pid()) {
            marks[Feature.SIG_SENT_LOG.ordinal()]++;
        }
        if (id == Syscalls.KILL && target != Arguments.NOT_A_NUMBER && target < 0
                && (Arguments.hasFlag(sig, "SIGKILL") || Arguments.hasFlag(sig, "SIGTERM") || Arguments.hasFlag(sig, "SIGSTOP"))) {
            set(Feature.PROC_KILL_OTHERS);
            evidence.add(EvidenceLog.MEDIUM, render(e, args));
        }
    }

    // ---------------------------------------------------------------- helpers

    private void set(Feature f) {
        marks[f.ordinal()] = 1;
    }

    private void count(Feature f) {
        marks[f.ordinal()]++;
    }

    /** @return {@code name(args) = ret [ERRNO]} */
    private static String render(TraceEvent e, CharSequence args) {
        StringBuilder sb = new StringBuilder(64);
        sb.append(e.syscallName()).append('(');
        if (args.length() > EvidenceLog.MAX_LENGTH) {
            sb.append(args, 0, EvidenceLog.MAX_LENGTH).append("...");
        } else {
            sb.append(args);
        }
        sb.append(')');
        if (e.hasReturnValue()) {
            int id = e.syscall();
            boolean address = (id == Syscalls.MMAP || id == Syscalls.MREMAP || id == Syscalls.BRK) && e.returnValue() > 0;
            sb.append(" = ").append(address ? "0x" + Long.toHexString(e.returnValue()) : Long.toString(e.returnValue()));
            if (e.errnoName() != null) {
                sb.append(' ').append(e.errnoName());
            }
        }
        return sb.toString();
    }

    @Override
    public FeatureVector snapshot() {
        float[] v = new float[Feature.values().length];
        double n = Math.max(1, syscalls);
        v[Feature.ACT_SYSCALLS_LOG.ordinal()] = log1p(syscalls);
        int distinct = 0;
        double entropy = 0;
        for (int c : perSyscall) {
            if (c > 0) {
                distinct++;
                double p = c / n;
                entropy -= p * Math.log(p);
            }
        }
        v[Feature.ACT_DISTINCT_SYSCALLS_LOG.ordinal()] = log1p(distinct);
        v[Feature.ACT_SYSCALL_ENTROPY.ordinal()] = (float) (entropy / Math.log(2));
        for (int g = 0; g < perGroup.length; g++) {
            if (perGroup[g] != 0) {
                v[g] = (float) (perGroup[g] / n);
            }
        }
        Feature[] cats = {Feature.CAT_FILE_RATIO, Feature.CAT_NET_RATIO, Feature.CAT_PROC_RATIO, Feature.CAT_MEM_RATIO,
            Feature.CAT_IPC_RATIO, Feature.CAT_TIME_RATIO, Feature.CAT_PRIV_RATIO, Feature.CAT_SYSADMIN_RATIO};
        for (int c = 0; c < cats.length; c++) {
            v[cats[c].ordinal()] = (float) (perCategory[c] / n);
        }
        v[Feature.ERR_RATE.ordinal()] = (float) (failed / n);
        v[Feature.ERR_EACCES_RATE.ordinal()] = (float) (eacces / n);
        v[Feature.ERR_EPERM_RATE.ordinal()] = (float) (eperm / n);
        v[Feature.ERR_ENOENT_RATE.ordinal()] = (float) (enoent / n);
        v[Feature.ERR_ECONNREFUSED_RATE.ordinal()] = (float) (refused / n);
        v[Feature.ERR_BURST.ordinal()] = Math.max(maxFailed, windowFailed) / (float) WINDOW;
        v[Feature.ERR_DENIED_BURST.ordinal()] = Math.max(maxDenied, windowDenied) / (float) WINDOW;
        v[Feature.FILE_DESTRUCTIVE_BURST.ordinal()] = Math.max(maxDestructive, windowDestructive) / (float) WINDOW;
        v[Feature.PROC_FORK_BURST.ordinal()] = Math.max(maxForks, windowForks) / (float) WINDOW;
        v[Feature.PROC_FORK_RATE.ordinal()] = (float) (forks / n);
        v[Feature.PRIV_DENIED_RATE.ordinal()] = (float) (privDenied / n);
        v[Feature.FILE_DISTINCT_LOG.ordinal()] = log1p(files.estimate());
        v[Feature.FILE_OPEN_FAIL_RATIO.ordinal()] = opens == 0 ? 0 : (float) openFails / opens;
        v[Feature.FILE_WRITE_OPEN_RATIO.ordinal()] = opens == 0 ? 0 : (float) openWrites / opens;
        v[Feature.IO_READ_BYTES_LOG.ordinal()] = log1p(readBytes);
        v[Feature.IO_WRITE_BYTES_LOG.ordinal()] = log1p(writeBytes);
        v[Feature.NET_BYTES_LOG.ordinal()] = log1p(netBytes);
        v[Feature.NET_CONNECT_COUNT.ordinal()] = log1p(connects);
        v[Feature.NET_CONNECT_FAIL_RATIO.ordinal()] = connects == 0 ? 0 : (float) connectFails / connects;
        v[Feature.NET_DISTINCT_ENDPOINTS_LOG.ordinal()] = log1p(endpoints.estimate());
        v[Feature.NET_DISTINCT_PORTS_LOG.ordinal()] = log1p(ports.estimate());
        v[Feature.EXEC_FAIL_RATIO.ordinal()] = execs == 0 ? 0 : (float) execFails / execs;
        for (Feature f : BehaviourFeatures.LOG_MARKS) {
            v[f.ordinal()] = log1p(marks[f.ordinal()]);
        }
        for (Feature f : BehaviourFeatures.RATE_MARKS) {
            v[f.ordinal()] = (float) (marks[f.ordinal()] / n);
        }
        for (Feature f : BehaviourFeatures.FLAG_MARKS) {
            v[f.ordinal()] = marks[f.ordinal()] > 0 ? 1 : 0;
        }
        return new FeatureVector(owner.schema(), v);
    }

    private static float log1p(double x) {
        return (float) Math.log1p(x);
    }

    @Override
    public List<String> evidence() {
        return evidence.lines();
    }
}
