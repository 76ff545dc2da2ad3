#!/bin/bash
# family: package
# Package queries: dpkg -l/-L/-S/-s and apt-cache policy/show/depends.
set -eu
RANDOM=$PG_SEED
pkgs=(coreutils bash strace gcc make git perl tar gzip openssl curl python3)
p=${pkgs[$((RANDOM % ${#pkgs[@]}))]}
dpkg -l > /dev/null
dpkg -L "$p" | wc -l > /dev/null
dpkg -S /bin/ls > /dev/null
dpkg -s "$p" | grep -i version > /dev/null || true
case $((RANDOM % 3)) in
  0) apt-cache policy "$p" > /dev/null ;;
  1) apt-cache show "$p" > /dev/null 2>&1 || true ;;
  2) apt-cache depends "$p" > /dev/null ;;
esac
dpkg-query -W -f='${Package} ${Version}\n' | wc -l > /dev/null
