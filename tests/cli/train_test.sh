#!/usr/bin/env bash
# `mlctl train`: exit codes and exact messages for bad invocations and bad data, the default
# model name, --json, alpha by cross-validation, --config, atomic and reproducible model files,
# the report on stderr, and the warnings a user must see.
source "$(dirname "$0")/lib.sh"
TITANIC=$MLCTL_DATA/titanic.csv
DIABETES=$MLCTL_DATA/diabetes.csv
NAME_WARNING='mlctl: warning: column "name" looks like an identifier (1309 distinct values in 1309 rows): left out; name it in --features to use it'
# expect_true MESSAGE COMMAND...: a check that COMMAND succeeds.
expect_true() {
  local message=$1
  shift
  checks=$((checks + 1))
  "$@" || fail "$message"
}
mkdir "$WORK/models"
cd "$WORK/models" || exit 1

# Usage errors (2), each with its one-line message.
run train "$TITANIC"
expect_rc 2
expect_err_equals $'mlctl: error: --target is required\nRun \'mlctl --help\' for usage.'
expect_out_empty

run train "$TITANIC" --target survivd
expect_rc 2
expect_err_equals "mlctl: error: $TITANIC: no column named \"survivd\" in the data (did you mean \"survived\"?)"

run train "$TITANIC" --target survived --features age,sex,cabin
expect_rc 2
expect_err_equals "mlctl: error: $TITANIC: no column named \"cabin\" in the data"

run train "$TITANIC" --target survived --exclude cabin
expect_rc 2
expect_err_equals "mlctl: error: $TITANIC: no column named \"cabin\" in the data"

run train "$TITANIC" --target survived --algorithm ridge
expect_rc 2
expect_err_equals 'mlctl: error: --algorithm ridge needs a numeric target; "survived" holds text (e.g. "yes")'

run train "$TITANIC" --target survived --algorithm forest
expect_rc 2
expect_err_contains '--algorithm: forest not in {auto,ridge,logistic}'

run train "$TITANIC" --target survived --alpha 0.1,1
expect_rc 2
expect_err_equals 'mlctl: error: several --alpha values are compared by cross-validation: add --cv K (e.g. --cv 5)'

run train "$TITANIC" --target survived --alpha 0.1,x
expect_rc 2
expect_err_equals 'mlctl: error: --alpha: "x" is not a number'

run train "$TITANIC" --target survived --alpha 0
expect_rc 2
expect_err_equals 'mlctl: error: logistic regression needs --alpha > 0 (alpha = 1/C), got 0'

run train "$TITANIC" --target survived --holdout 1.5
expect_rc 2
expect_err_equals 'mlctl: error: --holdout must be in [0, 1), got 1.5'

run train "$TITANIC" --target survived --holdout -0.1
expect_rc 2
expect_err_equals 'mlctl: error: --holdout must be in [0, 1), got -0.1'

run train "$TITANIC" --target survived --holdout half
expect_rc 2
expect_err_equals $'mlctl: error: Could not convert: --holdout = half\nRun \'mlctl --help\' for usage.'

# Reading stdin, there is no file name to derive the model's name from.
run_stdin "$TITANIC" train - --target survived
expect_rc 2
expect_err_equals 'mlctl: error: reading data from stdin: name the model file with -o'
run_stdin "$TITANIC" train - --target survived -o stdin.mlm -q
expect_rc 0
expect_err_empty
expect_true "train from stdin wrote no stdin.mlm" test -s stdin.mlm

# Data that cannot train a model (1).
head -1 "$TITANIC" >"$WORK/header_only.csv"
run train "$WORK/header_only.csv" --target survived -o never.mlm
expect_rc 1
expect_err_equals "mlctl: error: $WORK/header_only.csv: no data rows: nothing to train on"
expect_file_missing never.mlm

run train "$WORK/no_such_file.csv" --target survived -o never.mlm
expect_rc 1
expect_err_equals "mlctl: error: $WORK/no_such_file.csv: cannot open: No such file or directory"
expect_file_missing never.mlm

# The default model name is the data file's stem + .mlm, in the current directory; the report
# goes to stderr and stdout stays empty.
run train "$TITANIC" --target survived
expect_rc 0
expect_out_empty
expect_true "no titanic.mlm in the current directory" test -s titanic.mlm
expect_err_contains "$NAME_WARNING"$'\nalgorithm: logistic (target "survived" holds 2 classes), alpha 1\n'
expect_err_contains $'features: 3 columns, 6 encoded\n'
expect_err_contains 'held-out evaluation: 262 rows (20.0%, stratified by class, seed 42), model fitted on the other 1047:'
expect_err_contains $'\n  accuracy         0.763359\n'
expect_err_contains $'\n  roc_auc          0.822346\n'
expect_err_contains $'             no    yes\n      no    130     32\n     yes     30     70\n'
expect_err_contains 'final model refitted on all 1309 rows with a target; written to titanic.mlm (id '
# -q keeps the report and the warnings off stderr.
run train "$TITANIC" --target survived -q -o quiet.mlm
expect_rc 0
expect_out_empty
expect_err_empty

# --holdout 0: no metrics, and the report says why.
run train "$TITANIC" --target survived --holdout 0 -o all.mlm
expect_rc 0
expect_err_contains 'no held-out evaluation (--holdout 0): the metrics of a model on its own training rows would flatter it'
expect_true "--holdout 0 printed metrics: $err" test "${err/accuracy/}" == "$err"

# --json: the report as JSON on stdout, the warnings still on stderr.
run train "$TITANIC" --target survived --json -o json.mlm
expect_rc 0
expect_err_equals "$NAME_WARNING"
expect_out_contains '"model": "json.mlm"'
expect_out_contains '"algorithm": "logistic"'
expect_out_contains '"method": "holdout"'
expect_out_contains '"accuracy": 0.7633587786259542,'
expect_out_contains '"n": 262,'
expect_out_contains '"roc_auc": 0.82'
expect_out_contains '"rows_without_target": 0,'
expect_out_contains $'"excluded_columns": [\n    "name"\n  ],'
expect_eq "${out:0:1}${out: -1}" "{}" "--json output is one object"
expect_true "--json output is not valid JSON" \
  /usr/bin/python3 -c 'import json, sys; json.loads(sys.argv[1])' "$out"

# Several alphas with --cv: a score per alpha, the best marked and chosen.
run train "$DIABETES" --target target --alpha 0.01,0.1,1,10 --cv 5 -o cv.mlm
expect_rc 0
expect_out_empty
expect_err_contains $'algorithm: ridge (target "target" is numeric), alpha 10\n'
expect_err_contains $'alpha by cross-validation (R², higher is better):\n  0.01       0.489766\n  0.1        0.48986\n  1          0.490381\n  10         0.491765  <- best\n'
expect_err_contains '5-fold cross-validation over 442 rows (seed 42), out-of-fold predictions:'
expect_eq "$(grep -c -- '<- best' <<<"$err")" 1 "lines marked best"
run train "$DIABETES" --target target --alpha 0.01,0.1,1,10 --cv 5 -o cv.mlm --json
expect_rc 0
expect_out_contains $'"alpha": 10.0,\n  "alpha_scores": ['
expect_out_contains '"alpha_selected_by_cv": true,'
expect_eq "$(grep -c '"score":' <<<"$out")" 4 "alpha scores in --json"

# --config: flags from a TOML file; a flag on the command line wins.
printf 'target = "survived"\nalpha = "0.5"\n' >"$WORK/recipe.toml"
run train "$TITANIC" --config "$WORK/recipe.toml" -o config.mlm
expect_rc 0
expect_err_contains $'algorithm: logistic (target "survived" holds 2 classes), alpha 0.5\n'
run train "$TITANIC" --config "$WORK/recipe.toml" --alpha 2 -o config.mlm
expect_rc 0
expect_err_contains $'algorithm: logistic (target "survived" holds 2 classes), alpha 2\n'
# A [train] section works too; a key that is no flag is a usage error, not silently ignored.
printf '[train]\ntarget = "survived"\nholdout = 0.5\n' >"$WORK/section.toml"
run train "$TITANIC" --config "$WORK/section.toml" -o config.mlm --json
expect_rc 0
expect_out_contains '"fraction": 0.5,'
printf 'target = "survived"\nalhpa = 2\n' >"$WORK/typo.toml"
run train "$TITANIC" --config "$WORK/typo.toml" -o config.mlm
expect_rc 2
expect_err_equals 'mlctl: error: --config: unknown key "alhpa" (not a flag of this subcommand)'
run train "$TITANIC" --config "$WORK/missing.toml" -o config.mlm
expect_rc 2
expect_err_contains 'missing.toml'

# A failed train leaves the model file it would have replaced untouched, and no temporary file.
mkdir "$WORK/atomic"
cp titanic.mlm "$WORK/atomic/model.mlm"
cp titanic.mlm "$WORK/model.orig"
run train "$TITANIC" --target survivd -o "$WORK/atomic/model.mlm"
expect_rc 2
run train "$TITANIC" --target survived --algorithm ridge -o "$WORK/atomic/model.mlm"
expect_rc 2
expect_true "a failed train changed the model file" cmp -s "$WORK/atomic/model.mlm" "$WORK/model.orig"
# Failing at the very end (the name is taken by a directory) cleans up its temporary file too.
mkdir "$WORK/atomic/dir.mlm"
run train "$TITANIC" --target survived -o "$WORK/atomic/dir.mlm"
expect_rc 1
expect_err_equals "$NAME_WARNING"$'\n'"mlctl: error: $WORK/atomic/dir.mlm: cannot replace: Is a directory"
expect_eq "$(ls -A "$WORK/atomic" | tr '\n' ' ')" "dir.mlm model.mlm " "files left in the directory"
expect_eq "$(ls -A "$WORK/atomic/dir.mlm")" "" "files left in the directory's way"
run train "$TITANIC" --target survived -o "$WORK/no_such_dir/model.mlm"
expect_rc 1
expect_err_contains "mlctl: error: $WORK/no_such_dir/model.mlm: cannot write: "

# Reproducible: with SOURCE_DATE_EPOCH set, two trains give byte-identical files.
SOURCE_DATE_EPOCH=0 "$MLCTL" train "$TITANIC" --target survived -q -o a.mlm
SOURCE_DATE_EPOCH=0 "$MLCTL" train "$TITANIC" --target survived -q -o b.mlm
expect_true "two trains with SOURCE_DATE_EPOCH=0 differ" cmp -s a.mlm b.mlm
expect_true "SOURCE_DATE_EPOCH=0 not in provenance" grep -q 'created.*1970-01-01T00:00:00Z' a.mlm
# ... and for any number of threads (-j): the row passes sum fixed parts in a fixed order. The
# data are repeated so that there are several blocks of 4096 rows to spread over the threads:
# titanic (binary logistic, 13 blocks), penguins (3 classes, multinomial), diabetes (ridge).
repeat_rows() {  # FILE TIMES
  head -1 "$1"
  for _ in $(seq "$2"); do tail -n +2 "$1"; done
}
repeat_rows "$TITANIC" 40 >"$WORK/titanic40.csv"
repeat_rows "$MLCTL_DATA/penguins.csv" 60 >"$WORK/penguins60.csv"
repeat_rows "$DIABETES" 60 >"$WORK/diabetes60.csv"
for set in "titanic40 survived --exclude name" "penguins60 species" "diabetes60 target"; do
  read -r file target extra <<<"$set"
  for j in 1 2 3; do
    # shellcheck disable=SC2086 # $extra holds flags
    SOURCE_DATE_EPOCH=0 "$MLCTL" -q -j "$j" train "$WORK/$file.csv" --target "$target" $extra \
      -o "$file-j$j.mlm"
  done
  expect_true "$file: -j1 and -j2 models differ" cmp -s "$file-j1.mlm" "$file-j2.mlm"
  expect_true "$file: -j1 and -j3 models differ" cmp -s "$file-j1.mlm" "$file-j3.mlm"
done
# ... and a different recipe gives a different file (the comparison above can fail).
SOURCE_DATE_EPOCH=0 "$MLCTL" train "$TITANIC" --target survived -q -o c.mlm --alpha 2
cmp -s a.mlm c.mlm && same=0 || same=$?
expect_eq "$same" 1 "cmp of models with alpha 1 and 2"

# Rows without a target are left out and counted; titanic with every 10th survived blanked.
awk 'NR > 1 && NR % 10 == 0 { sub(/,"(yes|no)",/, ",\"\",") } { print }' "$TITANIC" \
  >"$WORK/blanked.csv"
run train "$WORK/blanked.csv" --target survived -o blanked.mlm
expect_rc 0
expect_err_contains $'mlctl: warning: 131 rows have no value for the target "survived": left out\n'"$NAME_WARNING"
expect_err_contains 'final model refitted on all 1178 rows with a target'
run train "$WORK/blanked.csv" --target survived -o blanked.mlm --json
expect_out_contains '"rows_without_target": 131,'
expect_out_contains '"rows": 1309,'


# Train refuses to guess silently (issue #12).
# A numeric target with one "?": refused (1), naming the value, its line and --na; nothing
# written. With --na '?' it trains as numbers; --algorithm logistic asks for classes, and then the
# class count is the limit.
awk -F, -v OFS=, 'NR == 12 { $11 = "?" } { print }' "$DIABETES" >"$WORK/target-q.csv"
run train "$WORK/target-q.csv" --target target -o target-q.mlm
expect_rc 1
expect_err_equals "mlctl: error: $WORK/target-q.csv: the target \"target\" holds 441 numbers and 1 value that is not a number: \"?\" on line 12; if it marks a missing value, add --na '?' (for classes, add --algorithm logistic)"
expect_out_empty
expect_file_missing target-q.mlm
run train "$WORK/target-q.csv" --target target --algorithm ridge -o target-q.mlm
expect_rc 1
expect_err_contains 'if it marks a missing value, add --na'
run train "$WORK/target-q.csv" --target target --na '?' -q -o target-q.mlm
expect_rc 0
expect_true "--na '?' writes the model" test -f target-q.mlm
run train "$WORK/target-q.csv" --target target --algorithm logistic -o classes.mlm
expect_rc 1
# (The class count depends on how the text of numbers read before the "?" is kept: not asserted.)
expect_err_contains "mlctl: error: $WORK/target-q.csv: the target \"target\" holds "
expect_err_contains ' classes in 442 rows (without --max-classes, at most 100, and beyond 10 one per 5 rows): is it a number? To fit them all, add --max-classes '
expect_file_missing classes.mlm

# Too many classes for the rows: 36 classes in 59 rows; --max-classes allows them, a lower one
# refuses them with its own message, and a value below 2 is a usage error.
head -61 "$MLCTL_DATA/penguins.csv" >"$WORK/penguins59.csv"
run train "$WORK/penguins59.csv" --target bill_depth_mm --algorithm logistic -o depth.mlm
expect_rc 1
expect_err_equals "mlctl: error: $WORK/penguins59.csv: the target \"bill_depth_mm\" holds 36 classes in 59 rows (without --max-classes, at most 100, and beyond 10 one per 5 rows): is it a number? To fit them all, add --max-classes 36"
expect_file_missing depth.mlm
run train "$WORK/penguins59.csv" --target bill_depth_mm --algorithm logistic --max-classes 36 -o depth.mlm
expect_rc 0
expect_err_contains 'algorithm: logistic (chosen with --algorithm), alpha 1'
run train "$WORK/penguins59.csv" --target bill_depth_mm --algorithm logistic --max-classes 35 -o depth35.mlm
expect_rc 1
expect_err_equals "mlctl: error: $WORK/penguins59.csv: the target \"bill_depth_mm\" holds 36 classes, more than --max-classes 35"
expect_file_missing depth35.mlm
run train "$TITANIC" --target survived --max-classes 1
expect_rc 2
expect_err_equals $'mlctl: error: --max-classes: Value 1 not in range 2 to 100000000\nRun \'mlctl --help\' for usage.'

# A feature that is text only because of one "?": trained, with a warning naming it and --na.
awk -F, -v OFS=, 'NR == 12 { $3 = "?" } { print }' "$DIABETES" >"$WORK/bmi-q.csv"
run train "$WORK/bmi-q.csv" --target target -o bmi-q.mlm
expect_rc 0
# (The count of distinct values depends on how the text of numbers read before the "?" is kept.)
expect_err_contains 'mlctl: warning: column "bmi" holds 441 numbers and 1 value that is not a number: "?" on line 12; read as text, its '
expect_err_contains $' distinct values are one-hot encoded; if it marks a missing value, add --na \'?\'\nalgorithm: ridge'
[[ $err =~ features:\ 10\ columns,\ 1[0-9][0-9]\ encoded ]] || fail "bmi is not one-hot encoded: $err"
run train "$WORK/bmi-q.csv" --target target --na '?' -o bmi-na.mlm
expect_rc 0
expect_err_contains $'final model refitted'
[[ $err != *warning* ]] || fail "--na '?' still warns: $err"
expect_err_contains 'features: 10 columns, 10 encoded'

# An integer target with 3 values is fitted as numbers, with a hint; not with --algorithm.
awk -F, -v OFS=, 'NR > 1 { $11 = NR % 3 } { print }' "$DIABETES" >"$WORK/three.csv"
run train "$WORK/three.csv" --target target -o three.mlm
expect_rc 0
expect_err_contains $'mlctl: warning: the target "target" holds only 3 distinct integers (0 to 2): fitted as numbers (ridge); if they are classes, add --algorithm logistic\nalgorithm: ridge (target "target" is numeric)'
run train "$WORK/three.csv" --target target --algorithm ridge -o three.mlm
expect_rc 0
[[ $err != *warning* ]] || fail "--algorithm ridge still warns: $err"

# Rows copied in every column: a warning with their count when a holdout or folds measure the
# model; none with --holdout 0 or --features (columns left unread could tell them apart).
{ cat "$DIABETES"; sed -n '2,31p' "$DIABETES"; } >"$WORK/copies.csv"
COPIES='mlctl: warning: 30 rows repeat an earlier row in every column: copies that land on both sides of a split flatter the held-out metrics'
run train "$WORK/copies.csv" --target target -o copies.mlm
expect_rc 0
expect_err_contains "$COPIES"$'\nalgorithm: ridge'
run train "$WORK/copies.csv" --target target --cv 3 -o copies.mlm
expect_err_contains "$COPIES"
run train "$WORK/copies.csv" --target target --holdout 0 -o copies.mlm
expect_rc 0
[[ $err != *warning* ]] || fail "--holdout 0 warns about copies: $err"
run train "$WORK/copies.csv" --target target --features age,bmi -o copies.mlm
expect_rc 0
[[ $err != *warning* ]] || fail "--features warns about copies: $err"
run train "$WORK/copies.csv" --target target --json -o copies.mlm
expect_out_contains '"warnings": [
    "30 rows repeat an earlier row in every column: copies that land on both sides of a split flatter the held-out metrics"
  ]'

finish
