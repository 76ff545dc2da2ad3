#!/usr/bin/python3
# family: process-injection
# actors: python3.*
"""Process injection through /proc/PID/mem and process_vm_writev into its own child (a sleep):
reads the target's maps, reads and overwrites bytes of its stack, pokes with process_vm_readv/writev.
The target (sleep) is a bystander."""
import ctypes, os, random, subprocess, time
rng = random.Random(int(os.environ["PG_SEED"]))
child = subprocess.Popen(["sleep", "30"])
time.sleep(rng.uniform(0.1, 0.3))
pid = child.pid
with open(f"/proc/{pid}/maps") as f:
    maps = [l.split() for l in f]
stack = next(m for m in maps if m[-1] == "[stack]")
lo, hi = (int(x, 16) for x in stack[0].split("-"))
addr = hi - 4096 * rng.randint(1, 4)
fd = os.open(f"/proc/{pid}/mem", os.O_RDWR)
try:
    data = os.pread(fd, 256, addr)
    os.pwrite(fd, data, addr)  # write back what was there: the target keeps running
finally:
    os.close(fd)
class iovec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]
libc = ctypes.CDLL(None, use_errno=True)
buf = ctypes.create_string_buffer(128)
local, remote = iovec(ctypes.addressof(buf), 128), iovec(addr, 128)
for _ in range(rng.randint(1, 5)):
    libc.process_vm_readv(pid, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0)
    libc.process_vm_writev(pid, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0)
child.kill(); child.wait()
