#!/usr/bin/env bash
# Reproduces procguard-ml/ADFA-LD.md in one go:
#   procguard features --format adfa-ld (Java)  ->  folds.py (train.py's estimator, weights, ONNX export)
#   -> procguard evaluate on every fold (Java scorer)  ->  baseline.py (scikit-learn reference)  ->  report.py
# Usage: reproduce.sh [--zip ADFA-LD.zip] [--jar procguard.jar] [--keep] [--quick]
#   --jar    use this procguard.jar instead of building one through ./procguard
#   --keep   keep the private work folder (features, fold models, test CSVs, scores) and print its path
#   --quick  first fold of each protocol only, 30 trees, no baseline: a smoke run whose partial report
#            stays in the (kept) work folder
# Needs Java 17, Maven (first build), /usr/bin/python3 with python3-sklearn and python3-onnx.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
zip="$root/../shared/datasets/adfa-ld/ADFA-LD.zip"
jar=""
keep=0
quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --zip) zip="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --quick) quick=1; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "reproduce.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
py=/usr/bin/python3
if [ ! -f "$zip" ]; then
  echo "reproduce.sh: $zip not found (see ../shared/datasets/adfa-ld/README.md, or pass --zip)" >&2
  exit 3
fi
if ! "$py" -c 'import sklearn, onnx' 2>/dev/null; then
  echo "reproduce.sh: $py lacks scikit-learn or onnx: apt-get install python3-sklearn python3-onnx" >&2
  exit 4
fi
start=$(date +%s)
work="$(mktemp -d)"   # private (0700), never a predictable path
[ "$quick" = 1 ] && keep=1   # a smoke run writes its partial report into the work folder, not over ADFA-LD.md
if [ "$keep" = 0 ]; then trap 'rm -rf -- "$work"' EXIT; fi

if [ -z "$jar" ]; then
  "$root/procguard" --version >/dev/null   # builds procguard-cli/target/procguard.jar when sources changed
  jar="$root/procguard-cli/target/procguard.jar"
fi
pg() { java ${PROCGUARD_JAVA_OPTS:-} -jar "$jar" "$@"; }
schema="$(pg features --help | tr -s ' \n' '  ' | sed -n 's/.*the features of schema \([^ ]*\) in order.*/\1/p')"
if [ -z "$schema" ]; then
  echo "reproduce.sh: cannot read the feature schema version from 'procguard features --help'" >&2
  exit 1
fi

echo "reproduce.sh: features (schema $schema)..." >&2
pg features --format adfa-ld "$zip" > "$work/adfa.csv"

fold_opts=()
[ "$quick" = 1 ] && fold_opts=(--limit 1 --trees 30)
echo "reproduce.sh: folds and ONNX models..." >&2
"$py" "$here/folds.py" --features "$work/adfa.csv" --schema-version "$schema" --out "$work/folds" "${fold_opts[@]}"

echo "reproduce.sh: scoring every fold with procguard evaluate..." >&2
tail -n +2 "$work/folds/folds.tsv" | while IFS=$'\t' read -r protocol model fold held_out model_path test_path sklearn_path; do
  dir="$(dirname "$model_path")"
  pg evaluate --model "$model_path" --features "$test_path" --threshold 0.5 --fpr 0.01 --fpr 0.001 \
      --json --scores "$dir/scores.csv" > "$dir/evaluate.json"
  echo "  $protocol $model $fold" >&2
done

if [ "$quick" = 0 ]; then
  echo "reproduce.sh: scikit-learn reference points..." >&2
  "$py" "$here/baseline.py" --features "$work/adfa.csv" --zip "$zip" --out "$work/baseline.json"
fi

report_opts=()
[ "$quick" = 1 ] && report_opts=(--out "$work/ADFA-LD.md" --json "$work/results.json")
"$py" "$here/report.py" --work "$work" --seconds $(( $(date +%s) - start )) "${report_opts[@]}"
[ "$keep" = 1 ] || [ "$quick" = 1 ] && echo "reproduce.sh: work folder kept: $work" >&2
exit 0
