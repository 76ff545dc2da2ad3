#!/usr/bin/python3
# family: privilege-escalation
# user: nobody
# actors: python3.*|su
"""Privilege-escalation attempts as nobody (all fail): setuid(0)/setresuid, writing /etc/passwd,
/etc/sudoers and cron, reading /etc/shadow, hunting setuid binaries, su without a password."""
import ctypes, os, random, stat, subprocess
rng = random.Random(int(os.environ["PG_SEED"]))
libc = ctypes.CDLL(None, use_errno=True)
for _ in range(rng.randint(1, 4)):
    libc.setuid(0); libc.setresuid(0, 0, 0); libc.setgid(0); libc.setreuid(0, 0)
for path, mode in [("/etc/shadow", "r"), ("/etc/passwd", "a"), ("/etc/sudoers", "a"), ("/etc/cron.d/x", "w"),
                   ("/root/.ssh/authorized_keys", "a"), ("/etc/ld.so.preload", "w")]:
    try:
        open(path, mode).close()
    except OSError:
        pass
suid = []
for d in rng.sample(["/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/lib/openssh", "/usr/lib/dbus-1.0", "/usr/libexec"], 3):
    for root, _, files in os.walk(d):
        for f in files:
            try:
                if os.lstat(os.path.join(root, f)).st_mode & stat.S_ISUID:
                    suid.append(os.path.join(root, f))
            except OSError:
                pass
if rng.random() < 0.7:
    subprocess.run(["su", "-c", "id", "root"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=10)
for cap in range(rng.randint(1, 3)):
    libc.prctl(8, 1, 0, 0, 0)  # PR_SET_KEEPCAPS
