#!/usr/bin/python3
# family: persistence
# needs: fakeroot
# actors: python3.*
"""Persistence via service managers and autostart: a systemd system and user unit enabled through
wants/ symlinks, an XDG autostart entry, an init.d script, a cron drop-in."""
import os, random
rng = random.Random(int(os.environ["PG_SEED"]))
R, H = os.environ["PG_FAKEROOT"], os.environ["HOME"]
name = rng.choice(["dbus-helper", "systemd-updater", "netcheck", "kthreadd-svc"]) + str(rng.randint(0, 99))
payload = f"/usr/local/bin/.{name}"
unit = f"[Unit]\nDescription={name}\n[Service]\nExecStart={payload}\nRestart=always\n[Install]\nWantedBy=multi-user.target\n"
places = [(f"{R}/etc/systemd/system", f"{R}/etc/systemd/system/multi-user.target.wants"),
          (f"{H}/.config/systemd/user", f"{H}/.config/systemd/user/default.target.wants")]
for d, wants in rng.sample(places, rng.randint(1, 2)):
    os.makedirs(wants, exist_ok=True)
    with open(f"{d}/{name}.service", "w") as f:
        f.write(unit)
    os.symlink(f"{d}/{name}.service", f"{wants}/{name}.service")
if rng.random() < 0.6:
    os.makedirs(f"{H}/.config/autostart", exist_ok=True)
    with open(f"{H}/.config/autostart/{name}.desktop", "w") as f:
        f.write(f"[Desktop Entry]\nType=Application\nExec={payload}\nHidden=true\n")
if rng.random() < 0.5:
    with open(f"{R}/etc/init.d/{name}", "w") as f:
        f.write(f"#!/bin/sh\n{payload} &\n")
    os.chmod(f"{R}/etc/init.d/{name}", 0o755)
with open(f"{R}/etc/cron.d/{name}", "w") as f:
    f.write(f"@reboot root {payload}\n")
with open(f"{R}/usr/local/bin/.{name}", "w") as f:
    f.write("#!/bin/sh\nsleep 3600\n")
os.chmod(f"{R}/usr/local/bin/.{name}", 0o755)
