#!/usr/bin/env bash
# Ridge on wide data (issue #14): conjugate gradient over one-hot blocks reaches scikit-learn's
# optimum (tests/fixtures/wide_ridge/make_reference.py: Ridge(solver="sparse_cg", tol=1e-12)),
# predictions to 1e-6 relative; and a category of 12 000 levels, whose dense Gram matrix would
# take 1.2 GB, trains and is evaluated in a few MB (before, out of memory under this limit).
source "$(dirname "$0")/lib.sh"
FIXTURES=${MLCTL_FIXTURES:-$(dirname "$0")/../fixtures}/wide_ridge
TOLERANCE=1e-6

# compare EXPECTED.csv ACTUAL.csv: one value per row, relative deviation (absolute below 1);
# prints "rows N, worst deviation D" and fails on any row off by more than TOLERANCE.
compare() {
  awk -F, -v tolerance="$TOLERANCE" '
    function abs(x) { return x < 0 ? -x : x }
    NR == FNR { expected[FNR] = $1; n = FNR; next }
    FNR == 1 { if ($0 != expected[1]) { print "header [" $0 "]"; bad++ } next }
    {
      rows = FNR
      d = abs($1 - expected[FNR]) / (abs(expected[FNR]) > 1 ? abs(expected[FNR]) : 1)
      if (d > worst) worst = d
      if (!(d <= tolerance) && ++bad <= 5) print "line " FNR ": " $1 ", expected " expected[FNR]
    }
    END {
      if (rows != n) { print rows " lines, expected " n; bad++ }
      printf "%d rows, worst deviation %.3g\n", n - 1, worst
      exit bad > 0
    }' "$1" "$2"
}

for alpha in 1 0.1; do
  run train "$FIXTURES/wide.csv" --target y --holdout 0 --alpha "$alpha" -o "$WORK/wide.mlm"
  expect_rc 0
  expect_out_empty
  expect_err_contains "features: 4 columns, 647 encoded"
  run predict -m "$WORK/wide.mlm" "$FIXTURES/wide.csv" -o "$WORK/pred.csv"
  expect_rc 0
  checks=$((checks + 1))
  if report=$(compare "$FIXTURES/predictions_$alpha.csv" "$WORK/pred.csv"); then
    printf 'alpha %-4s %s\n' "$alpha" "$report"
  else
    fail "alpha $alpha: predictions differ from scikit-learn's:"$'\n'"$report"
  fi
done

# 30 000 rows, a 12 000-level category and two numerics: 12 002 encoded columns.
awk 'BEGIN {
  print "x,z,shop,y"
  for (i = 0; i < 30000; i++) {
    s = (i * 7919) % 12000
    x = ((i * 37) % 101) / 10 - 5
    printf "%.1f,%.1f,s%d,%.3f\n", x, ((i * 53) % 97) / 10, s, 2 * x + (s % 7) - 3 + ((i * 13) % 11) / 10
  }
}' >"$WORK/shops.csv"
(
  # 1 GB of address space: less than the dense Gram matrix alone.
  [[ -n $MLCTL_SANITIZED ]] || ulimit -v 1000000
  "$MLCTL" train "$WORK/shops.csv" --target y --holdout 0 -o "$WORK/shops.mlm"
) >"$WORK/stdout" 2>"$WORK/stderr" && rc=0 || rc=$?
out=$(cat "$WORK/stdout") err=$(cat "$WORK/stderr")
expect_rc 0
expect_err_contains "features: 3 columns, 12002 encoded"
[[ -s $WORK/shops.mlm ]] || fail "no model written"

# The default held-out evaluation too: its predictions and permutation importance score one-hot
# rows (training/held_out_scores.hpp), not a dense 6000 x 12 002 matrix (576 MB, and a copy
# per shuffle).
(
  [[ -n $MLCTL_SANITIZED ]] || ulimit -v 1000000
  "$MLCTL" train "$WORK/shops.csv" --target y -o "$WORK/held_out.mlm" --json
) >"$WORK/stdout" 2>"$WORK/stderr" && rc=0 || rc=$?
out=$(cat "$WORK/stdout") err=$(cat "$WORK/stderr")
expect_rc 0
expect_out_contains '"permutation_importance"'
expect_out_contains '"feature": "shop"'

finish
