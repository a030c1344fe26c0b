# A model file whose checksum is valid but whose metadata is malformed (#12) is refused like any
# corrupt model: exit 1, one line naming the file and the field, nothing on stdout, no file
# written. tests/fixtures/container/bad_evaluation.mlm is a titanic model whose
# evaluation.metrics.accuracy was rewritten as the string "0.77" and the checksum recomputed.
source "$(dirname "$0")/lib.sh"
: "${MLCTL_FIXTURES:?set by CTest}"
cd "$WORK" || exit 1
cp "$MLCTL_FIXTURES/container/bad_evaluation.mlm" bad.mlm
expected="mlctl: error: bad.mlm: invalid model: evaluation.metrics.accuracy is not a number"

run predict -m bad.mlm "$MLCTL_DATA/titanic.csv" -o predictions.csv
expect_rc 1
expect_out_empty
expect_err_equals "$expected"
expect_file_missing predictions.csv

run describe bad.mlm
expect_rc 1
expect_out_empty
expect_err_equals "$expected"

run lint-data -m bad.mlm "$MLCTL_DATA/titanic.csv"
expect_rc 1
expect_err_equals "$expected"

run retrain -m bad.mlm "$MLCTL_DATA/titanic.csv" -o candidate.mlm
expect_rc 1
expect_err_equals "$expected"
expect_file_missing candidate.mlm

finish
