#!/bin/bash
# family: defense-evasion
# actors: kworker|migration|rcu_sched|\.cache-update|sd-pam
# (the orchestrating bash, the chmod 755 of the copy and the rm/mv, whose one chmod, unlink or rename of a
# sandbox file looks like any chmod, rm or mv, are bystanders; see README, labelling rule)
# A binary copied under a hidden name, started with a fake argv[0], deleted while it runs; the script
# then renames its own files to look like system files.
RANDOM=$PG_SEED
names=(kworker migration rcu_sched .cache-update sd-pam)
b="$TMPDIR/${names[$((RANDOM % 5))]}"
cp /bin/sleep "$b"; chmod 755 "$b"
(exec -a "[kworker/u4:$((RANDOM % 9))]" "$b" 0.$((3 + RANDOM % 6))) &
pid=$!
rm -f "$b"
ls -l /proc/$pid/exe > /dev/null 2>&1
cp "$0" "$TMPDIR/.s$RANDOM" && mv "$TMPDIR"/.s* "$TMPDIR/.systemd-private-$RANDOM"
rm -f "$TMPDIR"/.systemd-private-*
wait $pid
