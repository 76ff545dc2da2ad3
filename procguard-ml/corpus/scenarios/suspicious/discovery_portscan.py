#!/usr/bin/python3
# family: discovery
# needs: ports
# actors: python3.*
"""Loopback TCP port scan: non-blocking connects to a few hundred ports plus the known open ones."""
import errno, os, random, select, socket
rng = random.Random(int(os.environ["PG_SEED"]))
start = rng.randint(1, 40000)
ports = list(range(start, start + rng.randint(150, 1200))) + [int(p) for p in os.environ["PG_OPEN_PORTS"].split(",")]
rng.shuffle(ports)
open_ports = []
for i in range(0, len(ports), 64):
    batch = {}
    for p in ports[i:i + 64]:
        s = socket.socket(); s.setblocking(False)
        if s.connect_ex(("127.0.0.1", p)) in (0, errno.EINPROGRESS):
            batch[s] = p
        else:
            s.close()
    _, w, _ = select.select([], list(batch), [], 0.5)
    for s in w:
        if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
            open_ports.append(batch[s])
    for s in batch:
        s.close()
