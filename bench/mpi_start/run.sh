#!/usr/bin/env bash
# Start-up cost of the ways mlctl could ship MPI (issue #15), measured in one interleaved run.
#
#   bench/mpi_start/run.sh [--runs N] [--mpi-runs M]
#
# Builds, into a temporary directory, three relinks of the objects of an existing mlctl build
# (BUILD=/path/to/build, default build/ of this tree; configure and build it first):
#   a  mlctl as built (the same file as plain `mlctl` under option d);
#   b  a: linked against libmpi (-Wl,--no-as-needed), MPI_Init never called on the plain path;
#   c  a + mpi_probe.cpp: dlopen("libmpi.so.40") and MPI_Init only when a launcher's variables
#      (OMPI_COMM_WORLD_SIZE, PMIX_RANK, PMI_RANK) are set, else three getenv calls;
#   d  a + mpi_probe.cpp -DPROBE_LINKED, linked against libmpi: a separate `mlctl-mpi` that
#      always calls MPI_Init.
# Plain runs (N rounds; each round runs a, b, c once per command, the order rotated from one
# round to the next): `--version` and a one-row `predict` (a ridge model trained on
# data/diabetes.csv, the first row of that file). Wall time from bash's
# EPOCHREALTIME around the call (fork and exec included, the same for every variant); peak RSS
# and minor page faults from GNU time in a second call of the same round.
# Launched runs (M rounds): `mpirun -np 1|2 BIN --version` for a (launch cost without MPI), c
# and d: wall time of the whole mpirun, and the probe's own MPI_Init (dlopen included for c) and
# MPI_Finalize in milliseconds, and each rank's peak RSS and minor faults (GNU time inside
# mpirun). Medians; the wall time's first and third quartiles beside it, and its fastest run
# (on a shared machine the fastest is the closest to the cost without the neighbours).
# Last, the plain commands again under `perf stat` (if perf is installed): CPU time per call,
# less disturbed by the neighbours than the wall clock.
# Needs GNU time, Open MPI (openmpi-bin, libopenmpi-dev) and python3.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUNS=200 MPI_RUNS=20
while (($#)); do
  case $1 in
    --runs) RUNS=$2; shift ;;
    --mpi-runs) MPI_RUNS=$2; shift ;;
    *) echo "usage: run.sh [--runs N] [--mpi-runs M]" >&2; exit 2 ;;
  esac
  shift
done
BUILD=${BUILD:-$ROOT/build}
[[ -x /usr/bin/time ]] || { echo "run.sh: GNU time missing: apt-get install -y time" >&2; exit 1; }
command -v mpicxx >/dev/null || { echo "run.sh: mpicxx missing: apt-get install -y libopenmpi-dev openmpi-bin" >&2; exit 1; }
[[ -f $BUILD/CMakeFiles/mlctl.dir/link.txt && -x $BUILD/mlctl ]] ||
  { echo "run.sh: no mlctl build in $BUILD (build it, or set BUILD)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The variants: mlctl's own link command with another output and extra inputs.
link=$(cat "$BUILD/CMakeFiles/mlctl.dir/link.txt")
[[ $link == *" -o mlctl "* ]] || { echo "run.sh: unexpected link line in $BUILD" >&2; exit 1; }
relink() {  # OUTPUT EXTRA...
  local out=$1
  shift
  (cd "$BUILD" && ${link/ -o mlctl / -o $out } "$@")
}
read -r -a mpi_link <<<"$(mpicc --showme:link)"
g++ -O2 -std=c++20 -c "$HERE/mpi_probe.cpp" -o "$WORK/probe_dlopen.o"
mpicxx -O2 -std=c++20 -DPROBE_LINKED -c "$HERE/mpi_probe.cpp" -o "$WORK/probe_linked.o"
cp "$BUILD/mlctl" "$WORK/a"
relink "$WORK/b" -Wl,--no-as-needed "${mpi_link[@]}" -Wl,--as-needed
relink "$WORK/c" "$WORK/probe_dlopen.o"
relink "$WORK/d" "$WORK/probe_linked.o" -Wl,--no-as-needed "${mpi_link[@]}" -Wl,--as-needed
"$WORK/b" --version >/dev/null
ldd "$WORK/b" | grep -q libmpi || { echo "run.sh: variant b is not linked against libmpi" >&2; exit 1; }
! ldd "$WORK/c" | grep -q libmpi || { echo "run.sh: variant c is linked against libmpi" >&2; exit 1; }

"$WORK/a" -q train "$ROOT/data/diabetes.csv" --target target --holdout 0 -o "$WORK/m.mlm"
head -2 "$ROOT/data/diabetes.csv" >"$WORK/one.csv"

TIMES=$WORK/times.txt
: >"$TIMES"
plain() {  # LABEL VARIANT ARGS...
  local label=$1 v=$2 t0 t1
  shift 2
  t0=$EPOCHREALTIME
  "$WORK/$v" "$@" >/dev/null
  t1=$EPOCHREALTIME
  /usr/bin/time -o "$WORK/one" -f "%M %R" "$WORK/$v" "$@" >/dev/null
  echo "$label $v $t0 $t1 $(cat "$WORK/one") - -" >>"$TIMES"
}
launched() {  # NP VARIANT
  local np=$1 v=$2 t0 t1 init fin
  rm -f "$WORK/ranks"
  t0=$EPOCHREALTIME
  mpirun --allow-run-as-root --oversubscribe -np "$np" \
    /usr/bin/time -a -o "$WORK/ranks" -f "%M %R" "$WORK/$v" --version >/dev/null 2>"$WORK/err"
  t1=$EPOCHREALTIME
  # Rank 0's probe line (every rank prints one; they agree to a fraction of a millisecond).
  read -r init fin < <(sed -n 's/^mpi_probe: init \([0-9.]*\) finalize \([0-9.]*\)$/\1 \2/p' "$WORK/err" | head -1) || true
  echo "mpirun-np$np $v $t0 $t1 $(sort -n "$WORK/ranks" | tail -1) ${init:--} ${fin:--}" >>"$TIMES"
}
orders=("a b c" "b c a" "c a b")  # rotated each round: no variant always follows another
for ((i = 0; i < RUNS; i++)); do
  for v in ${orders[i % 3]}; do plain version "$v" --version; done
  for v in ${orders[i % 3]}; do plain predict-1-row "$v" predict -m "$WORK/m.mlm" "$WORK/one.csv"; done
done
for ((i = 0; i < MPI_RUNS; i++)); do
  for np in 1 2; do
    for v in a c d; do launched "$np" "$v"; done
  done
done

# CPU time, which the neighbours on a shared machine disturb less than the wall clock: perf
# stat's task-clock, in RUNS/20 interleaved rounds of 20 calls per variant (if perf is here);
# the median of the rounds' means, and their lowest and highest.
cpu_times() {
  command -v perf >/dev/null || { echo "(perf missing: no CPU times)"; return; }
  local label v i args
  : >"$WORK/cpu.txt"
  for ((i = 0; i < RUNS / 20; i++)); do
    for label in version predict-1-row; do
      args=(--version)
      [[ $label == predict-1-row ]] && args=(predict -m "$WORK/m.mlm" "$WORK/one.csv")
      for v in ${orders[i % 3]}; do
        perf stat -x, -r 20 -e task-clock,page-faults "$WORK/$v" "${args[@]}" 2>"$WORK/perf" >/dev/null
        awk -F, -v l="$label" -v v="$v" '$3 == "task-clock" {t = $1} $3 == "page-faults" {f = $1}
          END {print l, v, t, f}' "$WORK/perf" >>"$WORK/cpu.txt"
      done
    done
  done
  python3 - "$WORK/cpu.txt" <<'PY'
import collections, statistics, sys
rows, order = collections.defaultdict(list), []
for line in open(sys.argv[1]):
    label, v, t, f = line.split()
    if (label, v) not in rows:
        order.append((label, v))
    rows[(label, v)].append((float(t), float(f)))
print("| command | variant | CPU ms per call, median of rounds (lowest-highest) | page faults |")
print("|---|---|---|---:|")
for key in order:
    t = [x[0] for x in rows[key]]
    print(f"| {key[0]} | {key[1]} | {statistics.median(t):.2f} ({min(t):.2f}-{max(t):.2f}) "
          f"| {statistics.median(x[1] for x in rows[key]):.0f} |")
PY
}

echo "# mpi start-up bench $(date -u '+%Y-%m-%d %H:%M UTC'); $(lscpu | sed -n 's/^Model name: *//p')," \
  "$(nproc) cores; $(mpirun --version | head -1); $RUNS plain rounds, $MPI_RUNS launched rounds;" \
  "$("$WORK/a" --version | head -1)"
python3 - "$TIMES" <<'PY'
import collections, statistics, sys
rows, order = collections.defaultdict(list), []
for line in open(sys.argv[1]):
    task, v, t0, t1, rss, faults, init, fin = line.split()
    if (task, v) not in rows:
        order.append((task, v))
    rows[(task, v)].append((float(t1) - float(t0), float(rss), float(faults), init, fin))
med = statistics.median
print("| command | variant | wall ms, median (quartiles) | fastest ms | peak RSS MB | minor faults | MPI_Init ms | MPI_Finalize ms |")
print("|---|---|---|---:|---:|---:|---:|---:|")
for task, v in order:
    r = rows[(task, v)]
    wall = [x[0] * 1000 for x in r]
    def ms(i):
        vals = [float(x[i]) for x in r if x[i] != "-"]
        return f"{med(vals):.1f}" if vals else "-"
    q1, _, q3 = statistics.quantiles(wall, n=4) if len(wall) > 1 else (wall[0],) * 3
    print(f"| {task} | {v} | {med(wall):.2f} ({q1:.2f}-{q3:.2f}) | {min(wall):.2f} "
          f"| {med(x[1] for x in r) / 1024:.1f} | {med(x[2] for x in r):.0f} | {ms(3)} | {ms(4)} |")
PY
echo
cpu_times
