#!/usr/bin/python3
# family: interpreter
"""A multiprocessing pool crunching numbers: many short-lived worker processes, all benign."""
import multiprocessing, os, random
def work(n):
    return sum(i * i for i in range(n))
if __name__ == "__main__":
    rng = random.Random(int(os.environ["PG_SEED"]))
    ctx = multiprocessing.get_context(rng.choice(["fork", "spawn", "forkserver"]))
    with ctx.Pool(rng.randint(2, 6)) as pool:
        total = sum(pool.map(work, [rng.randint(1000, 50000) for _ in range(rng.randint(4, 40))]))
    with open("result.txt", "w") as f:
        f.write(str(total))
