#!/usr/bin/env bash
# Times `mlctl describe` beside pandas (read_csv + describe(include="all")) on two shapes of
# data, in one interleaved run: each round runs every command once, in an order rotated from
# round to round, so that load from other processes falls on all of them alike. Each run is
# measured by /usr/bin/time -v: wall, user and system time, peak RSS, page faults.
#
#   bench/describe/run.sh [ROUNDS]        (defaults: 5 rounds, data in $BENCH_DIR or /tmp)
#   MLCTL=build/mlctl BASE=/path/to/old/mlctl bench/describe/run.sh
#
# BASE (optional) is another mlctl binary timed in the same rounds (before/after a change).
# LINT=1 also times `mlctl lint-data FILE` (and BASE's), which reads the same files.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rounds=${1:-5}
mlctl=${MLCTL:-$here/../../build/mlctl}
base=${BASE:-}
dir=${BENCH_DIR:-/tmp/mlctl-bench-describe}
python=/usr/bin/python3
mkdir -p "$dir"
[[ -s $dir/mixed.csv ]] || $python "$here/generate.py" mixed 1000000 "$dir/mixed.csv"
[[ -s $dir/messy.csv ]] || $python "$here/generate.py" messy 200000 "$dir/messy.csv"

echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
commands=("mlctl" "pandas")
[[ -n $base ]] && commands=("mlctl" "base" "pandas")
if [[ ${LINT:-} == 1 ]]; then
  commands+=("lint")
  [[ -n $base ]] && commands+=("baselint")
fi

run_one() {  # NAME FILE -> one line: name shape wall user sys rss_kb faults
  local name=$1 file=$2 log
  log=$(mktemp)
  case $name in
    mlctl) /usr/bin/time -v "$mlctl" describe -q "$file" >/dev/null 2>"$log" ;;
    base) /usr/bin/time -v "$base" describe -q "$file" >/dev/null 2>"$log" ;;
    pandas) /usr/bin/time -v "$python" "$here/pandas_describe.py" "$file" >/dev/null 2>"$log" ;;
    # Findings of level error give exit 1 (docs/exit-codes.md): not a failed run here.
    lint) /usr/bin/time -v "$mlctl" lint-data "$file" >/dev/null 2>"$log" || true ;;
    baselint) /usr/bin/time -v "$base" lint-data "$file" >/dev/null 2>"$log" || true ;;
  esac
  awk -v name="$name" -v shape="$(basename "$file" .csv)" -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3 ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2]) }
    /User time/ { user = $2 } /System time/ { sys = $2 } /Maximum resident/ { rss = $2 }
    /Major \(requiring I\/O\) page faults/ { major = $2 } /Minor \(reclaiming a frame\) page faults/ { minor = $2 }
    END { printf "%s %s %.2f %.2f %.2f %d %d\n", name, shape, wall, user, sys, rss, major + minor }' "$log"
  rm -f "$log"
}

results=$(mktemp)
for shape in mixed messy; do
  for ((r = 0; r < rounds; ++r)); do
    n=${#commands[@]}
    for ((k = 0; k < n; ++k)); do
      run_one "${commands[(r + k) % n]}" "$dir/$shape.csv" >>"$results"
    done
  done
done
# Medians per command and shape.
echo "| shape | command | wall s | user s | sys s | peak RSS MB | page faults |"
echo "|---|---|---|---|---|---|---|"
sort -k2,2 -k1,1 "$results" | awk '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; ++i) for (j = i; j > 1 && a[j - 1] > a[j]; --j) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function flush() {
    if (n == 0) return
    printf "| %s | %s | %.2f | %.2f | %.2f | %.0f | %.0f |\n", s, c, median(w, n), median(u, n), median(y, n), median(m, n) / 1024, median(f, n)
    n = 0
  }
  { if ($1 != c || $2 != s) flush(); c = $1; s = $2; ++n; w[n] = $3; u[n] = $4; y[n] = $5; m[n] = $6; f[n] = $7 }
  END { flush() }'
rm -f "$results"
