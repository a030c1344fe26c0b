#!/usr/bin/env bash
# docs/examples/Makefile runs with make: lint, train, predict and retrain as recipes; a failing
# lint stops the build before training; a rejected retrain fails `make retrain` and leaves the
# model as it was; `make restore` undoes a promotion.
source "$(dirname "$0")/lib.sh"
: "${MLCTL_SOURCE_DIR:?set by CTest}"
export SOURCE_DATE_EPOCH=1700000000
expect_true() {
  local message=$1
  shift
  checks=$((checks + 1))
  "$@" >/dev/null 2>&1 || fail "$message"
}
# make_in DIR ARGS...: runs make in DIR with our binary, capturing $out, $err and $rc.
make_in() {
  local dir=$1
  shift
  out=$(make -C "$dir" --no-print-directory MLCTL="$MLCTL" "$@" 2>"$WORK/stderr") && rc=0 || rc=$?
  err=$(cat "$WORK/stderr")
}
# A project directory with the example Makefile and titanic split in two halves: training on
# the odd lines, a retrain on the even ones gives a candidate a little worse on its held-out rows
# (by less than the Makefile's tolerance), so MAX_REGRESSION decides.
project() {
  mkdir "$WORK/$1"
  cp "$MLCTL_SOURCE_DIR/docs/examples/Makefile" "$WORK/$1/"
  awk 'NR == 1 || NR % 2 == 1' "$MLCTL_DATA/titanic.csv" >"$WORK/$1/train.csv"
  awk 'NR == 1 || NR % 2 == 0' "$MLCTL_DATA/titanic.csv" >"$WORK/$1/score.csv"
  cp "$WORK/$1/score.csv" "$WORK/$1/new.csv"
}

# The whole pipeline: lint, train, predict.
project good
make_in "$WORK/good"
expect_rc 0
expect_out_contains "lint-data train.csv --target survived"
expect_out_contains "0 errors, 1 warning, 0 info in 654 rows"
expect_out_contains "train train.csv --target survived -o model.mlm --audit-log audit.jsonl"
expect_true "lint stamp" test -f "$WORK/good/lint.ok"
expect_true "model written" "$MLCTL" describe "$WORK/good/model.mlm"
expect_eq "$(wc -l <"$WORK/good/predictions.csv")" "656" "prediction lines (header + 655 rows)"
expect_eq "$(head -1 "$WORK/good/predictions.csv")" "prediction,proba_no,proba_yes" "predictions header"
expect_eq "$(wc -l <"$WORK/good/audit.jsonl")" "1" "audit lines after train"
make_in "$WORK/good"
expect_rc 0
expect_out_equals "make: Nothing to be done for 'all'."

# A retrain that the gate rejects fails the make target and changes nothing.
cp "$WORK/good/model.mlm" "$WORK/model.before"
make_in "$WORK/good" retrain MAX_REGRESSION=0
expect_rc 2
expect_out_contains "decision   rejected: log_loss on the held-out rows of new.csv"
expect_err_contains "mlctl: error: candidate rejected (the decision says why): nothing written"
expect_true "model untouched by a rejected retrain" cmp "$WORK/good/model.mlm" "$WORK/model.before"
expect_file_missing "$WORK/good/model.mlm.prev"

# Promoted with the Makefile's default tolerance; `make restore` brings the old model back.
make_in "$WORK/good" retrain
expect_rc 0
expect_out_contains "decision   promoted: log_loss on the held-out rows of new.csv"
expect_true ".prev is the old model" cmp "$WORK/good/model.mlm.prev" "$WORK/model.before"
expect_eq "$(wc -l <"$WORK/good/audit.jsonl")" "3" "audit lines after two retrains"
make_in "$WORK/good" restore
expect_rc 0
expect_true "restored model" cmp "$WORK/good/model.mlm" "$WORK/model.before"

# Training data with a leaked copy of the target: lint fails (exit 3), make stops, and neither
# the lint stamp nor the model nor an audit line is written.
project leaky
awk 'NR == 1 { print $0 ",\"leak\""; next } { print $0 ",\"" ($0 ~ /"yes"/ ? "Y" : "N") "\"" }' \
  "$WORK/leaky/score.csv" >"$WORK/leaky/train.csv"
make_in "$WORK/leaky"
expect_rc 2
expect_out_contains "lint-data train.csv --target survived"
expect_err_contains "make: *** [Makefile:"
expect_err_contains "lint.ok] Error 3"
expect_file_missing "$WORK/leaky/lint.ok"
expect_file_missing "$WORK/leaky/model.mlm"
expect_file_missing "$WORK/leaky/predictions.csv"
expect_file_missing "$WORK/leaky/audit.jsonl"
checks=$((checks + 1))
[[ $out == *"mlctl train"* || $out == *" train train.csv"* ]] && fail "the train recipe ran after a failing lint"

finish
