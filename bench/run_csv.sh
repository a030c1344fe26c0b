#!/usr/bin/env bash
# CSV read throughput: `cat FILE > /dev/null`, mlctl's reader (bench/csv_throughput) and
# pandas.read_csv, side by side, on generated numeric and mixed files of 20 columns.
#
#   bench/run_csv.sh [ROWS...]        default: 1000000 5000000
#   REPEAT=3 bench/run_csv.sh 1000000 (best of REPEAT runs; default 3)
#
# Builds what it needs and writes its files under bench/generated/ (gitignored). Each reader's
# result is checked (counts and sum from csv_generate's FILE.expect, pandas' shape) before its
# time is printed. MB = 10^6 bytes. The machine is shared, so mlctl and pandas are timed in CPU
# time (user + system) of the read alone, best of REPEAT, with the file warm in the page cache
# (pandas' time covers read_csv, not the interpreter's start); cat is timed by the wall clock.
# Beside each reader's rate: the read's system seconds and minor page faults and the process's
# peak RSS (getrusage; pandas' includes the interpreter and the frame), from its fastest run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=$here/generated
build=$out/build
python=/usr/bin/python3  # Debian's, with pandas (not the pyenv python3 on PATH)
repeat=${REPEAT:-3}
rows_list=("$@")
((${#rows_list[@]})) || rows_list=(1000000 5000000)

cmake -S "$here" -B "$build" >/dev/null
cmake --build "$build" -j2 >/dev/null

# The best of REPEAT lines "CPU_SECONDS SYS_SECONDS FAULTS PEAK_RSS_KB": the fastest run, whole.
best() { sort -g | head -1; }
now() { date +%s.%N; }

printf '%-22s %8s %9s %11s %11s %8s   %-26s %-26s\n' file MB 'cat MB/s' 'mlctl MB/s' \
  'pandas MB/s' speedup 'mlctl sys s/faults/RSS MB' 'pandas sys s/faults/RSS MB'
for rows in "${rows_list[@]}"; do
  for kind in numeric mixed; do
    file=$out/${kind}_${rows}.csv
    [[ -s $file && -s $file.expect ]] || "$build/csv_generate" "$kind" "$rows" "$file"
    bytes=$(stat -c %s "$file")
    mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')

    cat_s=$(for _ in $(seq "$repeat"); do
      t0=$(now); cat "$file" >/dev/null; t1=$(now)
      awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'
    done | best)

    mlctl_s=$(for _ in $(seq "$repeat"); do
      "$build/csv_throughput" "$file" 2>"$out/stderr" >"$out/counts"
      if ! diff -q "$out/counts" "$file.expect" >/dev/null; then
        echo "mlctl reader gave wrong counts on $file:" >&2
        diff "$out/counts" "$file.expect" >&2
        exit 1
      fi
      # "C cpu s, W wall s, R MB/s, S sys s, F faults, K KB"
      awk '{ print $1, $9, $12, $14 }' "$out/stderr"
    done | best)

    pandas_s=$(for _ in $(seq "$repeat"); do
      "$python" - "$file" "$rows" <<'PY'
import resource, sys, time
import pandas
path, rows = sys.argv[1], int(sys.argv[2])
start = time.process_time()
before = resource.getrusage(resource.RUSAGE_SELF)
frame = pandas.read_csv(path)
seconds = time.process_time() - start
after = resource.getrusage(resource.RUSAGE_SELF)
if frame.shape != (rows, 20):
    sys.exit(f"pandas read {frame.shape}, expected ({rows}, 20)")
print(f"{seconds} {after.ru_stime - before.ru_stime:.3f} {after.ru_minflt - before.ru_minflt} "
      f"{after.ru_maxrss}")
PY
    done | best)

    read -r m ms mf mk <<<"$mlctl_s"
    read -r p ps pf pk <<<"$pandas_s"
    awk -v name="${kind}_${rows}" -v mb="$mb" -v c="$cat_s" -v m="$m" -v p="$p" \
      -v mu="$ms/$mf/$((mk / 1024))" -v pu="$ps/$pf/$((pk / 1024))" \
      'BEGIN { printf "%-22s %8s %9.0f %11.1f %11.1f %7.1fx   %-26s %-26s\n", name, mb, mb / c,
               mb / m, mb / p, p / m, mu, pu }'
  done
done
