#!/usr/bin/env bash
# Live monitoring overhead: wall time of a syscall-heavy workload run untraced, under plain strace, under
# strace with procguard's flags, and under `procguard run` (full and lean mode), interleaved, median of
# REPS runs each, printed as ratios. See "Live monitoring overhead" in benchmarks/README.md.
#
#   sudo benchmarks/scripts/overhead.sh                 # both workloads, 5 repetitions
#   sudo REPS=9 WORKLOADS=find FILES=40000 benchmarks/scripts/overhead.sh
#
# Settings (environment): REPS (5), WORKLOADS ("find gcc"; also spin: CPU-bound loops, one per CPU, SPINS additions each), FILES (20000 files in the find tree),
# PASSES (5 find passes per run), CFILES (12 C files for gcc), CLASSIFIER (onnx), JAVA_OPTS (default:
# the launcher's jvm_flags, read from ./procguard; set it, even to "", to measure others),
# JAR (procguard-cli/target/procguard.jar), CDS (1: also the launcher's class-data-sharing archive
# and unpacked ONNX Runtime libraries next to JAR, if there are, as `./procguard` uses them; run
# `./procguard --version` once after a build to make them), VARIANTS (default: untraced strace strace-pg
# strace-pg-tzless strace-pg-file strace-pg-fifo procguard procguard-fifo; also strace-lean procguard-lean, and
# procguard-jvm-defaults: without JAVA_OPTS, to compare the launcher's JVM flags on long runs; what each
# strace flag costs by itself, each alone with -f into /dev/null: strace-ttt, strace-T, strace-y, strace-yy,
# strace-s256, strace-quiet (--quiet=attach,personality), strace-pg-y (procguard's flags with -y for
# -yy); strace-pg-tzless is procguard's flags without the TZ procguard gives strace; strace-pg-shm: into a file
# on tmpfs (/dev/shm) instead of the disk; strace-pg-awake: strace-pg with a process beside it that wakes every
# 5 ms and does nothing, as the monitor's follower does (on a VM whose idle vCPUs halt, that alone speeds
# strace up: benchmarks/README.md, round 10)); strace-split and strace-pg-split: strace (with procguard's flags)
# and the workload on the CPUs `procguard run` gives them (all allowed but the last, --affinity split: the monitor's
# own cost against a baseline placed alike); procguard-unsplit and procguard-lean-unsplit: `procguard run
# --affinity off` (everything on every CPU, as before round 12), and procguard@NAME
# for each NAME=OPTIONS in JVM_SETS (';'-separated: procguard run with those JVM
# options in place of JAVA_OPTS, e.g. JVM_SETS='c1=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC;tiered=-XX:+UseSerialGC';
# an option --jar=PATH runs that jar instead, without the launcher's archive and libraries (give them as
# options), and words after -- go to `procguard run`, e.g. 'coarse=-XX:TieredStopAtLevel=1 -- --score-every 5000').
# procguard-startup (`procguard run -- true`) always runs.
# Everything runs in a private mktemp -d directory (0700), removed at the end; commands are argv
# arrays, never strings handed to a shell.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
jar="${JAR:-$repo/procguard-cli/target/procguard.jar}"
REPS="${REPS:-5}"
WORKLOADS="${WORKLOADS:-find gcc}"
FILES="${FILES:-20000}"
PASSES="${PASSES:-5}"
CFILES="${CFILES:-12}"
CLASSIFIER="${CLASSIFIER:-onnx}"
# the JVM flags ./procguard uses, read from it, not typed twice
launcher_flags="$(sed -n 's/^jvm_flags=(\(.*\))$/\1/p' "$repo/procguard")"
JAVA_OPTS="${JAVA_OPTS-$launcher_flags}"
CDS="${CDS:-1}"
VARIANTS="${VARIANTS:-untraced strace strace-pg strace-pg-tzless strace-pg-file strace-pg-fifo procguard procguard-fifo}"

die() { echo "overhead.sh: $*" >&2; exit 1; }
[ -x /usr/bin/time ] || die "/usr/bin/time not found; install it: apt-get install time"
for tool in strace java find gcc mkfifo taskset; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found; install it (apt-get install strace openjdk-17-jdk-headless findutils gcc coreutils util-linux)"
done
[ "$(id -u)" = 0 ] || echo "overhead.sh: not root; procguard run may still trace its own children (no Yama), --user is not used" >&2

if [ ! -f "$jar" ]; then
  echo "overhead.sh: building $jar ..." >&2
  (cd "$repo" && mvn -q -B -DskipTests -pl procguard-cli -am package) >&2 || die "build failed; run 'mvn -B -DskipTests -pl procguard-cli -am package' in $repo"
fi

# The lean trace set is the one procguard uses: read it from the source, not typed twice.
# the declaration may be wrapped after the '=': read the file as one line
lean_set="$(tr '\n' ' ' < "$repo/procguard-cli/src/main/java/io/procguard/cli/monitor/StraceCommand.java" \
  | sed -n 's/.*LEAN_TRACE_SET = *"\([^"]*\)".*/\1/p')"
[ -n "$lean_set" ] || die "cannot read LEAN_TRACE_SET from StraceCommand.java"
pg_flags=(-f -ttt -T -yy -s 256 --quiet=attach,personality)
pg_flags_tzless=("${pg_flags[@]}")
pg_flags_y=(-f -ttt -T -y -s 256 --quiet=attach,personality)
# procguard gives strace a TZ when the session has none, and takes it out of the program's environment
# again (StraceCommand.straceEnvironment): the strace-pg variants do the same; strace-pg-tzless does not
if [ -z "${TZ+x}" ]; then
  pg_env=(env TZ=:/etc/localtime); pg_flags+=(-E TZ); pg_flags_y+=(-E TZ)
else
  pg_env=()
fi
# the CPUs procguard run --affinity split gives strace and the program: every allowed CPU but the last
split_cpus() {
  local list part a b
  local -a cpus=()
  list="$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status)"
  for part in ${list//,/ }; do
    a="${part%-*}"; b="${part#*-}"
    for ((; a <= b; a++)); do cpus+=("$a"); done
  done
  if [ "${#cpus[@]}" -lt 2 ]; then echo "${cpus[*]}"; return; fi
  unset 'cpus[${#cpus[@]}-1]'
  local IFS=,; echo "${cpus[*]}"
}
traced_cpus="$(split_cpus)"
JVM_SETS="${JVM_SETS:-}"
# jvm_set NAME: prints the options of NAME in JVM_SETS, fails if there is none
jvm_set() {
  local set
  IFS=';' read -r -a sets <<< "$JVM_SETS"
  for set in "${sets[@]}"; do
    if [ "${set%%=*}" = "$1" ]; then echo "${set#*=}"; return 0; fi
  done
  return 1
}

work="$(mktemp -d)"
# strace-pg-shm's trace file: the same private kind of directory on tmpfs (/dev/shm), where /tmp may be a disk
shm_work="$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)"
reader_pid=""
cleanup() {
  [ -n "$reader_pid" ] && kill "$reader_pid" 2>/dev/null || true
  rm -rf -- "$work" "$shm_work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cp -- "$jar" "$work/procguard.jar" # a private copy: a rebuild during the run must not change what is measured
cds_opts=()
if [ "$CDS" = 1 ] && [ -f "${jar%.jar}.jsa" ]; then
  # the launcher's archive is only valid for the jar it was made with (path, size, time), so that jar is
  # measured in place; a rebuild meanwhile makes the JVM ignore the archive (slower, never wrong)
  cds_opts=(-XX:SharedArchiveFile="${jar%.jar}.jsa" -Xshare:auto)
  rm -f -- "$work/procguard.jar"
else
  jar="$work/procguard.jar"
fi
# ONNX Runtime's libraries as the launcher unpacks them next to the jar
native="$(dirname "$jar")/native"
if [ "$CDS" = 1 ] && [ -f "$native/libonnxruntime.so" ]; then cds_opts+=(-Donnxruntime.native.path="$native"); fi
if [ "$CDS" = 1 ] && [ -f "$native/libjnidispatch.so" ]; then cds_opts+=(-Djna.boot.library.path="$native"); fi
# shellcheck disable=SC2206 # JAVA_OPTS is a list of JVM flags
pg_run=(java $JAVA_OPTS "${cds_opts[@]}" -jar "$jar" run --quiet --no-shm --classifier "$CLASSIFIER")

# --- workloads ------------------------------------------------------------------------------------
make_find_tree() {
  local tree="$work/tree" d i
  mkdir -p "$tree"
  for ((d = 0; d < 200; d++)); do
    mkdir "$tree/d$d"
    for ((i = d; i < FILES; i += 200)); do : > "$tree/d$d/f$i"; done
  done
  # PASSES passes of find, each newfstatat-ing every file (-size), reading every directory
  workload=(sh -c 'i=0; while [ "$i" -lt "$1" ]; do find "$2" -type f -size +0 -print; i=$((i + 1)); done' sh "$PASSES" "$tree")
  workload_desc="find over $FILES files x $PASSES passes"
}

# the opposite of the others: CPU-bound and parallel, almost no syscalls: one shell loop per usable CPU, what
# --affinity split costs a program (it loses the monitor's CPU)
make_spin() {
  local n
  n="$(nproc)"
  workload=(sh -c 'i=0; while [ "$i" -lt "$1" ]; do (j=0; while [ "$j" -lt "$2" ]; do j=$((j + 1)); done) & i=$((i + 1)); done; wait' sh "$n" "${SPINS:-300000}")
  workload_desc="$n shell loops of ${SPINS:-300000} additions in parallel"
}

make_gcc_project() {
  local src="$work/csrc" i
  mkdir -p "$src"
  for ((i = 0; i < CFILES; i++)); do
    cat > "$src/unit$i.c" <<EOF
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
int unit$i(int n) { char *b = malloc(64); snprintf(b, 64, "%d", n); int r = (int) strlen(b) + (int) sqrt((double) n); free(b); return r; }
EOF
  done
  { echo '#include <stdio.h>'; for ((i = 0; i < CFILES; i++)); do echo "int unit$i(int);"; done
    echo 'int main(void) { int s = 0;'; for ((i = 0; i < CFILES; i++)); do echo "s += unit$i($i);"; done
    echo 'printf("%d\n", s); return 0; }'; } > "$src/main.c"
  workload=(sh -c 'cd "$1" && for f in *.c; do gcc -O1 -c "$f" || exit 1; done && gcc -o prog ./*.o -lm && ./prog' sh "$src")
  workload_desc="gcc -O1 of $((CFILES + 1)) C files, link, run"
}

# --- variants ---------------------------------------------------------------------------------------
# run_variant NAME REP: runs the workload once under NAME, prints the wall seconds
run_variant() {
  local name="$1" rep="$2" t0 t1 rc=0
  local -a cmd
  case "$name" in
    untraced) cmd=("${workload[@]}") ;;
    strace) cmd=(strace -f -o /dev/null -- "${workload[@]}") ;;
    strace-split) cmd=(taskset -c "$traced_cpus" strace -f -o /dev/null -- "${workload[@]}") ;;
    strace-pg-split) cmd=("${pg_env[@]}" taskset -c "$traced_cpus" strace "${pg_flags[@]}" -o /dev/null -- "${workload[@]}") ;;
    procguard-unsplit) cmd=("${pg_run[@]}" --affinity off --log-dir "$work/logs-$name-$rep" -- "${workload[@]}") ;;
    procguard-lean-unsplit) cmd=("${pg_run[@]}" --affinity off --seccomp-bpf --log-dir "$work/logs-$name-$rep" -- "${workload[@]}") ;;
    strace-pg|strace-pg-awake) cmd=("${pg_env[@]}" strace "${pg_flags[@]}" -o /dev/null -- "${workload[@]}") ;;
    strace-pg-fifo) cmd=("${pg_env[@]}" strace "${pg_flags[@]}" -o "$work/fifo" -- "${workload[@]}") ;;
    strace-pg-file) rm -f "$work/trace.log"; cmd=("${pg_env[@]}" strace "${pg_flags[@]}" -o "$work/trace.log" -- "${workload[@]}") ;;
    strace-pg-shm) rm -f "$shm_work/trace.log"; cmd=("${pg_env[@]}" strace "${pg_flags[@]}" -o "$shm_work/trace.log" -- "${workload[@]}") ;;
    strace-ttt) cmd=(strace -f -ttt -o /dev/null -- "${workload[@]}") ;;
    strace-T) cmd=(strace -f -T -o /dev/null -- "${workload[@]}") ;;
    strace-y) cmd=(strace -f -y -o /dev/null -- "${workload[@]}") ;;
    strace-yy) cmd=(strace -f -yy -o /dev/null -- "${workload[@]}") ;;
    strace-s256) cmd=(strace -f -s 256 -o /dev/null -- "${workload[@]}") ;;
    strace-quiet) cmd=(strace -f --quiet=attach,personality -o /dev/null -- "${workload[@]}") ;;
    strace-pg-tzless) cmd=(env -u TZ strace "${pg_flags_tzless[@]}" -o /dev/null -- "${workload[@]}") ;;
    strace-pg-y) cmd=("${pg_env[@]}" strace "${pg_flags_y[@]}" -o /dev/null -- "${workload[@]}") ;;
    procguard@*) local opts w set_jar="$jar" in_run=0
      local -a jvm=() run_args=()
      opts="$(jvm_set "${name#procguard@}")" || die "no JVM set ${name#procguard@} in JVM_SETS"
      read -r -a words <<< "$opts"
      for w in "${words[@]}"; do
        if [ "$in_run" = 1 ]; then run_args+=("$w")
        elif [ "$w" = -- ]; then in_run=1
        elif [[ "$w" == --jar=* ]]; then set_jar="${w#--jar=}"
        else jvm+=("$w"); fi
      done
      # a set with its own jar brings its own archive and libraries (as JVM options), not the launcher's
      if [ "$set_jar" = "$jar" ]; then jvm+=("${cds_opts[@]}"); fi
      cmd=(java "${jvm[@]}" -jar "$set_jar" run --quiet --no-shm --classifier "$CLASSIFIER" "${run_args[@]}" --log-dir "$work/logs-${name#procguard@}-$rep" -- "${workload[@]}") ;;
    strace-lean) cmd=("${pg_env[@]}" strace "${pg_flags[@]}" --seccomp-bpf -e "trace=$lean_set" -o /dev/null -- "${workload[@]}") ;;
    procguard) cmd=("${pg_run[@]}" --log-dir "$work/logs-$name-$rep" -- "${workload[@]}") ;;
    procguard-jvm-defaults) cmd=(java "${cds_opts[@]}" -jar "$jar" run --quiet --no-shm --classifier "$CLASSIFIER" --log-dir "$work/logs-$name-$rep" -- "${workload[@]}") ;;
    procguard-fifo) cmd=("${pg_run[@]}" --trace-channel fifo --log-dir "$work/logs-$name-$rep" -- "${workload[@]}") ;;
    procguard-lean) cmd=("${pg_run[@]}" --seccomp-bpf --log-dir "$work/logs-$name-$rep" -- "${workload[@]}") ;;
    procguard-startup) cmd=("${pg_run[@]}" --log-dir "$work/logs-$name-$rep" -- true) ;;
    *) die "unknown variant $name" ;;
  esac
  if [ "$name" = strace-pg-awake ]; then
    perl -e 'select(undef, undef, undef, 0.005) while 1' & reader_pid=$!
  fi
  if [ "$name" = strace-pg-fifo ]; then
    # the same channel procguard reads: a FIFO drained by a reader that does nothing with the bytes
    rm -f "$work/fifo"; mkfifo -m 600 "$work/fifo"
    cat "$work/fifo" > /dev/null & reader_pid=$!
  fi
  t0=$(date +%s%N)
  /usr/bin/time -o "$work/cpu" -f "%U %S" "${cmd[@]}" > /dev/null 2> "$work/stderr" || rc=$?
  t1=$(date +%s%N)
  awk '{ printf "%d\n", ($1 + $2) * 1000 }' "$work/cpu" >> "$work/cpu-$name"
  if [ "$name" = strace-pg-fifo ]; then wait "$reader_pid" || true; reader_pid=""; fi
  if [ "$name" = strace-pg-awake ]; then kill "$reader_pid" 2>/dev/null || true; wait "$reader_pid" 2>/dev/null || true; reader_pid=""; fi
  [ "$rc" = 0 ] || die "$name failed (exit $rc): $(head -c 600 "$work/stderr")"
  rm -rf -- "$work/logs-$name-$rep" "$work/logs-${name#procguard@}-$rep" "$work/trace.log" "$shm_work/trace.log"
  echo $(( (t1 - t0) / 1000000 ))
}

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(uname -srm), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), strace $(strace -V | head -1 | awk '{print $NF}'), $(java -version 2>&1 | head -1)"
echo "# classifier $CLASSIFIER, $REPS interleaved repetitions, median wall time; lean set: $lean_set"
echo "# procguard: java ${JAVA_OPTS:-(no JAVA_OPTS)} ${cds_opts[*]:-(no CDS archive)} -jar $jar"
echo "# strace-split, strace-pg-split: on CPUs $traced_cpus (procguard run --affinity split puts strace and the program there)"
variants=(procguard-startup $VARIANTS)
for w in $WORKLOADS; do
  case "$w" in
    find) make_find_tree ;;
    gcc) make_gcc_project ;;
    spin) make_spin ;;
    *) die "unknown workload $w (find, gcc, spin)" ;;
  esac
  declare -A times=()
  run_variant untraced 0 > /dev/null # warm the page cache
  rm -f "$work/cpu-untraced"
  for ((rep = 1; rep <= REPS; rep++)); do
    for v in "${variants[@]}"; do
      ms=$(run_variant "$v" "$rep")
      times[$v]="${times[$v]:-} $ms"
      echo "  $w rep $rep $v ${ms} ms" >&2
    done
  done
  declare -A med=() cpu=()
  for v in "${variants[@]}"; do
    med[$v]=$(echo "${times[$v]}" | tr ' ' '\n' | grep -v '^$' | median)
    cpu[$v]=$(median < "$work/cpu-$v"); rm -f "$work/cpu-$v"
  done
  echo
  echo "## $w: $workload_desc"
  echo
  echo "| variant | median wall ms | runs (ms) | / untraced | / strace -f | / strace, procguard's flags | median CPU ms (user+sys, all processes) | CPU / strace, procguard's flags |"
  echo "|---|---|---|---|---|---|---|---|"
  for v in "${variants[@]}"; do
    echo "| $v | ${med[$v]} | ${times[$v]# } | $(ratio "${med[$v]}" "${med[untraced]:-0}") | $(ratio "${med[$v]}" "${med[strace]:-0}") | $(ratio "${med[$v]}" "${med[strace-pg]:-0}") | ${cpu[$v]} | $(ratio "${cpu[$v]}" "${cpu[strace-pg]:-0}") |"
  done
  if [ -n "${med[procguard]:-}" ] && [ -n "${med[strace-pg]:-}" ]; then
    echo
    echo "procguard run / strace with the same flags: $(ratio "${med[procguard]}" "${med[strace-pg]}") (target <= 1.2);" \
      "without the JVM start (procguard-startup): $(ratio "$(( ${med[procguard]%.*} - ${med[procguard-startup]%.*} ))" "${med[strace-pg]}")"
  fi
  unset times med cpu
done
