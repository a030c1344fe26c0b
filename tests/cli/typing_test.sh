# The typing rule (docs/csv-input.md, "Column types"): a column is numeric only when every
# non-missing value is a number, and a text column keeps every value as written. describe agrees
# with pandas' read_csv on the messy files of tests/data/messy/ and on every dataset in data/
# (expected_*.json: pandas_reference.py's output, committed, so no pandas is needed here); train
# and predict use the values as written; --categorical and --numeric declare types.
source "$(dirname "$0")/lib.sh"
: "${MLCTL_SOURCE_DIR:?set by CTest}"
MESSY="$MLCTL_SOURCE_DIR/tests/data/messy"

# describe --json against pandas, from the file and from a pipe (whose bytes cannot be read again).
for file in "$MESSY"/*.csv; do
  name=${file##*/}
  run describe --json "$file"
  expect_rc 0
  diffs=$(python3 "$MESSY/compare_describe.py" "$MESSY/expected_messy.json" "$name" <<<"$out")
  expect_eq "$diffs" "" "describe $name against pandas"
  out=$(cat "$file" | "$MLCTL" describe --json - 2>"$WORK/stderr") && rc=0 || rc=$?
  expect_rc 0
  diffs=$(python3 "$MESSY/compare_describe.py" "$MESSY/expected_messy.json" "$name" <<<"$out")
  expect_eq "$diffs" "" "describe - < $name (a pipe) against pandas"
done
for file in "$MLCTL_DATA"/*.csv; do
  name=${file##*/}
  run describe --json "$file"
  expect_rc 0
  diffs=$(python3 "$MESSY/compare_describe.py" "$MESSY/expected_datasets.json" "$name" <<<"$out")
  expect_eq "$diffs" "" "describe $name against pandas"
done

# lint-data counts a text column's values as written, from a file and from a pipe: 41 of them.
for input in file pipe; do
  if [[ $input == file ]]; then
    run lint-data "$MESSY/ids_one_and_one_point_oh.csv"
  else
    out=$(cat "$MESSY/ids_one_and_one_point_oh.csv" | "$MLCTL" lint-data - 2>"$WORK/stderr") &&
      rc=0 || rc=$?
  fi
  expect_rc 0
  expect_out_contains "identifier-column  ref: all 41 values are distinct: an identifier, not a feature"
done

# The issue's zip codes: four categories, as pandas lists them.
run describe "$MESSY/zip_codes.csv"
expect_rc 0
expect_out_contains "02134 (3), 1.0 (2), 1 (1), ABC (1)"

# train: the model's categories are the values as written, read sequentially or in parallel.
categories() {
  "$MLCTL" describe "$1" --json | python3 -c '
import json, sys
for f in json.load(sys.stdin)["features"]:
    print(f["name"], f["type"], " ".join(f.get("categories", [])))'
}
for jobs in 1 2; do
  run train "$MESSY/one_and_one_point_oh.csv" --target y --holdout 0 -j "$jobs" -o "$WORK/m$jobs.mlm"
  expect_rc 0
  expect_eq "$(categories "$WORK/m$jobs.mlm")" "code categorical 1 1.0 1.5 1.50 x
amount numeric " "categories of one_and_one_point_oh.csv (-j $jobs)"
done
# predict: "1.50" and "1.5" are two categories of "code", one number of "amount".
printf 'code,amount\n1.50,1.5\n1.5,1.5\n1.5,1.50\n' >"$WORK/new.csv"
run predict -m "$WORK/m1.mlm" "$WORK/new.csv" -q
expect_rc 0
mapfile -t p < <(tail -n +2 <<<"$out" | cut -d, -f1)
[[ ${p[0]} != "${p[1]}" ]] || fail "code 1.50 and 1.5 predicted alike: $out"
expect_eq "${p[1]}" "${p[2]}" "amount 1.5 and 1.50 predicted alike"

# --categorical: values that look like numbers are text, as written; recorded in the recipe.
# (The rows whose target is missing are left out, with their "7.0" and "4".)
run train "$MESSY/leading_zeros.csv" --target price --categorical qty,sku -o "$WORK/c.mlm" \
  --holdout 0 -q
expect_rc 0
expect_eq "$(categories "$WORK/c.mlm")" "sku categorical 007 0070 7 A-7
qty categorical 03 3 3.0" "declared categorical qty"
run describe "$WORK/c.mlm" --json
expect_out_contains '"categorical": [
      "qty",
      "sku"
    ]'
# Without flags the model's reading settings declare no column.
run describe "$WORK/m1.mlm" --json
[[ $out == *'"categorical": [],'* && $out != *'"categorical": ['$'\n'* ]] ||
  fail "reading settings declare categorical columns without --categorical"

# The same from --config.
printf 'target = "price"\ncategorical = "qty,sku"\nholdout = 0\n' >"$WORK/recipe.toml"
run train "$MESSY/leading_zeros.csv" --config "$WORK/recipe.toml" -o "$WORK/config.mlm" -q
expect_rc 0
expect_eq "$(categories "$WORK/config.mlm")" "sku categorical 007 0070 7 A-7
qty categorical 03 3 3.0" "categorical from --config"

# --numeric: a value that is not a number is an error naming its line, column and value; no
# model is written.
for jobs in 1 2; do
  run train "$MESSY/text_on_last_line.csv" --target y --numeric x -j "$jobs" -o "$WORK/n.mlm"
  expect_rc 1
  expect_err_equals "mlctl: error: $MESSY/text_on_last_line.csv:1502:3: column \"x\" is declared numeric, but \"last\" is not a number"
  expect_file_missing "$WORK/n.mlm"
done
run train "$MESSY/zip_codes.csv" --target y --numeric y -o "$WORK/n.mlm" -q --holdout 0
expect_rc 0

# A declared column that is not in the data, or declared both ways: usage errors.
run train "$MESSY/zip_codes.csv" --target y --categorical zap -o "$WORK/u.mlm"
expect_rc 2
expect_err_equals "mlctl: error: $MESSY/zip_codes.csv: --categorical: no column named \"zap\" in the data"
run train "$MESSY/zip_codes.csv" --target y --categorical zip --numeric zip -o "$WORK/u.mlm"
expect_rc 2
expect_err_equals "mlctl: error: column \"zip\" is declared both categorical and numeric"
expect_file_missing "$WORK/u.mlm"

# retrain reads the new data with the model's declared types.
run retrain -m "$WORK/c.mlm" "$MESSY/leading_zeros.csv" -o "$WORK/c2.mlm" --holdout 0.5 --force -q
expect_rc 0
expect_eq "$(categories "$WORK/c2.mlm")" "sku categorical 007 0070 7 A-7
qty categorical 03 3 3.0" "retrain keeps the declared types"

finish
