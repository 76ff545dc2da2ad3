#!/usr/bin/python3
# family: discovery
# actors: python3.*
"""Host enumeration: every process's status/comm (not cmdline: no secret of the machine in a trace), users and groups, homes, network tables,
interfaces, OS release, sudoers and sshd config, mounted file systems, kernel modules."""
import glob, os, platform, random, socket
rng = random.Random(int(os.environ["PG_SEED"]))
info = {"uname": platform.uname(), "host": socket.gethostname()}
for p in glob.glob("/proc/[0-9]*"):
    for part in ("status", "comm", "stat"):
        try:
            with open(f"{p}/{part}", "rb") as f:
                info[p + part] = f.read(512)
        except OSError:
            pass
files = ["/etc/passwd", "/etc/group", "/etc/hosts", "/etc/resolv.conf", "/etc/os-release", "/proc/net/tcp",
         "/proc/net/udp", "/proc/net/tcp6", "/proc/net/arp", "/proc/net/route", "/proc/mounts", "/proc/modules",
         "/etc/sudoers", "/etc/ssh/sshd_config", "/proc/version", "/etc/crontab", "/proc/cpuinfo"]
for f in rng.sample(files, rng.randint(10, len(files))):
    try:
        with open(f, "rb") as fh:
            info[f] = fh.read()
    except OSError:
        pass
for d in ["/home", "/root", "/srv", "/opt", "/var/www", "/etc/cron.d", "/etc/sudoers.d"]:
    try:
        info[d] = os.listdir(d)
    except OSError:
        pass
info["ifaces"] = socket.if_nameindex()
