# A model remembers how its training data was read (#12): predict, retrain and lint-data -m read
# new data the same way, a reading flag replaces the model's setting with a note, describe shows
# the settings, and a format 1.0 file (which recorded none) reads as before.
source "$(dirname "$0")/lib.sh"
: "${MLCTL_SOURCE_DIR:?set by CTest}"
cd "$WORK" || exit 1
CREDIT=$MLCTL_SOURCE_DIR/tests/data/models-v1.0/credit_na.csv  # ';'-separated, '?' = missing
export SOURCE_DATE_EPOCH=1700000000

run train "$CREDIT" --target Status --delimiter ';' --na '?' --seed 7 -o credit.mlm --quiet
expect_rc 0

# predict needs neither flag again, and predicts what it does with both.
run predict -m credit.mlm "$CREDIT" --proba
expect_rc 0
expect_err_contains "predicted 600 rows"
[[ $err != *note:* ]] || fail "a note without a flag: $err"
without=$out
run predict -m credit.mlm "$CREDIT" --proba --delimiter ';' --na '?' --quiet
expect_rc 0
expect_err_empty
expect_eq "$out" "$without" "predictions without the flags"
# To 12 digits: the last bits depend on the CPU (libm's exp and log; README "Usage").
expect_eq "$(head -n 2 <<<"$out" | awk -F, 'NR == 1 { print; next } { printf "%s,%.12g,%.12g\n", $1, $2, $3 }')" \
  "prediction,proba_bad,proba_good
good,0.431960705364,0.568039294636" "first prediction"

# A flag that changes a setting replaces it, and says so.
run predict -m credit.mlm "$CREDIT" --na '-' --quiet
expect_rc 1
expect_err_equals "mlctl: error: $CREDIT:31:10: column \"Income\": \"?\" is not a number (the model was trained on numbers here)"
run predict -m credit.mlm "$CREDIT" --na '-'
expect_rc 1
expect_err_contains 'mlctl: note: --na given: the model'"'"'s missing-value tokens ("?") are replaced by "-"'
run predict -m credit.mlm "$CREDIT" --delimiter ,
expect_rc 1
expect_err_contains "mlctl: note: --delimiter given: the model's delimiter (';') is replaced by ','"

# lint-data -m reads the data as the model did.
run lint-data -m credit.mlm "$CREDIT" --quiet
expect_rc 0
expect_out_contains "0 errors, 0 warnings"

# retrain too; the candidate records the settings it read the new data with.
run retrain -m credit.mlm "$CREDIT" -o candidate.mlm --force --quiet
expect_rc 0
run describe candidate.mlm
expect_out_contains "
read with    delimiter ';', decimal '.', header row, missing-value tokens the defaults and \"?\"
"

# describe shows the settings, as text and as JSON.
run describe credit.mlm
expect_rc 0
expect_out_contains "
read with    delimiter ';', decimal '.', header row, missing-value tokens the defaults and \"?\"
"
run describe credit.mlm --json
expect_out_contains '"reading": {
    "delimiter": ";",
    "decimal": ".",
    "header": true,
    "columns": [],
    "trim": false,
    "na": [
      "?"
    ],
    "categorical": [],
    "numeric": []
  },'

# A model trained on data read with the defaults records them: the delimiter left to the file
# name (new.tsv is read with tabs), no extra tokens.
run train "$MLCTL_DATA/diabetes.csv" --target target -o diabetes.mlm --quiet
run describe diabetes.mlm
expect_out_contains "
read with    delimiter by file name, decimal '.', header row, missing-value tokens the defaults only
"
tr ',' '\t' <"$MLCTL_DATA/diabetes.csv" >new.tsv
run predict -m diabetes.mlm "$MLCTL_DATA/diabetes.csv"
from_csv=$out
run predict -m diabetes.mlm new.tsv
expect_rc 0
expect_out_equals "$from_csv"

# A format 1.0 model recorded nothing: flags apply silently, as before; describe shows nothing.
OLD=$MLCTL_SOURCE_DIR/tests/data/models-v1.0/credit_na.mlm
run predict -m "$OLD" "$CREDIT" --delimiter ';' --na '?'
expect_rc 0
[[ $err != *note:* ]] || fail "a note for a model that recorded no settings: $err"
run describe "$OLD"
[[ $out != *"read with"* ]] || fail "describe shows reading settings of a 1.0 file"

# --version names the model format it writes and reads.
run --version
expect_rc 0
expect_out_equals "mlctl $(sed -n 's/^project(mlctl VERSION \([0-9.]*\).*/\1/p' "$MLCTL_SOURCE_DIR/CMakeLists.txt")
model format 1.1 (reads 1.x)"

finish
