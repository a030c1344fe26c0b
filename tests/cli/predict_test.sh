#!/usr/bin/env bash
# `mlctl predict`: input from a file or stdin, columns matched by name, output formats, errors
# before and during the stream, a closed or full output, monitoring counters, conformal
# intervals (with their coverage on rows the model never saw), and refused model files.
source "$(dirname "$0")/lib.sh"
TITANIC=$MLCTL_DATA/titanic.csv
PENGUINS=$MLCTL_DATA/penguins.csv
DIABETES=$MLCTL_DATA/diabetes.csv

# expect_true MESSAGE COMMAND...: a check that COMMAND succeeds.
expect_true() {
  local message=$1
  shift
  checks=$((checks + 1))
  "$@" || fail "$message"
}

# flip_byte FILE OFFSET: XORs one byte of FILE with 0x01, in place.
flip_byte() {
  local byte
  byte=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
  # shellcheck disable=SC2059 # the format is the byte's octal escape
  printf "$(printf '\\%03o' $((byte ^ 1)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

"$MLCTL" train "$TITANIC" --target survived -q -o "$WORK/titanic.mlm"
"$MLCTL" train "$PENGUINS" --target species -q -o "$WORK/penguins.mlm"
"$MLCTL" train "$DIABETES" --target target -q -o "$WORK/diabetes.mlm"
TITANIC_IMPUTED='263 rows with imputed values; 0 unseen categorical values'

# A file and the same bytes on stdin (named "-" or not named at all) predict the same.
run predict -m "$WORK/titanic.mlm" "$TITANIC"
expect_rc 0
expect_err_contains "mlctl: predicted 1309 rows in "
expect_err_contains "$TITANIC_IMPUTED"
from_file=$out
expect_eq "$(wc -l <<<"$out" | tr -d ' ')" 1310 "lines of titanic predictions"
expect_eq "$(head -3 <<<"$out" | tr '\n' ' ')" "prediction yes yes " "first predictions"
run_stdin "$TITANIC" predict -m "$WORK/titanic.mlm" -
expect_rc 0
expect_eq "$out" "$from_file" "predictions from stdin (-)"
run_stdin "$TITANIC" predict -m "$WORK/titanic.mlm"
expect_rc 0
expect_eq "$out" "$from_file" "predictions from stdin (default)"

# Columns are matched by name: reordered, with the target dropped and an extra column added.
run predict -m "$WORK/penguins.mlm" "$PENGUINS" --proba
expect_rc 0
expect_eq "$(head -1 <<<"$out")" "prediction,proba_Adelie,proba_Chinstrap,proba_Gentoo" "header"
in_order=$out
awk -F, 'BEGIN { OFS = "," } { print $8, $7, $6, $5, $4, $3, $2, (NR == 1 ? "extra" : "x" NR) }' \
  "$PENGUINS" >"$WORK/reordered.csv"
expect_eq "$(head -1 "$WORK/reordered.csv")" \
  "year,sex,body_mass_g,flipper_length_mm,bill_depth_mm,bill_length_mm,island,extra" "reordered"
run predict -m "$WORK/penguins.mlm" "$WORK/reordered.csv" --proba
expect_rc 0
expect_eq "$out" "$in_order" "predictions of reordered columns"

# A feature column missing from the input: refused before any output.
cut -d, -f1-5,7,8 "$PENGUINS" >"$WORK/no_mass.csv"
run predict -m "$WORK/penguins.mlm" "$WORK/no_mass.csv"
expect_rc 1
expect_out_empty
expect_err_equals "mlctl: error: $WORK/no_mass.csv:1: column \"body_mass_g\" is missing: the model needs it as a feature"

# A non-number in a numeric column: the file, line and field that hold it.
printf 'sex,age,passengerClass\nmale,30,1st\nfemale,3O,2nd\n' >"$WORK/letter_o.csv"
run predict -m "$WORK/titanic.mlm" "$WORK/letter_o.csv"
expect_rc 1
expect_err_equals "mlctl: error: $WORK/letter_o.csv:3:2: column \"age\": \"3O\" is not a number (the model was trained on numbers here)"

# --keep, --no-header, --proba, --format jsonl.
run predict -m "$WORK/titanic.mlm" "$TITANIC" --keep name,sex --proba
expect_rc 0
expect_eq "$(head -2 <<<"$out")" 'name,sex,prediction,proba_no,proba_yes
"Allen, Miss. Elisabeth Walton",female,yes,0.08645181448193277,0.9135481855180673' "--keep --proba"
run predict -m "$WORK/titanic.mlm" "$TITANIC" --no-header
expect_rc 0
expect_eq "$out" "$(tail -n +2 <<<"$from_file")" "--no-header"
run predict -m "$WORK/titanic.mlm" "$TITANIC" --format jsonl --keep name --proba
expect_rc 0
expect_eq "$(head -1 <<<"$out")" \
  '{"name":"Allen, Miss. Elisabeth Walton","prediction":"yes","proba_no":0.08645181448193277,"proba_yes":0.9135481855180673}' \
  "first jsonl line"
expect_eq "$(grep -c '^{"name":".*","prediction":"\(yes\|no\)","proba_no":[-0-9.e]*,"proba_yes":[-0-9.e]*}$' <<<"$out")" \
  1309 "jsonl lines, one object each"
run predict -m "$WORK/titanic.mlm" "$TITANIC" --keep cabin
expect_rc 2
expect_out_empty
expect_err_equals "mlctl: error: $TITANIC:1: --keep: no column named \"cabin\""
run predict -m "$WORK/diabetes.mlm" "$DIABETES" --proba
expect_rc 2
expect_err_equals "mlctl: error: --proba needs a classification (logistic) model"

# A reader that stops early (`| head -1`) ends mlctl quietly, with success.
for _ in 1 2 3 4 5 6 7 8; do tail -n +2 "$DIABETES"; done >"$WORK/rows.csv"
{ head -1 "$DIABETES"; for _ in 1 2 3 4 5 6 7 8; do cat "$WORK/rows.csv"; done; } >"$WORK/big.csv"
expect_eq "$(wc -l <"$WORK/big.csv" | tr -d ' ')" 28289 "rows of big.csv"
first=$("$MLCTL" predict -m "$WORK/diabetes.mlm" "$WORK/big.csv" 2>"$WORK/stderr" | head -1)
expect_eq "${PIPESTATUS[0]}" 0 "exit code of mlctl predict | head -1"
expect_eq "$first" "prediction" "first line through head -1"
expect_eq "$(cat "$WORK/stderr")" "" "stderr of mlctl predict | head -1"

# A full disk is an error.
run predict -m "$WORK/titanic.mlm" "$TITANIC" -o /dev/full
expect_rc 1
expect_err_equals "mlctl: error: /dev/full: write failed: No space left on device"

# --stats: monitoring counters as JSON; an unseen category is counted in the summary (a note:
# a summary is not a warning).
printf 'sex,age,passengerClass\nmale,30,5th\nfemale,,1st\nfemale,NA,3rd\n' >"$WORK/unseen.csv"
run predict -m "$WORK/titanic.mlm" "$WORK/unseen.csv" --stats "$WORK/stats.json"
expect_rc 0
expect_eq "$out" $'prediction\nno\nyes\nyes' "predictions with an unseen class and missing ages"
expect_err_contains "mlctl: predicted 3 rows in "
expect_err_contains "; 2 rows with imputed values; 1 unseen categorical value"
expect_err_lacks "warning"
stats=$(cat "$WORK/stats.json")
expect_true "stats: rows" grep -q '^  "rows": 3,$' <<<"$stats"
expect_true "stats: rows_imputed" grep -q '^  "rows_imputed": 2,$' <<<"$stats"
expect_true "stats: unseen_categories" grep -q '^  "unseen_categories": 1$' <<<"$stats"
expect_true "stats: unseen_by_column" grep -q '"unseen_by_column": {$' <<<"$stats"
expect_true "stats: unseen passengerClass" grep -q '^    "passengerClass": 1$' <<<"$stats"
expect_true "stats: missing age" grep -q '^    "age": 2$' <<<"$stats"
run predict -m "$WORK/titanic.mlm" "$TITANIC" --stats "$WORK/stats.json" -o "$WORK/out.csv"
expect_rc 0
expect_out_empty
stats=$(cat "$WORK/stats.json")
expect_true "stats: 1309 rows" grep -q '^  "rows": 1309,$' <<<"$stats"
expect_true "stats: 263 imputed" grep -q '^  "rows_imputed": 263,$' <<<"$stats"
expect_true "stats: no unseen" grep -q '^  "unseen_categories": 0$' <<<"$stats"

# --interval on a ridge model: lower and upper a constant half-width around the prediction, and
# 90% coverage on rows the model never saw (trained on half of ames, held-out residuals from
# that half's own holdout; predicted on the other half).
run predict -m "$WORK/diabetes.mlm" "$DIABETES" --interval 0.9
expect_rc 0
expect_eq "$(head -1 <<<"$out")" "prediction,lower,upper" "--interval header"
widths=$(awk -F, 'NR > 1 { printf "%.6f\n", $3 - $1; printf "%.6f\n", $1 - $2 }' <<<"$out" | sort -u)
expect_eq "$(wc -l <<<"$widths" | tr -d ' ')" 1 "distinct interval half-widths"
awk 'NR == 1 || NR % 2 == 0' "$MLCTL_DATA/ames.csv" >"$WORK/ames_train.csv"
awk 'NR == 1 || NR % 2 == 1' "$MLCTL_DATA/ames.csv" >"$WORK/ames_fresh.csv"
"$MLCTL" train "$WORK/ames_train.csv" --target Sale_Price -q -o "$WORK/ames.mlm"
run predict -m "$WORK/ames.mlm" "$WORK/ames_fresh.csv" --interval 0.9 --keep Sale_Price
expect_rc 0
expect_eq "$(head -1 <<<"$out")" "Sale_Price,prediction,lower,upper" "--keep --interval header"
coverage=$(awk -F, 'NR > 1 { n++; if ($1 >= $3 && $1 <= $4) inside++ }
  END { printf "%d %s\n", n, (inside >= 0.85 * n && inside <= 0.95 * n) ? "ok" : "off: " inside / n }' \
  <<<"$out")
expect_eq "$coverage" "1465 ok" "rows and 90% interval coverage on fresh ames rows"
run predict -m "$WORK/ames.mlm" "$WORK/ames_fresh.csv" --interval 1.5
expect_rc 2
expect_out_empty
expect_err_equals "mlctl: error: --interval must be between 0 and 1 (exclusive), got 1.5"
run predict -m "$WORK/titanic.mlm" "$TITANIC" --interval 0.9
expect_rc 2
expect_out_empty
expect_err_equals "mlctl: error: --interval needs a regression (ridge) model; for a classifier use --proba"

# Model files that are not what they claim: refused before any output.
cp "$WORK/titanic.mlm" "$WORK/corrupt.mlm"
size=$(wc -c <"$WORK/corrupt.mlm")
header=$(head -c 8 "$WORK/corrupt.mlm" | od -An -tu1 |
  awk '{ for (i = NF; i >= 1; --i) n = n * 256 + $i } END { print n }')
flip_byte "$WORK/corrupt.mlm" $(((8 + header + size) / 2))  # in the middle of the arrays
cmp -s "$WORK/titanic.mlm" "$WORK/corrupt.mlm" && same=0 || same=$?
expect_eq "$same" 1 "cmp after flipping a byte"
run predict -m "$WORK/corrupt.mlm" "$TITANIC"
expect_rc 1
expect_out_empty
expect_err_equals "mlctl: error: $WORK/corrupt.mlm: checksum mismatch: the file is corrupt"
cp "$WORK/titanic.mlm" "$WORK/corrupt.mlm"
# In the header's metadata: the data file's name, "titanic.csv" -> "uitanic.csv".
flip_byte "$WORK/corrupt.mlm" "$(grep -abo 'titanic\.csv' "$WORK/corrupt.mlm" | head -1 | cut -d: -f1)"
expect_eq "$(grep -c 'uitanic\.csv' "$WORK/corrupt.mlm")" 1 "flipped a byte of the header"
run predict -m "$WORK/corrupt.mlm" "$TITANIC"
expect_rc 1
expect_out_empty
expect_err_equals "mlctl: error: $WORK/corrupt.mlm: checksum mismatch: the file is corrupt"
# A NUL in the middle of the file (in the JSON header here) breaks the JSON.
cp "$WORK/titanic.mlm" "$WORK/corrupt.mlm"
printf '\0' | dd of="$WORK/corrupt.mlm" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
run predict -m "$WORK/corrupt.mlm" "$TITANIC"
expect_rc 1
expect_out_empty
expect_err_equals "mlctl: error: $WORK/corrupt.mlm: the header is not valid JSON (corrupt file?)"
run predict -m "$TITANIC" "$TITANIC"
expect_rc 1
expect_out_empty
expect_err_equals "mlctl: error: $TITANIC: not an mlctl model file"
run predict -m "$WORK/missing.mlm" "$TITANIC"
expect_rc 1
expect_out_empty
expect_err_equals "mlctl: error: $WORK/missing.mlm: cannot open: No such file or directory"

# --explain K: the score and its K largest contributions (coef x encoded value). With every
# feature listed, intercept + contributions = score; for ridge the score is the prediction.
run train "$MLCTL_DATA/diabetes.csv" --target target --holdout 0 -o "$WORK/explain.mlm"
expect_rc 0
intercept=$("$MLCTL" describe --json "$WORK/explain.mlm" | grep -A1 '"intercept": \[' | tail -1 | tr -d ' ,')
run predict -m "$WORK/explain.mlm" "$MLCTL_DATA/diabetes.csv" --explain 10
expect_rc 0
expect_eq "$(head -1 <<<"$out")" "prediction,score,feature_1,contribution_1,feature_2,contribution_2,feature_3,contribution_3,feature_4,contribution_4,feature_5,contribution_5,feature_6,contribution_6,feature_7,contribution_7,feature_8,contribution_8,feature_9,contribution_9,feature_10,contribution_10" "--explain header"
bad=$(tail -n +2 <<<"$out" | awk -F, -v b="$intercept" '
  function abs(x) { return x < 0 ? -x : x }
  { s = b; for (i = 4; i <= NF; i += 2) s += $i
    if (abs(s - $2) > 1e-9 * (1 + abs($2)) || $1 != $2) bad++
    for (i = 6; i <= NF; i += 2) if (abs($i) > abs($(i - 2))) bad++ }
  END { print bad + 0 }')
expect_eq "$bad" 0 "rows whose contributions do not add up to the score, or are not sorted"
expect_eq "$(tail -n +2 <<<"$out" | wc -l)" 442 "explained rows"
# A classifier explains the log-odds; JSONL lists the contributions by encoded feature name.
run predict -m "$WORK/titanic.mlm" "$TITANIC" --explain 2 --format jsonl --proba
expect_rc 0
first=$(head -1 <<<"$out")
checks=$((checks + 1))
[[ $first =~ ^\{\"prediction\":\"yes\",\"proba_no\":[0-9.e-]+,\"proba_yes\":[0-9.e-]+,\"score\":[0-9.e-]+,\"explain\":\[\{\"feature\":\"sex=female\",\"contribution\":[0-9.e-]+\},\{\"feature\":\"passengerClass=1st\",\"contribution\":[0-9.e-]+\}\]\}$ ]] ||
  fail "unexpected --explain JSONL line: $first"
logit_ok=$(awk -v line="$first" 'BEGIN {
  match(line, /"proba_yes":[0-9.e-]+/); p = substr(line, RSTART + 12, RLENGTH - 12)
  match(line, /"score":[0-9.e-]+/); s = substr(line, RSTART + 8, RLENGTH - 8)
  d = log(p / (1 - p)) - s; print (d < 1e-9 && d > -1e-9) ? "yes" : "no" }')
expect_eq "$logit_ok" yes "score is the log-odds of the second class"
run predict -m "$WORK/titanic.mlm" "$TITANIC" --explain 0
expect_rc 2

# Parallel prediction (-j2) writes exactly what one thread (-j1) writes: the same lines in the
# same order, the same counters, on every dataset. Each file is inflated past 8 MB so that it is
# read in several blocks (1 MiB each), with the options that shape the output varied.
"$MLCTL" train "$MLCTL_DATA/breast_cancer.csv" --target diagnosis -q -o "$WORK/breast_cancer.mlm"
"$MLCTL" train "$MLCTL_DATA/credit.csv" --target Status -q -o "$WORK/credit.mlm"
"$MLCTL" train "$MLCTL_DATA/ames.csv" --target Sale_Price -q -o "$WORK/ames_all.mlm"
# inflate NAME: writes $WORK/NAME_big.csv, the header then NAME.csv's rows until past 8 MB;
# prints how many copies of the rows it holds.
inflate() {
  local source=$MLCTL_DATA/$1.csv
  local copies=$((8 * 1024 * 1024 / $(wc -c <"$source") + 1))
  { head -1 "$source"; for ((i = 0; i < copies; i++)); do tail -n +2 "$source"; done; } \
    >"$WORK/$1_big.csv"
  echo "$copies"
}
# same_in_parallel NAME MODEL OPTIONS...: -j1 and -j2 agree on NAME_big.csv, output and
# --stats; the output is the small file's predictions repeated, so order and count hold too.
same_in_parallel() {
  local name=$1 model=$2
  shift 2
  local copies lines rc1 rc2 first=2  # the first line of predictions: after the CSV header
  [[ " $* " == *" jsonl "* ]] && first=1
  copies=$(inflate "$name")
  "$MLCTL" -q -j1 predict -m "$model" "$MLCTL_DATA/$name.csv" --no-header "$@" >"$WORK/small.out"
  lines=$(wc -l <"$WORK/small.out")
  "$MLCTL" -q -j1 predict -m "$model" "$WORK/${name}_big.csv" "$@" --stats "$WORK/stats1.json" \
    >"$WORK/j1.out" && rc1=0 || rc1=$?
  "$MLCTL" -q -j2 predict -m "$model" "$WORK/${name}_big.csv" "$@" --stats "$WORK/stats2.json" \
    >"$WORK/j2.out" && rc2=0 || rc2=$?
  expect_eq "$rc1 $rc2" "0 0" "$name: exit codes of -j1 and -j2"
  cmp -s "$WORK/j1.out" "$WORK/j2.out" && same=0 || same=$?
  expect_eq "$same" 0 "$name $*: -j1 and -j2 outputs differ"
  expect_eq "$(tail -n +$first "$WORK/j2.out" | wc -l | tr -d ' ')" "$((lines * copies))" \
    "$name: predicted rows"
  expect_eq "$(tail -n +$first "$WORK/j2.out" | head -n "$lines" | md5sum)" \
    "$(md5sum <"$WORK/small.out")" "$name: first copy's predictions"
  expect_eq "$(tail -n "$lines" "$WORK/j2.out" | md5sum)" "$(md5sum <"$WORK/small.out")" \
    "$name: last copy's predictions"
  expect_eq "$(grep -v '"seconds"\|"rows_per_second"' "$WORK/stats2.json")" \
    "$(grep -v '"seconds"\|"rows_per_second"' "$WORK/stats1.json")" "$name: --stats of -j2"
}
same_in_parallel titanic "$WORK/titanic.mlm" --proba --keep name,sex
same_in_parallel penguins "$WORK/penguins.mlm" --proba --format jsonl --keep island
same_in_parallel breast_cancer "$WORK/breast_cancer.mlm" --proba --explain 3
same_in_parallel diabetes "$WORK/diabetes.mlm" --interval 0.9
same_in_parallel ames "$WORK/ames_all.mlm" --format jsonl --explain 2
same_in_parallel credit "$WORK/credit.mlm" --keep Status
expect_true "credit: imputed rows counted" grep -q '^  "rows_imputed": [1-9]' "$WORK/stats2.json"
expect_true "credit: missing values counted" grep -q '^    "Income": [1-9]' "$WORK/stats2.json"

# The same through a pipe (stdin has no size: blocks are cut as the bytes come).
run_stdin "$WORK/credit_big.csv" -q -j2 predict -m "$WORK/credit.mlm" - --keep Status
expect_rc 0
expect_eq "$out" "$(cat "$WORK/j1.out")" "-j2 predictions from stdin"

# An error in a late block: the predictions of every row before it, then the error naming its
# line and field, with one thread and with two. A bad number, then a record with a field too
# many; both ~1000 rows before the end, in the last block.
big=$WORK/diabetes_big.csv
"$MLCTL" -q -j1 predict -m "$WORK/diabetes.mlm" "$big" >"$WORK/clean.out"
bad=$(($(wc -l <"$big") - 1000))
awk -v bad="$bad" 'NR == bad { sub(/^[^,]*/, "3O") } { print }' "$big" >"$WORK/late_number.csv"
awk -v bad="$bad" 'NR == bad { $0 = $0 ",1" } { print }' "$big" >"$WORK/late_field.csv"
for j in 1 2; do
  run -j$j predict -m "$WORK/diabetes.mlm" "$WORK/late_number.csv"
  expect_rc 1
  expect_err_equals "mlctl: error: $WORK/late_number.csv:$bad:1: column \"age\": \"3O\" is not a number (the model was trained on numbers here)"
  expect_eq "$(md5sum <<<"$out")" "$(head -n $((bad - 1)) "$WORK/clean.out" | md5sum)" \
    "-j$j: the rows before the bad number, all of them"
  run -j$j predict -m "$WORK/diabetes.mlm" "$WORK/late_field.csv"
  expect_rc 1
  expect_err_contains "mlctl: error: $WORK/late_field.csv:$bad:"
  [[ $j == 1 ]] && field_error=$err
  expect_eq "$err" "$field_error" "-j$j: the error of the record with a field too many"
  expect_eq "$(md5sum <<<"$out")" "$(head -n $((bad - 1)) "$WORK/clean.out" | md5sum)" \
    "-j$j: the rows before the long record, all of them"
done
# A field over --max-field-size is refused while the blocks are cut, not by a worker: the rows
# before it are still all written, with either thread count.
awk -v bad="$bad" 'NR == bad { sub(/,[^,]*/, "," sprintf("%0300d", 7)) } { print }' "$big" \
  >"$WORK/late_long.csv"
for j in 1 2; do
  run -j$j predict -m "$WORK/diabetes.mlm" "$WORK/late_long.csv" --max-field-size 100
  expect_rc 1
  expect_err_equals "mlctl: error: $WORK/late_long.csv:$bad:2: field is longer than 100 bytes (raise the limit with --max-field-size)"
  expect_eq "$(md5sum <<<"$out")" "$(head -n $((bad - 1)) "$WORK/clean.out" | md5sum)" \
    "-j$j: the rows before the over-long field, all of them"
done

# Two threads: a closed pipe ends mlctl quietly and at once, a full disk is an error.
first=$("$MLCTL" -j2 predict -m "$WORK/credit.mlm" "$WORK/credit_big.csv" 2>"$WORK/stderr" | head -1)
expect_eq "${PIPESTATUS[0]}" 0 "exit code of mlctl -j2 predict | head -1"
expect_eq "$first" "prediction" "-j2: first line through head -1"
expect_eq "$(cat "$WORK/stderr")" "" "stderr of mlctl -j2 predict | head -1"
run -j2 predict -m "$WORK/credit.mlm" "$WORK/credit_big.csv" -o /dev/full
expect_rc 1
expect_err_equals "mlctl: error: /dev/full: write failed: No space left on device"

finish
