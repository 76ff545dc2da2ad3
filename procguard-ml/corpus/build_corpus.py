#!/usr/bin/python3
"""Builds ProcGuard's labelled corpus of real strace traces.

Runs every scenario under ``scenarios/{benign,suspicious}/`` N times under
``strace -f -ttt -T -yy -s 256`` and writes the traces plus ``manifest.csv``
(``trace,family,label``) to an output directory. Then ``export`` turns the traces
into the per-process features CSV through the Java exporter (``procguard features``),
keeping only the processes that carry each scenario's label (see README.md).

Safety (the scenarios include real attack behaviours):
  * every run gets its own ``tempfile.mkdtemp()`` sandbox (0700) with a throw-away HOME,
    TMPDIR, a fake root (``$PG_FAKEROOT``) and a data tree; scenarios write only there;
  * scenarios that need a fake root run in a private mount namespace where sandbox directories are
    bind-mounted over /etc/cron.d, /etc/systemd/system, /etc/init.d, /var/log, /var/spool and
    /usr/local/bin: they write the real paths, the host's files are never touched;
  * the whole build runs in a fresh network namespace (``unshare --net``) whose only
    interface is loopback, so nothing can leave the machine;
  * fork bombs run as ``nobody`` with RLIMIT_NPROC set, and count their forks themselves;
  * each run has a timeout after which its whole process group is killed;
  * no shell ever sees a string built here: every command is an argv list.

Only the standard library is used; run it with /usr/bin/python3 as root.
"""

import argparse
import csv
import hashlib
import http.server
import json
import os
import pwd
import random
import re
import shlex
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = os.path.join(HERE, "scenarios")
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OUT = os.path.join(HERE, "out")
DEFAULT_FEATURES = os.path.join(os.path.dirname(HERE), "training", "data", "corpus-features.csv")
DEFAULT_CLI_JAR = os.path.join(REPO, "procguard-cli", "target", "procguard.jar")
STRACE = ["strace", "-f", "-ttt", "-T", "-yy", "-s", "256"]
INTERPRETERS = {".sh": ["/bin/bash"], ".py": ["/usr/bin/python3"], ".pl": ["/usr/bin/perl"]}
SAFE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
ID_COLUMNS = ["trace", "pid", "comm", "exe", "family", "label"]
DEFAULT_LEAN_FEATURES = os.path.join(os.path.dirname(HERE), "training", "data", "corpus-features-lean.csv")
# 'procguard run --seccomp-bpf' traces only StraceCommand.LEAN_TRACE_SET:
LEAN_TRACE_SET = "%process,%network,%file,%creds,%signal,%ipc,dup,dup2,dup3,mprotect,ptrace,ioctl,init_module,finit_module"
# expanded here to x86_64 syscall names (strace 6.1's classes TP, TN, TF, TC, TS, TI; checked against a real
# 'strace --seccomp-bpf -e trace=...' run: read, write, close, mmap, fcntl, getdents64, pipe2, close_range, fstat,
# fchmod, fchown, process_vm_readv/writev ... are not in it). Keep in sync with StraceCommand.
LEAN_SYSCALLS = frozenset("""
    clone clone3 fork vfork execve execveat exit exit_group wait4 waitid kill tkill tgkill rt_sigqueueinfo
    rt_tgsigqueueinfo pidfd_send_signal
    socket socketpair connect accept accept4 bind listen shutdown getsockname getpeername getsockopt setsockopt
    sendto recvfrom sendmsg recvmsg sendmmsg recvmmsg sendfile getpmsg putpmsg
    open openat openat2 creat stat lstat newfstatat statx access faccessat faccessat2 truncate getcwd chdir rename
    renameat renameat2 mkdir mkdirat rmdir link linkat unlink unlinkat symlink symlinkat readlink readlinkat chmod
    fchmodat fchmodat2 chown lchown fchownat utime utimes futimesat utimensat mknod mknodat uselib statfs
    pivot_root chroot acct mount umount2 swapon swapoff quotactl setxattr lsetxattr getxattr lgetxattr listxattr
    llistxattr removexattr lremovexattr inotify_add_watch fanotify_mark name_to_handle_at open_tree move_mount
    fspick mount_setattr
    getuid geteuid getgid getegid setuid setgid setreuid setregid setresuid setresgid getresuid getresgid
    setfsuid setfsgid getgroups setgroups capget capset prctl
    rt_sigaction rt_sigprocmask rt_sigreturn rt_sigpending rt_sigtimedwait rt_sigsuspend sigaltstack pause
    signalfd signalfd4
    shmget shmat shmctl shmdt semget semop semctl semtimedop msgget msgsnd msgrcv msgctl
    dup dup2 dup3 mprotect ptrace ioctl init_module finit_module
""".split())
SYSCALL_NAME = re.compile(rb"^\d+\s+\d+(?:\.\d+)?\s+(?:<\.\.\. (\w+) resumed>|(\w+)\()")
NOBODY_NPROC = 96  # RLIMIT_NPROC for scenarios run as nobody (fork bombs hit it)


def die(msg):
    print("build_corpus: " + msg, file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------------------------------------
# Scenarios: one script each; header comments say how to run and label it.
# ---------------------------------------------------------------------------------------------

@dataclass
class Scenario:
    """One script plus the metadata from its ``# key: value`` header lines."""
    path: str
    name: str
    label: str          # benign | malicious
    family: str
    actors: str = "*"   # regex on the exe basename or comm of the processes that carry the label
    user: str = "root"  # root | nobody
    needs: list = field(default_factory=list)  # fixtures: docs keys fakeroot listener http ports pool
    timeout: int = 60

    def is_actor(self, exe, comm):
        if self.label == "benign" or self.actors == "*":
            return True
        rx = re.compile(self.actors)
        base = os.path.basename(exe) if exe else ""
        return bool(rx.fullmatch(base) or rx.fullmatch(comm or ""))


HEADER = re.compile(r"^#\s*(family|actors|user|needs|timeout):\s*(.*?)\s*$")


def load_scenarios():
    found = []
    for label_dir, label in (("benign", "benign"), ("suspicious", "malicious")):
        root = os.path.join(SCENARIOS, label_dir)
        for fname in sorted(os.listdir(root)):
            stem, ext = os.path.splitext(fname)
            if ext not in INTERPRETERS:
                continue
            path = os.path.join(root, fname)
            meta = {}
            with open(path, encoding="utf-8") as f:
                for lineno, line in enumerate(f, 1):
                    if lineno > 15:
                        break
                    m = HEADER.match(line)
                    if m:
                        meta[m.group(1)] = m.group(2)
            if "family" not in meta:
                die(f"{path}:1:1: missing '# family: NAME' header")
            sc = Scenario(path=path, name=stem, label=label, family=meta["family"],
                          actors=meta.get("actors", "*"), user=meta.get("user", "root"),
                          needs=meta.get("needs", "").split(), timeout=int(meta.get("timeout", 60)))
            if sc.user not in ("root", "nobody"):
                die(f"{path}: user must be root or nobody, got {sc.user!r}")
            try:
                re.compile(sc.actors if sc.actors != "*" else "")
            except re.error as e:
                die(f"{path}: bad actors regex: {e}")
            found.append(sc)
    return found


def check_scripts_readable(scenarios):
    """Dies unless every scenario run as ``nobody`` can be read by it: a checkout under /root (0700) would
    otherwise make those scenarios fail at once, as a tiny trace of a permission error, not a fork bomb."""
    for sc in scenarios:
        if sc.user != "nobody":
            continue
        nobody = pwd.getpwnam("nobody")
        probe = subprocess.run(["test", "-r", sc.path], user=nobody.pw_uid, group=nobody.pw_gid, extra_groups=[],
                               stdin=subprocess.DEVNULL)
        if probe.returncode != 0:
            die(f"{sc.path}: scenario {sc.name} runs as nobody, who cannot read it; run from a checkout others can "
                "read (every directory above it o+x), not one under a 0700 directory such as /root")


# ---------------------------------------------------------------------------------------------
# Fixtures prepared OUTSIDE the trace (victim files, fake secrets, the attacker's servers).
# ---------------------------------------------------------------------------------------------

WORDS = ("alpha beta gamma delta report invoice budget q3 q4 notes draft final backup photo "
         "contract meeting plan design spec summary payroll customer export data").split()
EXTS = (".txt", ".docx", ".pdf", ".jpg", ".csv", ".xlsx", ".md", ".png")


def write_file(path, data, mode=0o644):
    """Creates a new file, refusing to follow or replace anything already there."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def make_docs(rng, root):
    os.makedirs(root)
    dirs = [root]
    for _ in range(rng.randint(1, 5)):
        d = os.path.join(rng.choice(dirs), rng.choice(WORDS) + str(rng.randint(0, 99)))
        if not os.path.exists(d):
            os.makedirs(d)
            dirs.append(d)
    names = set()
    for _ in range(rng.randint(15, 120)):
        name = "_".join(rng.sample(WORDS, 2)) + str(rng.randint(0, 999)) + rng.choice(EXTS)
        path = os.path.join(rng.choice(dirs), name)
        if path in names:
            continue
        names.add(path)
        write_file(path, rng.randbytes(rng.choice((64, 512, 2048, 8192, 32768)) + rng.randint(0, 4000)))


def make_keys(rng, home):
    fake = lambda n: "FAKE-" + rng.randbytes(n).hex() + "\n"
    layout = {
        ".ssh/id_rsa": "-----BEGIN OPENSSH PRIVATE KEY-----\n" + fake(600) + "-----END OPENSSH PRIVATE KEY-----\n",
        ".ssh/id_ed25519": "-----BEGIN OPENSSH PRIVATE KEY-----\n" + fake(90) + "-----END OPENSSH PRIVATE KEY-----\n",
        ".ssh/known_hosts": "127.0.0.1 ssh-ed25519 " + fake(32),
        ".aws/credentials": "[default]\naws_access_key_id=" + fake(10) + "aws_secret_access_key=" + fake(20),
        ".netrc": "machine 127.0.0.1 login me password " + fake(8),
        ".git-credentials": "https://me:" + fake(12).strip() + "@127.0.0.1\n",
        ".mozilla/firefox/x%d.default/logins.json" % rng.randint(0, 999): '{"logins":["' + fake(40).strip() + '"]}',
        ".mozilla/firefox/x%d.default/key4.db" % rng.randint(0, 999): fake(200),
        ".config/google-chrome/Default/Login Data": fake(300),
        ".bash_history": "".join(rng.choice(("ls\n", "cd /srv\n", "mysql -u root -p" + fake(4), "vim x\n"))
                                 for _ in range(rng.randint(5, 60))),
        ".kube/config": "apiVersion: v1\ntoken: " + fake(30),
    }
    for rel, text in layout.items():
        path = os.path.join(home, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_file(path, text, 0o600)


# Directories of the fake root that a private mount namespace binds over the real ones, so scenarios
# write the real paths (/etc/cron.d, /var/log, ...) while every byte lands in the sandbox.
FAKEROOT_BINDS = ("etc/cron.d", "etc/systemd/system", "etc/init.d", "var/log", "var/spool", "usr/local/bin")


def make_fakeroot(rng, root):
    for d in FAKEROOT_BINDS + ("var/spool/cron/crontabs",):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    write_file(os.path.join(root, "etc/cron.d/0hourly"), "17 * * * * root cd / && run-parts --report /etc/cron.hourly\n")
    write_file(os.path.join(root, "etc/init.d/rc.local"), "#!/bin/sh\nexit 0\n", 0o755)
    for log in ("auth.log", "syslog", "kern.log", "wtmp", "btmp", "lastlog", "messages"):
        lines = "".join(f"Nov {rng.randint(1, 28)} 12:{rng.randint(10, 59)}:00 host sshd[{rng.randint(100, 9999)}]: "
                        f"Accepted password for user{rng.randint(0, 9)} from 127.0.0.{rng.randint(2, 250)}\n"
                        for _ in range(rng.randint(20, 400)))
        write_file(os.path.join(root, "var/log", log), lines, 0o640)


class Listener(threading.Thread):
    """The attacker's end of a reverse shell: sends a few commands, reads until EOF."""

    def __init__(self, rng):
        super().__init__(daemon=True)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(60)
        self.port = self.sock.getsockname()[1]
        pool = ["id", "uname -a", "whoami", "hostname", "cat /etc/passwd", "ls -la /", "ps -eo pid,comm",
                "cat /etc/os-release", "env", "pwd", "ls $HOME"]
        self.commands = rng.sample(pool, rng.randint(2, 6)) + ["exit"]
        self.delay = rng.uniform(0.0, 0.3)

    def run(self):
        try:
            conn, _ = self.sock.accept()
            with conn:
                conn.settimeout(20)
                for cmd in self.commands:
                    time.sleep(self.delay)
                    conn.sendall((cmd + "\n").encode())
                while conn.recv(65536):
                    pass
        except OSError:
            pass

    def stop(self):
        self.sock.close()


class HttpServer(threading.Thread):
    """A loopback web server serving a dropper's payload and some data."""

    def __init__(self, rng):
        super().__init__(daemon=True)
        payload = ("#!/bin/sh\n# stage two\necho pwned-%d > \"${PG_SANDBOX:-.}/tmp/.stage2\"\n"
                   "cat /etc/hostname >/dev/null\nsleep 0.%d\n" % (rng.randint(0, 10 ** 6), rng.randint(0, 3)))
        files = {"/payload": payload.encode(), "/payload.sh": payload.encode(),
                 "/update.bin": payload.encode() + b"#" * rng.randint(0, 30000),
                 "/data.json": b'{"ok": true, "n": %d}' % rng.randint(0, 100)}

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = files.get(self.path.split("?")[0], b"not found\n")
                self.send_response(200 if self.path.split("?")[0] in files else 404)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]

    def run(self):
        self.server.serve_forever(poll_interval=0.2)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class OpenPorts:
    """A few listening loopback ports for a port scan to find."""

    def __init__(self, rng):
        self.socks = []
        for _ in range(rng.randint(1, 4)):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            s.listen(16)
            self.socks.append(s)
        self.ports = [s.getsockname()[1] for s in self.socks]

    def stop(self):
        for s in self.socks:
            s.close()


class Pool(threading.Thread):
    """A loopback mining pool speaking newline-delimited JSON-RPC in both dialects miners use: stratum v1
    (mining.subscribe/authorize/submit; pushes set_difficulty and notify) and XMRig's (login/submit/keepalived;
    pushes job). One daemon thread per connection; job ids, blobs, targets and difficulty come from the rng."""

    def __init__(self, rng):
        super().__init__(daemon=True)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(60)
        self.port = self.sock.getsockname()[1]
        self.rng = random.Random(rng.random())
        self.lock = threading.Lock()
        self.conns = []
        self.difficulty = rng.choice((1, 4, 16, 64, 512, 4096, 65536))
        self.height = rng.randint(2_900_000, 3_400_000)

    def hex(self, n):
        with self.lock:
            return self.rng.randbytes(n).hex()

    def job(self):
        return {"blob": self.hex(76), "job_id": self.hex(4), "target": self.hex(4), "algo": "rx/0",
                "height": self.height, "seed_hash": self.hex(32)}

    def notify(self):
        return {"id": None, "method": "mining.notify",
                "params": [self.hex(4), self.hex(32), self.hex(50), self.hex(40), [self.hex(32)], "20000000",
                           "1703a30c", "%08x" % int(time.time()), True]}

    def run(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.settimeout(20)
            self.conns.append(conn)
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def serve(self, conn):
        def send(obj):
            conn.sendall((json.dumps(obj, separators=(",", ":")) + "\n").encode())
        try:
            with conn.makefile("rb") as lines:
                for line in lines:
                    try:
                        msg = json.loads(line)
                        mid, method, rpc = msg.get("id"), msg.get("method"), {"jsonrpc": "2.0"}
                    except (ValueError, AttributeError):
                        continue
                    push = self.rng.random() < 0.3
                    if method == "mining.subscribe":
                        send({"id": mid, "result": [[["mining.set_difficulty", self.hex(8)], ["mining.notify",
                              self.hex(8)]], self.hex(4), 4], "error": None})
                    elif method in ("mining.authorize", "mining.extranonce.subscribe"):
                        send({"id": mid, "result": True, "error": None})
                        if method == "mining.authorize":
                            send({"id": None, "method": "mining.set_difficulty", "params": [self.difficulty]})
                            send(self.notify())
                    elif method == "mining.submit":
                        send({"id": mid, "result": True, "error": None})
                        if push:
                            send(self.notify())
                    elif method == "login":
                        send({"id": mid, **rpc, "error": None, "result": {"id": self.hex(8), "job": self.job(),
                              "extensions": ["algo", "keepalive"], "status": "OK"}})
                    elif method in ("submit", "keepalived"):
                        send({"id": mid, **rpc, "error": None,
                              "result": {"status": "OK" if method == "submit" else "KEEPALIVED"}})
                        if push and method == "submit":
                            send({**rpc, "method": "job", "params": self.job()})
                    else:
                        send({"id": mid, "result": None, "error": {"code": -1, "message": "Unknown method"}})
        except OSError:
            pass
        finally:
            conn.close()

    def stop(self):
        self.sock.close()
        for conn in self.conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()


# ---------------------------------------------------------------------------------------------
# Running one scenario once.
# ---------------------------------------------------------------------------------------------

@dataclass
class RunResult:
    trace: str
    scenario: Scenario
    exit_code: int
    seconds: float
    timed_out: bool


def chown_tree(root, uid, gid):
    for dirpath, dirnames, filenames in os.walk(root):
        os.chown(dirpath, uid, gid, follow_symlinks=False)
        for n in dirnames + filenames:
            os.chown(os.path.join(dirpath, n), uid, gid, follow_symlinks=False)


# A stop asked by a signal (SIGTERM, SIGINT, SIGHUP): no run starts after it, the running ones' process groups are
# killed, and each run's own finally removes its sandbox before the build exits (see stop_on_signals).
STOPPING = threading.Event()
RUNNING = set()
RUNNING_LOCK = threading.Lock()


class Stopped(Exception):
    """A run not started because the build is stopping."""


def run_once(sc, run_index, seed, traces_dir, keep_sandbox, mount_ns):
    rng = random.Random(f"{seed}:{sc.name}:{run_index}")
    sandbox = tempfile.mkdtemp(prefix="procguard-corpus-")
    services = []
    try:
        home, tmp, work = (os.path.join(sandbox, d) for d in ("home", "tmp", "work"))
        for d in (home, tmp, work):
            os.mkdir(d, 0o700)
        env = {"PATH": SAFE_PATH, "HOME": home, "TMPDIR": tmp, "LANG": "C.UTF-8", "SHELL": "/bin/bash",
               "USER": sc.user, "LOGNAME": sc.user, "TERM": "dumb",
               "PG_SANDBOX": sandbox, "PG_SEED": str(rng.randint(1, 2 ** 31 - 1)), "PG_RUN": str(run_index),
               "PG_FAKEROOT": os.path.join(sandbox, "root"), "PG_DATA": os.path.join(sandbox, "data"),
               "PG_SCENARIOS": SCENARIOS, "JAVA_TOOL_OPTIONS": "-Xshare:auto"}
        if "docs" in sc.needs:
            make_docs(rng, env["PG_DATA"])
        if "keys" in sc.needs:
            make_keys(rng, home)
        argv = []
        if "fakeroot" in sc.needs:
            make_fakeroot(rng, env["PG_FAKEROOT"])
            if mount_ns:
                argv += ["unshare", "--mount", "--propagation", "private", "--", sys.executable,
                         os.path.abspath(__file__), "_bind"]
                for d in FAKEROOT_BINDS:
                    argv += [os.path.join(env["PG_FAKEROOT"], d), "/" + d]
                argv += ["--"]
                env["PG_FAKEROOT"] = ""  # scenarios now write the real-looking paths, bound to the sandbox
        if "listener" in sc.needs:
            lst = Listener(rng)
            lst.start()
            services.append(lst)
            env["PG_PORT"] = str(lst.port)
        if "http" in sc.needs:
            web = HttpServer(rng)
            web.start()
            services.append(web)
            env["PG_HTTP_PORT"] = str(web.port)
        if "ports" in sc.needs:
            ports = OpenPorts(rng)
            services.append(ports)
            env["PG_OPEN_PORTS"] = ",".join(map(str, ports.ports))
        if "pool" in sc.needs:
            pool = Pool(rng)
            pool.start()
            services.append(pool)
            env["PG_POOL_PORT"] = str(pool.port)
        if sc.user == "nobody":
            nobody = pwd.getpwnam("nobody")
            chown_tree(sandbox, nobody.pw_uid, nobody.pw_gid)
            argv += ["prlimit", f"--nproc={NOBODY_NPROC}:{NOBODY_NPROC}", "--"]
        trace = os.path.join(traces_dir, sc.family, f"{sc.name}-{run_index:03d}.trace")
        os.makedirs(os.path.dirname(trace), mode=0o700, exist_ok=True)
        write_file(trace, b"", 0o600)  # strace truncates this file; creating it first refuses links
        argv += STRACE + ["-o", trace]
        if sc.user == "nobody":
            argv += ["-u", "nobody"]
        ext = os.path.splitext(sc.path)[1]
        argv += ["--"] + INTERPRETERS[ext] + [sc.path]
        started = time.monotonic()
        with RUNNING_LOCK:
            if STOPPING.is_set():
                raise Stopped()
            proc = subprocess.Popen(argv, cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, start_new_session=True)
            RUNNING.add(proc)
        timed_out = False
        try:
            _, err = proc.communicate(timeout=sc.timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            _, err = proc.communicate()
        finally:
            with RUNNING_LOCK:
                RUNNING.discard(proc)
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # leftovers the scenario forgot to reap
            except ProcessLookupError:
                pass
        elapsed = time.monotonic() - started
        if proc.returncode != 0 and sc.label == "benign" and not STOPPING.is_set():
            tail = err.decode(errors="replace").strip().splitlines()[-3:]
            print(f"build_corpus: warning: benign {sc.name} run {run_index} exited {proc.returncode}: "
                  + " | ".join(tail), file=sys.stderr)
        return RunResult(trace, sc, proc.returncode, elapsed, timed_out)
    finally:
        for s in services:
            s.stop()
        if keep_sandbox:
            print(f"build_corpus: kept sandbox {sandbox}", file=sys.stderr)
        else:
            shutil.rmtree(sandbox, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Commands.
# ---------------------------------------------------------------------------------------------

def enter_loopback_netns(argv):
    """Re-executes this script inside a new network namespace with only loopback up."""
    if os.environ.get("PROCGUARD_CORPUS_NETNS") == "1":
        subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
        return
    if shutil.which("unshare") is None:
        die("unshare (util-linux) is needed to confine the scenarios to loopback; "
            "pass --no-netns only on a throw-away machine")
    env = dict(os.environ, PROCGUARD_CORPUS_NETNS="1")
    cmd = ["unshare", "--net", "--", sys.executable, os.path.abspath(__file__)] + argv
    child = subprocess.Popen(cmd, env=env)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):  # a stop asked of this process reaches the build
        signal.signal(sig, lambda signum, frame: child.send_signal(signum))
    code = child.wait()
    sys.exit(128 - code if code < 0 else code)


def safe_out_dir(path):
    path = os.path.abspath(path)
    if os.path.islink(path):
        die(f"{path}: refusing a symlink as output directory")
    os.makedirs(path, mode=0o755, exist_ok=True)
    return path


def stop_on_signals(pool):
    """On SIGTERM, SIGINT or SIGHUP: start no more runs, kill the running scenarios' process groups, and exit 128+N
    from the main thread once the pool's workers (whose finally blocks remove their sandboxes) are done."""
    def stop(signum, frame):
        if STOPPING.is_set():
            return  # a terminal's ^C reaches both this process and the one outside the namespace, which passes it on
        STOPPING.set()
        pool.shutdown(wait=False, cancel_futures=True)
        with RUNNING_LOCK:
            for proc in RUNNING:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        print(f"build_corpus: stopped by signal {signum}; removing the sandboxes of the runs under way", file=sys.stderr)
        raise SystemExit(128 + signum)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, stop)


def cmd_run(args, argv):
    if os.geteuid() != 0:
        die("run as root (strace -u nobody and the network namespace need it)")
    if not args.no_netns:
        enter_loopback_netns(argv)
    scenarios = load_scenarios()
    if args.only:
        wanted = set(args.only)
        scenarios = [s for s in scenarios if s.name in wanted or s.family in wanted]
        if not scenarios:
            die("no scenario or family matches --only " + " ".join(args.only))
    check_scripts_readable(scenarios)
    out = safe_out_dir(args.out)
    traces_dir = os.path.join(out, "traces")
    if os.path.exists(traces_dir):
        if not args.force:
            die(f"{traces_dir} exists; pass --force to replace it")
        shutil.rmtree(traces_dir)
    os.makedirs(traces_dir, mode=0o700)
    jobs = [(sc, i) for i in range(args.runs) for sc in scenarios]
    print(f"build_corpus: {len(scenarios)} scenarios x {args.runs} runs into {out}", file=sys.stderr)
    results = []
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        stop_on_signals(pool)
        futures = [pool.submit(run_once, sc, i, args.seed, traces_dir, args.keep_sandbox, not args.no_mountns) for sc, i in jobs]
        for n, fut in enumerate(futures, 1):
            r = fut.result()
            results.append(r)
            if n % 20 == 0 or n == len(futures):
                print(f"build_corpus: {n}/{len(futures)} runs", file=sys.stderr)
    results.sort(key=lambda r: r.trace)
    with open(os.path.join(out, "manifest.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["trace", "family", "label"])
        for r in results:
            w.writerow([os.path.relpath(r.trace, out), r.scenario.family, r.scenario.label])
    with open(os.path.join(out, "runs.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["trace", "scenario", "family", "label", "actors", "exit_code", "seconds", "timed_out"])
        for r in results:
            w.writerow([os.path.relpath(r.trace, out), r.scenario.name, r.scenario.family, r.scenario.label,
                        r.scenario.actors, r.exit_code, f"{r.seconds:.2f}", int(r.timed_out)])
    slow = [r for r in results if r.timed_out]
    for r in slow:
        print(f"build_corpus: warning: {r.trace} timed out after {r.scenario.timeout}s", file=sys.stderr)
    print(f"build_corpus: wrote {len(results)} traces, manifest.csv and runs.csv in {out}", file=sys.stderr)


def scenario_of_trace(trace, by_name):
    stem = os.path.basename(trace)
    name = stem.rsplit("-", 1)[0]
    if name not in by_name:
        raise KeyError(name)
    return by_name[name]


def label_rows(raw_csv, out_csv, scenarios):
    """Keeps benign rows and the suspicious rows whose process is one of the scenario's actors."""
    by_name = {s.name: s for s in scenarios}
    kept = dropped = 0
    with open(raw_csv, newline="") as fin, open(out_csv + ".tmp", "w", newline="") as fout:
        reader = csv.reader(fin)
        header = next(reader)
        if header[:6] != ID_COLUMNS:
            die(f"{raw_csv}:1:1: expected the columns {','.join(ID_COLUMNS)} first, got {','.join(header[:6])}")
        w = csv.writer(fout, lineterminator="\n")
        w.writerow(header)
        for lineno, row in enumerate(reader, 2):
            try:
                sc = scenario_of_trace(row[0], by_name)
            except KeyError:
                die(f"{raw_csv}:{lineno}:1: trace {row[0]!r} matches no scenario")
            if sc.is_actor(row[3], row[2]):
                w.writerow(row)
                kept += 1
            else:
                dropped += 1
    os.replace(out_csv + ".tmp", out_csv)
    return kept, dropped


def schema_version_of(exporter):
    """The feature schema version the exporter writes, read from 'procguard features --help'."""
    done = subprocess.run(exporter + ["features", "--help"], capture_output=True, text=True)
    text = done.stdout + done.stderr
    m = re.search(r"features of schema (\S+)", text)
    if not m:
        die("cannot tell the feature schema version from 'procguard features --help'; pass --schema-version")
    return m.group(1)


def lean_copy(src, dst):
    """Copies a full trace keeping what a lean trace (--seccomp-bpf, LEAN_SYSCALLS) would hold: the syscall
    lines (entered, unfinished or resumed) of lean calls, and every signal, exit and strace message line.
    :return: (lines kept, syscall lines dropped)"""
    kept = dropped = 0
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with open(src, "rb") as fin, os.fdopen(fd, "wb") as fout:
        for line in fin:
            m = SYSCALL_NAME.match(line)
            if m and (m.group(1) or m.group(2)).decode("ascii") not in LEAN_SYSCALLS:
                dropped += 1
                continue
            fout.write(line)
            kept += 1
    return kept, dropped


def lean_manifest(out):
    """Writes out/traces-lean/** (lean copies of out/traces/**) and out/manifest-lean.csv; returns its path."""
    lean_dir = os.path.join(out, "traces-lean")
    if os.path.islink(lean_dir):
        die(f"{lean_dir}: is a symbolic link; refusing to write there")
    if os.path.isdir(lean_dir):
        shutil.rmtree(lean_dir)
    os.mkdir(lean_dir, 0o700)
    lean_manifest_path = os.path.join(out, "manifest-lean.csv")
    kept = dropped = 0
    with open(os.path.join(out, "manifest.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        rel = os.path.relpath(r["trace"], "traces")
        if rel.startswith(".."):
            die(f"{out}/manifest.csv: trace {r['trace']!r} is not under traces/")
        dst = os.path.join(lean_dir, rel)
        os.makedirs(os.path.dirname(dst), mode=0o700, exist_ok=True)
        k, d = lean_copy(os.path.join(out, r["trace"]), dst)
        kept, dropped = kept + k, dropped + d
        r["trace"] = os.path.join("traces-lean", rel)
    with open(lean_manifest_path + ".tmp", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()) if rows else ["trace", "family", "label"],
                           lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    os.replace(lean_manifest_path + ".tmp", lean_manifest_path)
    print(f"build_corpus: {len(rows)} lean trace copies in {lean_dir}: {kept} lines kept, {dropped} syscall "
          f"lines outside the lean set dropped", file=sys.stderr)
    return lean_manifest_path


def cmd_export(args):
    out = os.path.abspath(args.out)
    manifest = os.path.join(out, "manifest.csv")
    if not os.path.isfile(manifest):
        die(f"{manifest}: no manifest; run 'build_corpus.py run' first")
    exporter = shlex.split(args.exporter) if args.exporter else ["java", "-jar", DEFAULT_CLI_JAR]
    export_features(args, out, manifest, args.features, "features-raw.csv", exporter)
    if args.lean:
        export_features(args, out, lean_manifest(out), args.lean_features, "features-raw-lean.csv", exporter,
                        full_features=args.features)


def drop_blind_actors(full_csv, lean_csv):
    """Lean labelling rule: an actor whose lean row shows no indicator while its full row does is dropped from the
    lean rows, as a bystander is. The lean trace lacks the calls that made it an actor (a miner's pool messages sent
    with write(), truncate's ftruncate), so labelled malicious it would teach the lean model that what remains (a
    Python client that connects once; a write-open of a log) is malicious. Rows are matched by trace and pid.

    Returns how many rows were dropped; rewrites lean_csv in place."""
    with open(full_csv, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        any_col, label_col = header.index("ind.any"), header.index("label")
        flagged = {(r[0], r[1]) for r in reader if r[label_col] == "malicious" and float(r[any_col]) > 0}
    kept, dropped = [], 0
    with open(lean_csv, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        any_col, label_col = header.index("ind.any"), header.index("label")
        for r in reader:
            full_key = (r[0].replace("traces-lean/", "traces/", 1), r[1])
            if r[label_col] == "malicious" and float(r[any_col]) == 0 and full_key in flagged:
                dropped += 1
            else:
                kept.append(r)
    with open(lean_csv + ".tmp", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(kept)
    os.replace(lean_csv + ".tmp", lean_csv)
    return dropped


def export_features(args, out, manifest, features, raw_name, exporter, full_features=None):
    """Runs the exporter on one manifest, keeps the actors' rows and writes features + .meta.json; for lean rows
    (full_features given), also drops the actors blind in lean traces (drop_blind_actors)."""
    raw = os.path.join(out, raw_name)
    with open(raw, "wb") as f:
        rc = subprocess.run(exporter + ["features", "--manifest", manifest], cwd=out, stdout=f).returncode
    if rc != 0:
        die(f"the feature exporter exited {rc}")
    os.makedirs(os.path.dirname(os.path.abspath(features)), exist_ok=True)
    version = args.schema_version or schema_version_of(exporter)
    kept, dropped = label_rows(raw, features, load_scenarios())
    blind = drop_blind_actors(full_features, features) if full_features else 0
    kept -= blind
    with open(features, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    runs = {}
    with open(os.path.join(out, "runs.csv"), newline="") as f:
        for r in csv.DictReader(f):
            runs[r["scenario"]] = runs.get(r["scenario"], 0) + 1
    meta = {"feature_schema_version": version, "rows": kept, "bystanders_dropped": dropped, "sha256": digest,
            "traces": sum(runs.values()), "runs_per_scenario": runs,
            "built_with": "procguard-ml/corpus/build_corpus.py run + export"}
    if raw_name != "features-raw.csv":
        meta.update(built_with=meta["built_with"] + " --lean", variant="lean", blind_actors_dropped=blind)
    with open(os.path.splitext(features)[0] + ".meta.json", "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"build_corpus: {features}: {kept} process rows kept, {dropped} bystanders of suspicious "
          f"traces dropped" + (f", {blind} actors blind in lean traces dropped" if full_features else "")
          + f", sha256 {digest}", file=sys.stderr)


def cmd_bind(rest):
    """Runs inside a private mount namespace: bind-mounts SRC over DST for each pair, then execs the command."""
    if "--" not in rest:
        die("_bind: expected SRC DST ... -- COMMAND")
    cut = rest.index("--")
    pairs, command = rest[:cut], rest[cut + 1:]
    if len(pairs) % 2 or not command:
        die("_bind: expected SRC DST ... -- COMMAND")
    for src, dst in zip(pairs[::2], pairs[1::2]):
        sandbox = os.environ.get("PG_SANDBOX", "")
        if not sandbox or os.path.realpath(src) != src or not src.startswith(sandbox + "/"):
            die(f"_bind: refusing to bind {src}: not a corpus sandbox")
        subprocess.run(["mount", "--bind", src, dst], check=True)
    os.execvp(command[0], command)


def cmd_check_lean(_args):
    """Traces one small real workload twice, fully and with strace's own --seccomp-bpf lean filter, and
    checks that lean_copy of the full trace keeps exactly the calls the real lean trace holds."""
    workload = [sys.executable, "-c", "import os, socket, subprocess, tempfile\n"
                "d = tempfile.mkdtemp(); p = os.path.join(d, 'f'); open(p, 'w').write('x'); os.chmod(p, 0o600)\n"
                "os.rename(p, p + '2'); os.unlink(p + '2'); os.rmdir(d); socket.socket().close()\n"
                "subprocess.run(['id'], stdout=subprocess.DEVNULL); os.getuid(); os.dup(1); os.isatty(0)"]
    with tempfile.TemporaryDirectory() as tmp:
        full, lean, copy = (os.path.join(tmp, n) for n in ("full", "lean", "copy"))
        for out, extra in ((full, []), (lean, ["--seccomp-bpf", "-e", "trace=" + LEAN_TRACE_SET])):
            done = subprocess.run(STRACE + ["-qq"] + extra + ["-o", out, "--"] + workload,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if done.returncode != 0:
                die(f"check-lean: strace exited {done.returncode}: {done.stderr.strip()[:200]}")
        lean_copy(full, copy)

        def names(path):
            with open(path, "rb") as f:
                return {(m.group(1) or m.group(2)).decode("ascii") for m in map(SYSCALL_NAME.match, f) if m}
        real, filtered, everything = names(lean), names(copy), names(full)
    missing, extra = sorted(real - filtered), sorted((filtered - real) & everything)
    print(f"build_corpus: check-lean: {len(everything)} calls in the full trace, {len(real)} in strace's lean "
          f"trace, {len(filtered)} kept by the filter", file=sys.stderr)
    if missing or extra:
        die(f"check-lean: LEAN_SYSCALLS differs from strace's {LEAN_TRACE_SET}: dropped but traced by strace "
            f"{missing}, kept but not traced by strace {extra}")


def cmd_list(_args):
    for s in load_scenarios():
        print(f"{s.label:9} {s.family:22} {s.name:28} user={s.user:6} actors={s.actors} needs={' '.join(s.needs)}")


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="examples:\n"
                                       "  sudo /usr/bin/python3 build_corpus.py run --runs 12\n"
                                       "  sudo /usr/bin/python3 build_corpus.py run --runs 2 --only ransomware --out /tmp/x --force\n"
                                       "  /usr/bin/python3 build_corpus.py export\n")
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="run the scenarios under strace and write traces + manifest.csv")
    r.add_argument("--out", default=DEFAULT_OUT, help="output directory (default: %(default)s)")
    r.add_argument("--runs", type=int, default=12, help="runs per scenario (default: %(default)s)")
    r.add_argument("--jobs", type=int, default=2, help="runs in parallel (default: %(default)s)")
    r.add_argument("--seed", type=int, default=20250, help="seed of all variations (default: %(default)s)")
    r.add_argument("--only", nargs="+", metavar="NAME", help="only these scenarios or families")
    r.add_argument("--force", action="store_true", help="replace an existing traces/ directory")
    r.add_argument("--keep-sandbox", action="store_true", help="keep each run's sandbox (debugging)")
    r.add_argument("--no-netns", action="store_true", help="do not isolate the network (not recommended)")
    r.add_argument("--no-mountns", action="store_true",
                   help="no bind mounts: fake-root scenarios write under $PG_FAKEROOT instead of /etc, /var/log")
    b = sub.add_parser("_bind")  # internal: inside 'unshare --mount', bind SRC DST pairs then exec the rest
    b.add_argument("rest", nargs=argparse.REMAINDER)
    e = sub.add_parser("export", help="features CSV of the traces via 'procguard features', actors only")
    e.add_argument("--out", default=DEFAULT_OUT, help="directory holding manifest.csv (default: %(default)s)")
    e.add_argument("--features", default=DEFAULT_FEATURES, help="features CSV written (default: %(default)s)")
    e.add_argument("--exporter", metavar="CMD", help="command running procguard, split like a shell would but "
                   "never run by one (default: java -jar procguard-cli/target/procguard.jar)")
    e.add_argument("--schema-version", help="feature schema version (default: from 'procguard features --help')")
    e.add_argument("--lean", action="store_true",
                   help="also export lean copies of the traces (only the syscalls 'procguard run --seccomp-bpf' "
                        "traces; signal, exit and strace lines kept) to --lean-features")
    e.add_argument("--lean-features", default=DEFAULT_LEAN_FEATURES,
                   help="features CSV of the lean copies (default: %(default)s)")
    sub.add_parser("check-lean", help="check export --lean's syscall filter against a real strace --seccomp-bpf run")
    sub.add_parser("list", help="list the scenarios and their labelling rules")
    args = p.parse_args(argv)
    if args.cmd == "run":
        cmd_run(args, argv)
    elif args.cmd == "_bind":
        cmd_bind(args.rest)
    elif args.cmd == "export":
        cmd_export(args)
    elif args.cmd == "check-lean":
        cmd_check_lean(args)
    else:
        cmd_list(args)


if __name__ == "__main__":
    main(sys.argv[1:])
