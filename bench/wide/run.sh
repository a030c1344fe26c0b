#!/usr/bin/env bash
# Wide-data benchmark (issue #14): mlctl beside scikit-learn's sparse pipeline, end to end.
#
#   bench/wide/run.sh [--runs N] [--shapes a,b,c] [--targets y,bin,cls4] [--timeout S]
#                     [--mem-limit GB] DATA_DIR
#
# For each shape (bench/wide/generate.py; written into DATA_DIR when missing) and each target
# (y: ridge, bin: binary logistic, cls4: 4-class multinomial), N interleaved runs of
#   mlctl -q train DATA --target T --exclude <other targets> --holdout 0 -o M.mlm --json
#   sk_wide.py train ridge|logistic DATA T 1 M.joblib   (read_csv + pipeline + fit + dump)
# then, untimed, the objective of each fit (objective.py) from the last run's models, and
# mlctl's solver report (converged, iterations, gradient norm, warnings) from its JSON. Then
# `predict` on the largest shape asked for, mlctl vs sk_wide.py predict, interleaved.
# Every command runs under GNU time (wall, user, sys, peak RSS, minor faults); mlctl under
# `timeout S` (default 180) and a virtual-memory cap (default 12 GB: the dense d x d paths
# would otherwise take the shared machine's memory). A run that hits either is recorded as
# such and the cell's remaining runs are skipped. Defaults: --runs 3 --shapes a,b, all targets.
# MLCTL=/path/to/mlctl selects the binary (default: build/mlctl of this tree).
# Needs /usr/bin/python3 with numpy, pandas, scikit-learn, joblib; GNU time.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PY=/usr/bin/python3
RUNS=3 SHAPES=a,b TARGETS=y,bin,cls4 TIMEOUT=180 MEM_GB=12 DATA=
while (($#)); do
  case $1 in
    --runs) RUNS=$2; shift ;;
    --shapes) SHAPES=$2; shift ;;
    --targets) TARGETS=$2; shift ;;
    --timeout) TIMEOUT=$2; shift ;;
    --mem-limit) MEM_GB=$2; shift ;;
    -*) echo "usage: run.sh [--runs N] [--shapes a,b,c] [--targets y,bin,cls4] [--timeout S]" \
          "[--mem-limit GB] DATA_DIR" >&2; exit 2 ;;
    *) DATA=$1 ;;
  esac
  shift
done
[[ -n $DATA ]] || { echo "run.sh: DATA_DIR missing (the data is not written into the repo)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "run.sh: GNU time missing: apt-get install -y time" >&2; exit 1; }
MLCTL=${MLCTL:-$ROOT/build/mlctl}
[[ -x $MLCTL ]] || { echo "run.sh: no mlctl at $MLCTL (build it, or set MLCTL)" >&2; exit 1; }
IFS=, read -r -a shapes <<<"$SHAPES"
for s in "${shapes[@]}"; do
  [[ $s == [abc] ]] || { echo "run.sh: unknown shape $s (a, b or c)" >&2; exit 2; }
done
targets=()
for t in ${TARGETS//,/ }; do
  case $t in
    y) targets+=("y ridge") ;;
    bin | cls4) targets+=("$t logistic") ;;
    *) echo "run.sh: unknown target $t (y, bin or cls4)" >&2; exit 2 ;;
  esac
done
WORK=$DATA/work_${SHAPES//,/}_${TARGETS//,/}  # one per selection: invocations keep their files
mkdir -p "$WORK"
TIMES=$WORK/times.tsv OBJ=$WORK/objectives.tsv
: >"$TIMES"
: >"$OBJ"

echo "# wide bench $(date -u '+%Y-%m-%d %H:%M UTC'); $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# mlctl $("$MLCTL" --version 2>&1 | head -1) ($MLCTL); scikit-learn" \
  "$("$PY" -c 'import sklearn; print(sklearn.__version__)'); runs $RUNS; timeout ${TIMEOUT}s; memory cap ${MEM_GB} GB"
for s in "${shapes[@]}"; do
  [[ -f $DATA/wide_$s.csv ]] || { echo "generating wide_$s.csv ..."; "$PY" "$HERE/generate.py" "$DATA" "$s"; }
done

# measure CELL IMPL LIMITED CMD...: one run under GNU time; appends "CELL IMPL status wall user
# sys rss_kb faults" to $TIMES. LIMITED=1 runs CMD under the timeout and the memory cap.
# Returns 1 when the run failed (the status column says how).
measure() {
  local cell=$1 impl=$2 limited=$3 rc=0 status=ok
  shift 3
  if ((limited)); then
    (ulimit -v $((MEM_GB * 1024 * 1024)); /usr/bin/time -o "$WORK/one" -f "%e %U %S %M %R" \
      timeout "$TIMEOUT" "$@") >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
  else
    /usr/bin/time -o "$WORK/one" -f "%e %U %S %M %R" "$@" >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
  fi
  if ((rc == 124)); then status=timeout
  elif ((rc != 0)); then status=failed; fi
  local figures
  figures=$(grep -v '^Command' "$WORK/one" | tail -1)
  printf '%s\t%s\t%s\t%s\n' "$cell" "$impl" "$status" "${figures// /$'\t'}" >>"$TIMES"
  printf '  %-14s %-8s %-8s %s\n' "$cell" "$impl" "$status" "$figures"
  if [[ $status != ok ]]; then
    echo "    $(tail -2 "$WORK/stderr" | tr '\n' ' ')"
    return 1
  fi
  grep -i -E 'warn|not converge' "$WORK/stderr" | sort -u | head -3 | sed 's/^/    stderr: /' || true
}

others() { case $1 in y) echo bin,cls4 ;; bin) echo y,cls4 ;; cls4) echo y,bin ;; esac; }
for s in "${shapes[@]}"; do
  data=$DATA/wide_$s.csv
  for spec in "${targets[@]}"; do
    read -r t kind <<<"$spec"
    cell="train $s/$t" m=$WORK/${s}_$t ok=1
    rm -f "$m.mlm" "$m.joblib"  # no stale model from an earlier run reaches predict
    for ((r = 1; r <= RUNS; r++)); do
      if ((ok)); then
        measure "$cell" mlctl 1 "$MLCTL" -q train "$data" --target "$t" --exclude "$(others "$t")" \
          --holdout 0 -o "$m.mlm" --json || ok=0
        ((ok)) && cp "$WORK/stdout" "$m.report.json"
      fi
      measure "$cell" sklearn 0 "$PY" "$HERE/sk_wide.py" train "$kind" "$data" "$t" 1 "$m.joblib"
    done
    if ((ok)); then
      proba=()
      [[ $kind == logistic ]] && proba=(--proba)
      "$MLCTL" -q predict "${proba[@]}" -m "$m.mlm" "$data" -o "$m.pred.csv"
      line=$("$PY" "$HERE/objective.py" "$data" "$t" 1 "$m.mlm" "$m.pred.csv" "$m.joblib" \
        "$m.report.json")
      printf '%s\t%s\n' "$cell" "$line" >>"$OBJ"
      echo "  objective mlctl / sklearn / rel. diff / max |pred diff| / mlctl solver: $line"
    fi
  done
done

s=${shapes[-1]}
for spec in "${targets[@]}"; do
  read -r t kind <<<"$spec"
  m=$WORK/${s}_$t
  [[ -f $m.mlm && -f $m.joblib ]] || continue
  for ((r = 1; r <= RUNS; r++)); do
    measure "predict $s/$t" mlctl 1 "$MLCTL" predict -m "$m.mlm" "$DATA/wide_$s.csv" -o "$WORK/out.csv" || break
    measure "predict $s/$t" sklearn 0 "$PY" "$HERE/sk_wide.py" predict "$m.joblib" "$DATA/wide_$s.csv" "$WORK/out.csv"
  done
done

echo
"$PY" "$HERE/report.py" "$TIMES" "$OBJ" "$TIMEOUT" "$MEM_GB"
