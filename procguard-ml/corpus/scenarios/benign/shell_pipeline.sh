#!/bin/bash
# family: shell
# Everyday shell work with coreutils: generate, sort, count, grep, cut, sed, awk, xargs.
set -eu
RANDOM=$PG_SEED
seq 1 $((100 + RANDOM)) | shuf --random-source=<(yes $RANDOM) > nums.txt
sort -n nums.txt | uniq | wc -l > /dev/null
grep -c 7 nums.txt > /dev/null || true
awk '{ s += $1 } END { print s }' nums.txt > sum.txt
cut -c1-2 nums.txt | sort | uniq -c | sort -rn | head -5 > top.txt
sed 's/1/one/g' nums.txt | tr a-z A-Z | tail -3 > /dev/null
ls -la /usr/bin | awk '{print $5}' | sort -n | tail -1 > /dev/null
mkdir -p d && seq 1 $((1 + RANDOM % 30)) | xargs -I{} touch d/file{}.txt
find d -name '*.txt' | wc -l > /dev/null
du -sh d > /dev/null; date +%s > /dev/null; sleep 0.$((RANDOM % 4))
cat /etc/os-release | head -2 > /dev/null
