#!/usr/bin/env bash
# Wide logistic fits use TRON (issue #14; solvers/solver_choice.hpp picks it from the data's
# shape): they reach scikit-learn's optimum and say so (train --json: "method": "tron"); one stopped by --max-iter is warned about
# and reported as not converged, in the text and the JSON report.
source "$(dirname "$0")/lib.sh"

# 4000 rows, a 3200-level category (most levels seen once or twice) and two numerics:
# 3202 encoded columns, 3203 parameters. The label depends on x and on the level's parity, with noise.
awk 'BEGIN {
  print "x,z,city,label"
  for (i = 0; i < 4000; i++) {
    level = (i * 7919) % 3200
    x = ((i * 37) % 101) / 10 - 5
    z = ((i * 53) % 97) / 10 - 4.8
    score = x + (level % 2 ? 1 : -1) + ((i * 13) % 7) - 3
    printf "%.1f,%.1f,c%d,%s\n", x, z, level, (score > 0 ? "yes" : "no")
  }
}' >"$WORK/wide.csv"

run train "$WORK/wide.csv" --target label --holdout 0 -o "$WORK/wide.mlm" --json
expect_rc 0
expect_err_empty
expect_out_contains '"converged": true'
[[ -s $WORK/wide.mlm ]] || fail "no model written"

run train "$WORK/wide.csv" --target label --holdout 0 --max-iter 2 -o "$WORK/stopped.mlm"
expect_rc 0
expect_err_contains "mlctl: warning: the solver stopped after 2 iterations without converging (gradient norm "
expect_err_contains "); raise --max-iter or --alpha"

run train "$WORK/wide.csv" --target label --holdout 0 --max-iter 2 -o "$WORK/stopped.mlm" --json
expect_rc 0
expect_out_contains '"converged": false'
expect_out_contains '"iterations": 2'
expect_out_contains '"features": 3202'

# Three classes and a 1100-level category: 3 x 1103 = 3309 parameters, multinomial TRON.
awk 'BEGIN {
  print "x,z,city,label"
  for (i = 0; i < 3000; i++) {
    level = (i * 7919) % 1100
    x = ((i * 37) % 101) / 10 - 5
    score = x + (level % 3) + ((i * 13) % 7) - 4
    printf "%.1f,%.1f,c%d,%s\n", x, ((i * 53) % 97) / 10, level, (score < -1 ? "a" : score < 2 ? "b" : "c")
  }
}' >"$WORK/wide3.csv"
run train "$WORK/wide3.csv" --target label --holdout 0 -o "$WORK/wide3.mlm" --json
expect_rc 0
expect_err_empty
expect_out_contains '"converged": true'
expect_out_contains '"features": 1102'
expect_out_contains '"method": "tron"'

# A narrow multinomial fit (penguins: 3 classes, a handful of columns) uses Newton.
run train "$MLCTL_DATA/penguins.csv" --target species --holdout 0 -o "$WORK/penguins.mlm" --json
expect_rc 0
expect_out_contains '"converged": true'
expect_out_contains '"method": "newton"'

# Stopped by --max-iter, a multinomial TRON fit is not reported as converged either.
run train "$WORK/wide3.csv" --target label --holdout 0 --max-iter 2 -o "$WORK/wide3.mlm" --json
expect_rc 0
expect_out_contains '"converged": false'
expect_out_contains 'the solver stopped after 2 iterations without converging (gradient norm '

# Exactness: tests/fixtures/wide_logistic (2000 rows, a 400- and a 120-level category, two
# numerics; 396 encoded columns): binary and 4-class probabilities within 1e-6 of scikit-learn's
# newton-cg optimum (make_reference.py there wrote proba_*.csv).
fixtures=${MLCTL_FIXTURES:-$(dirname "$0")/../fixtures}/wide_logistic
# The largest |difference| between two CSV files of numbers with the same header.
max_difference() {
  awk -F, 'NR == FNR { if (FNR > 1) for (j = 1; j <= NF; j++) ref[FNR, j] = $j; next }
    FNR == 1 { next }
    { for (j = 1; j <= NF; j++) { d = $j - ref[FNR, j]; if (d < 0) d = -d; if (d > m) m = d }; n++ }
    END { printf "%d %.3g\n", n, m }' "$1" "$2"
}
for target in bin:cls4 cls4:bin; do
  label=${target%%:*} other=${target##*:}
  run train "$fixtures/wide.csv" --target "$label" --exclude "$other" --holdout 0 \
    -o "$WORK/$label.mlm" --json
  expect_rc 0
  expect_err_empty
  expect_out_contains '"converged": true'
  expect_out_contains '"features": 396'
  run predict -m "$WORK/$label.mlm" "$fixtures/wide.csv" --proba -o "$WORK/$label.csv"
  expect_rc 0
  cut -d, -f2- "$WORK/$label.csv" >"$WORK/${label}_proba.csv"
  cmp -s <(head -1 "$WORK/${label}_proba.csv") <(head -1 "$fixtures/proba_$label.csv") ||
    fail "$label: columns $(head -1 "$WORK/${label}_proba.csv")"
  read -r rows difference < <(max_difference "$fixtures/proba_$label.csv" "$WORK/${label}_proba.csv")
  checks=$((checks + 1))
  [[ $rows == 2000 ]] || fail "$label: $rows rows of probabilities"
  awk -v d="$difference" 'BEGIN { exit !(d < 1e-6) }' ||
    fail "$label: probabilities differ from scikit-learn's by up to $difference"
done

finish
