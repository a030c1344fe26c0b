#!/usr/bin/env bash
# --min-frequency and --max-categories give scikit-learn's predictions: for every case of
# tests/fixtures/rare_levels/cases.txt, train on train.csv (--holdout 0), predict predict.csv
# (which has levels training never saw, and missing values where training had none) and
# compare with what OneHotEncoder(min_frequency, max_categories,
# handle_unknown="infrequent_if_exist") in the same pipeline predicted (make_reference.py):
# regression values to 1e-6 relative, probabilities to 1e-6 absolute, labels exactly. Then the
# recipe kept by retrain, narrow model files without the new fields, and bad flag values.
source "$(dirname "$0")/lib.sh"
FIXTURES=${MLCTL_FIXTURES:-$(dirname "$0")/../fixtures}/rare_levels
FEATURES=(--features city,store,x1,x2)

# compare EXPECTED.csv ACTUAL.csv: prints the first few disagreements and fails on any. A file
# with a "proba_" header holds a label, then probabilities; otherwise one value per row.
compare() {
  awk -F, -v tolerance=1e-6 '
    function abs(x) { return x < 0 ? -x : x }
    function complain(text) { if (++bad <= 5) print text }
    NR == FNR { expected[FNR] = $0; n = FNR; next }
    FNR == 1 { if ($0 != expected[1]) complain("header " $0); logistic = /proba_/; next }
    {
      rows = FNR
      split(expected[FNR], e, ",")
      if (NF != length(e)) { complain("line " FNR ": " NF " fields"); next }
      for (i = 1; i <= NF; ++i) {
        if (logistic && i == 1) {
          if ($1 != e[1]) complain("line " FNR ": label " $1 ", expected " e[1])
          continue
        }
        d = abs($i - e[i]) / (!logistic && abs(e[i]) > 1 ? abs(e[i]) : 1)
        if (!(d <= tolerance)) complain("line " FNR " field " i ": " $i ", expected " e[i])
      }
    }
    END { if (rows != n) complain(rows " lines, expected " n); exit bad > 0 }' "$1" "$2"
}

cases=0
while IFS='|' read -r name target flags infrequent; do
  [[ -z $name || $name == \#* ]] && continue
  cases=$((cases + 1))
  read -ra recipe <<<"$flags"
  run train "$FIXTURES/train.csv" --target "$target" "${FEATURES[@]}" --holdout 0 -q \
    -o "$WORK/$name.mlm" "${recipe[@]}"
  expect_rc 0
  # describe counts the infrequent levels scikit-learn found (0: no infrequent column).
  read -r city store <<<"$infrequent"
  run describe "$WORK/$name.mlm"
  expect_rc 0
  for column in city store; do
    count=$(sed -nE "s/^  $column +one-hot, .*\+ infrequent \(([0-9]+) levels?.*/\1/p" <<<"$out")
    expect_eq "${count:-0}" "${!column}" "$name: infrequent levels of $column"
  done
  proba=()
  [[ $(head -1 "$FIXTURES/$name.csv") == *proba_* ]] && proba=(--proba)
  run predict -m "$WORK/$name.mlm" "$FIXTURES/predict.csv" "${proba[@]}"
  expect_rc 0
  # Rare levels are no unseen values; the new ones still are (and missing cities are imputed).
  expect_err_contains "29 rows with imputed values; 53 unseen categorical values"
  printf '%s\n' "$out" >"$WORK/$name.csv"
  checks=$((checks + 1))
  report=$(compare "$FIXTURES/$name.csv" "$WORK/$name.csv") ||
    fail "$name ($flags) differs from scikit-learn:"$'\n'"$report"
done <"$FIXTURES/cases.txt"
expect_eq "$cases" 5 "number of cases in cases.txt"

# The comparison can fail: a probability off by 2e-6 is caught.
awk -F, 'BEGIN { OFS = "," } NR == 2 { $2 += 2e-6; $3 -= 2e-6 } 1' \
  "$FIXTURES/logistic_min_count.csv" >"$WORK/off.csv"
compare "$FIXTURES/logistic_min_count.csv" "$WORK/off.csv" >/dev/null && rc=0 || rc=$?
expect_eq "$rc" 1 "compare catches a probability off by 2e-6"

# describe's text names the infrequent column's levels.
run describe "$WORK/ridge_missing_rare.mlm"
expect_out_contains "  city   one-hot, 4 categories + infrequent (45 levels): city_01, city_02, city_03, city_60"
expect_out_contains "  store  one-hot, 12 categories + infrequent (1 level, missing values among them): "

# retrain trains the stored recipe again: on the same data, the same model (the same id).
run train "$FIXTURES/train.csv" --target churn "${FEATURES[@]}" --min-frequency 0.02 \
  --max-categories 6 -q -o "$WORK/current.mlm"
expect_rc 0
run describe --json "$WORK/current.mlm"
expect_out_contains '"max_categories": 6,'
expect_out_contains '"min_frequency": 0.02,'
run describe "$WORK/current.mlm"
id=$(awk '$1 == "id" { print $2 }' <<<"$out")
expect_eq "${#id}" 16 "length of the model id"
run retrain -m "$WORK/current.mlm" "$FIXTURES/train.csv" -o "$WORK/candidate.mlm" \
  --max-regression 1 -q
expect_rc 0
run describe "$WORK/candidate.mlm"
expect_out_contains "id           $id"
expect_out_contains "parent       $id"

# Without the flags, nothing about rare levels is written into the model.
run train "$FIXTURES/train.csv" --target churn "${FEATURES[@]}" -q -o "$WORK/plain.mlm"
expect_rc 0
expect_eq "$(grep -c -e infrequent -e min_frequency -e max_categories "$WORK/plain.mlm")" 0 \
  "mentions of rare levels in a model trained without them"

# Bad values: a usage error naming the flag, and no model file.
bad_value() {
  run train "$FIXTURES/train.csv" --target churn -o "$WORK/bad.mlm" "$1"
  expect_rc 2
  expect_err_equals "mlctl: error: $2"
  expect_out_empty
  expect_file_missing "$WORK/bad.mlm"
}
for value in 0 -1 1.5 0.0 1e400 abc; do
  bad_value "--min-frequency=$value" \
    "--min-frequency must be a whole count >= 1 or a fraction in (0, 1), got $value"
done
for value in 1 0 -2 2.5 many; do
  bad_value "--max-categories=$value" "--max-categories must be a whole number >= 2, got $value"
done
run train "$FIXTURES/train.csv" --target churn -o "$WORK/bad.mlm" --max-categories
expect_rc 2
expect_err_equals $'mlctl: error: --max-categories: 1 required K missing\nRun \'mlctl --help\' for usage.'
expect_file_missing "$WORK/bad.mlm"

finish
