#!/bin/bash
# family: archive
# needs: docs
# Compressing a whole document tree in place (gzip -r / xz / bzip2), then restoring part of it:
# many files rewritten and originals removed, like log archival does.
set -eu
RANDOM=$PG_SEED
case $((RANDOM % 3)) in
  0) gzip -r "$PG_DATA"; find "$PG_DATA" -name '*.gz' | head -$((RANDOM % 10 + 1)) | xargs -r gunzip ;;
  1) find "$PG_DATA" -type f -print0 | xargs -0 xz -T1 ;;
  2) find "$PG_DATA" -type f -name '*.txt' -print0 | xargs -0 -r bzip2 -f; find "$PG_DATA" -type f | wc -l > /dev/null ;;
esac
