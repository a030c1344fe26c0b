#!/usr/bin/env bash
# `mlctl train` + `mlctl predict` give scikit-learn's predictions: for every case of
# tests/fixtures/sklearn/cases.txt (every dataset in data/, and the non-default recipe flags),
# train on all rows with a target (--holdout 0), predict the same file, and compare with what
# the equivalent scikit-learn pipeline predicted (tests/fixtures/sklearn/make_reference.py):
# regression values to 1e-6 relative, probabilities to 1e-6 absolute, class labels exactly.
# Needs only awk: the references are committed.
source "$(dirname "$0")/lib.sh"
FIXTURES=${MLCTL_FIXTURES:-$(dirname "$0")/../fixtures}/sklearn
TOLERANCE=1e-6

# compare KIND EXPECTED.csv ACTUAL.csv: prints "rows N, worst deviation D" and succeeds when
# the files agree; otherwise prints the first few disagreements and fails. KIND is ridge
# (one value per row, relative deviation) or logistic (label, then probabilities, absolute).
compare() {
  awk -F, -v kind="$1" -v tolerance="$TOLERANCE" '
    function abs(x) { return x < 0 ? -x : x }
    function complain(text) { if (++bad <= 5) print text }
    NR == FNR { expected[FNR] = $0; n = FNR; next }
    {
      rows = FNR
      if (FNR > n) { complain("extra line " FNR ": " $0); next }
      if (FNR == 1) {
        if ($0 != expected[1]) complain("header [" $0 "], expected [" expected[1] "]")
        next
      }
      split(expected[FNR], e, ",")
      if (NF != length(e)) { complain("line " FNR ": " NF " fields, expected " length(e)); next }
      for (i = 1; i <= NF; ++i) {
        if (kind == "logistic" && i == 1) {
          if ($1 != e[1]) complain("line " FNR ": label " $1 ", expected " e[1])
          continue
        }
        d = abs($i - e[i])
        if (kind == "ridge") d /= (abs(e[i]) > 1 ? abs(e[i]) : 1)
        if (d > worst) { worst = d; where = "line " FNR " field " i ": " $i " vs " e[i] }
        if (!(d <= tolerance)) complain("line " FNR " field " i ": " $i ", expected " e[i])
      }
    }
    END {
      if (rows < n) complain("only " rows " lines, expected " n)
      printf "%d rows, worst deviation %.3g (%s)\n", n - 1, worst, where
      exit bad > 0
    }' "$2" "$3"
}

# expect_same_as_sklearn KIND CASE DESCRIPTION: compares $WORK/CASE.csv with the fixture and
# prints the worst deviation.
expect_same_as_sklearn() {
  local report
  checks=$((checks + 1))
  if report=$(compare "$1" "$FIXTURES/$2.csv" "$WORK/$2.csv"); then
    printf '%-32s %s\n' "$2" "$report"
  else
    fail "$2 ($3) differs from scikit-learn:"$'\n'"$report"
  fi
}

cases=0
while IFS='|' read -r name data target flags; do
  [[ -z $name || $name == \#* ]] && continue
  cases=$((cases + 1))
  read -ra recipe <<<"$flags"
  run train "$MLCTL_DATA/$data" --target "$target" --holdout 0 -o "$WORK/$name.mlm" "${recipe[@]}"
  expect_rc 0
  expect_out_empty
  kind=ridge
  proba=()
  if [[ $(head -1 "$FIXTURES/$name.csv") == *proba_* ]]; then
    kind=logistic
    proba=(--proba)
  fi
  expect_err_contains "algorithm: $kind "
  "$MLCTL" predict -m "$WORK/$name.mlm" "$MLCTL_DATA/$data" "${proba[@]}" \
    >"$WORK/$name.csv" 2>"$WORK/stderr" && rc=0 || rc=$?
  err=$(cat "$WORK/stderr")
  expect_rc 0
  expect_same_as_sklearn "$kind" "$name" "$data --target $target $flags"
done <"$FIXTURES/cases.txt"

# Every dataset in data/ is covered, and the manifest was not silently emptied.
for csv in "$MLCTL_DATA"/*.csv; do
  covered=$(grep -c "|$(basename "$csv")|" "$FIXTURES/cases.txt")
  expect_eq "$((covered > 0))" 1 "has $(basename "$csv") a case in cases.txt"
done
expect_eq "$cases" 21 "number of cases in cases.txt"

# The comparison itself can fail: a probability off by 2e-6 and a wrong label are caught.
printf 'prediction,proba_a,proba_b\na,0.25,0.75\n' >"$WORK/expected.csv"
printf 'prediction,proba_a,proba_b\na,0.250002,0.749998\n' >"$WORK/actual.csv"
compare logistic "$WORK/expected.csv" "$WORK/actual.csv" >/dev/null && rc=0 || rc=$?
expect_eq "$rc" 1 "compare catches a probability off by 2e-6"
printf 'prediction,proba_a,proba_b\nb,0.25,0.75\n' >"$WORK/actual.csv"
compare logistic "$WORK/expected.csv" "$WORK/actual.csv" >/dev/null && rc=0 || rc=$?
expect_eq "$rc" 1 "compare catches a wrong label"
printf 'prediction\n1000\n' >"$WORK/expected.csv"
printf 'prediction\n1000.0009\n' >"$WORK/actual.csv"
compare ridge "$WORK/expected.csv" "$WORK/actual.csv" >/dev/null && rc=0 || rc=$?
expect_eq "$rc" 0 "compare accepts a value within 1e-6 relative"
printf 'prediction\n1000.0011\n' >"$WORK/actual.csv"
compare ridge "$WORK/expected.csv" "$WORK/actual.csv" >/dev/null && rc=0 || rc=$?
expect_eq "$rc" 1 "compare catches a value off by 1.1e-6 relative"
printf 'prediction\n1000\n1000\n' >"$WORK/actual.csv"
compare ridge "$WORK/expected.csv" "$WORK/actual.csv" >/dev/null && rc=0 || rc=$?
expect_eq "$rc" 1 "compare catches an extra line"

finish
