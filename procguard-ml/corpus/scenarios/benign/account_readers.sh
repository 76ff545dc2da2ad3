#!/bin/bash
# family: sensitive-legit
# Tools that legitimately read account databases: getent, id, passwd -S and chage -l (read /etc/shadow).
set -eu
RANDOM=$PG_SEED
getent passwd > /dev/null
getent group sudo > /dev/null || true
getent passwd root nobody > /dev/null
id root > /dev/null; id -Gn > /dev/null; whoami > /dev/null
passwd -S root > /dev/null
chage -l root > /dev/null
[ $((RANDOM % 2)) -eq 0 ] && passwd -S -a > /dev/null 2>&1 || true
awk -F: '$3 >= 1000 { print $1 }' /etc/passwd > /dev/null
cut -d: -f1,7 /etc/passwd | sort | head -$((1 + RANDOM % 5)) > /dev/null
