#!/bin/bash
# family: shell
# Scripts as they are written: functions, command substitutions of pipelines, while-read loops fed by a
# pipe, ( cd ... ) subshells, process substitution, a few background jobs and wait, and the system's own
# shell-script tools (ldd, zgrep/zcat, which) and a POSIX sh script run by dash. Every $( a | b ) forks a
# subshell that forks the pipeline's members, so this is where forks without exec, two generations deep,
# are everyday work (a fork bomb is not the only thing that makes them).
set -u
RANDOM=$PG_SEED
n_files=$((1 + RANDOM % 4))
mkdir -p src out
for i in $(seq 1 "$n_files"); do
    printf 'line %s\nvalue=%s\n# comment\n' "$i" "$RANDOM" > "src/f$i.conf"
done

base_of() { local p=$1; echo "${p##*/}"; }
upper() { tr '[:lower:]' '[:upper:]'; }
count_values() { grep -h '^value=' "$@" | cut -d= -f2 | sort -n | uniq | wc -l; }

total=0
for f in src/*.conf; do
    name=$(basename "$f" .conf)
    dir=$(dirname "$f")
    up=$(echo "$name" | upper)
    v=$(grep '^value=' "$f" | cut -d= -f2)
    total=$((total + v))
    b=$(base_of "$f")
    echo "$dir/$b $up $v" >> out/index.txt
done
distinct=$(count_values src/*.conf)

# a while-read loop fed by a pipeline, and one fed by process substitution
sort -k3 -n out/index.txt | while read -r path key value; do
    [ -n "$value" ] && printf '%s=%s\n' "$key" "$(echo "$value" | sed 's/^0*//')" >> out/kv.txt
done
while read -r line; do
    case "$line" in
        *F1*) echo "first $line" >> out/notes.txt ;;
        *) : ;;
    esac
done < <(grep -h F out/kv.txt 2>/dev/null || true)

# subshells with their own directory, nested substitutions
( cd out && ls -1 | wc -l > count.txt )
stamp=$(date +%s)
nested=$(echo "$(basename "$(pwd)")-$(id -un)" | tr - _)
echo "$stamp $nested $total $distinct" > out/summary.txt

# a few background jobs
for j in $(seq 1 $((1 + RANDOM % 3))); do
    ( sleep 0.0$((RANDOM % 9)); md5sum src/*.conf > "out/sums$j.txt" ) &
done
wait

# the system's own shell-script tools
ldd /bin/ls > out/ldd.txt 2>/dev/null || true
gzip -c out/index.txt > out/index.gz
zgrep -c conf out/index.gz > /dev/null || true
zcat out/index.gz | head -"$((1 + RANDOM % 5))" > /dev/null
which ls sort > /dev/null 2>&1 || true
command -v awk > /dev/null

# a POSIX sh script run by dash
cat > job.sh <<'EOF'
#!/bin/sh
set -u
n=0
for f in "$@"; do
    size=$(wc -c < "$f")
    kind=$(head -1 "$f" | cut -d' ' -f1)
    n=$((n + size))
    [ "$kind" = line ] && echo "$(basename "$f"):$size" >> sizes.txt
done
echo "total $n" | tee -a sizes.txt > /dev/null
EOF
chmod +x job.sh
sh ./job.sh src/*.conf
exit 0
