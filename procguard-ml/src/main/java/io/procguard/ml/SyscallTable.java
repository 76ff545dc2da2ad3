package io.procguard.ml;

import io.procguard.core.Syscalls;

/**
 * Static lookup tables indexed by syscall id: which frequency-profile feature a call counts for, which
 * categories it belongs to, which {@code sys.other.*} bucket a call outside the frequency groups falls
 * into, and the {@code seq.bigram.*} bucket of a pair of consecutive calls. Immutable after class
 * initialisation; thread-safe.
 *
 * <p>Both hashes work on {@link #slot(int) slots}, never on dynamic ids (which depend on the order names
 * were first seen in a JVM), so a bucket means the same calls in the training export and in live scoring.
 */
final class SyscallTable {
    static final int CAT_FILE = 1;
    static final int CAT_NET = 1 << 1;
    static final int CAT_PROC = 1 << 2;
    static final int CAT_MEM = 1 << 3;
    static final int CAT_IPC = 1 << 4;
    static final int CAT_TIME = 1 << 5;
    static final int CAT_PRIV = 1 << 6;
    static final int CAT_SYSADMIN = 1 << 7;
    /** Ids at or above this share one "other" slot in per-id counters. */
    static final int SIZE = Syscalls.tableSize() + 1;

    /** Buckets of the {@code sys.other.*} histogram (a power of two). */
    static final int OTHER_BUCKETS = 16;
    /** Buckets of the {@code seq.bigram.*} histogram (a power of two). */
    static final int BIGRAM_BUCKETS = 32;

    /** Ordinal of the {@code sys.freq.*} feature of each id, or -1. */
    private static final short[] GROUP = new short[SIZE];
    /** Category bits of each id. */
    private static final byte[] CATEGORY = new byte[SIZE];
    /** {@code sys.other.*} bucket of each id outside the frequency groups, or -1. */
    private static final byte[] OTHER = new byte[SIZE];
    /**
     * Per slot, what one call counts for, in one lookup: the index of its {@code sys.freq.*} group among the
     * groups in feature order (below {@link #OTHER_FLAG}), or {@link #OTHER_FLAG} plus its {@code sys.other.*} bucket.
     */
    private static final short[] COUNTS_FOR = new short[SIZE];
    /** How many {@code sys.freq.*} groups there are. */
    static final int GROUPS;
    /** Set in a {@link #countsFor(int)} value when the call counts in a {@code sys.other.*} bucket (the bucket in the low bits). */
    static final int OTHER_FLAG = 1 << 12;

    static {
        java.util.Arrays.fill(GROUP, (short) -1);
        group(Feature.SYS_FREQ_READ, "read", "readv", "pread64", "preadv", "preadv2");
        group(Feature.SYS_FREQ_WRITE, "write", "writev", "pwrite64", "pwritev", "pwritev2");
        group(Feature.SYS_FREQ_OPEN, "open", "openat", "openat2", "creat");
        group(Feature.SYS_FREQ_CLOSE, "close", "close_range");
        group(Feature.SYS_FREQ_STAT, "stat", "fstat", "lstat", "newfstatat", "statx", "access", "faccessat", "faccessat2");
        group(Feature.SYS_FREQ_MMAP, "mmap", "munmap", "mremap", "brk");
        group(Feature.SYS_FREQ_MPROTECT, "mprotect", "pkey_mprotect");
        group(Feature.SYS_FREQ_IOCTL, "ioctl");
        group(Feature.SYS_FREQ_GETDENTS, "getdents", "getdents64");
        group(Feature.SYS_FREQ_SOCKET, "socket", "socketpair");
        group(Feature.SYS_FREQ_CONNECT, "connect");
        group(Feature.SYS_FREQ_ACCEPT, "accept", "accept4");
        group(Feature.SYS_FREQ_SEND, "sendto", "sendmsg", "sendmmsg");
        group(Feature.SYS_FREQ_RECV, "recvfrom", "recvmsg", "recvmmsg");
        group(Feature.SYS_FREQ_POLL, "poll", "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait", "epoll_pwait2");
        group(Feature.SYS_FREQ_CLONE, "clone", "clone3", "fork", "vfork");
        group(Feature.SYS_FREQ_EXECVE, "execve", "execveat");
        group(Feature.SYS_FREQ_WAIT, "wait4", "waitid");
        group(Feature.SYS_FREQ_KILL, "kill", "tkill", "tgkill", "pidfd_send_signal");
        group(Feature.SYS_FREQ_DUP, "dup", "dup2", "dup3");
        group(Feature.SYS_FREQ_PIPE, "pipe", "pipe2");
        group(Feature.SYS_FREQ_FCNTL, "fcntl");
        group(Feature.SYS_FREQ_FUTEX, "futex");
        group(Feature.SYS_FREQ_SLEEP, "nanosleep", "clock_nanosleep");
        group(Feature.SYS_FREQ_SIGNAL, "rt_sigaction", "rt_sigprocmask", "rt_sigreturn");
        group(Feature.SYS_FREQ_IDENTITY, "getuid", "geteuid", "getgid", "getegid", "getpid", "getppid", "uname", "getgroups");
        group(Feature.SYS_FREQ_RANDOM, "getrandom");

        category(CAT_FILE, "read", "write", "open", "openat", "openat2", "creat", "close", "stat", "fstat", "lstat",
                "newfstatat", "statx", "access", "faccessat", "faccessat2", "lseek", "pread64", "pwrite64", "readv",
                "writev", "preadv", "pwritev", "getdents", "getdents64", "getcwd", "chdir", "fchdir", "rename", "renameat",
                "renameat2", "mkdir", "mkdirat", "rmdir", "link", "linkat", "unlink", "unlinkat", "symlink", "symlinkat",
                "readlink", "readlinkat", "chmod", "fchmod", "fchmodat", "chown", "fchown", "lchown", "fchownat", "umask",
                "truncate", "ftruncate", "fsync", "fdatasync", "flock", "statfs", "fstatfs", "utimensat", "utime",
                "utimes", "futimesat", "mknod", "mknodat", "sendfile", "copy_file_range", "fallocate", "fadvise64",
                "getxattr", "lgetxattr", "fgetxattr", "setxattr", "lsetxattr", "fsetxattr", "listxattr", "llistxattr",
                "flistxattr", "removexattr", "inotify_add_watch", "name_to_handle_at", "open_by_handle_at", "dup",
                "dup2", "dup3", "fcntl", "ioctl");
        category(CAT_NET, "socket", "socketpair", "connect", "accept", "accept4", "bind", "listen", "sendto",
                "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "shutdown", "getsockname", "getpeername",
                "setsockopt", "getsockopt");
        category(CAT_PROC, "clone", "clone3", "fork", "vfork", "execve", "execveat", "exit", "exit_group", "wait4",
                "waitid", "kill", "tkill", "tgkill", "getpid", "getppid", "gettid", "setsid", "setpgid", "getpgid",
                "getsid", "prctl", "arch_prctl", "set_tid_address", "pidfd_open", "pidfd_send_signal", "pidfd_getfd",
                "sched_setaffinity", "sched_getaffinity", "prlimit64", "getrlimit", "setrlimit", "getpriority",
                "setpriority", "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "seccomp", "personality");
        category(CAT_MEM, "mmap", "munmap", "mremap", "mprotect", "pkey_mprotect", "brk", "madvise", "mlock", "munlock",
                "mlock2", "mlockall", "munlockall", "msync", "mincore", "memfd_create", "memfd_secret", "membarrier");
        category(CAT_IPC, "pipe", "pipe2", "futex", "futex_waitv", "shmget", "shmat", "shmdt", "shmctl", "msgget",
                "msgsnd", "msgrcv", "msgctl", "semget", "semop", "semctl", "semtimedop", "eventfd", "eventfd2",
                "mq_open", "mq_unlink", "mq_timedsend", "mq_timedreceive", "set_robust_list", "get_robust_list",
                "splice", "tee", "vmsplice");
        category(CAT_TIME, "nanosleep", "clock_nanosleep", "clock_gettime", "clock_getres", "gettimeofday", "time",
                "poll", "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait", "epoll_pwait2", "epoll_create",
                "epoll_create1", "epoll_ctl", "timerfd_create", "timerfd_settime", "timerfd_gettime", "alarm",
                "setitimer", "getitimer", "pause", "sched_yield");
        category(CAT_PRIV, "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setfsuid",
                "setfsgid", "setgroups", "capset", "capget", "getuid", "geteuid", "getgid", "getegid", "getresuid",
                "getresgid", "getgroups", "prctl", "keyctl", "add_key", "request_key");
        category(CAT_SYSADMIN, "mount", "umount2", "pivot_root", "chroot", "unshare", "setns", "init_module",
                "finit_module", "delete_module", "kexec_load", "kexec_file_load", "bpf", "reboot", "swapon", "swapoff",
                "sethostname", "setdomainname", "settimeofday", "clock_settime", "adjtimex", "acct", "quotactl",
                "iopl", "ioperm", "syslog", "perf_event_open", "fanotify_init", "open_tree", "move_mount", "fsopen",
                "fsmount", "mount_setattr");
        int[] groupIndex = new int[Feature.values().length];
        int groups = 0;
        for (Feature f : Feature.values()) {
            if (f.id().startsWith("sys.freq.")) {
                groupIndex[f.ordinal()] = groups++; // the order of BehaviourFeatures.GROUPS
            }
        }
        GROUPS = groups;
        for (int slot = 0; slot < SIZE; slot++) {
            OTHER[slot] = GROUP[slot] >= 0 ? -1 : (byte) ((slot * 0x9E3779B1) >>> (32 - Integer.numberOfTrailingZeros(OTHER_BUCKETS)));
            COUNTS_FOR[slot] = (short) (GROUP[slot] >= 0 ? groupIndex[GROUP[slot]] : OTHER_FLAG | OTHER[slot]);
        }
    }

    private SyscallTable() {
    }

    private static void group(Feature f, String... names) {
        for (String n : names) {
            int id = Syscalls.knownId(n);
            if (id != Syscalls.NONE) {
                GROUP[id] = (short) f.ordinal();
            }
        }
    }

    private static void category(int bits, String... names) {
        for (String n : names) {
            int id = Syscalls.knownId(n);
            if (id != Syscalls.NONE) {
                CATEGORY[id] |= (byte) bits;
            }
        }
    }

    /**
     * @param id a syscall id
     * @return its index in per-id counters: the id inside the x86_64 table, else the shared last slot
     */
    static int slot(int id) {
        return id >= 0 && id < SIZE - 1 ? id : SIZE - 1;
    }

    /**
     * The per-call lookup of the hot path ({@link #group(int)} or {@link #otherBucket(int)} in one read).
     *
     * @param slot a {@link #slot(int) slot}
     * @return the index of its {@code sys.freq.*} group in {@link BehaviourFeatures#GROUPS}, or {@link #OTHER_FLAG} | its
     *     {@code sys.other.*} bucket
     */
    static int countsFor(int slot) {
        return COUNTS_FOR[slot];
    }

    /** @return the category bits of the calls in this {@link #slot(int) slot} */
    static int slotCategories(int slot) {
        return CATEGORY[slot] & 0xff;
    }

    /** @return the ordinal of the frequency feature of this id, or -1 */
    static int group(int id) {
        return GROUP[slot(id)];
    }

    /** @return the {@code sys.other.*} bucket of this id, or -1 if it counts in a {@code sys.freq.*} group */
    static int otherBucket(int id) {
        return OTHER[slot(id)];
    }

    /**
     * @param previousSlot the {@link #slot(int) slot} of a thread's previous call
     * @param slot the slot of its current call
     * @return the {@code seq.bigram.*} bucket of the pair (order matters)
     */
    static int bigramBucket(int previousSlot, int slot) {
        return ((previousSlot * SIZE + slot) * 0x9E3779B1) >>> (32 - Integer.numberOfTrailingZeros(BIGRAM_BUCKETS));
    }

    /** Calls common enough that their pairs make recognisable examples of a {@code seq.bigram.*} bucket. */
    private static final String[] COMMON_CALLS = {"read", "write", "openat", "close", "newfstatat", "fstat", "lseek",
        "mmap", "mprotect", "munmap", "brk", "ioctl", "fcntl", "getdents64", "execve", "clone", "wait4", "socket",
        "connect", "dup2", "rt_sigaction", "rt_sigprocmask", "poll", "sendto", "recvfrom", "pipe2", "futex"};

    /**
     * @param bucket a {@code seq.bigram.*} bucket
     * @param limit how many pairs to name at most
     * @return pairs of common calls hashed into it, as {@code previous->current}, comma-separated
     */
    static String bigramExamples(int bucket, int limit) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (String previous : COMMON_CALLS) {
            for (String current : COMMON_CALLS) {
                if (n < limit && bigramBucket(slot(Syscalls.id(previous)), slot(Syscalls.id(current))) == bucket) {
                    sb.append(n++ == 0 ? "" : ", ").append(previous).append("->").append(current);
                }
            }
        }
        return sb.toString();
    }

    /**
     * @param bucket a {@code sys.other.*} bucket
     * @return the x86_64 names of the calls hashed into it, comma-separated ("other" for ids outside the table)
     */
    static String otherNames(int bucket) {
        StringBuilder sb = new StringBuilder();
        for (int slot = 0; slot < SIZE; slot++) {
            if (OTHER[slot] == bucket) {
                String name = slot == SIZE - 1 ? "any non-x86_64 call" : Syscalls.name(slot);
                if (!name.startsWith("syscall_0x")) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(name);
                }
            }
        }
        return sb.toString();
    }

    /** @return the category bits of this id */
    static int categories(int id) {
        return CATEGORY[slot(id)] & 0xff;
    }
}
