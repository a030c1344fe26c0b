#!/usr/bin/env bash
# Process start (issue #16): a one-row `mlctl predict` and `mlctl --version` beside /bin/true
# (the floor) and LIBLINEAR's liblinear-predict on a one-row file, for two mlctl binaries.
#
#   bench/start/run.sh                          # NEW=build/mlctl OLD=/work/bin-base-s17/mlctl
#   NEW=... OLD=... ROUNDS=20 RUNS=20 bench/start/run.sh
#
# Wall time: ROUNDS hyperfine runs, each running every command RUNS times after a warm-up, so
# that the commands take turns through the whole measurement and a busy neighbour weighs on all
# of them alike; the medians and quartiles are of all ROUNDS x RUNS times of each command.
# User and system time: the mean of hyperfine's per-run means (getrusage). Then, once per
# command: peak RSS and minor page faults (GNU time, median of 21 calls), and
# instructions executed from the dynamic loader on (callgrind: independent of the machine's
# load). Needs hyperfine, liblinear-tools, valgrind and GNU time; writes only in a temporary
# directory, removed at exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
NEW=$(realpath "${NEW:-$root/build/mlctl}")
OLD=$(realpath "${OLD:-/work/bin-base-s17/mlctl}")
ROUNDS=${ROUNDS:-20}
RUNS=${RUNS:-20}
for tool in hyperfine liblinear-train liblinear-predict valgrind /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# The same data for both: breast_cancer.csv (569 rows, 30 numbers, a binary target), logistic
# regression. LIBLINEAR reads its sparse format; label 1 is malignant.
data=$root/data/breast_cancer.csv
"$OLD" -q train "$data" --target diagnosis --holdout 0 -o model.mlm
head -2 "$data" >one_row.csv
awk -F, 'NR > 1 { printf "%d", $31 == "malignant"; for (i = 1; i <= 30; i++) printf " %d:%s", i, $i;
  print "" }' "$data" >all.svm
head -1 all.svm >one_row.svm
liblinear-train -q -s 0 all.svm liblinear.model
echo "one-row files: $(stat -c %s one_row.csv) bytes (CSV), $(stat -c %s one_row.svm) bytes (LIBLINEAR)"
echo "mlctl old: $("$OLD" predict -m model.mlm one_row.csv | tail -1)," \
  "new: $("$NEW" predict -m model.mlm one_row.csv | tail -1)," \
  "liblinear: $(liblinear-predict one_row.svm liblinear.model /dev/stdout | head -1) (1 = malignant)"

names=(true liblinear-predict "predict old" "predict new" "version old" "version new")
commands=(/bin/true "liblinear-predict -q one_row.svm liblinear.model out.txt"
  "$OLD predict -m model.mlm one_row.csv" "$NEW predict -m model.mlm one_row.csv"
  "$OLD --version" "$NEW --version")
args=()
for i in "${!names[@]}"; do args+=("--command-name=${names[$i]}" "${commands[$i]}"); done
for round in $(seq "$ROUNDS"); do
  hyperfine -N --style none --warmup 5 --runs "$RUNS" --export-json "round$round.json" \
    "${args[@]}" >/dev/null
done

python3 - "$ROUNDS" <<'PY'
import json, statistics, sys
rounds = int(sys.argv[1])
times, user, system = {}, {}, {}
for r in range(1, rounds + 1):
    for result in json.load(open(f"round{r}.json"))["results"]:
        times.setdefault(result["command"], []).extend(result["times"])
        # hyperfine's means of the runs' user and system times (getrusage: microseconds, so
        # a mean over RUNS calls resolves what GNU time's 10 ms cannot)
        user.setdefault(result["command"], []).append(result["user"])
        system.setdefault(result["command"], []).append(result["system"])
floor = statistics.median(times["true"])
print(f"\n| command | wall ms, median (quartiles) | fastest ms | median minus /bin/true ms "
      f"| user ms | system ms | runs |")
print("|---|---|---:|---:|---:|---:|---:|")
for name, t in times.items():
    q = statistics.quantiles(t, n=4)
    m = statistics.median(t)
    print(f"| {name} | {m * 1e3:.2f} ({q[0] * 1e3:.2f}-{q[2] * 1e3:.2f}) | {min(t) * 1e3:.2f} "
          f"| {(m - floor) * 1e3:.2f} | {statistics.fmean(user[name]) * 1e3:.2f} "
          f"| {statistics.fmean(system[name]) * 1e3:.2f} | {len(t)} |")
PY

echo
echo "| command | peak RSS KB (median of 21) | minor faults | instructions (callgrind) |"
echo "|---|---:|---:|---:|"
for i in "${!names[@]}"; do
  read -ra cmd <<<"${commands[$i]}"
  for _ in $(seq 21); do
    /usr/bin/time -f "%M %R" -o time.txt "${cmd[@]}" >/dev/null
    cat time.txt
  done >times.txt
  rss=$(sort -n -k1 times.txt | sed -n 11p | cut -d' ' -f1)
  faults=$(sort -n -k2 times.txt | sed -n 11p | cut -d' ' -f2)
  valgrind --tool=callgrind --callgrind-out-file=cg.out "${cmd[@]}" >/dev/null 2>cg.err
  instructions=$(sed -n 's/^==[0-9]*== Collected : //p' cg.err)
  echo "| ${names[$i]} | $rss | $faults | $instructions |"
done
