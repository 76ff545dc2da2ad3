#!/usr/bin/env bash
# Start-up of `procguard run -- true` under several JVM option sets, interleaved rounds, median wall and
# CPU (user + sys of the whole process tree, /usr/bin/time) per set, ratios to the first set. See "Live
# monitoring overhead" in benchmarks/README.md.
#
#   sudo benchmarks/scripts/startup.sh                                  # the launcher's flags vs plain java
#   sudo REPS=15 benchmarks/scripts/startup.sh 'launcher=' 'jna=-Djna.platform.library.path=/usr/lib'
#
# Each argument is NAME=JVM-OPTIONS; the options come after the launcher's own (jvm_flags, the CDS archive
# and the unpacked ONNX Runtime libraries, as ./procguard uses them), except for a set whose name starts
# with "plain", which gets only its own options (plain java -jar); an option --jar=PATH runs that jar
# instead (e.g. a copy of the previous build, with its own archive), the others go to the JVM. REPS (11): rounds; JAR
# (procguard-cli/target/procguard.jar); CMD (true): the traced command. Commands are argv arrays, never
# strings for a shell; everything goes into a private mktemp -d directory, removed at the end.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
jar="${JAR:-$repo/procguard-cli/target/procguard.jar}"
REPS="${REPS:-11}"
[ -x /usr/bin/time ] || { echo "startup.sh: /usr/bin/time not found; apt-get install time" >&2; exit 1; }
[ -f "$jar" ] || { echo "startup.sh: no $jar; run ./procguard --version first" >&2; exit 1; }
[ $# -gt 0 ] || set -- 'launcher=' 'plain='
# shellcheck disable=SC1090 # the launcher's JVM flags, read from it, not typed twice
eval "launcher_flags=($(sed -n 's/^jvm_flags=(\(.*\))$/\1/p' "$repo/procguard"))"
native="$(dirname "$jar")/native"
launcher_flags+=(-XX:SharedArchiveFile="${jar%.jar}.jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
[ -f "$native/libonnxruntime.so" ] && launcher_flags+=(-Donnxruntime.native.path="$native")
[ -f "$native/libjnidispatch.so" ] && launcher_flags+=(-Djna.boot.library.path="$native")
read -r -a cmd <<< "${CMD:-true}"

work="$(mktemp -d)"
trap 'rm -rf -- "$work"' EXIT
names=()
for set in "$@"; do
  names+=("${set%%=*}")
done
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $REPS rounds of: procguard run --quiet --no-shm -- ${cmd[*]}"
for ((rep = 1; rep <= REPS; rep++)); do
  for set in "$@"; do
    name="${set%%=*}"; opts="${set#*=}"
    read -r -a words <<< "$opts"
    extra=(); set_jar="$jar"
    for w in "${words[@]}"; do
      if [[ "$w" == --jar=* ]]; then set_jar="${w#--jar=}"; else extra+=("$w"); fi
    done
    if [[ "$name" == plain* ]]; then flags=("${extra[@]}"); else flags=("${launcher_flags[@]}" "${extra[@]}"); fi
    t0=$(date +%s%N)
    /usr/bin/time -o "$work/cpu" -f "%U %S" java "${flags[@]}" -jar "$set_jar" run --quiet --no-shm --log-dir "$work/logs" -- "${cmd[@]}" \
      > /dev/null 2> "$work/err" || { echo "startup.sh: $name failed: $(head -c 400 "$work/err")" >&2; exit 1; }
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 )) >> "$work/wall-$name"
    awk '{ printf "%d\n", ($1 + $2) * 1000 }' "$work/cpu" >> "$work/cpu-$name"
    rm -rf -- "$work/logs"
  done
done
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
base_wall=$(median < "$work/wall-${names[0]}"); base_cpu=$(median < "$work/cpu-${names[0]}")
echo "# load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| set | median wall ms | wall / ${names[0]} | median CPU ms | CPU / ${names[0]} | CPU runs (ms) |"
echo "|---|---|---|---|---|---|"
for n in "${names[@]}"; do
  w=$(median < "$work/wall-$n"); c=$(median < "$work/cpu-$n")
  echo "| $n | $w | $(awk -v a="$w" -v b="$base_wall" 'BEGIN { printf "%.2f", a / b }') | $c | $(awk -v a="$c" -v b="$base_cpu" 'BEGIN { printf "%.2f", a / b }') | $(sort -n "$work/cpu-$n" | tr '\n' ' ')|"
done
