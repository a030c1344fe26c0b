#!/usr/bin/env bash
# `mlctl train --hash-buckets`: categorical values hashed into B columns (XXH64 of the value's
# bytes with --hash-seed, mod B; docs/model-format.md). Checks that
# - the predictions equal scikit-learn's ridge/logistic fitted on the same hashed one-hot design,
#   whose buckets tests/fixtures/hashing/make_reference.py computes with its own XXH64;
# - values training never saw land in their bucket (not counted as unseen), missing values in
#   their own column;
# - collisions are reported by train (text and --json) and describe; retrain keeps the scheme;
# - bad flags are usage errors (exit 2) that write no model.
source "$(dirname "$0")/lib.sh"
FIXTURES=${MLCTL_FIXTURES:-$(dirname "$0")/../fixtures}/hashing
TOLERANCE=1e-6

# compare KIND EXPECTED.csv ACTUAL.csv: ridge values to TOLERANCE relative, class labels exactly
# and probabilities to TOLERANCE absolute; prints the disagreements and fails on any.
compare() {
  awk -F, -v kind="$1" -v tolerance="$TOLERANCE" '
    function abs(x) { return x < 0 ? -x : x }
    NR == FNR { expected[FNR] = $0; n = FNR; next }
    FNR == 1 { if ($0 != expected[1]) { print "header " $0; bad++ } next }
    {
      rows = FNR
      split(expected[FNR], e, ",")
      for (i = 1; i <= NF; ++i) {
        if (kind == "logistic" && i == 1) { if ($1 != e[1]) { print "line " FNR ": " $1; bad++ } continue }
        d = abs($i - e[i])
        if (kind == "ridge") d /= (abs(e[i]) > 1 ? abs(e[i]) : 1)
        if (!(d <= tolerance) && ++bad <= 5) print "line " FNR " field " i ": " $i " vs " e[i]
      }
    }
    END { if (rows != n) { print rows " lines, expected " n; bad++ } exit bad > 0 }' "$2" "$3"
}

# --- Exactness: every case of cases.txt against scikit-learn.
while IFS='|' read -r name data target flags; do
  [[ -z $name || $name == \#* ]] && continue
  read -ra recipe <<<"$flags"
  run train "$MLCTL_DATA/$data" --target "$target" --holdout 0 -o "$WORK/$name.mlm" "${recipe[@]}"
  expect_rc 0
  expect_err_contains "hashed: "
  kind=ridge
  proba=()
  if [[ $(head -1 "$FIXTURES/$name.csv") == *proba_* ]]; then
    kind=logistic
    proba=(--proba)
  fi
  "$MLCTL" predict -m "$WORK/$name.mlm" "$MLCTL_DATA/$data" "${proba[@]}" >"$WORK/$name.csv" \
    2>"$WORK/stderr" && rc=0 || rc=$?
  err=$(cat "$WORK/stderr")
  expect_rc 0
  checks=$((checks + 1))
  report=$(compare "$kind" "$FIXTURES/$name.csv" "$WORK/$name.csv") ||
    fail "$name ($flags) differs from scikit-learn:"$'\n'"$report"
done <"$FIXTURES/cases.txt"

# --- A small shop table. With seed 0 and 4 buckets: a -> 3, b -> 3, c -> 1, d -> 0, g -> 2;
# the unseen z -> 0 (with d) and q -> 1 (with c). One missing city: a column of its own.
{
  echo "x,city,y"
  for i in $(seq 1 40); do
    city=(a b c d g)
    echo "$i,${city[$((i % 5))]},$((2 * i + (i % 5) * 7))"
  done
  echo "41,NA,90"
} >"$WORK/shops.csv"

run train "$WORK/shops.csv" --target y --hash-buckets city=4 --holdout 0 -o "$WORK/shops.mlm"
expect_rc 0
expect_out_empty
expect_err_contains $'features: 2 columns, 6 encoded\nhashed: city into 4 buckets (xxh64, seed 0): 5 levels in 4 buckets, 2 share a bucket\n'

run train "$WORK/shops.csv" --target y --hash-buckets city=4 --holdout 0 -o "$WORK/shops.mlm" \
  --json
expect_rc 0
expect_out_contains '"hashed": [
    {
      "feature": "city",
      "hash": {
        "buckets": 4,
        "buckets_used": 4,
        "colliding_levels": 2,
        "function": "xxh64",
        "levels": 5,
        "seed": 0
      }
    }
  ]'

run describe "$WORK/shops.mlm"
expect_rc 0
expect_out_contains "  city  hashed into 4 buckets (xxh64, seed 0): 5 levels in 4 buckets, 2 share a bucket; + missing"
run describe "$WORK/shops.mlm" --json
expect_out_contains '"city=#0"'
expect_out_contains '"city=<missing>"'
expect_out_contains '"colliding_levels": 2'

# Unseen values set their bucket: z predicts as d, q as c; nothing is counted as unseen.
printf 'x,city\n7,d\n7,z\n7,c\n7,q\n7,NA\n' >"$WORK/new.csv"
run predict -m "$WORK/shops.mlm" "$WORK/new.csv" --stats "$WORK/stats.json"
expect_rc 0
expect_err_contains "; 1 row with imputed values; 0 unseen categorical values"
mapfile -t p <<<"$out"
expect_eq "${p[2]:-}" "${p[1]:-}" "z (bucket 0) predicts as d"
expect_eq "${p[4]:-}" "${p[3]:-}" "q (bucket 1) predicts as c"
checks=$((checks + 1))
[[ -n ${p[5]:-} && ${p[5]} != "${p[1]}" && ${p[5]} != "${p[3]}" ]] || fail "the missing city has its own column"
expect_eq "$(grep -c '"unseen_categories": 0' "$WORK/stats.json")" 1 "no unseen categories"

# A seed moves the buckets: seed 1 puts a in 2, b in 0, c in 1, d in 0, g in 1.
run train "$WORK/shops.csv" --target y --hash-buckets 4 --hash-seed 1 --holdout 0 \
  -o "$WORK/seeded.mlm"
expect_rc 0
expect_err_contains "hashed: city into 4 buckets (xxh64, seed 1): 5 levels in 3 buckets, 4 share a bucket"

# The text report lists five hashed columns and counts the others; --json lists them all.
run train "$MLCTL_DATA/ames.csv" --target Sale_Price --hash-buckets 4 -o "$WORK/ames.mlm"
expect_rc 0
expect_eq "$(grep -c '^hashed: ' <<<"$err")" 6 "hashed lines in the text report"
expect_err_contains $'hashed: Lot_Shape into 4 buckets (xxh64, seed 0): 4 levels in 2 buckets, 4 share a bucket\nhashed: also 35 columns (train --json and describe list them all)\n'
run train "$MLCTL_DATA/ames.csv" --target Sale_Price --hash-buckets 4 -o "$WORK/ames.mlm" --json
expect_eq "$(grep -c '"hash": {' <<<"$out")" 40 "hashed columns in --json"

# lint-data against a hashed model: no vocabulary, so no unseen-category finding.
run lint-data "$WORK/new.csv" -m "$WORK/shops.mlm"
expect_err_lacks "never saw"
expect_out_lacks() { [[ $out != *"$1"* ]] || fail "stdout has [$1]"; }
expect_out_lacks "never saw"

# retrain trains with the stored recipe: the same scheme, and new levels are simply hashed.
{ cat "$WORK/shops.csv"; echo "42,h,99"; } >"$WORK/more.csv"
run retrain -m "$WORK/shops.mlm" "$WORK/more.csv" -o "$WORK/retrained.mlm" --eval "$WORK/shops.csv" \
  --force
expect_rc 0
run describe "$WORK/retrained.mlm"
expect_out_contains "  city  hashed into 4 buckets (xxh64, seed 0): 6 levels in 4 buckets, 3 share a bucket; + missing"

# --- Usage errors: exit 2, one line, no model file.
usage_error() {
  local message=$1
  shift
  run train "$WORK/shops.csv" --target y -o "$WORK/bad.mlm" "$@"
  expect_rc 2
  expect_out_empty
  expect_err_equals "mlctl: error: $message"
  expect_file_missing "$WORK/bad.mlm"
}
range="the bucket count must be a whole number from 1 to 1048576"
usage_error "--hash-buckets \"0\": $range" --hash-buckets 0
usage_error "--hash-buckets \"1048577\": $range" --hash-buckets 1048577
usage_error "--hash-buckets \"city=-2\": $range" --hash-buckets city=-2
usage_error "--hash-buckets \"city=\": $range" --hash-buckets city=
usage_error "--hash-buckets \"=4\": no column before '='" --hash-buckets =4
usage_error "--hash-buckets given twice for every categorical column (4 and 8)" \
  --hash-buckets 4 --hash-buckets 8
usage_error "--hash-buckets given twice for column \"city\"" \
  --hash-buckets city=4 --hash-buckets city=5
usage_error "$WORK/shops.csv: --hash-buckets: no column named \"cty\" in the data" \
  --hash-buckets cty=4
usage_error "--hash-buckets names \"x\", a numeric column: only categorical columns are hashed" \
  --hash-buckets x=4
usage_error "--hash-buckets names \"y\", which is not an input column of the model" \
  --hash-buckets y=4
usage_error "--hash-seed needs --hash-buckets" --hash-seed 3

finish
