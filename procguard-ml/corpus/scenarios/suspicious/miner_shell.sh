#!/bin/bash
# family: resource-hijacking
# needs: pool
# actors: xmrig|\.kswapd|\.X11-cache|kdevtmpfsi|\.syslogd|python3.*
# (the orchestrating bash, mkdir, base64 and chmod, and the sh -c starting the miner only fork, make a directory,
# decode, set a mode in a directory the family made: bystanders, see README, labelling rule)
# timeout: 30
# How miners arrive (MITRE T1496): a setup script drops a miner under a hidden or kernel-looking name in tmp
# (written by printf, or decoded from base64 like the real droppers), chmod +x, and starts it with a miner's
# command line (-o stratum+tcp://POOL -u WALLET -p x -t N --donate-level 1, xmrig- or cpuminer-style): in the
# foreground, under nohup in the background then wait, or through sh -c. The stand-in miner is Python (exe
# python3.x, comm its file name): it logs in to the loopback pool ($PG_POOL_PORT), hashes 1-2 s, submits shares.
set -u
RANDOM=$PG_SEED
names=(.kswapd xmrig .X11-cache kdevtmpfsi .syslogd)
name=${names[$((RANDOM % 5))]}
dir=$PG_SANDBOX/tmp
if [ $((RANDOM % 3)) -eq 0 ]; then dir=$dir/.ICE-unix; mkdir -p "$dir"; fi
bin=$dir/$name

IFS= read -r -d '' src <<'EOF'
#!/usr/bin/python3
import argparse, hashlib, json, os, random, socket, sys, threading, time
ap = argparse.ArgumentParser()
for opt, long in (("-o", "--url"), ("-u", "--user"), ("-p", "--pass"), ("-a", "--algo")):
    ap.add_argument(opt, long)
ap.add_argument("-t", "--threads", type=int, default=1)
ap.add_argument("-k", "--keepalive", action="store_true")
a, _ = ap.parse_known_args()
host, port = a.url.split("://", 1)[1].rsplit(":", 1)
if host != "127.0.0.1":
    sys.exit("stand-in miner: loopback pools only")
rng = random.Random(os.environ.get("PG_SEED", "") + a.user)
s = socket.create_connection((host, int(port)), timeout=10)
f, n, jobs = s.makefile("rb"), 0, []
def call(method, params, **kw):
    global n
    n += 1
    s.sendall((json.dumps({"id": n, **kw, "method": method, "params": params}) + "\n").encode())
    while True:
        m = json.loads(f.readline())
        if m.get("method") in ("mining.notify", "job"):
            jobs.append(m["params"])
        if m.get("id") == n:
            return m
if a.algo in ("sha256d", "scrypt"):  # cpuminer: stratum v1
    en2 = call("mining.subscribe", ["cpuminer-opt/3.23.1"])["result"][2]
    call("mining.authorize", [a.user, vars(a)["pass"] or "x"])
    while not jobs:
        m = json.loads(f.readline())
        if m.get("method") == "mining.notify":
            jobs.append(m["params"])
    job_id, blob = jobs[-1][0], bytes.fromhex(jobs[-1][1])
else:  # xmrig: JSON-RPC login
    r = call("login", {"login": a.user, "pass": vars(a)["pass"] or "x", "rigid": "",
                       "agent": "XMRig/6.21.0 (Linux x86_64) libuv/1.44.2 gcc/12.2.0",
                       "algo": [a.algo or "rx/0", "cn/r"]}, jsonrpc="2.0")["result"]
    sid, job_id, blob = r["id"], r["job"]["job_id"], bytes.fromhex(r["job"]["blob"])
found, until = [], time.monotonic() + rng.uniform(1.0, 2.0)
def work(nonce):
    while time.monotonic() < until:  # the best hash of each 0.3-0.6 s is a share
        best, stop = None, min(until, time.monotonic() + rng.uniform(0.3, 0.6))
        while time.monotonic() < stop:
            nonce = (nonce + 1) % 2**32
            h = hashlib.sha256(blob + nonce.to_bytes(4, "little")).digest()
            best = min(best or (h, nonce), (h, nonce))
        if best:
            found.append(best)
workers = [threading.Thread(target=work, args=(rng.randrange(2**32),)) for _ in range(max(1, a.threads))]
for w in workers:
    w.start()
sent = 0
while any(w.is_alive() for w in workers) or sent < len(found):
    time.sleep(0.1)
    for h, nonce in found[sent:]:
        if a.algo in ("sha256d", "scrypt"):
            call("mining.submit", [a.user, job_id, "%0*x" % (2 * en2, sent), "%08x" % int(time.time()), "%08x" % nonce])
        else:
            call("submit", {"id": sid, "job_id": job_id, "nonce": nonce.to_bytes(4, "little").hex(),
                            "result": h.hex()}, jsonrpc="2.0")
        sent += 1
    if a.keepalive and a.algo not in ("sha256d", "scrypt"):
        call("keepalived", {"id": sid}, jsonrpc="2.0")
        a.keepalive = False
print("[%s] %d shares accepted" % (time.strftime("%H:%M:%S"), sent))
s.close()
EOF

if [ $((RANDOM % 2)) -eq 0 ]; then
  printf '%s' "$src" > "$bin"
else
  b64=$(printf '%s' "$src" | base64 -w0)
  echo "$b64" | base64 -d > "$bin"
fi
modes=(+x 755 777 u+x)
chmod "${modes[$((RANDOM % 4))]}" "$bin"

b58=123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz
bech32=qpzry9x8gf2tvdw0s3jn54khce6mua7l
pool="stratum+tcp://127.0.0.1:$PG_POOL_PORT"
cores=0
while read -r key _; do [ "$key" = processor ] && cores=$((cores + 1)); done < /proc/cpuinfo
t=1
if [ "$cores" -gt 1 ] && [ $((RANDOM % 3)) -eq 0 ]; then t=2; fi
if [ $((RANDOM % 4)) -eq 0 ]; then
  wallet=bc1q; for ((i = 0; i < 38; i++)); do wallet+=${bech32:$((RANDOM % 32)):1}; done
  args=(-a sha256d -o "$pool" -u "$wallet.rig$((RANDOM % 100))" -p x -t "$t")
else
  wallet=4; for ((i = 0; i < 94; i++)); do wallet+=${b58:$((RANDOM % 58)):1}; done
  args=(-o "$pool" -u "$wallet" -p x -t "$t")
  if [ $((RANDOM % 2)) -eq 0 ]; then args+=(--donate-level 1); else args+=(--donate-level=1); fi
  [ $((RANDOM % 2)) -eq 0 ] && args+=(-a rx/0)
  [ $((RANDOM % 3)) -eq 0 ] && args+=(--coin monero)
  [ $((RANDOM % 2)) -eq 0 ] && args+=(-k)
fi

case $((RANDOM % 3)) in
  0) "$bin" "${args[@]}" ;;
  1) nohup "$bin" "${args[@]}" >/dev/null 2>&1 &
     wait $! ;;
  2) sh -c "cd '$dir' && ./$name ${args[*]}" ;;
esac
exit $?
