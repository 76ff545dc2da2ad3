package io.procguard.core;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread-safe registry of syscall ids: an id is the x86_64 syscall number, so hot code can
 * {@code switch} on ints instead of comparing names.
 *
 * <p>Names strace prints that are not in the x86_64 table (a syscall newer than this table, or
 * another architecture's name) get a stable id of {@value #FIRST_DYNAMIC_ID} or above, handed out
 * on first sight. strace's {@code syscall_0x1bd} form maps to the number it carries. Ids are never
 * negative; {@link #NONE} marks "not a syscall". The registry is shared by every parser of the JVM and bounded: after
 * {@value #MAX_DYNAMIC_NAMES} names a hostile log's inventions are refused ({@link #idIfRoom}) or share one id,
 * {@link #UNREGISTERED_NAME} ({@link #id}), so that a service parsing uploaded logs keeps a flat heap.
 *
 * <p>The table was generated from Linux's {@code asm/unistd_64.h}; it holds 362 names.
 */
public final class Syscalls {
    /** The id of "no syscall" (signal lines, exits, ...). */
    public static final int NONE = -1;
    /** The first id handed out to names outside the x86_64 table. */
    public static final int FIRST_DYNAMIC_ID = 1024;
    /** At most this many names outside the x86_64 table get ids of their own, in the whole JVM. */
    public static final int MAX_DYNAMIC_NAMES = 1 << 16;
    /** The name of the id that {@link #id} gives every new name once {@link #MAX_DYNAMIC_NAMES} are registered. */
    public static final String UNREGISTERED_NAME = "syscall_unregistered";

    /** x86_64 syscall {@code read}. */
    public static final int READ = 0;
    /** x86_64 syscall {@code write}. */
    public static final int WRITE = 1;
    /** x86_64 syscall {@code open}. */
    public static final int OPEN = 2;
    /** x86_64 syscall {@code close}. */
    public static final int CLOSE = 3;
    /** x86_64 syscall {@code stat}. */
    public static final int STAT = 4;
    /** x86_64 syscall {@code fstat}. */
    public static final int FSTAT = 5;
    /** x86_64 syscall {@code lstat}. */
    public static final int LSTAT = 6;
    /** x86_64 syscall {@code poll}. */
    public static final int POLL = 7;
    /** x86_64 syscall {@code lseek}. */
    public static final int LSEEK = 8;
    /** x86_64 syscall {@code mmap}. */
    public static final int MMAP = 9;
    /** x86_64 syscall {@code mprotect}. */
    public static final int MPROTECT = 10;
    /** x86_64 syscall {@code munmap}. */
    public static final int MUNMAP = 11;
    /** x86_64 syscall {@code brk}. */
    public static final int BRK = 12;
    /** x86_64 syscall {@code rt_sigaction}. */
    public static final int RT_SIGACTION = 13;
    /** x86_64 syscall {@code rt_sigprocmask}. */
    public static final int RT_SIGPROCMASK = 14;
    /** x86_64 syscall {@code rt_sigreturn}. */
    public static final int RT_SIGRETURN = 15;
    /** x86_64 syscall {@code ioctl}. */
    public static final int IOCTL = 16;
    /** x86_64 syscall {@code pread64}. */
    public static final int PREAD64 = 17;
    /** x86_64 syscall {@code pwrite64}. */
    public static final int PWRITE64 = 18;
    /** x86_64 syscall {@code readv}. */
    public static final int READV = 19;
    /** x86_64 syscall {@code writev}. */
    public static final int WRITEV = 20;
    /** x86_64 syscall {@code access}. */
    public static final int ACCESS = 21;
    /** x86_64 syscall {@code pipe}. */
    public static final int PIPE = 22;
    /** x86_64 syscall {@code select}. */
    public static final int SELECT = 23;
    /** x86_64 syscall {@code sched_yield}. */
    public static final int SCHED_YIELD = 24;
    /** x86_64 syscall {@code mremap}. */
    public static final int MREMAP = 25;
    /** x86_64 syscall {@code msync}. */
    public static final int MSYNC = 26;
    /** x86_64 syscall {@code mincore}. */
    public static final int MINCORE = 27;
    /** x86_64 syscall {@code madvise}. */
    public static final int MADVISE = 28;
    /** x86_64 syscall {@code shmget}. */
    public static final int SHMGET = 29;
    /** x86_64 syscall {@code shmat}. */
    public static final int SHMAT = 30;
    /** x86_64 syscall {@code shmctl}. */
    public static final int SHMCTL = 31;
    /** x86_64 syscall {@code dup}. */
    public static final int DUP = 32;
    /** x86_64 syscall {@code dup2}. */
    public static final int DUP2 = 33;
    /** x86_64 syscall {@code pause}. */
    public static final int PAUSE = 34;
    /** x86_64 syscall {@code nanosleep}. */
    public static final int NANOSLEEP = 35;
    /** x86_64 syscall {@code getitimer}. */
    public static final int GETITIMER = 36;
    /** x86_64 syscall {@code alarm}. */
    public static final int ALARM = 37;
    /** x86_64 syscall {@code setitimer}. */
    public static final int SETITIMER = 38;
    /** x86_64 syscall {@code getpid}. */
    public static final int GETPID = 39;
    /** x86_64 syscall {@code sendfile}. */
    public static final int SENDFILE = 40;
    /** x86_64 syscall {@code socket}. */
    public static final int SOCKET = 41;
    /** x86_64 syscall {@code connect}. */
    public static final int CONNECT = 42;
    /** x86_64 syscall {@code accept}. */
    public static final int ACCEPT = 43;
    /** x86_64 syscall {@code sendto}. */
    public static final int SENDTO = 44;
    /** x86_64 syscall {@code recvfrom}. */
    public static final int RECVFROM = 45;
    /** x86_64 syscall {@code sendmsg}. */
    public static final int SENDMSG = 46;
    /** x86_64 syscall {@code recvmsg}. */
    public static final int RECVMSG = 47;
    /** x86_64 syscall {@code shutdown}. */
    public static final int SHUTDOWN = 48;
    /** x86_64 syscall {@code bind}. */
    public static final int BIND = 49;
    /** x86_64 syscall {@code listen}. */
    public static final int LISTEN = 50;
    /** x86_64 syscall {@code getsockname}. */
    public static final int GETSOCKNAME = 51;
    /** x86_64 syscall {@code getpeername}. */
    public static final int GETPEERNAME = 52;
    /** x86_64 syscall {@code socketpair}. */
    public static final int SOCKETPAIR = 53;
    /** x86_64 syscall {@code setsockopt}. */
    public static final int SETSOCKOPT = 54;
    /** x86_64 syscall {@code getsockopt}. */
    public static final int GETSOCKOPT = 55;
    /** x86_64 syscall {@code clone}. */
    public static final int CLONE = 56;
    /** x86_64 syscall {@code fork}. */
    public static final int FORK = 57;
    /** x86_64 syscall {@code vfork}. */
    public static final int VFORK = 58;
    /** x86_64 syscall {@code execve}. */
    public static final int EXECVE = 59;
    /** x86_64 syscall {@code exit}. */
    public static final int EXIT = 60;
    /** x86_64 syscall {@code wait4}. */
    public static final int WAIT4 = 61;
    /** x86_64 syscall {@code kill}. */
    public static final int KILL = 62;
    /** x86_64 syscall {@code uname}. */
    public static final int UNAME = 63;
    /** x86_64 syscall {@code semget}. */
    public static final int SEMGET = 64;
    /** x86_64 syscall {@code semop}. */
    public static final int SEMOP = 65;
    /** x86_64 syscall {@code semctl}. */
    public static final int SEMCTL = 66;
    /** x86_64 syscall {@code shmdt}. */
    public static final int SHMDT = 67;
    /** x86_64 syscall {@code msgget}. */
    public static final int MSGGET = 68;
    /** x86_64 syscall {@code msgsnd}. */
    public static final int MSGSND = 69;
    /** x86_64 syscall {@code msgrcv}. */
    public static final int MSGRCV = 70;
    /** x86_64 syscall {@code msgctl}. */
    public static final int MSGCTL = 71;
    /** x86_64 syscall {@code fcntl}. */
    public static final int FCNTL = 72;
    /** x86_64 syscall {@code flock}. */
    public static final int FLOCK = 73;
    /** x86_64 syscall {@code fsync}. */
    public static final int FSYNC = 74;
    /** x86_64 syscall {@code fdatasync}. */
    public static final int FDATASYNC = 75;
    /** x86_64 syscall {@code truncate}. */
    public static final int TRUNCATE = 76;
    /** x86_64 syscall {@code ftruncate}. */
    public static final int FTRUNCATE = 77;
    /** x86_64 syscall {@code getdents}. */
    public static final int GETDENTS = 78;
    /** x86_64 syscall {@code getcwd}. */
    public static final int GETCWD = 79;
    /** x86_64 syscall {@code chdir}. */
    public static final int CHDIR = 80;
    /** x86_64 syscall {@code fchdir}. */
    public static final int FCHDIR = 81;
    /** x86_64 syscall {@code rename}. */
    public static final int RENAME = 82;
    /** x86_64 syscall {@code mkdir}. */
    public static final int MKDIR = 83;
    /** x86_64 syscall {@code rmdir}. */
    public static final int RMDIR = 84;
    /** x86_64 syscall {@code creat}. */
    public static final int CREAT = 85;
    /** x86_64 syscall {@code link}. */
    public static final int LINK = 86;
    /** x86_64 syscall {@code unlink}. */
    public static final int UNLINK = 87;
    /** x86_64 syscall {@code symlink}. */
    public static final int SYMLINK = 88;
    /** x86_64 syscall {@code readlink}. */
    public static final int READLINK = 89;
    /** x86_64 syscall {@code chmod}. */
    public static final int CHMOD = 90;
    /** x86_64 syscall {@code fchmod}. */
    public static final int FCHMOD = 91;
    /** x86_64 syscall {@code chown}. */
    public static final int CHOWN = 92;
    /** x86_64 syscall {@code fchown}. */
    public static final int FCHOWN = 93;
    /** x86_64 syscall {@code lchown}. */
    public static final int LCHOWN = 94;
    /** x86_64 syscall {@code umask}. */
    public static final int UMASK = 95;
    /** x86_64 syscall {@code gettimeofday}. */
    public static final int GETTIMEOFDAY = 96;
    /** x86_64 syscall {@code getrlimit}. */
    public static final int GETRLIMIT = 97;
    /** x86_64 syscall {@code getrusage}. */
    public static final int GETRUSAGE = 98;
    /** x86_64 syscall {@code sysinfo}. */
    public static final int SYSINFO = 99;
    /** x86_64 syscall {@code times}. */
    public static final int TIMES = 100;
    /** x86_64 syscall {@code ptrace}. */
    public static final int PTRACE = 101;
    /** x86_64 syscall {@code getuid}. */
    public static final int GETUID = 102;
    /** x86_64 syscall {@code syslog}. */
    public static final int SYSLOG = 103;
    /** x86_64 syscall {@code getgid}. */
    public static final int GETGID = 104;
    /** x86_64 syscall {@code setuid}. */
    public static final int SETUID = 105;
    /** x86_64 syscall {@code setgid}. */
    public static final int SETGID = 106;
    /** x86_64 syscall {@code geteuid}. */
    public static final int GETEUID = 107;
    /** x86_64 syscall {@code getegid}. */
    public static final int GETEGID = 108;
    /** x86_64 syscall {@code setpgid}. */
    public static final int SETPGID = 109;
    /** x86_64 syscall {@code getppid}. */
    public static final int GETPPID = 110;
    /** x86_64 syscall {@code getpgrp}. */
    public static final int GETPGRP = 111;
    /** x86_64 syscall {@code setsid}. */
    public static final int SETSID = 112;
    /** x86_64 syscall {@code setreuid}. */
    public static final int SETREUID = 113;
    /** x86_64 syscall {@code setregid}. */
    public static final int SETREGID = 114;
    /** x86_64 syscall {@code getgroups}. */
    public static final int GETGROUPS = 115;
    /** x86_64 syscall {@code setgroups}. */
    public static final int SETGROUPS = 116;
    /** x86_64 syscall {@code setresuid}. */
    public static final int SETRESUID = 117;
    /** x86_64 syscall {@code getresuid}. */
    public static final int GETRESUID = 118;
    /** x86_64 syscall {@code setresgid}. */
    public static final int SETRESGID = 119;
    /** x86_64 syscall {@code getresgid}. */
    public static final int GETRESGID = 120;
    /** x86_64 syscall {@code getpgid}. */
    public static final int GETPGID = 121;
    /** x86_64 syscall {@code setfsuid}. */
    public static final int SETFSUID = 122;
    /** x86_64 syscall {@code setfsgid}. */
    public static final int SETFSGID = 123;
    /** x86_64 syscall {@code getsid}. */
    public static final int GETSID = 124;
    /** x86_64 syscall {@code capget}. */
    public static final int CAPGET = 125;
    /** x86_64 syscall {@code capset}. */
    public static final int CAPSET = 126;
    /** x86_64 syscall {@code rt_sigpending}. */
    public static final int RT_SIGPENDING = 127;
    /** x86_64 syscall {@code rt_sigtimedwait}. */
    public static final int RT_SIGTIMEDWAIT = 128;
    /** x86_64 syscall {@code rt_sigqueueinfo}. */
    public static final int RT_SIGQUEUEINFO = 129;
    /** x86_64 syscall {@code rt_sigsuspend}. */
    public static final int RT_SIGSUSPEND = 130;
    /** x86_64 syscall {@code sigaltstack}. */
    public static final int SIGALTSTACK = 131;
    /** x86_64 syscall {@code utime}. */
    public static final int UTIME = 132;
    /** x86_64 syscall {@code mknod}. */
    public static final int MKNOD = 133;
    /** x86_64 syscall {@code uselib}. */
    public static final int USELIB = 134;
    /** x86_64 syscall {@code personality}. */
    public static final int PERSONALITY = 135;
    /** x86_64 syscall {@code ustat}. */
    public static final int USTAT = 136;
    /** x86_64 syscall {@code statfs}. */
    public static final int STATFS = 137;
    /** x86_64 syscall {@code fstatfs}. */
    public static final int FSTATFS = 138;
    /** x86_64 syscall {@code sysfs}. */
    public static final int SYSFS = 139;
    /** x86_64 syscall {@code getpriority}. */
    public static final int GETPRIORITY = 140;
    /** x86_64 syscall {@code setpriority}. */
    public static final int SETPRIORITY = 141;
    /** x86_64 syscall {@code sched_setparam}. */
    public static final int SCHED_SETPARAM = 142;
    /** x86_64 syscall {@code sched_getparam}. */
    public static final int SCHED_GETPARAM = 143;
    /** x86_64 syscall {@code sched_setscheduler}. */
    public static final int SCHED_SETSCHEDULER = 144;
    /** x86_64 syscall {@code sched_getscheduler}. */
    public static final int SCHED_GETSCHEDULER = 145;
    /** x86_64 syscall {@code sched_get_priority_max}. */
    public static final int SCHED_GET_PRIORITY_MAX = 146;
    /** x86_64 syscall {@code sched_get_priority_min}. */
    public static final int SCHED_GET_PRIORITY_MIN = 147;
    /** x86_64 syscall {@code sched_rr_get_interval}. */
    public static final int SCHED_RR_GET_INTERVAL = 148;
    /** x86_64 syscall {@code mlock}. */
    public static final int MLOCK = 149;
    /** x86_64 syscall {@code munlock}. */
    public static final int MUNLOCK = 150;
    /** x86_64 syscall {@code mlockall}. */
    public static final int MLOCKALL = 151;
    /** x86_64 syscall {@code munlockall}. */
    public static final int MUNLOCKALL = 152;
    /** x86_64 syscall {@code vhangup}. */
    public static final int VHANGUP = 153;
    /** x86_64 syscall {@code modify_ldt}. */
    public static final int MODIFY_LDT = 154;
    /** x86_64 syscall {@code pivot_root}. */
    public static final int PIVOT_ROOT = 155;
    /** x86_64 syscall {@code _sysctl}. */
    public static final int _SYSCTL = 156;
    /** x86_64 syscall {@code prctl}. */
    public static final int PRCTL = 157;
    /** x86_64 syscall {@code arch_prctl}. */
    public static final int ARCH_PRCTL = 158;
    /** x86_64 syscall {@code adjtimex}. */
    public static final int ADJTIMEX = 159;
    /** x86_64 syscall {@code setrlimit}. */
    public static final int SETRLIMIT = 160;
    /** x86_64 syscall {@code chroot}. */
    public static final int CHROOT = 161;
    /** x86_64 syscall {@code sync}. */
    public static final int SYNC = 162;
    /** x86_64 syscall {@code acct}. */
    public static final int ACCT = 163;
    /** x86_64 syscall {@code settimeofday}. */
    public static final int SETTIMEOFDAY = 164;
    /** x86_64 syscall {@code mount}. */
    public static final int MOUNT = 165;
    /** x86_64 syscall {@code umount2}. */
    public static final int UMOUNT2 = 166;
    /** x86_64 syscall {@code swapon}. */
    public static final int SWAPON = 167;
    /** x86_64 syscall {@code swapoff}. */
    public static final int SWAPOFF = 168;
    /** x86_64 syscall {@code reboot}. */
    public static final int REBOOT = 169;
    /** x86_64 syscall {@code sethostname}. */
    public static final int SETHOSTNAME = 170;
    /** x86_64 syscall {@code setdomainname}. */
    public static final int SETDOMAINNAME = 171;
    /** x86_64 syscall {@code iopl}. */
    public static final int IOPL = 172;
    /** x86_64 syscall {@code ioperm}. */
    public static final int IOPERM = 173;
    /** x86_64 syscall {@code create_module}. */
    public static final int CREATE_MODULE = 174;
    /** x86_64 syscall {@code init_module}. */
    public static final int INIT_MODULE = 175;
    /** x86_64 syscall {@code delete_module}. */
    public static final int DELETE_MODULE = 176;
    /** x86_64 syscall {@code get_kernel_syms}. */
    public static final int GET_KERNEL_SYMS = 177;
    /** x86_64 syscall {@code query_module}. */
    public static final int QUERY_MODULE = 178;
    /** x86_64 syscall {@code quotactl}. */
    public static final int QUOTACTL = 179;
    /** x86_64 syscall {@code nfsservctl}. */
    public static final int NFSSERVCTL = 180;
    /** x86_64 syscall {@code getpmsg}. */
    public static final int GETPMSG = 181;
    /** x86_64 syscall {@code putpmsg}. */
    public static final int PUTPMSG = 182;
    /** x86_64 syscall {@code afs_syscall}. */
    public static final int AFS_SYSCALL = 183;
    /** x86_64 syscall {@code tuxcall}. */
    public static final int TUXCALL = 184;
    /** x86_64 syscall {@code security}. */
    public static final int SECURITY = 185;
    /** x86_64 syscall {@code gettid}. */
    public static final int GETTID = 186;
    /** x86_64 syscall {@code readahead}. */
    public static final int READAHEAD = 187;
    /** x86_64 syscall {@code setxattr}. */
    public static final int SETXATTR = 188;
    /** x86_64 syscall {@code lsetxattr}. */
    public static final int LSETXATTR = 189;
    /** x86_64 syscall {@code fsetxattr}. */
    public static final int FSETXATTR = 190;
    /** x86_64 syscall {@code getxattr}. */
    public static final int GETXATTR = 191;
    /** x86_64 syscall {@code lgetxattr}. */
    public static final int LGETXATTR = 192;
    /** x86_64 syscall {@code fgetxattr}. */
    public static final int FGETXATTR = 193;
    /** x86_64 syscall {@code listxattr}. */
    public static final int LISTXATTR = 194;
    /** x86_64 syscall {@code llistxattr}. */
    public static final int LLISTXATTR = 195;
    /** x86_64 syscall {@code flistxattr}. */
    public static final int FLISTXATTR = 196;
    /** x86_64 syscall {@code removexattr}. */
    public static final int REMOVEXATTR = 197;
    /** x86_64 syscall {@code lremovexattr}. */
    public static final int LREMOVEXATTR = 198;
    /** x86_64 syscall {@code fremovexattr}. */
    public static final int FREMOVEXATTR = 199;
    /** x86_64 syscall {@code tkill}. */
    public static final int TKILL = 200;
    /** x86_64 syscall {@code time}. */
    public static final int TIME = 201;
    /** x86_64 syscall {@code futex}. */
    public static final int FUTEX = 202;
    /** x86_64 syscall {@code sched_setaffinity}. */
    public static final int SCHED_SETAFFINITY = 203;
    /** x86_64 syscall {@code sched_getaffinity}. */
    public static final int SCHED_GETAFFINITY = 204;
    /** x86_64 syscall {@code set_thread_area}. */
    public static final int SET_THREAD_AREA = 205;
    /** x86_64 syscall {@code io_setup}. */
    public static final int IO_SETUP = 206;
    /** x86_64 syscall {@code io_destroy}. */
    public static final int IO_DESTROY = 207;
    /** x86_64 syscall {@code io_getevents}. */
    public static final int IO_GETEVENTS = 208;
    /** x86_64 syscall {@code io_submit}. */
    public static final int IO_SUBMIT = 209;
    /** x86_64 syscall {@code io_cancel}. */
    public static final int IO_CANCEL = 210;
    /** x86_64 syscall {@code get_thread_area}. */
    public static final int GET_THREAD_AREA = 211;
    /** x86_64 syscall {@code lookup_dcookie}. */
    public static final int LOOKUP_DCOOKIE = 212;
    /** x86_64 syscall {@code epoll_create}. */
    public static final int EPOLL_CREATE = 213;
    /** x86_64 syscall {@code epoll_ctl_old}. */
    public static final int EPOLL_CTL_OLD = 214;
    /** x86_64 syscall {@code epoll_wait_old}. */
    public static final int EPOLL_WAIT_OLD = 215;
    /** x86_64 syscall {@code remap_file_pages}. */
    public static final int REMAP_FILE_PAGES = 216;
    /** x86_64 syscall {@code getdents64}. */
    public static final int GETDENTS64 = 217;
    /** x86_64 syscall {@code set_tid_address}. */
    public static final int SET_TID_ADDRESS = 218;
    /** x86_64 syscall {@code restart_syscall}. */
    public static final int RESTART_SYSCALL = 219;
    /** x86_64 syscall {@code semtimedop}. */
    public static final int SEMTIMEDOP = 220;
    /** x86_64 syscall {@code fadvise64}. */
    public static final int FADVISE64 = 221;
    /** x86_64 syscall {@code timer_create}. */
    public static final int TIMER_CREATE = 222;
    /** x86_64 syscall {@code timer_settime}. */
    public static final int TIMER_SETTIME = 223;
    /** x86_64 syscall {@code timer_gettime}. */
    public static final int TIMER_GETTIME = 224;
    /** x86_64 syscall {@code timer_getoverrun}. */
    public static final int TIMER_GETOVERRUN = 225;
    /** x86_64 syscall {@code timer_delete}. */
    public static final int TIMER_DELETE = 226;
    /** x86_64 syscall {@code clock_settime}. */
    public static final int CLOCK_SETTIME = 227;
    /** x86_64 syscall {@code clock_gettime}. */
    public static final int CLOCK_GETTIME = 228;
    /** x86_64 syscall {@code clock_getres}. */
    public static final int CLOCK_GETRES = 229;
    /** x86_64 syscall {@code clock_nanosleep}. */
    public static final int CLOCK_NANOSLEEP = 230;
    /** x86_64 syscall {@code exit_group}. */
    public static final int EXIT_GROUP = 231;
    /** x86_64 syscall {@code epoll_wait}. */
    public static final int EPOLL_WAIT = 232;
    /** x86_64 syscall {@code epoll_ctl}. */
    public static final int EPOLL_CTL = 233;
    /** x86_64 syscall {@code tgkill}. */
    public static final int TGKILL = 234;
    /** x86_64 syscall {@code utimes}. */
    public static final int UTIMES = 235;
    /** x86_64 syscall {@code vserver}. */
    public static final int VSERVER = 236;
    /** x86_64 syscall {@code mbind}. */
    public static final int MBIND = 237;
    /** x86_64 syscall {@code set_mempolicy}. */
    public static final int SET_MEMPOLICY = 238;
    /** x86_64 syscall {@code get_mempolicy}. */
    public static final int GET_MEMPOLICY = 239;
    /** x86_64 syscall {@code mq_open}. */
    public static final int MQ_OPEN = 240;
    /** x86_64 syscall {@code mq_unlink}. */
    public static final int MQ_UNLINK = 241;
    /** x86_64 syscall {@code mq_timedsend}. */
    public static final int MQ_TIMEDSEND = 242;
    /** x86_64 syscall {@code mq_timedreceive}. */
    public static final int MQ_TIMEDRECEIVE = 243;
    /** x86_64 syscall {@code mq_notify}. */
    public static final int MQ_NOTIFY = 244;
    /** x86_64 syscall {@code mq_getsetattr}. */
    public static final int MQ_GETSETATTR = 245;
    /** x86_64 syscall {@code kexec_load}. */
    public static final int KEXEC_LOAD = 246;
    /** x86_64 syscall {@code waitid}. */
    public static final int WAITID = 247;
    /** x86_64 syscall {@code add_key}. */
    public static final int ADD_KEY = 248;
    /** x86_64 syscall {@code request_key}. */
    public static final int REQUEST_KEY = 249;
    /** x86_64 syscall {@code keyctl}. */
    public static final int KEYCTL = 250;
    /** x86_64 syscall {@code ioprio_set}. */
    public static final int IOPRIO_SET = 251;
    /** x86_64 syscall {@code ioprio_get}. */
    public static final int IOPRIO_GET = 252;
    /** x86_64 syscall {@code inotify_init}. */
    public static final int INOTIFY_INIT = 253;
    /** x86_64 syscall {@code inotify_add_watch}. */
    public static final int INOTIFY_ADD_WATCH = 254;
    /** x86_64 syscall {@code inotify_rm_watch}. */
    public static final int INOTIFY_RM_WATCH = 255;
    /** x86_64 syscall {@code migrate_pages}. */
    public static final int MIGRATE_PAGES = 256;
    /** x86_64 syscall {@code openat}. */
    public static final int OPENAT = 257;
    /** x86_64 syscall {@code mkdirat}. */
    public static final int MKDIRAT = 258;
    /** x86_64 syscall {@code mknodat}. */
    public static final int MKNODAT = 259;
    /** x86_64 syscall {@code fchownat}. */
    public static final int FCHOWNAT = 260;
    /** x86_64 syscall {@code futimesat}. */
    public static final int FUTIMESAT = 261;
    /** x86_64 syscall {@code newfstatat}. */
    public static final int NEWFSTATAT = 262;
    /** x86_64 syscall {@code unlinkat}. */
    public static final int UNLINKAT = 263;
    /** x86_64 syscall {@code renameat}. */
    public static final int RENAMEAT = 264;
    /** x86_64 syscall {@code linkat}. */
    public static final int LINKAT = 265;
    /** x86_64 syscall {@code symlinkat}. */
    public static final int SYMLINKAT = 266;
    /** x86_64 syscall {@code readlinkat}. */
    public static final int READLINKAT = 267;
    /** x86_64 syscall {@code fchmodat}. */
    public static final int FCHMODAT = 268;
    /** x86_64 syscall {@code faccessat}. */
    public static final int FACCESSAT = 269;
    /** x86_64 syscall {@code pselect6}. */
    public static final int PSELECT6 = 270;
    /** x86_64 syscall {@code ppoll}. */
    public static final int PPOLL = 271;
    /** x86_64 syscall {@code unshare}. */
    public static final int UNSHARE = 272;
    /** x86_64 syscall {@code set_robust_list}. */
    public static final int SET_ROBUST_LIST = 273;
    /** x86_64 syscall {@code get_robust_list}. */
    public static final int GET_ROBUST_LIST = 274;
    /** x86_64 syscall {@code splice}. */
    public static final int SPLICE = 275;
    /** x86_64 syscall {@code tee}. */
    public static final int TEE = 276;
    /** x86_64 syscall {@code sync_file_range}. */
    public static final int SYNC_FILE_RANGE = 277;
    /** x86_64 syscall {@code vmsplice}. */
    public static final int VMSPLICE = 278;
    /** x86_64 syscall {@code move_pages}. */
    public static final int MOVE_PAGES = 279;
    /** x86_64 syscall {@code utimensat}. */
    public static final int UTIMENSAT = 280;
    /** x86_64 syscall {@code epoll_pwait}. */
    public static final int EPOLL_PWAIT = 281;
    /** x86_64 syscall {@code signalfd}. */
    public static final int SIGNALFD = 282;
    /** x86_64 syscall {@code timerfd_create}. */
    public static final int TIMERFD_CREATE = 283;
    /** x86_64 syscall {@code eventfd}. */
    public static final int EVENTFD = 284;
    /** x86_64 syscall {@code fallocate}. */
    public static final int FALLOCATE = 285;
    /** x86_64 syscall {@code timerfd_settime}. */
    public static final int TIMERFD_SETTIME = 286;
    /** x86_64 syscall {@code timerfd_gettime}. */
    public static final int TIMERFD_GETTIME = 287;
    /** x86_64 syscall {@code accept4}. */
    public static final int ACCEPT4 = 288;
    /** x86_64 syscall {@code signalfd4}. */
    public static final int SIGNALFD4 = 289;
    /** x86_64 syscall {@code eventfd2}. */
    public static final int EVENTFD2 = 290;
    /** x86_64 syscall {@code epoll_create1}. */
    public static final int EPOLL_CREATE1 = 291;
    /** x86_64 syscall {@code dup3}. */
    public static final int DUP3 = 292;
    /** x86_64 syscall {@code pipe2}. */
    public static final int PIPE2 = 293;
    /** x86_64 syscall {@code inotify_init1}. */
    public static final int INOTIFY_INIT1 = 294;
    /** x86_64 syscall {@code preadv}. */
    public static final int PREADV = 295;
    /** x86_64 syscall {@code pwritev}. */
    public static final int PWRITEV = 296;
    /** x86_64 syscall {@code rt_tgsigqueueinfo}. */
    public static final int RT_TGSIGQUEUEINFO = 297;
    /** x86_64 syscall {@code perf_event_open}. */
    public static final int PERF_EVENT_OPEN = 298;
    /** x86_64 syscall {@code recvmmsg}. */
    public static final int RECVMMSG = 299;
    /** x86_64 syscall {@code fanotify_init}. */
    public static final int FANOTIFY_INIT = 300;
    /** x86_64 syscall {@code fanotify_mark}. */
    public static final int FANOTIFY_MARK = 301;
    /** x86_64 syscall {@code prlimit64}. */
    public static final int PRLIMIT64 = 302;
    /** x86_64 syscall {@code name_to_handle_at}. */
    public static final int NAME_TO_HANDLE_AT = 303;
    /** x86_64 syscall {@code open_by_handle_at}. */
    public static final int OPEN_BY_HANDLE_AT = 304;
    /** x86_64 syscall {@code clock_adjtime}. */
    public static final int CLOCK_ADJTIME = 305;
    /** x86_64 syscall {@code syncfs}. */
    public static final int SYNCFS = 306;
    /** x86_64 syscall {@code sendmmsg}. */
    public static final int SENDMMSG = 307;
    /** x86_64 syscall {@code setns}. */
    public static final int SETNS = 308;
    /** x86_64 syscall {@code getcpu}. */
    public static final int GETCPU = 309;
    /** x86_64 syscall {@code process_vm_readv}. */
    public static final int PROCESS_VM_READV = 310;
    /** x86_64 syscall {@code process_vm_writev}. */
    public static final int PROCESS_VM_WRITEV = 311;
    /** x86_64 syscall {@code kcmp}. */
    public static final int KCMP = 312;
    /** x86_64 syscall {@code finit_module}. */
    public static final int FINIT_MODULE = 313;
    /** x86_64 syscall {@code sched_setattr}. */
    public static final int SCHED_SETATTR = 314;
    /** x86_64 syscall {@code sched_getattr}. */
    public static final int SCHED_GETATTR = 315;
    /** x86_64 syscall {@code renameat2}. */
    public static final int RENAMEAT2 = 316;
    /** x86_64 syscall {@code seccomp}. */
    public static final int SECCOMP = 317;
    /** x86_64 syscall {@code getrandom}. */
    public static final int GETRANDOM = 318;
    /** x86_64 syscall {@code memfd_create}. */
    public static final int MEMFD_CREATE = 319;
    /** x86_64 syscall {@code kexec_file_load}. */
    public static final int KEXEC_FILE_LOAD = 320;
    /** x86_64 syscall {@code bpf}. */
    public static final int BPF = 321;
    /** x86_64 syscall {@code execveat}. */
    public static final int EXECVEAT = 322;
    /** x86_64 syscall {@code userfaultfd}. */
    public static final int USERFAULTFD = 323;
    /** x86_64 syscall {@code membarrier}. */
    public static final int MEMBARRIER = 324;
    /** x86_64 syscall {@code mlock2}. */
    public static final int MLOCK2 = 325;
    /** x86_64 syscall {@code copy_file_range}. */
    public static final int COPY_FILE_RANGE = 326;
    /** x86_64 syscall {@code preadv2}. */
    public static final int PREADV2 = 327;
    /** x86_64 syscall {@code pwritev2}. */
    public static final int PWRITEV2 = 328;
    /** x86_64 syscall {@code pkey_mprotect}. */
    public static final int PKEY_MPROTECT = 329;
    /** x86_64 syscall {@code pkey_alloc}. */
    public static final int PKEY_ALLOC = 330;
    /** x86_64 syscall {@code pkey_free}. */
    public static final int PKEY_FREE = 331;
    /** x86_64 syscall {@code statx}. */
    public static final int STATX = 332;
    /** x86_64 syscall {@code io_pgetevents}. */
    public static final int IO_PGETEVENTS = 333;
    /** x86_64 syscall {@code rseq}. */
    public static final int RSEQ = 334;
    /** x86_64 syscall {@code pidfd_send_signal}. */
    public static final int PIDFD_SEND_SIGNAL = 424;
    /** x86_64 syscall {@code io_uring_setup}. */
    public static final int IO_URING_SETUP = 425;
    /** x86_64 syscall {@code io_uring_enter}. */
    public static final int IO_URING_ENTER = 426;
    /** x86_64 syscall {@code io_uring_register}. */
    public static final int IO_URING_REGISTER = 427;
    /** x86_64 syscall {@code open_tree}. */
    public static final int OPEN_TREE = 428;
    /** x86_64 syscall {@code move_mount}. */
    public static final int MOVE_MOUNT = 429;
    /** x86_64 syscall {@code fsopen}. */
    public static final int FSOPEN = 430;
    /** x86_64 syscall {@code fsconfig}. */
    public static final int FSCONFIG = 431;
    /** x86_64 syscall {@code fsmount}. */
    public static final int FSMOUNT = 432;
    /** x86_64 syscall {@code fspick}. */
    public static final int FSPICK = 433;
    /** x86_64 syscall {@code pidfd_open}. */
    public static final int PIDFD_OPEN = 434;
    /** x86_64 syscall {@code clone3}. */
    public static final int CLONE3 = 435;
    /** x86_64 syscall {@code close_range}. */
    public static final int CLOSE_RANGE = 436;
    /** x86_64 syscall {@code openat2}. */
    public static final int OPENAT2 = 437;
    /** x86_64 syscall {@code pidfd_getfd}. */
    public static final int PIDFD_GETFD = 438;
    /** x86_64 syscall {@code faccessat2}. */
    public static final int FACCESSAT2 = 439;
    /** x86_64 syscall {@code process_madvise}. */
    public static final int PROCESS_MADVISE = 440;
    /** x86_64 syscall {@code epoll_pwait2}. */
    public static final int EPOLL_PWAIT2 = 441;
    /** x86_64 syscall {@code mount_setattr}. */
    public static final int MOUNT_SETATTR = 442;
    /** x86_64 syscall {@code quotactl_fd}. */
    public static final int QUOTACTL_FD = 443;
    /** x86_64 syscall {@code landlock_create_ruleset}. */
    public static final int LANDLOCK_CREATE_RULESET = 444;
    /** x86_64 syscall {@code landlock_add_rule}. */
    public static final int LANDLOCK_ADD_RULE = 445;
    /** x86_64 syscall {@code landlock_restrict_self}. */
    public static final int LANDLOCK_RESTRICT_SELF = 446;
    /** x86_64 syscall {@code memfd_secret}. */
    public static final int MEMFD_SECRET = 447;
    /** x86_64 syscall {@code process_mrelease}. */
    public static final int PROCESS_MRELEASE = 448;
    /** x86_64 syscall {@code futex_waitv}. */
    public static final int FUTEX_WAITV = 449;
    /** x86_64 syscall {@code set_mempolicy_home_node}. */
    public static final int SET_MEMPOLICY_HOME_NODE = 450;

    private static final String[] X86_64_NAMES = {
        "read",
        "write",
        "open",
        "close",
        "stat",
        "fstat",
        "lstat",
        "poll",
        "lseek",
        "mmap",
        "mprotect",
        "munmap",
        "brk",
        "rt_sigaction",
        "rt_sigprocmask",
        "rt_sigreturn",
        "ioctl",
        "pread64",
        "pwrite64",
        "readv",
        "writev",
        "access",
        "pipe",
        "select",
        "sched_yield",
        "mremap",
        "msync",
        "mincore",
        "madvise",
        "shmget",
        "shmat",
        "shmctl",
        "dup",
        "dup2",
        "pause",
        "nanosleep",
        "getitimer",
        "alarm",
        "setitimer",
        "getpid",
        "sendfile",
        "socket",
        "connect",
        "accept",
        "sendto",
        "recvfrom",
        "sendmsg",
        "recvmsg",
        "shutdown",
        "bind",
        "listen",
        "getsockname",
        "getpeername",
        "socketpair",
        "setsockopt",
        "getsockopt",
        "clone",
        "fork",
        "vfork",
        "execve",
        "exit",
        "wait4",
        "kill",
        "uname",
        "semget",
        "semop",
        "semctl",
        "shmdt",
        "msgget",
        "msgsnd",
        "msgrcv",
        "msgctl",
        "fcntl",
        "flock",
        "fsync",
        "fdatasync",
        "truncate",
        "ftruncate",
        "getdents",
        "getcwd",
        "chdir",
        "fchdir",
        "rename",
        "mkdir",
        "rmdir",
        "creat",
        "link",
        "unlink",
        "symlink",
        "readlink",
        "chmod",
        "fchmod",
        "chown",
        "fchown",
        "lchown",
        "umask",
        "gettimeofday",
        "getrlimit",
        "getrusage",
        "sysinfo",
        "times",
        "ptrace",
        "getuid",
        "syslog",
        "getgid",
        "setuid",
        "setgid",
        "geteuid",
        "getegid",
        "setpgid",
        "getppid",
        "getpgrp",
        "setsid",
        "setreuid",
        "setregid",
        "getgroups",
        "setgroups",
        "setresuid",
        "getresuid",
        "setresgid",
        "getresgid",
        "getpgid",
        "setfsuid",
        "setfsgid",
        "getsid",
        "capget",
        "capset",
        "rt_sigpending",
        "rt_sigtimedwait",
        "rt_sigqueueinfo",
        "rt_sigsuspend",
        "sigaltstack",
        "utime",
        "mknod",
        "uselib",
        "personality",
        "ustat",
        "statfs",
        "fstatfs",
        "sysfs",
        "getpriority",
        "setpriority",
        "sched_setparam",
        "sched_getparam",
        "sched_setscheduler",
        "sched_getscheduler",
        "sched_get_priority_max",
        "sched_get_priority_min",
        "sched_rr_get_interval",
        "mlock",
        "munlock",
        "mlockall",
        "munlockall",
        "vhangup",
        "modify_ldt",
        "pivot_root",
        "_sysctl",
        "prctl",
        "arch_prctl",
        "adjtimex",
        "setrlimit",
        "chroot",
        "sync",
        "acct",
        "settimeofday",
        "mount",
        "umount2",
        "swapon",
        "swapoff",
        "reboot",
        "sethostname",
        "setdomainname",
        "iopl",
        "ioperm",
        "create_module",
        "init_module",
        "delete_module",
        "get_kernel_syms",
        "query_module",
        "quotactl",
        "nfsservctl",
        "getpmsg",
        "putpmsg",
        "afs_syscall",
        "tuxcall",
        "security",
        "gettid",
        "readahead",
        "setxattr",
        "lsetxattr",
        "fsetxattr",
        "getxattr",
        "lgetxattr",
        "fgetxattr",
        "listxattr",
        "llistxattr",
        "flistxattr",
        "removexattr",
        "lremovexattr",
        "fremovexattr",
        "tkill",
        "time",
        "futex",
        "sched_setaffinity",
        "sched_getaffinity",
        "set_thread_area",
        "io_setup",
        "io_destroy",
        "io_getevents",
        "io_submit",
        "io_cancel",
        "get_thread_area",
        "lookup_dcookie",
        "epoll_create",
        "epoll_ctl_old",
        "epoll_wait_old",
        "remap_file_pages",
        "getdents64",
        "set_tid_address",
        "restart_syscall",
        "semtimedop",
        "fadvise64",
        "timer_create",
        "timer_settime",
        "timer_gettime",
        "timer_getoverrun",
        "timer_delete",
        "clock_settime",
        "clock_gettime",
        "clock_getres",
        "clock_nanosleep",
        "exit_group",
        "epoll_wait",
        "epoll_ctl",
        "tgkill",
        "utimes",
        "vserver",
        "mbind",
        "set_mempolicy",
        "get_mempolicy",
        "mq_open",
        "mq_unlink",
        "mq_timedsend",
        "mq_timedreceive",
        "mq_notify",
        "mq_getsetattr",
        "kexec_load",
        "waitid",
        "add_key",
        "request_key",
        "keyctl",
        "ioprio_set",
        "ioprio_get",
        "inotify_init",
        "inotify_add_watch",
        "inotify_rm_watch",
        "migrate_pages",
        "openat",
        "mkdirat",
        "mknodat",
        "fchownat",
        "futimesat",
        "newfstatat",
        "unlinkat",
        "renameat",
        "linkat",
        "symlinkat",
        "readlinkat",
        "fchmodat",
        "faccessat",
        "pselect6",
        "ppoll",
        "unshare",
        "set_robust_list",
        "get_robust_list",
        "splice",
        "tee",
        "sync_file_range",
        "vmsplice",
        "move_pages",
        "utimensat",
        "epoll_pwait",
        "signalfd",
        "timerfd_create",
        "eventfd",
        "fallocate",
        "timerfd_settime",
        "timerfd_gettime",
        "accept4",
        "signalfd4",
        "eventfd2",
        "epoll_create1",
        "dup3",
        "pipe2",
        "inotify_init1",
        "preadv",
        "pwritev",
        "rt_tgsigqueueinfo",
        "perf_event_open",
        "recvmmsg",
        "fanotify_init",
        "fanotify_mark",
        "prlimit64",
        "name_to_handle_at",
        "open_by_handle_at",
        "clock_adjtime",
        "syncfs",
        "sendmmsg",
        "setns",
        "getcpu",
        "process_vm_readv",
        "process_vm_writev",
        "kcmp",
        "finit_module",
        "sched_setattr",
        "sched_getattr",
        "renameat2",
        "seccomp",
        "getrandom",
        "memfd_create",
        "kexec_file_load",
        "bpf",
        "execveat",
        "userfaultfd",
        "membarrier",
        "mlock2",
        "copy_file_range",
        "preadv2",
        "pwritev2",
        "pkey_mprotect",
        "pkey_alloc",
        "pkey_free",
        "statx",
        "io_pgetevents",
        "rseq",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        "pidfd_send_signal",
        "io_uring_setup",
        "io_uring_enter",
        "io_uring_register",
        "open_tree",
        "move_mount",
        "fsopen",
        "fsconfig",
        "fsmount",
        "fspick",
        "pidfd_open",
        "clone3",
        "close_range",
        "openat2",
        "pidfd_getfd",
        "faccessat2",
        "process_madvise",
        "epoll_pwait2",
        "mount_setattr",
        "quotactl_fd",
        "landlock_create_ruleset",
        "landlock_add_rule",
        "landlock_restrict_self",
        "memfd_secret",
        "process_mrelease",
        "futex_waitv",
        "set_mempolicy_home_node"
    };

    private static final Map<String, Integer> BY_NAME = new HashMap<>();
    private static final Map<String, Integer> DYNAMIC_BY_NAME = new ConcurrentHashMap<>();
    private static final Map<Integer, String> DYNAMIC_BY_ID = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT_DYNAMIC_ID = new AtomicInteger(FIRST_DYNAMIC_ID);

    static {
        for (int i = 0; i < X86_64_NAMES.length; i++) {
            if (X86_64_NAMES[i] != null) {
                BY_NAME.put(X86_64_NAMES[i], i);
            }
        }
    }

    private Syscalls() {
    }

    /** Number of slots in the x86_64 table (highest known number + 1); ids below it are table numbers. */
    public static int tableSize() {
        return X86_64_NAMES.length;
    }

    /**
     * Returns the id of a syscall name, registering unknown names. Never returns {@link #NONE}.
     *
     * @param name a name as strace prints it, e.g. {@code openat} or {@code syscall_0x1bd}
     * @return the x86_64 number, the number carried by {@code syscall_0xNN}, or a dynamic id (the one of
     *     {@link #UNREGISTERED_NAME} for a new name once {@link #MAX_DYNAMIC_NAMES} are registered)
     */
    public static int id(String name) {
        int id = idIfRoom(name);
        return id != NONE ? id : DYNAMIC_BY_NAME.computeIfAbsent(UNREGISTERED_NAME, Syscalls::register);
    }

    /** The dynamic names registered so far may reach this; lowered by tests only. */
    private static volatile int dynamicLimit = MAX_DYNAMIC_NAMES;

    /**
     * Returns the id of a syscall name as {@link #id} does, but refuses to register a new name once
     * {@link #MAX_DYNAMIC_NAMES} are: what a parser of untrusted logs calls.
     *
     * @param name a name as strace prints it
     * @return its id, or {@link #NONE} for a name the full registry does not hold
     */
    public static int idIfRoom(String name) {
        Integer known = BY_NAME.get(name);
        if (known != null) {
            return known;
        }
        if (name.startsWith("syscall_0x")) {
            try {
                int number = Integer.parseInt(name.substring("syscall_0x".length()), 16);
                if (number >= 0 && number < FIRST_DYNAMIC_ID) {
                    return number;
                }
            } catch (NumberFormatException notHex) {
                // falls through: registered as a dynamic name
            }
        }
        Integer dynamic = DYNAMIC_BY_NAME.get(name);
        if (dynamic != null) {
            return dynamic;
        }
        if (DYNAMIC_BY_NAME.size() >= dynamicLimit) {
            return NONE;
        }
        return DYNAMIC_BY_NAME.computeIfAbsent(name, Syscalls::register);
    }

    private static int register(String name) {
        int id = NEXT_DYNAMIC_ID.getAndIncrement();
        DYNAMIC_BY_ID.put(id, name);
        return id;
    }

    /** Lowers (or restores) the registry's bound, for a test that fills it. */
    static void limitDynamicNames(int limit) {
        dynamicLimit = limit;
    }

    /**
     * Returns the id of a name in the x86_64 table without registering anything.
     *
     * @param name a syscall name
     * @return its x86_64 number, or {@link #NONE}
     */
    public static int knownId(String name) {
        Integer known = BY_NAME.get(name);
        return known == null ? NONE : known;
    }

    /**
     * Returns the name of an id.
     *
     * @param id a syscall id
     * @return the x86_64 name, a registered dynamic name, or {@code syscall_0xNN} for a number outside the table
     */
    public static String name(int id) {
        if (id >= 0 && id < X86_64_NAMES.length && X86_64_NAMES[id] != null) {
            return X86_64_NAMES[id];
        }
        String dynamic = DYNAMIC_BY_ID.get(id);
        if (dynamic != null) {
            return dynamic;
        }
        return id < 0 ? "none" : "syscall_0x" + Integer.toHexString(id);
    }
}
