#!/usr/bin/python3
# family: process-injection
# actors: python3.*
"""ptrace injection attempts on its own child: PTRACE_ATTACH/SEIZE, PEEKDATA/POKEDATA on the stack,
GETREGS, DETACH. (Under strace the attach is refused: the child is already traced; the attempts remain.)
The target (sleep) is a bystander."""
import ctypes, os, random, subprocess, time
rng = random.Random(int(os.environ["PG_SEED"]))
libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.restype = ctypes.c_long
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
PTRACE_PEEKDATA, PTRACE_POKEDATA, PTRACE_GETREGS, PTRACE_ATTACH, PTRACE_DETACH, PTRACE_SEIZE = 2, 5, 12, 16, 17, 0x4206
child = subprocess.Popen(["sleep", "30"])
time.sleep(rng.uniform(0.1, 0.3))
pid = child.pid
with open(f"/proc/{pid}/maps") as f:
    addr = int(next(l for l in f if "[stack]" in l).split("-")[1].split()[0], 16) - 512
regs = ctypes.create_string_buffer(27 * 8)
for _ in range(rng.randint(1, 6)):
    libc.ptrace(rng.choice([PTRACE_ATTACH, PTRACE_SEIZE]), pid, None, None)
    word = libc.ptrace(PTRACE_PEEKDATA, pid, ctypes.c_void_p(addr), None)
    libc.ptrace(PTRACE_GETREGS, pid, None, regs)
    libc.ptrace(PTRACE_POKEDATA, pid, ctypes.c_void_p(addr), ctypes.c_void_p(word & 0xffffffffffffffff))
    libc.ptrace(PTRACE_DETACH, pid, None, None)
with open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
    mem.seek(addr); mem.read(64)
child.kill(); child.wait()
