#!/bin/bash
# family: shell
# needs: docs
# Bulk editing: sed -i over many files (each rewritten through a temporary and renamed), then renames.
set -eu
RANDOM=$PG_SEED
find "$PG_DATA" -type f \( -name '*.txt' -o -name '*.md' -o -name '*.csv' \) -print0 | xargs -0 -r sed -i 's/a/A/g'
n=0
for f in $(find "$PG_DATA" -type f -name '*.jpg' | head -$((RANDOM % 20))); do mv "$f" "${f%.jpg}.jpeg"; n=$((n + 1)); done
echo "$n renamed" > /dev/null
