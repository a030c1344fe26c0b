#!/usr/bin/env bash
# Train/predict benchmark: mlctl beside scikit-learn and LIBLINEAR, end to end (CSV read
# included), on generated data. Verifies that the predictions agree before timing anything.
#
#   bench/models/run.sh [--quick] [--runs N]
#
#   --quick   100k rows instead of 1M
#   --runs N  timed runs per measurement, the median is reported (default 3)
# Environment: MLCTL=path/to/mlctl (default: build it in build-bench, Release);
#   ONE_ROW_CALLS (default 200), PY_ONE_ROW_CALLS (default 20).
# Needs /usr/bin/python3 with scikit-learn, pandas, joblib; GNU time (/usr/bin/time);
# liblinear-tools for the LIBLINEAR rows (skipped with a note when missing).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PY=/usr/bin/python3
ROWS=1000000
RUNS=3
while (($#)); do
  case $1 in
    --quick) ROWS=100000 ;;
    --runs) RUNS=$2; shift ;;
    *) echo "usage: run.sh [--quick] [--runs N]" >&2; exit 2 ;;
  esac
  shift
done
ONE_ROW_CALLS=${ONE_ROW_CALLS:-200}
PY_ONE_ROW_CALLS=${PY_ONE_ROW_CALLS:-20}

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

# seconds of "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50" from `time -v`
wall_seconds() {
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
    for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$1"
}
rss_kb() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# measure TASK IMPLEMENTATION ROLE CMD...: RUNS timed runs of CMD under `time -v`; records the
# median wall time and the median peak RSS. ROLE "base" marks the row speed-ups are taken from.
measure() {
  local task=$1 impl=$2 role=$3
  shift 3
  local walls=() rss=() r
  for ((r = 1; r <= RUNS; r++)); do
    if ! /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/stdout.txt" 2>"$WORK/stderr.txt"; then
      echo "run.sh: failed: $*" >&2
      cat "$WORK/stderr.txt" >&2
      exit 1
    fi
    walls+=("$(wall_seconds "$WORK/time.txt")")
    rss+=("$(rss_kb "$WORK/time.txt")")
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$task" "$impl" "$role" "$(median "${walls[@]}")" \
    "$(median "${rss[@]}")" "${walls[*]}" >>"$RESULTS"
  printf '  %-28s %-36s %8ss  (runs: %s)\n' "$task" "$impl" "$(median "${walls[@]}")" "${walls[*]}"
}

# one_row TASK IMPLEMENTATION ROLE CALLS CMD...: CALLS fresh processes in a shell loop, RUNS
# times; records the median mean milliseconds per call (and the peak RSS of one call).
one_row() {
  local task=$1 impl=$2 role=$3 calls=$4
  shift 4
  local means=() r i start end
  /usr/bin/time -v -o "$WORK/time.txt" "$@" >/dev/null 2>&1
  for ((r = 1; r <= RUNS; r++)); do
    start=$(date +%s%N)
    for ((i = 0; i < calls; i++)); do "$@" >/dev/null; done
    end=$(date +%s%N)
    means+=("$(awk -v ns=$((end - start)) -v n="$calls" 'BEGIN { printf "%.2f", ns / n / 1e6 }')")
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$task" "$impl" "$role" "$(median "${means[@]}")" \
    "$(rss_kb "$WORK/time.txt")" "${means[*]}" >>"$RESULTS"
  printf '  %-28s %-36s %8sms per call (runs: %s)\n' "$task" "$impl" "$(median "${means[@]}")" \
    "${means[*]}"
}

REG=$DATA/reg_$N.csv
CLF=$DATA/clf_$N.csv
MIX=$DATA/mixed_$N.csv
W=$WORK

echo "== verification: mlctl (--holdout 0) against scikit-learn (newton-cg; Ridge), $ROWS rows"
"$MLCTL" -q train "$REG" --target y --algorithm ridge --holdout 0 -o "$W/reg.mlm"
"$PY" "$HERE/sk_train.py" ridge "$REG" y "$W/reg.joblib"
"$MLCTL" predict -m "$W/reg.mlm" "$REG" -o "$W/reg_mlctl.csv"
"$PY" "$HERE/sk_predict.py" "$W/reg.joblib" "$REG" "$W/reg_sk.csv"
"$PY" "$HERE/verify.py" reg "ridge, mlctl vs Ridge" "$W/reg_sk.csv" "$W/reg_mlctl.csv" 1e-6
for set in clf mixed; do
  data=$DATA/${set}_$N.csv
  "$MLCTL" -q train "$data" --target label --algorithm logistic --holdout 0 -o "$W/$set.mlm"
  "$PY" "$HERE/sk_train.py" newton-cg "$data" label "$W/${set}_newton.joblib"
  "$MLCTL" predict -m "$W/$set.mlm" "$data" --proba -o "$W/${set}_mlctl.csv"
  "$PY" "$HERE/sk_predict.py" "$W/${set}_newton.joblib" "$data" "$W/${set}_sk.csv" --proba
  "$PY" "$HERE/verify.py" clf "logistic $set, mlctl vs newton-cg" "$W/${set}_sk.csv" \
    "$W/${set}_mlctl.csv" 1e-4
done

if ((HAVE_LIBLINEAR)); then
  echo "== LIBLINEAR: conversion to its sparse format (timed once, not part of training)"
  for spec in "reg:reg:y:$REG" "clf:clf:label:$CLF" "mixed:clf:label:$MIX"; do
    IFS=: read -r set kind target data <<<"$spec"
    RUNS_SAVED=$RUNS RUNS=1
    measure "convert to LIBLINEAR format" "$set" info \
      "$PY" "$HERE/to_liblinear.py" "$kind" "$data" "$target" "$W/$set.svm"
    RUNS=$RUNS_SAVED
  done
  head -n 1 "$W/clf.svm" >"$W/one_row_clf.svm"
  # Not gating: LIBLINEAR 2.3 regularises the bias and stops at a looser tolerance.
  liblinear-train -q -s 11 -p 0 -c 0.5 -B 1 "$W/reg.svm" "$W/reg.ll"
  liblinear-predict "$W/reg.svm" "$W/reg.ll" "$W/reg_ll.txt" >/dev/null
  "$PY" "$HERE/verify.py" reg "ridge, LIBLINEAR -s 11 -p 0 vs Ridge (information)" \
    "$W/reg_sk.csv" "$W/reg_ll.txt" 1
  for set in clf mixed; do
    liblinear-train -q -s 0 -c 1 -B 1 "$W/$set.svm" "$W/$set.ll"
    liblinear-predict -b 1 "$W/$set.svm" "$W/$set.ll" "$W/${set}_ll.txt" >/dev/null
    "$PY" "$HERE/verify.py" clf "logistic $set, LIBLINEAR -s 0 vs newton-cg (information)" \
      "$W/${set}_sk.csv" "$W/${set}_ll.txt" 1
  done
fi

echo "== timing: median of $RUNS runs, $ROWS rows, CSV read included"
measure "train ridge" "mlctl --holdout 0" mlctl \
  "$MLCTL" -q train "$REG" --target y --algorithm ridge --holdout 0 -o "$W/reg.mlm"
measure "train ridge" "mlctl -j1 --holdout 0 (one core)" "" \
  "$MLCTL" -q -j1 train "$REG" --target y --algorithm ridge --holdout 0 -o "$W/reg_j1.mlm"
measure "train ridge" "mlctl (default: 20% holdout + refit)" "" \
  "$MLCTL" -q train "$REG" --target y --algorithm ridge -o "$W/reg_holdout.mlm"
measure "train ridge" "scikit-learn Ridge" base "$PY" "$HERE/sk_train.py" ridge "$REG" y "$W/reg.joblib"
if ((HAVE_LIBLINEAR)); then
  measure "train ridge" "LIBLINEAR -s 11 -p 0" "" \
    liblinear-train -q -s 11 -p 0 -c 0.5 -B 1 "$W/reg.svm" "$W/reg.ll"
fi
for set in clf mixed; do
  data=$DATA/${set}_$N.csv
  task="train logistic ($set)"
  measure "$task" "mlctl --holdout 0" mlctl \
    "$MLCTL" -q train "$data" --target label --algorithm logistic --holdout 0 -o "$W/$set.mlm"
  measure "$task" "mlctl -j1 --holdout 0 (one core)" "" \
    "$MLCTL" -q -j1 train "$data" --target label --algorithm logistic --holdout 0 -o "$W/${set}_j1.mlm"
  measure "$task" "mlctl (default: 20% holdout + refit)" "" \
    "$MLCTL" -q train "$data" --target label --algorithm logistic -o "$W/${set}_holdout.mlm"
  measure "$task" "scikit-learn lbfgs" base \
    "$PY" "$HERE/sk_train.py" lbfgs "$data" label "$W/$set.joblib"
  measure "$task" "scikit-learn newton-cg" "" \
    "$PY" "$HERE/sk_train.py" newton-cg "$data" label "$W/${set}_newton.joblib"
  if ((HAVE_LIBLINEAR)); then
    measure "$task" "LIBLINEAR -s 0" "" \
      liblinear-train -q -s 0 -c 1 -B 1 "$W/$set.svm" "$W/$set.ll"
  fi
done
for spec in "reg:$REG" "clf:$CLF" "mixed:$MIX"; do
  IFS=: read -r set data <<<"$spec"
  task="batch predict ($set)"
  measure "$task" "mlctl predict" mlctl "$MLCTL" predict -m "$W/$set.mlm" "$data" -o "$W/out.csv"
  measure "$task" "mlctl -j1 predict (one core)" "" \
    "$MLCTL" -j1 predict -m "$W/$set.mlm" "$data" -o "$W/out.csv"
  measure "$task" "scikit-learn (joblib load)" base \
    "$PY" "$HERE/sk_predict.py" "$W/$set.joblib" "$data" "$W/out.csv"
  if ((HAVE_LIBLINEAR)); then
    measure "$task" "liblinear-predict" "" \
      liblinear-predict "$W/$set.svm" "$W/$set.ll" "$W/out.txt"
  fi
done
ONE_PY='import sys, joblib, pandas as pd
m = joblib.load(sys.argv[1]); f = pd.read_csv(sys.argv[2])
print(m.predict(f[list(m.feature_names_in_)])[0])'
for set in reg clf; do
  task="one-row predict ($set)"
  one_row "$task" "mlctl predict" mlctl "$ONE_ROW_CALLS" \
    "$MLCTL" predict -m "$W/$set.mlm" "$DATA/one_row_${set}_$N.csv"
  one_row "$task" "python3 -c joblib+sklearn" base "$PY_ONE_ROW_CALLS" \
    "$PY" -c "$ONE_PY" "$W/$set.joblib" "$DATA/one_row_${set}_$N.csv"
done
if ((HAVE_LIBLINEAR)); then
  one_row "one-row predict (clf)" "liblinear-predict" "" "$ONE_ROW_CALLS" \
    liblinear-predict "$W/one_row_clf.svm" "$W/clf.ll" "$W/out.txt"
fi

echo
"$PY" "$HERE/report.py" "$RESULTS" "$ROWS" "$RUNS"
