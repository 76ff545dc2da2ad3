#!/bin/bash
# family: maintenance
# needs: fakeroot
# Log rotation in a fake root: rename, compress, truncate in place, prune old generations.
set -eu
RANDOM=$PG_SEED
cd "$PG_FAKEROOT/var/log"
for f in auth.log syslog kern.log messages; do
  [ -f "$f.1" ] && gzip -f "$f.1"
  cp "$f" "$f.1"
  : > "$f"
done
[ $((RANDOM % 2)) -eq 0 ] && find . -name '*.gz' -mtime +30 -delete
ls -la > /dev/null
echo "rotated $(date +%s)" >> syslog
