#!/usr/bin/python3
# family: resource-hijacking
# needs: pool
# actors: python3.*
# timeout: 30
"""Cryptojacking (MITRE T1496): a stand-in CPU miner. Reads the CPU layout like a real miner, logs in to the
loopback pool ($PG_POOL_PORT) with a fake wallet in one of two dialects (stratum v1 mining.* or XMRig's
JSON-RPC login), hashes the jobs with hashlib in 1-2 worker threads for 1-2.5 s, submits a few shares over the
socket (send/recv or plain write/read on its fd), sometimes sends a keepalive, and exits."""
import hashlib, json, os, queue, random, socket, threading, time

rng = random.Random(int(os.environ["PG_SEED"]))
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def log(msg):
    print(time.strftime("[%Y-%m-%d %H:%M:%S] ") + msg, flush=True)


# What a miner looks at before it starts: cores, model, AES/AVX2 (RandomX), which CPUs are online, huge pages.
with open("/proc/cpuinfo") as f:
    cpuinfo = f.read()
cores = sum(line.startswith("processor") for line in cpuinfo.splitlines()) or 1
model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?")
flags = set(next((line.split(":", 1)[1].split() for line in cpuinfo.splitlines() if line.startswith("flags")), []))
with open("/sys/devices/system/cpu/online") as f:
    online = f.read().strip()
if rng.random() < 0.6:
    for path in ("/proc/meminfo", "/sys/kernel/mm/transparent_hugepage/enabled"):
        try:
            with open(path) as f:
                f.read()
        except OSError:
            pass
log("CPU %s (%d) %s %s online %s" % (model, cores, "AES" if "aes" in flags else "-AES",
                                      "AVX2" if "avx2" in flags else "-AVX2", online))

dialect = rng.choice(["stratum", "xmrig"])
algo = rng.choice(["sha256", "sha256d", "blake2b"])
threads = rng.randint(1, 2)
if dialect == "xmrig":
    wallet = "4" + "".join(rng.choice(B58) for _ in range(94))
else:
    wallet = "bc1q" + "".join(rng.choice("023456789acdefghjklmnpqrstuvwxyz") for _ in range(38))
user = wallet if dialect == "xmrig" or rng.random() < 0.5 else "%s.rig%d" % (wallet, rng.randint(1, 99))


def digest(data):
    if algo == "blake2b":
        return hashlib.blake2b(data, digest_size=32).digest()
    h = hashlib.sha256(data).digest()
    return hashlib.sha256(h).digest() if algo == "sha256d" else h


sock = socket.create_connection(("127.0.0.1", int(os.environ["PG_POOL_PORT"])), timeout=10)
raw_fd = rng.random() < 0.5  # libuv-style plain write()/read() on the socket, or Python's sendto()/recvfrom()
if raw_fd:
    sock.settimeout(None)
    rfile = open(os.dup(sock.fileno()), "rb")
else:
    rfile = sock.makefile("rb")
log("net use pool 127.0.0.1:%s %s" % (os.environ["PG_POOL_PORT"], dialect))
next_id = 1


def send(method, params, **extra):
    global next_id
    msg = {"id": next_id, **extra, "method": method, "params": params}
    data = (json.dumps(msg) + "\n").encode()
    if raw_fd:
        while data:
            data = data[os.write(sock.fileno(), data):]
    else:
        sock.sendall(data)
    next_id += 1
    return msg["id"]


def reply(mid, jobs):
    """Reads until the answer to request mid; jobs pushed meanwhile go to jobs."""
    while True:
        line = rfile.readline()
        if not line:
            raise SystemExit("pool closed the connection")
        msg = json.loads(line)
        if msg.get("method") in ("mining.notify", "job"):
            jobs.append(msg["params"])
        if msg.get("id") == mid:
            return msg


jobs, session, extranonce1 = [], None, ""
if dialect == "stratum":
    sub = reply(send("mining.subscribe", [rng.choice(["cpuminer-opt/3.23.1", "cpuminer/2.5.1", "bfgminer/5.5.0"])]), jobs)
    extranonce1, en2size = sub["result"][1], sub["result"][2]
    if rng.random() < 0.4:
        reply(send("mining.extranonce.subscribe", []), jobs)
    reply(send("mining.authorize", [user, "x"]), jobs)
    while not jobs:  # set_difficulty, then notify, follow the authorize answer
        msg = json.loads(rfile.readline() or b"{}")
        if not msg:
            raise SystemExit("pool closed the connection")
        if msg.get("method") == "mining.notify":
            jobs.append(msg["params"])
    current = {"job_id": jobs[-1][0], "blob": bytes.fromhex(jobs[-1][1])}
else:
    agent = "XMRig/6.%d.%d (Linux x86_64) libuv/1.44.2 gcc/12.2.0" % (rng.randint(18, 22), rng.randint(0, 2))
    login = reply(send("login", {"login": wallet, "pass": rng.choice(["x", "worker%d" % rng.randint(1, 9)]),
                                 "agent": agent, "algo": ["rx/0", "cn/r", "cn/2"][:rng.randint(1, 3)]},
                       jsonrpc="2.0"), jobs)
    session, job = login["result"]["id"], login["result"]["job"]
    current = {"job_id": job["job_id"], "blob": bytes.fromhex(job["blob"])}
log("new job from pool diff %s algo %s threads %d" % (rng.choice([1000, 10007, 120001]), algo, threads))

# Workers: hash the current job with increasing nonces, hand the best hash of each interval in as a share.
shares, stop_at = queue.Queue(), time.monotonic() + rng.uniform(1.0, 2.5)


def worker(nonce, interval):
    while time.monotonic() < stop_at:
        best, until = None, min(stop_at, time.monotonic() + interval)
        while time.monotonic() < until:
            job = current
            for _ in range(2048):
                nonce = (nonce + threads) % 2 ** 32
                h = digest(job["blob"] + nonce.to_bytes(4, "little"))
                if best is None or h < best[2]:
                    best = (job["job_id"], nonce, h)
        if best:
            shares.put(best)


workers = [threading.Thread(target=worker, args=(rng.randrange(2 ** 32) + i, rng.uniform(0.25, 0.6)))
           for i in range(threads)]
for w in workers:
    w.start()
keepalive_at = time.monotonic() + rng.uniform(0.3, 1.5) if rng.random() < 0.5 else None
accepted = 0
while any(w.is_alive() for w in workers) or not shares.empty():
    try:
        job_id, nonce, h = shares.get(timeout=0.1)
    except queue.Empty:
        job_id = None
    if job_id is not None:
        if dialect == "stratum":
            mid = send("mining.submit", [user, job_id, "%0*x" % (en2size * 2, rng.randrange(2 ** 32)),
                                         "%08x" % int(time.time()), "%08x" % nonce])
        else:
            mid = send("submit", {"id": session, "job_id": job_id, "nonce": nonce.to_bytes(4, "little").hex(),
                                  "result": h.hex()}, jsonrpc="2.0")
        ok = reply(mid, jobs)
        accepted += ok.get("error") is None
        log("cpu accepted (%d) diff %d" % (accepted, int.from_bytes(h[:2], "big") or 1))
    if jobs:  # the pool pushed a new job: switch to it
        p = jobs.pop()
        current = ({"job_id": p[0], "blob": bytes.fromhex(p[1])} if dialect == "stratum"
                   else {"job_id": p["job_id"], "blob": bytes.fromhex(p["blob"])})
        jobs.clear()
    if keepalive_at and time.monotonic() > keepalive_at and dialect == "xmrig":
        reply(send("keepalived", {"id": session}, jsonrpc="2.0"), jobs)
        keepalive_at = None
for w in workers:
    w.join()
log("speed 10s/60s/15m n/a, %d shares accepted; exiting" % accepted)
sock.shutdown(socket.SHUT_RDWR)
rfile.close()
sock.close()
