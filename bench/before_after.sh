#!/usr/bin/env bash
# Clean-data speed of two mlctl binaries, interleaved: each command runs with BEFORE, then AFTER,
# RUNS times, on the 1M-row files of bench/models/generate.py. Prints the medians of wall, user
# and system time, peak RSS and minor page faults (GNU time), and the ratio of the wall times.
#
#   bench/before_after.sh BEFORE_BIN AFTER_BIN DATA_DIR [RUNS]
#   e.g. /usr/bin/python3 bench/models/generate.py 1000000 /tmp/data
#        bench/before_after.sh /tmp/mlctl-old build/mlctl /tmp/data 5
set -euo pipefail
before=$1 after=$2 data=$3 runs=${4:-3}
[[ -x /usr/bin/time ]] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
times=$work/times.txt
measure() {  # LABEL VERSION BIN ARGS...
  local label=$1 version=$2 bin=$3
  shift 3
  /usr/bin/time -o "$work/one" -f "%e %U %S %M %R" "$bin" -q "$@" >/dev/null
  echo "$label $version $(cat "$work/one")" >>"$times"
}
for ((i = 0; i < runs; i++)); do
  for version in before after; do
    bin=$before
    [[ $version == after ]] && bin=$after
    m=$work/$version
    measure train-ridge-reg $version "$bin" train "$data/reg_1M.csv" --target y --holdout 0 -o "$m-reg.mlm"
    measure train-logistic-clf $version "$bin" train "$data/clf_1M.csv" --target label --holdout 0 -o "$m-clf.mlm"
    measure train-logistic-mixed $version "$bin" train "$data/mixed_1M.csv" --target label --holdout 0 -o "$m-mixed.mlm"
    measure train-default-mixed $version "$bin" train "$data/mixed_1M.csv" --target label -o "$m-default.mlm"
    measure predict-mixed $version "$bin" predict -m "$m-mixed.mlm" "$data/mixed_1M.csv"
    measure describe-mixed $version "$bin" describe "$data/mixed_1M.csv"
  done
done
python3 - "$times" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
order = []
for line in open(sys.argv[1]):
    task, version, *figures = line.split()
    if task not in order:
        order.append(task)
    runs[(task, version)].append([float(x) for x in figures])
def cell(rows):
    wall, user, sys_, rss, faults = (statistics.median(c) for c in zip(*rows))
    spread = max(r[0] for r in rows) - min(r[0] for r in rows)
    return wall, f"{wall:.2f} s (±{spread / 2:.2f}) / {user:.2f} / {sys_:.2f}, {rss / 1024:.0f} MB, {faults / 1000:.1f}k"
print("| task | before: wall / user / sys, peak RSS, minor faults | after | after / before |")
print("|---|---|---|---:|")
for task in order:
    b, before = cell(runs[(task, "before")])
    a, after = cell(runs[(task, "after")])
    print(f"| {task} | {before} | {after} | {a / b:.2f} |")
PY
