#!/bin/bash
# family: discovery
# needs: ports
# actors: bash
# Recon from a shell: bash /dev/tcp port scan of loopback, then id/uname/ps/ss/find (those children only
# print: bystanders).
RANDOM=$PG_SEED
start=$((1 + RANDOM % 40000)); n=$((100 + RANDOM % 500))
for p in $(seq $start $((start + n))) ${PG_OPEN_PORTS//,/ }; do
  : 2>/dev/null 3<>/dev/tcp/127.0.0.1/$p && echo "open $p"
done > "$TMPDIR/scan"
id; uname -a; cat /etc/passwd; ls /home; ps -eo pid,user,comm; ss -tan 2>/dev/null; cat /etc/hosts
find / -maxdepth 3 -perm -4000 2>/dev/null | head -20
exit 0
