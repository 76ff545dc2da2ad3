#!/bin/bash
# family: shell
# user: nobody
# The same kind of everyday shell work as an unprivileged user.
set -eu
RANDOM=$PG_SEED
seq 1 $((50 + RANDOM % 5000)) > n.txt
sort -rn n.txt | head -3 > /dev/null; wc -l n.txt > /dev/null
id -un > /dev/null; ls /usr/share | wc -l > /dev/null
for i in $(seq 1 $((1 + RANDOM % 8))); do echo "$i $RANDOM" >> log.txt; done
grep -v '^#' /etc/services | awk '{print $1}' | sort -u | wc -l > /dev/null
python3 -c "print(sum(range($RANDOM)))" > /dev/null
