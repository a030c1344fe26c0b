#!/usr/bin/env bash
# Embedding: docs/examples/embed/ configured and built against an installed mlcore
# (find_package(mlcore), warnings as errors) predicts single rows exactly as `mlctl predict`
# does: ridge, multinomial logistic, missing values and unseen categories, and the errors.
# Reuses the tested build tree: only the example's one file is compiled.
source "$(dirname "$0")/lib.sh"
: "${MLCTL_BUILD_DIR:?set by CTest}" "${MLCTL_SOURCE_DIR:?set by CTest}"

PREFIX=$WORK/prefix
cmake --install "$MLCTL_BUILD_DIR" --prefix "$PREFIX" --component development \
  >"$WORK/log" 2>&1 && rc=0 || rc=$?
err=$(cat "$WORK/log")
expect_rc 0

WARNINGS="-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Werror"
{ cmake -S "$MLCTL_SOURCE_DIR/docs/examples/embed" -B "$WORK/embed" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$PREFIX" -DCMAKE_CXX_FLAGS="$WARNINGS" &&
  cmake --build "$WORK/embed"; } >"$WORK/log" 2>&1 && rc=0 || rc=$?
err=$(cat "$WORK/log")
expect_rc 0
# The example's build found the installed package, not anything in this tree.
checks=$((checks + 1))
grep -qx "mlcore_DIR:PATH=$PREFIX/.*/cmake/mlcore" "$WORK/embed/CMakeCache.txt" ||
  fail "mlcore_DIR is not under the install prefix: $(grep mlcore_DIR "$WORK/embed/CMakeCache.txt")"
PREDICT_ONE=$WORK/embed/predict_one
[[ -x $PREDICT_ONE ]] || {
  fail "the example did not build: $err"
  finish
}

# one PREDICT_ONE-ARGS...: runs the example, capturing $out, $err and $rc.
one() {
  out=$("$PREDICT_ONE" "$@" 2>"$WORK/stderr") && rc=0 || rc=$?
  err=$(cat "$WORK/stderr")
}

# expect_same_as_mlctl MODEL DATA LINE [PREDICT-FLAGS...]: line LINE of DATA (a CSV without
# quoted fields) predicted by the example, passed as COLUMN=VALUE arguments, equals what
# `mlctl predict` prints for it.
expect_same_as_mlctl() {
  local model=$1 data=$2 line=$3
  shift 3
  local -a names values args=()
  IFS=, read -ra names < <(head -1 "$data")
  IFS=, read -ra values < <(sed -n "${line}p" "$data")
  for i in "${!names[@]}"; do args+=("${names[$i]}=${values[$i]:-}"); done
  { head -1 "$data"; sed -n "${line}p" "$data"; } >"$WORK/row.csv"
  local expected
  expected=$("$MLCTL" predict -q -m "$model" "$WORK/row.csv" --no-header "$@")
  one "$model" "${args[@]}"
  expect_rc 0
  expect_err_empty
  expect_out_equals "$expected"
  checks=$((checks + 1))
  [[ -n $expected ]] || fail "mlctl predict printed nothing for line $line of $data"
}

DIABETES=$MLCTL_DATA/diabetes.csv
PENGUINS=$MLCTL_DATA/penguins.csv
run train "$DIABETES" --target target -q -o "$WORK/diabetes.mlm"
expect_rc 0
run train "$PENGUINS" --target species -q -o "$WORK/penguins.mlm"
expect_rc 0

expect_same_as_mlctl "$WORK/diabetes.mlm" "$DIABETES" 2
expect_same_as_mlctl "$WORK/diabetes.mlm" "$DIABETES" 443
expect_same_as_mlctl "$WORK/penguins.mlm" "$PENGUINS" 2 --proba
expect_same_as_mlctl "$WORK/penguins.mlm" "$PENGUINS" 300 --proba
# Every feature missing: imputed numbers and the missing sex category.
expect_same_as_mlctl "$WORK/penguins.mlm" "$PENGUINS" 5 --proba
expect_eq "$(sed -n 5p "$PENGUINS")" "Adelie,Torgersen,NA,NA,NA,NA,NA,2007" "penguins line 5"
# An island the model never saw, as mlctl predicts it.
sed -e '1!s/^\([^,]*\),Biscoe,/\1,Atlantis,/' "$PENGUINS" >"$WORK/atlantis.csv"
expect_same_as_mlctl "$WORK/penguins.mlm" "$WORK/atlantis.csv" 30 --proba
expect_eq "$(sed -n 30p "$WORK/atlantis.csv" | cut -d, -f2)" Atlantis "island of line 30"

# Errors arrive as mlctl::Error with mlctl's messages.
one "$WORK/penguins.mlm" island=Dream
expect_rc 1
expect_err_equals 'predict_one: column "bill_length_mm" is missing: the model needs it as a feature'
one "$WORK/diabetes.mlm" age=old sex=1 bmi=1 bp=1 s1=1 s2=1 s3=1 s4=1 s5=1 s6=1
expect_rc 1
expect_err_equals 'predict_one: column "age": "old" is not a number (the model was trained on numbers here)'
one "$WORK/missing.mlm" a=1
expect_rc 1
expect_err_contains "predict_one: "
expect_err_contains "missing.mlm"

finish
