#!/bin/bash
# family: archive
# Archivers: tar with gzip/xz/zstd, zip/unzip, listing and extracting.
set -eu
RANDOM=$PG_SEED
mkdir -p src/sub
for i in $(seq 1 $((3 + RANDOM % 30))); do head -c $((RANDOM * 2)) /dev/urandom | base64 > "src/f$i.txt"; done
cp /etc/hostname src/sub/
case $((RANDOM % 4)) in
  0) tar czf a.tgz src && tar tzf a.tgz > /dev/null && mkdir x && tar xzf a.tgz -C x ;;
  1) tar cJf a.txz src && tar xJf a.txz -C . --overwrite ;;
  2) tar --zstd -cf a.tzst src && tar --zstd -tf a.tzst > /dev/null ;;
  3) zip -qr a.zip src && unzip -qo a.zip -d x && unzip -l a.zip > /dev/null ;;
esac
gzip -k src/f1.txt && gunzip -c src/f1.txt.gz > /dev/null
