#!/usr/bin/env bash
# `mlctl describe DATA.csv`: the statistics of every dataset in data/ match pandas, and the
# text output, stdin, delimiters, --na and header-only files behave as documented.
source "$(dirname "$0")/lib.sh"
FIXTURES=${MLCTL_FIXTURES:-$(dirname "$0")/../fixtures}/describe
PYTHON=${PYTHON:-/usr/bin/python3}

# compare_with_pandas EXPECTED.json: compares $out (mlctl describe --json) with the numbers
# pandas computed (tests/fixtures/describe/make_expected.py): counts exactly, floating-point
# statistics to 1e-9 relative. Prints one line per difference.
compare_with_pandas() {
  checks=$((checks + 1))
  local report
  report=$(printf '%s' "$out" | "$PYTHON" -c '
import json, math, sys
expected = json.load(open(sys.argv[1]))
actual = json.load(sys.stdin)
problems = []
def same(where, a, e):
    if a != e:
        problems.append(f"{where}: got {a!r}, expected {e!r}")
def close(where, a, e, tolerance=1e-9):
    if e is None or a is None:
        return same(where, a, e)
    if not math.isclose(a, e, rel_tol=tolerance, abs_tol=1e-300):
        problems.append(f"{where}: got {a!r}, expected {e!r}")
for key in ("rows", "rows_with_missing"):
    same(key, actual[key], expected[key])
for kind in ("numeric", "categorical", "empty"):
    same(f"columns_by_type.{kind}", actual["columns_by_type"][kind],
         sum(c["type"] == kind for c in expected["columns"]))
same("column count", len(actual["columns"]), len(expected["columns"]))
for a, e in zip(actual["columns"], expected["columns"]):
    name = e["name"]
    for key in ("name", "type", "count", "missing", "distinct"):
        same(f"{name}.{key}", a[key], e[key])
    rows = e["count"] + e["missing"]
    close(f"{name}.missing_percent", a["missing_percent"],
          100.0 * e["missing"] / rows if rows else 0.0, 1e-12)
    if e["type"] == "numeric":
        for key in ("mean", "std", "min", "25%", "50%", "75%", "max"):
            close(f"{name}.{key}", a.get(key), e[key])
        same(f"{name}.histogram.counts", a["histogram"]["counts"], e["histogram"]["counts"])
        for i, (x, y) in enumerate(zip(a["histogram"]["edges"], e["histogram"]["edges"])):
            close(f"{name}.histogram.edges[{i}]", x, y, 1e-12)
        same(f"{name}.histogram edges", len(a["histogram"]["edges"]), len(e["histogram"]["edges"]))
    if e["type"] == "categorical":
        same(f"{name}.top", a["top"], e["top"])
print("\n".join(problems))
' "$1" 2>&1)
  [[ -z $report ]] || fail "differs from pandas ($1):"$'\n'"${report:0:3000}"
}

# json_value EXPR: evaluates a Python expression on the JSON in $out, bound to `d`.
json_value() {
  printf '%s' "$out" | "$PYTHON" -c 'import json, sys; d = json.load(sys.stdin); print('"$1"')'
}

# Every dataset in data/ against pandas.
for csv in "$MLCTL_DATA"/*.csv; do
  name=$(basename "$csv" .csv)
  run describe --json "$csv"
  expect_rc 0
  expect_err_empty
  if [[ -f $FIXTURES/$name.json ]]; then
    compare_with_pandas "$FIXTURES/$name.json"
  else
    fail "no pandas expectations for $name (run tests/fixtures/describe/make_expected.py)"
  fi
done

# A few of those numbers spelled out, as a reader would check them against pandas.
run describe --json "$MLCTL_DATA/titanic.csv"
expect_eq "$(json_value 'd["file"]')" "$MLCTL_DATA/titanic.csv" "file"
expect_eq "$(json_value '[c for c in d["columns"] if c["name"] == "age"][0]["count"]')" 1046 "age count"
expect_eq "$(json_value '[c for c in d["columns"] if c["name"] == "age"][0]["missing"]')" 263 "age missing"
expect_eq "$(json_value '[c for c in d["columns"] if c["name"] == "age"][0]["mean"]')" \
  29.881134512434034 "age mean"
expect_eq "$(json_value '[c for c in d["columns"] if c["name"] == "age"][0]["50%"]')" 28.0 "age median"
expect_eq "$(json_value '[c for c in d["columns"] if c["name"] == "sex"][0]["top"][0]')" \
  "{'value': 'male', 'count': 843}" "sex top value"
expect_eq "$(json_value '[c for c in d["columns"] if c["name"] == "sex"][0]["categorical_because"]')" \
  "{'value': 'female', 'line': 2}" "why sex is categorical"

# Text output: one row per column, the summary line last.
run describe "$MLCTL_DATA/titanic.csv"
expect_rc 0
expect_err_empty
expect_out_contains "numeric columns"
expect_out_contains "age      1046      263  20.1%        98  29.8811  14.4135  0.1667   21   28   39   80  ▃▂▂▂▆█▇▇▅▄▃▃▂▂▂▁▁▁▁▁"
expect_out_contains "sex              1309        0  0.0%         2  'female' on line 2                     male (843), female (466)"
expect_eq "$(tail -n 1 <<<"$out")" \
  "1309 rows, 5 columns (1 numeric, 4 categorical, 0 empty), 263 rows with a missing value" \
  "titanic summary line"

run describe "$MLCTL_DATA/penguins.csv"
expect_eq "$(tail -n 1 <<<"$out")" \
  "344 rows, 8 columns (5 numeric, 3 categorical, 0 empty), 11 rows with a missing value" \
  "penguins summary line"
# Every numeric column has a histogram of 20 bars (empty bins are spaces).
expect_eq "$(grep -c '^bill_length_mm .*[▁▂▃▄▅▆▇█]' <<<"$out")" 1 "bill_length_mm histogram"

# stdin via "-".
run_stdin "$MLCTL_DATA/penguins.csv" describe --json -
expect_rc 0
expect_eq "$(json_value 'd["file"]')" "<stdin>" "stdin display name"
compare_with_pandas "$FIXTURES/penguins.json"

# A .tsv file is read with tabs without being told.
tr ',' '\t' <"$MLCTL_DATA/penguins.csv" >"$WORK/penguins.tsv"
run describe --json "$WORK/penguins.tsv"
expect_rc 0
compare_with_pandas "$FIXTURES/penguins.json"

# --delimiter ';' (and 'tab' for a file not named .tsv).
tr ',' ';' <"$MLCTL_DATA/diabetes.csv" >"$WORK/diabetes.csv"
run describe --json --delimiter ';' "$WORK/diabetes.csv"
expect_rc 0
compare_with_pandas "$FIXTURES/diabetes.json"
tr ',' '\t' <"$MLCTL_DATA/diabetes.csv" >"$WORK/diabetes.txt"
run describe --json --delimiter tab "$WORK/diabetes.txt"
expect_rc 0
compare_with_pandas "$FIXTURES/diabetes.json"

# --na: a token that means "missing" turns a column numeric again.
printf 'x,y\n1,a\n?,b\n3,?\n' >"$WORK/question.csv"
run describe --json "$WORK/question.csv"
expect_rc 0
expect_eq "$(json_value 'd["columns"][0]["type"]')" categorical "x without --na"
expect_eq "$(json_value 'd["columns"][0]["categorical_because"]')" "{'value': '?', 'line': 3}" \
  "why x is categorical"
run describe --json --na '?' --na NONE "$WORK/question.csv"
expect_rc 0
expect_eq "$(json_value '[d["columns"][0][k] for k in ("type", "count", "missing", "mean")]')" \
  "['numeric', 2, 1, 2.0]" "x with --na ?"
expect_eq "$(json_value 'd["rows_with_missing"]')" 2 "rows with --na ?"

# Type inference: inf is not a number, so the column is categorical and says why.
printf 'v\n1\n2.5\ninf\n4\n' >"$WORK/inf.csv"
run describe "$WORK/inf.csv"
expect_rc 0
expect_out_contains "'inf' on line 4"
expect_eq "$(tail -n 1 <<<"$out")" \
  "4 rows, 1 column (0 numeric, 1 categorical, 0 empty), 0 rows with a missing value" \
  "inf summary line"

# Text output keeps one line per column: line breaks in values are escaped, long values cut.
printf 'note\n"two\nlines"\n"a very long value that goes on and on"\n' >"$WORK/multiline.csv"
run describe "$WORK/multiline.csv"
expect_rc 0
expect_out_contains "note        2        0  0.0%         2  'two\\nlines' on line 2  a very long value that g… (1), two\\nlines (1)"

# One value has no sample standard deviation: null in JSON, "-" in the table.
printf 'a\n5\n' >"$WORK/one_value.csv"
run describe --json "$WORK/one_value.csv"
expect_rc 0
expect_eq "$(json_value '[d["columns"][0][k] for k in ("mean", "std", "50%")]')" "[5.0, None, 5.0]" \
  "one value"
run describe "$WORK/one_value.csv"
expect_out_contains $'a           1        0  0.0%         1     5    -    5    5    5    5    5'

# An all-missing column is "empty", with its missing count.
printf 'a,b\n1,\n2,NA\n' >"$WORK/empty_column.csv"
run describe --json "$WORK/empty_column.csv"
expect_rc 0
expect_eq "$(json_value '[d["columns"][1][k] for k in ("type", "count", "missing", "distinct")]')" \
  "['empty', 0, 2, 0]" "all-missing column"
run describe "$WORK/empty_column.csv"
expect_out_contains $'empty columns (no values)\nb\n'

# A header-only file is valid: 0 rows, said plainly.
printf 'a,b,c\n' >"$WORK/header_only.csv"
run describe "$WORK/header_only.csv"
expect_rc 0
expect_err_empty
expect_eq "$(tail -n 1 <<<"$out")" \
  "0 rows (header only), 3 columns (0 numeric, 0 categorical, 3 empty), 0 rows with a missing value" \
  "header-only summary"
run describe --json "$WORK/header_only.csv"
expect_rc 0
expect_eq "$(json_value '(d["rows"], len(d["columns"]), d["columns"][0]["type"])')" \
  "(0, 3, 'empty')" "header-only JSON"

# "-0" is the number 0: describe never prints a minimum, quartile or maximum of -0.
printf 'z,w\n-0,-0.0\n0,-0\n-0.0,-0\n' >"$WORK/negative_zero.csv"
run describe --json "$WORK/negative_zero.csv"
expect_rc 0
expect_eq "$(json_value '[d["columns"][c][k] for c in (0, 1) for k in ("mean", "min", "25%", "50%", "75%", "max")]')" \
  "[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]" "-0 in JSON"
checks=$((checks + 1))
! grep -qE -- '-0\.0(,|$)' <<<"$out" || fail "describe --json printed a -0: $(grep -nE -- '-0\.0(,|$)' <<<"$out")"
run describe "$WORK/negative_zero.csv"
expect_rc 0
expect_out_contains $'z           3        0  0.0%         1     0    0    0    0    0    0    0'
expect_out_contains $'w           3        0  0.0%         1     0    0    0    0    0    0    0'
checks=$((checks + 1))
[[ $out != *" -0 "* ]] || fail "describe printed a -0: $out"
run describe "$WORK/negative_zero.csv" --html "$WORK/negative_zero.html"
expect_rc 0
checks=$((checks + 1))
! grep -qE '[>( ]-0[<) ]' "$WORK/negative_zero.html" ||
  fail "describe --html printed a -0: $(grep -oE '.{20}[>( ]-0[<) ].{20}' "$WORK/negative_zero.html" | head -3)"

finish
