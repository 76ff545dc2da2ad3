#!/bin/bash
# family: vcs
# Git in a temporary repository: commits, branches, a merge, log/diff, a local clone, gc.
set -eu
RANDOM=$PG_SEED
git config --global user.email dev@example.invalid
git config --global user.name Dev
git config --global init.defaultBranch main
git init -q repo$RANDOM && cd repo*
for c in $(seq 1 $((2 + RANDOM % 8))); do
  for f in $(seq 1 $((1 + RANDOM % 4))); do r=$RANDOM; seq $r $((r + 50 + c)) > "file$f.txt"; done
  git add -A && git commit -qm "change $c"
done
git checkout -qb feature
echo "feature $RANDOM" >> file1.txt && git commit -qam feature
git checkout -q main
git merge -q --no-edit feature || true
git log --oneline | wc -l > /dev/null
git diff HEAD~1 --stat > /dev/null
git status --short > /dev/null
cd .. && git clone -q repo* clone && cd clone && git log -1 --format=%H > /dev/null
[ $((RANDOM % 2)) -eq 0 ] && git gc -q
exit 0
