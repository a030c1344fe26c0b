#!/usr/bin/env bash
# Logistic fits wider than the dense-Newton limit (3000 parameters) use TRON (issue #14): they
# reach the optimum and say so; one stopped by --max-iter is warned about and reported as not
# converged, in the text and the JSON report.
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

finish
