#!/bin/bash
# family: defense-evasion
# needs: fakeroot
# actors: *
# Covering tracks: truncate and shred logs, wipe shell history, timestomp (fake root and sandbox HOME).
RANDOM=$PG_SEED
L=$PG_FAKEROOT/var/log
unset HISTFILE; history -c
: > "$L/auth.log"; : > "$L/wtmp"
[ $((RANDOM % 2)) -eq 0 ] && shred -u -n $((1 + RANDOM % 3)) "$L/btmp" || rm -f "$L/btmp"
sed -i '/Accepted password/d' "$L/syslog"
cat /dev/null > "$L/lastlog"
[ $((RANDOM % 2)) -eq 0 ] && truncate -s 0 "$L/kern.log" "$L/messages"
rm -f ~/.bash_history; ln -sf /dev/null ~/.bash_history
touch -d "2020-01-0$((1 + RANDOM % 9)) 12:00" "$L"/* 2>/dev/null
exit 0
