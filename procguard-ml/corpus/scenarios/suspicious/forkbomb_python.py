#!/usr/bin/python3
# family: fork-bomb
# user: nobody
# timeout: 90
# actors: *
"""A bounded fork bomb: every process forks again until a depth bound; runs as nobody under
RLIMIT_NPROC, so some forks fail with EAGAIN like a real bomb hitting the limit."""
import os, random, time
rng = random.Random(int(os.environ["PG_SEED"]))
width = rng.choice([2, 2, 3])
depth = rng.randint(4, 7) if width == 2 else rng.randint(3, 5)
kids = []
for level in range(depth):
    for _ in range(width - 1):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            kids = []
            break
        kids.append(pid)
time.sleep(rng.uniform(0.05, 0.3))
for k in kids:
    try:
        os.waitpid(k, 0)
    except ChildProcessError:
        pass
