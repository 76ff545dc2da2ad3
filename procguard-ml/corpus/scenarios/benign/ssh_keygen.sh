#!/bin/bash
# family: sensitive-legit
# ssh-keygen creating keys in ~/.ssh, fingerprints, public key extraction, known_hosts hashing.
set -eu
RANDOM=$PG_SEED
mkdir -p -m 700 ~/.ssh
t=(ed25519 rsa ecdsa); t=${t[$((RANDOM % 3))]}
ssh-keygen -q -t "$t" -N '' -C "dev$RANDOM@example.invalid" -f ~/.ssh/id_$t
ssh-keygen -l -f ~/.ssh/id_$t.pub > /dev/null
ssh-keygen -y -f ~/.ssh/id_$t > /dev/null
cat ~/.ssh/id_$t.pub >> ~/.ssh/authorized_keys_for_backup
chmod 600 ~/.ssh/authorized_keys_for_backup
[ $((RANDOM % 2)) -eq 0 ] && { echo "127.0.0.1 $(cut -d' ' -f1-2 ~/.ssh/id_$t.pub)" > ~/.ssh/known_hosts; ssh-keygen -H -f ~/.ssh/known_hosts 2>/dev/null; }
exit 0
