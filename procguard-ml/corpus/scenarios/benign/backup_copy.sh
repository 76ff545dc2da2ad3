#!/bin/bash
# family: maintenance
# needs: docs
# A backup job: a tar pipe or cp -a of a tree, a manifest of checksums, pruning of old backups.
set -eu
RANDOM=$PG_SEED
dest=backups/$(date +%Y%m%d)-$RANDOM
mkdir -p "$dest" backups/old1 backups/old2
if [ $((RANDOM % 2)) -eq 0 ]; then tar -C "$PG_DATA" -cf - . | tar -C "$dest" -xf -; else cp -a "$PG_DATA/." "$dest/"; fi
(cd "$dest" && find . -type f -print0 | xargs -0 md5sum > ../MANIFEST-$RANDOM)
rm -rf backups/old1
du -s backups > /dev/null
