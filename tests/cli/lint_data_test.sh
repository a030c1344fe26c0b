# mlctl lint-data end to end on titanic: drift between passenger classes, no drift on a copy of
# the training data, leakage of a copied target (not of a shuffled one), exit codes, JSON, SARIF.
source "$(dirname "$0")/lib.sh"
DATA=$MLCTL_DATA/titanic.csv

# Split on the last field (passengerClass, never quoted with a comma), keeping the header.
head -1 "$DATA" >"$WORK/first_second.csv"
awk -F, 'NR > 1 && $NF ~ /"(1st|2nd)"/' "$DATA" >>"$WORK/first_second.csv"
head -1 "$DATA" >"$WORK/third.csv"
awk -F, 'NR > 1 && $NF ~ /"3rd"/' "$DATA" >>"$WORK/third.csv"
expect_eq "$(wc -l <"$WORK/first_second.csv")" 601 "1st and 2nd class rows + header"
expect_eq "$(wc -l <"$WORK/third.csv")" 710 "3rd class rows + header"

run train "$WORK/first_second.csv" --target survived --exclude name -o "$WORK/m.mlm" -q
expect_rc 0

# --- the 3rd class against the model: drift, exit 3 -------------------------------------------
run lint-data "$WORK/third.csv" -m "$WORK/m.mlm"
expect_rc 3
expect_err_empty
expect_out_contains "Errors (2):"
expect_out_contains "  psi-drift          age: PSI 0.604 against the training deciles (warning at 0.1, error at 0.25)"
expect_out_contains "  js-drift           passengerClass: Jensen-Shannon divergence 1.000 (log base 2)"
expect_out_contains "  unseen-category    passengerClass: 709 of 709 values (100.0%) are categories the model never saw: \"3rd\" (709 in all) [line 2]"
expect_out_contains "  missing-increase   age: missing values rose from 9.2% in training to 29.3%"
expect_out_contains "  out-of-range       age: 3 of 501 values (0.6%) lie outside the training range [0.6667, 80]"
expect_eq "$(tail -1 <<<"$out")" "2 errors, 4 warnings, 1 info in 709 rows" "summary line"
# Worst first: the first finding line is under Errors.
expect_eq "$(sed -n 3p <<<"$out")" "Errors (2):" "errors come first"

# --json: one document with findings and summary counts
run lint-data "$WORK/third.csv" -m "$WORK/m.mlm" --json
expect_rc 3
expect_out_contains '"summary": {'
expect_out_contains '"errors": 2'
expect_out_contains '"warnings": 4'
expect_out_contains '"passed": false'
expect_out_contains '"rule": "psi-drift",'
expect_out_contains '"fail_on": "error"'
expect_eq "$(/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["findings"]), d["rows"], d["findings"][0]["severity"], d["findings"][0]["column"])' <<<"$out")" \
  "7 709 error age" "JSON parses: findings, rows, worst first"

# --format sarif: SARIF 2.1.0 with rules and results pointing at the file and line
run lint-data "$WORK/third.csv" -m "$WORK/m.mlm" --format sarif
expect_rc 3
expect_out_contains '"version": "2.1.0"'
expect_out_contains '"$schema": "https://json.schemastore.org/sarif-2.1.0.json"'
expect_eq "$(/usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
run = d["runs"][0]
ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
res = run["results"]
u = [r for r in res if r["ruleId"] == "unseen-category"][0]
loc = u["locations"][0]["physicalLocation"]
print(run["tool"]["driver"]["name"], len(res), "psi-drift" in ids, u["level"],
      loc["artifactLocation"]["uri"].endswith("third.csv"), loc["region"]["startLine"],
      [r["level"] for r in res if r["ruleId"] == "out-of-range"][0])' <<<"$out")" \
  "mlctl 7 True warning True 2 note" "SARIF driver, results, levels, locations"

# --- a copy of the training data: no drift, exit 0 --------------------------------------------
cp "$WORK/first_second.csv" "$WORK/copy.csv"
run lint-data "$WORK/copy.csv" -m "$WORK/m.mlm"
expect_rc 0
expect_eq "$(grep -c -E 'psi-drift|js-drift|unseen-category|out-of-range|missing-increase' <<<"$out")" 0 "no drift on the training data"
expect_eq "$(tail -1 <<<"$out")" "0 errors, 1 warning, 0 info in 600 rows" "only the name column is flagged"
expect_out_contains "identifier-column  name: "
# --fail-on warning turns that warning into exit 3
run lint-data "$WORK/copy.csv" -m "$WORK/m.mlm" --fail-on warning
expect_rc 3

# --- leakage: a copy of the target is flagged, a shuffled copy is not --------------------------
awk -F, 'BEGIN { OFS = "," } { $0 = $0 "," (NR == 1 ? "\"leak\"" : $(NF - 3)) } 1' "$DATA" >"$WORK/leak.csv"
expect_eq "$(sed -n 2p "$WORK/leak.csv")" '"Allen, Miss. Elisabeth Walton","yes","female",29,"1st","yes"' "leak column = survived"
run lint-data "$WORK/leak.csv" --target survived
expect_rc 3
expect_out_contains "  target-leakage     leak: determines the target, a likely leak: its value alone gives the class of \"survived\" in 100.0% of sampled rows (the majority class alone: 61.8%)"

tail -n +2 "$DATA" | awk -F, '{ print $(NF - 3) }' >"$WORK/labels"
shuf --random-source=<(yes 42) "$WORK/labels" >"$WORK/shuffled"
expect_eq "$(sort "$WORK/labels" | uniq -c | tr -s ' ')" "$(sort "$WORK/shuffled" | uniq -c | tr -s ' ')" "same labels, other order"
{ echo '"shuffled"'; cat "$WORK/shuffled"; } >"$WORK/shuffled_column"
paste -d, "$DATA" "$WORK/shuffled_column" >"$WORK/shuffled.csv"
run lint-data "$WORK/shuffled.csv" --target survived
expect_rc 0
expect_eq "$(grep -c target-leakage <<<"$out")" 0 "a shuffled copy does not leak"

# --- a missing required column: an error finding, exit 3 --------------------------------------
awk -F, 'BEGIN { OFS = "," } { NF = NF - 1; print }' "$WORK/third.csv" >"$WORK/no_class.csv"
run lint-data "$WORK/no_class.csv" -m "$WORK/m.mlm"
expect_rc 3
expect_out_contains "  missing-column     passengerClass: the model needs column \"passengerClass\", which the data does not have [line 1]"

# --- unreadable data and corrupt models: exit 1 -----------------------------------------------
run lint-data "$WORK/nope.csv"
expect_rc 1
expect_out_empty
expect_err_contains "nope.csv"
head -c 100 "$WORK/m.mlm" >"$WORK/corrupt.mlm"
run lint-data "$WORK/third.csv" -m "$WORK/corrupt.mlm"
expect_rc 1
expect_out_empty
expect_err_contains "corrupt.mlm"
# A zero-byte file cannot be read: exit 1 as in every other subcommand (it was 3, a finding).
: >"$WORK/empty.csv"
run lint-data "$WORK/empty.csv"
expect_rc 1
expect_out_empty
expect_err_equals "mlctl: error: $WORK/empty.csv:1: empty file: no header row"
run predict -m "$WORK/m.mlm" "$WORK/empty.csv"
expect_rc 1
expect_err_equals "mlctl: error: $WORK/empty.csv:1: empty file: no header row"
head -1 "$DATA" >"$WORK/header_only.csv"
run lint-data "$WORK/header_only.csv"
expect_rc 3
expect_out_contains "  no-rows            the file has a header but no data rows"

# --- usage errors: exit 2 ---------------------------------------------------------------------
run lint-data
expect_rc 2
run lint-data "$DATA" --fail-on info
expect_rc 2
run lint-data "$DATA" --format xml
expect_rc 2
run lint-data "$DATA" --target nope
expect_rc 2
expect_err_equals "mlctl: error: $DATA:1: --target: no column named \"nope\""
run lint-data "$DATA" --psi-warn 0.5 --psi-fail 0.2
expect_rc 2
expect_err_equals "mlctl: error: --psi-fail must be >= --psi-warn (0.5), got 0.2"
run lint-data "$DATA" --json --format sarif
expect_rc 2

# stdin works, and the model's target is the default --target when the data has it
run_stdin "$WORK/leak.csv" lint-data - -m "$WORK/m.mlm" --json
expect_rc 3
expect_out_contains '"source": "<stdin>"'
expect_out_contains '"column": "leak"'


# --- what train refuses or warns about (issue #12) -------------------------------------------
# A target of numbers with one "?": an error finding (exit 3) naming the value, its line and
# --na; with --na '?' the file passes.
awk -F, -v OFS=, 'NR == 12 { $11 = "?" } { print }' "$MLCTL_DATA/diabetes.csv" >"$WORK/target-q.csv"
run lint-data "$WORK/target-q.csv" --target target
expect_rc 3
expect_out_equals "lint-data: $WORK/target-q.csv, 442 rows

Errors (1):
  target-non-numbers target: the target holds 441 numbers and 1 value that is not: \"?\"; train refuses it: if it marks a missing value, add --na '?' [line 12]

1 error, 0 warnings, 0 info in 442 rows"
run lint-data "$WORK/target-q.csv" --target target --na '?'
expect_rc 0
expect_out_contains "0 errors, 1 warning, 0 info in 442 rows"
expect_out_contains "target-missing     target: 1 row has no value for the target"
# A feature with one "?": mixed-types, with the --na advice.
awk -F, -v OFS=, 'NR == 12 { $3 = "?" } { print }' "$MLCTL_DATA/diabetes.csv" >"$WORK/bmi-q.csv"
run lint-data "$WORK/bmi-q.csv" --target target
expect_rc 0
expect_out_contains "  mixed-types        bmi: 1 of 442 values in a mostly numeric column are not numbers: \"?\"; if it marks a missing value, add --na '?' [line 12]"
# Too many classes for the rows: a warning naming --max-classes.
head -61 "$MLCTL_DATA/penguins.csv" >"$WORK/penguins59.csv"
run lint-data "$WORK/penguins59.csv" --target species
expect_eq "$(grep -c too-many-classes <<<"$out")" 0 "3 classes are not too many"
awk -F, -v OFS=, 'NR > 1 { $2 = "c" NR % 21 } { print }' "$WORK/penguins59.csv" >"$WORK/classes21.csv"
run lint-data "$WORK/classes21.csv" --target island
expect_rc 0
expect_out_contains "  too-many-classes   island: 21 classes in 60 labelled rows: without --max-classes, train refuses more than 100, and beyond 10 more than one per 5 rows"
# An integer target with 3 values: info. A row number: an identifier.
awk -F, -v OFS=, 'NR == 1 { $0 = "row," $0 } NR > 1 { $11 = NR % 3; $0 = (NR - 2) "," $0 } { print }' \
  "$MLCTL_DATA/diabetes.csv" >"$WORK/three.csv"
run lint-data "$WORK/three.csv" --target target
expect_rc 0
expect_out_contains "  integer-target     target: the target holds only 3 distinct integers (0 to 2): train fits them as numbers (ridge) unless --algorithm logistic"
expect_out_contains "  identifier-column  row: the values are the integers 0 to 441, each once, in order: a row number, not a feature"
expect_out_contains "0 errors, 1 warning, 1 info in 442 rows"
run lint-data "$WORK/three.csv" --target target --format sarif
expect_out_contains '"ruleId": "integer-target"'

# Ragged rows are findings (#12): one per row, the first 20 listed, then a count; the read goes
# on and the run exits 3, not 1. Other subcommands still stop at the first one.
{
  printf 'a,b\n1,2\n3\n4,5,6\n7,8\n'
  for _ in $(seq 23); do printf '9\n'; done
} >"$WORK/ragged.csv"
run lint-data "$WORK/ragged.csv"
expect_rc 3
expect_err_empty
listed=""
for line in 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23; do
  listed+="  ragged-row         expected 2 fields (as in the header), found 1 [line $line]"$'\n'
done
expect_out_equals "lint-data: $WORK/ragged.csv, 2 rows

Errors (21):
  ragged-row         expected 2 fields (as in the header), found 1 [line 3]
  ragged-row         expected 2 fields (as in the header), found 3 [line 4]
${listed}  ragged-row         5 more rows have another field count than the header (25 in all, the first 20 listed) [line 24]

21 errors, 0 warnings, 0 info in 2 rows"
run lint-data "$WORK/ragged.csv" --format json
expect_rc 3
expect_out_contains '"rule": "ragged-row",
      "severity": "error",
      "column": null,
      "figure": 1.0,
      "message": "expected 2 fields (as in the header), found 1",
      "line": 3'
run describe "$WORK/ragged.csv"
expect_rc 1
expect_out_empty
expect_err_equals "mlctl: error: $WORK/ragged.csv:3:2: expected 2 fields (as in the header), found 1"

finish
