#!/usr/bin/env bash
# Train/predict benchmark: mlctl beside scikit-learn and LIBLINEAR, end to end (CSV read
# included), on five generated data sets of three shapes (narrow numeric, mixed with categories
# and missing values, four kinds of numbers). Verifies that the predictions agree before timing
# anything, then times each task's commands in one interleaved run.
#
#   bench/models/run.sh [--quick] [--runs N]
#
#   --quick   100k rows instead of 1M
#   --runs N  rounds per task; medians are reported (default 5)
# Environment: MLCTL=path/to/mlctl (default: build it in build-bench, Release).
# Needs /usr/bin/python3 with scikit-learn, pandas, joblib; GNU time (/usr/bin/time); cmake and
# a C++ compiler for bench/kinds_generate; liblinear-tools for the LIBLINEAR rows (skipped with
# a note when missing). One-row predict beside liblinear-predict: bench/start/run.sh.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PY=/usr/bin/python3
ROWS=1000000
RUNS=5
while (($#)); do
  case $1 in
    --quick) ROWS=100000 ;;
    --runs) RUNS=$2; shift ;;
    *) echo "usage: run.sh [--quick] [--runs N]" >&2; exit 2 ;;
  esac
  shift
done

[[ -x /usr/bin/time ]] || { echo "run.sh: GNU time missing: apt-get install -y time" >&2; exit 1; }
HAVE_LIBLINEAR=1
command -v liblinear-train >/dev/null || {
  HAVE_LIBLINEAR=0
  echo "run.sh: liblinear-train missing (apt-get install -y liblinear-tools): LIBLINEAR skipped" >&2
}

if [[ -z ${MLCTL:-} ]]; then
  BUILD=$ROOT/build-bench
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j2 --target mlctl >/dev/null
  MLCTL=$BUILD/mlctl
fi

N=$( ((ROWS % 1000000 == 0)) && echo "$((ROWS / 1000000))M" || echo "$((ROWS / 1000))k")
DATA=$ROOT/bench/generated/models
WORK=$DATA/work_$N
mkdir -p "$WORK"
RESULTS=$WORK/results.tsv
: >"$RESULTS"

if [[ ! -f $DATA/one_row_mixed_$N.csv ]]; then  # written last
  echo "generating $ROWS-row data sets in $DATA ..."
  "$PY" "$HERE/generate.py" "$ROWS" "$DATA"
fi
for kind in reg clf; do
  if [[ ! -f $DATA/kinds_${kind}_$N.csv ]]; then
    cmake -S "$ROOT/bench" -B "$DATA/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$DATA/build" --target kinds_generate >/dev/null
    "$DATA/build/kinds_generate" "$kind" "$ROWS" "$DATA/kinds_${kind}_$N.csv.tmp"
    mv "$DATA/kinds_${kind}_$N.csv.tmp" "$DATA/kinds_${kind}_$N.csv"
  fi
done

# One interleaved group of commands: every round runs each command once, the order rotated
# from round to round, so that load from other processes falls on all of them alike (#16).
# Each run is measured by GNU time: wall, user and system time, peak RSS, page faults.
NAMES=() ROLES=() CMDS=()
# add IMPLEMENTATION ROLE CMD...: ROLE "base" is the row speed-ups are taken from (scikit-learn),
# "mlctl" the row checked against the targets; "" anything else.
add() {
  NAMES+=("$1") ROLES+=("$2")
  CMDS+=("$(printf '%q ' "${@:3}")")
}
# run_group TASK: RUNS rounds of the commands added since the last group; one results line per run.
run_group() {
  local task=$1 n=${#NAMES[@]} r k i
  for ((r = 0; r < RUNS; r++)); do
    for ((k = 0; k < n; k++)); do
      i=$(((r + k) % n))
      if ! eval "/usr/bin/time -v -o $(printf '%q' "$WORK/time.txt") ${CMDS[i]}" \
        >"$WORK/stdout.txt" 2>"$WORK/stderr.txt"; then
        echo "run.sh: failed: ${CMDS[i]}" >&2
        cat "$WORK/stderr.txt" >&2
        exit 1
      fi
      # train -v logs its read phase: "reading FILE: 171.2 MB, 1000000 rows, 1043.2 MB/s, ..."
      local read_rate
      read_rate=$(sed -n 's/^mlctl: info: reading .* rows, \([0-9.]*\) MB\/s.*/\1/p' "$WORK/stderr.txt")
      awk -v task="$task" -v impl="${NAMES[i]}" -v role="${ROLES[i]}" -v rate="${read_rate:-}" -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3 ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2]) }
        /User time/ { user = $2 } /System time/ { sys = $2 } /Maximum resident/ { rss = $2 }
        /Major \(requiring I\/O\) page faults/ { major = $2 } /Minor \(reclaiming a frame\) page faults/ { minor = $2 }
        END { printf "%s\t%s\t%s\t%.3f\t%.2f\t%.2f\t%d\t%d\t%s\n", task, impl, role, wall, user, sys, rss, major + minor, rate }' \
        "$WORK/time.txt" >>"$RESULTS"
    done
  done
  printf '  %-26s %d commands x %d rounds\n' "$task" "$n" "$RUNS"
  NAMES=() ROLES=() CMDS=()
}

# name:kind:target: the data sets; ridge for reg, logistic for clf.
SETS=(reg:reg:y clf:clf:label mixed:clf:label kinds_reg:reg:y kinds_clf:clf:label)
W=$WORK

echo "== verification: mlctl (--holdout 0) against scikit-learn (Ridge; newton-cg), $ROWS rows"
for spec in "${SETS[@]}"; do
  IFS=: read -r set kind target <<<"$spec"
  data=$DATA/${set}_$N.csv
  if [[ $kind == reg ]]; then
    "$MLCTL" -q train "$data" --target "$target" --algorithm ridge --holdout 0 -o "$W/$set.mlm"
    "$PY" "$HERE/sk_train.py" ridge "$data" "$target" "$W/$set.joblib"
    "$MLCTL" predict -m "$W/$set.mlm" "$data" -o "$W/${set}_mlctl.csv"
    "$PY" "$HERE/sk_predict.py" "$W/$set.joblib" "$data" "$W/${set}_sk.csv"
    "$PY" "$HERE/verify.py" reg "ridge $set, mlctl vs Ridge" "$W/${set}_sk.csv" "$W/${set}_mlctl.csv" 1e-6
  else
    "$MLCTL" -q train "$data" --target "$target" --algorithm logistic --holdout 0 -o "$W/$set.mlm"
    "$PY" "$HERE/sk_train.py" newton-cg "$data" "$target" "$W/${set}_newton.joblib"
    "$MLCTL" predict -m "$W/$set.mlm" "$data" --proba -o "$W/${set}_mlctl.csv"
    "$PY" "$HERE/sk_predict.py" "$W/${set}_newton.joblib" "$data" "$W/${set}_sk.csv" --proba
    "$PY" "$HERE/verify.py" clf "logistic $set, mlctl vs newton-cg" "$W/${set}_sk.csv" \
      "$W/${set}_mlctl.csv" 1e-4
    "$PY" "$HERE/sk_train.py" lbfgs "$data" "$target" "$W/$set.joblib"  # the timed default
  fi
done

if ((HAVE_LIBLINEAR)); then
  echo "== LIBLINEAR: conversion to its sparse format (timed once, not part of training)"
  for spec in "${SETS[@]}"; do
    IFS=: read -r set kind target <<<"$spec"
    add "$set" info "$PY" "$HERE/to_liblinear.py" "$kind" "$DATA/${set}_$N.csv" "$target" "$W/$set.svm"
    RUNS_SAVED=$RUNS RUNS=1
    run_group "convert to LIBLINEAR format"
    RUNS=$RUNS_SAVED
    # Not gating: LIBLINEAR 2.3 regularises the bias and stops at a looser tolerance.
    if [[ $kind == reg ]]; then
      liblinear-train -q -s 11 -p 0 -c 0.5 -B 1 "$W/$set.svm" "$W/$set.ll"
      liblinear-predict "$W/$set.svm" "$W/$set.ll" "$W/${set}_ll.txt" >/dev/null
      "$PY" "$HERE/verify.py" reg "ridge $set, LIBLINEAR -s 11 -p 0 vs Ridge (information)" \
        "$W/${set}_sk.csv" "$W/${set}_ll.txt" 1
    else
      liblinear-train -q -s 0 -c 1 -B 1 "$W/$set.svm" "$W/$set.ll"
      liblinear-predict -b 1 "$W/$set.svm" "$W/$set.ll" "$W/${set}_ll.txt" >/dev/null
      "$PY" "$HERE/verify.py" clf "logistic $set, LIBLINEAR -s 0 vs newton-cg (information)" \
        "$W/${set}_sk.csv" "$W/${set}_ll.txt" 1
    fi
  done
fi

echo "== timing: $RUNS interleaved rounds per task, $ROWS rows, CSV read included"
{
  echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# $("$MLCTL" --version | head -1); $("$PY" -c 'import sklearn; print("scikit-learn", sklearn.__version__)')"
} >"$WORK/machine.txt"
cat "$WORK/machine.txt"
for spec in "${SETS[@]}"; do
  IFS=: read -r set kind target <<<"$spec"
  data=$DATA/${set}_$N.csv
  if [[ $kind == reg ]]; then
    algorithm=ridge sk=ridge sk_name="scikit-learn Ridge" ll=(-s 11 -p 0 -c 0.5 -B 1)
  else
    algorithm=logistic sk=lbfgs sk_name="scikit-learn lbfgs" ll=(-s 0 -c 1 -B 1)
  fi
  fit=(train "$data" --target "$target" --algorithm "$algorithm")
  add "mlctl --holdout 0" mlctl "$MLCTL" -v "${fit[@]}" --holdout 0 -o "$W/$set.mlm"
  add "mlctl -j1 --holdout 0 (one core)" "" "$MLCTL" -q -j1 "${fit[@]}" --holdout 0 -o "$W/${set}_j1.mlm"
  add "mlctl (default: 20% holdout + refit)" "" "$MLCTL" -q "${fit[@]}" -o "$W/${set}_holdout.mlm"
  add "$sk_name" base "$PY" "$HERE/sk_train.py" "$sk" "$data" "$target" "$W/$set.joblib"
  if ((HAVE_LIBLINEAR)); then
    add "LIBLINEAR ${ll[*]}" "" liblinear-train -q "${ll[@]}" "$W/$set.svm" "$W/$set.ll"
  fi
  run_group "train $algorithm ($set)"

  add "mlctl predict" mlctl "$MLCTL" predict -m "$W/$set.mlm" "$data" -o "$W/out.csv"
  add "mlctl -j1 predict (one core)" "" "$MLCTL" -j1 predict -m "$W/$set.mlm" "$data" -o "$W/out.csv"
  add "scikit-learn (joblib load)" base "$PY" "$HERE/sk_predict.py" "$W/$set.joblib" "$data" "$W/out.csv"
  if ((HAVE_LIBLINEAR)); then
    add "liblinear-predict" "" liblinear-predict "$W/$set.svm" "$W/$set.ll" "$W/out.txt"
  fi
  run_group "batch predict ($set)"
done

echo
"$PY" "$HERE/report.py" "$RESULTS" "$ROWS" "$RUNS" "$WORK/machine.txt"
