#!/usr/bin/env bash
# Prediction and the model card of a model with a 25,000-level one-hot feature (issue #14):
# predict scores a sparse row per record (no dense row of 25,001 columns, let alone rows x
# columns), --explain names the record's own level, describe's text lists the largest 500
# coefficients, the HTML card charts 20 and --json keeps them all.
source "$(dirname "$0")/lib.sh"
need_tool /usr/bin/time time

# 30,000 rows; level i % 25000 of "city" (every level seen, 5000 of them twice) and a numeric x.
awk 'BEGIN {
  print "x,city,label"
  for (i = 0; i < 30000; i++) {
    level = i % 25000
    x = ((i * 37) % 101) / 10 - 5
    score = x + (level % 2 ? 1.5 : -1.5) + ((i * 13) % 7) - 3
    printf "%.1f,c%d,%s\n", x, level, (score > 0 ? "yes" : "no")
  }
}' >"$WORK/wide.csv"
run -q train "$WORK/wide.csv" --target label --holdout 0 -o "$WORK/wide.mlm"
expect_rc 0
expect_err_empty

# Every row predicted, in bounded memory: a dense rows x columns matrix would be 6 GB, a dense
# row per record 200 kB; the bound leaves room for the model and the I/O buffers.
out=$(/usr/bin/time -f "%M" -o "$WORK/rss" "$MLCTL" predict -m "$WORK/wide.mlm" "$WORK/wide.csv" \
  --proba --explain 3 -o "$WORK/pred.csv" 2>&1) && rc=0 || rc=$?
expect_rc 0
expect_eq "$(wc -l <"$WORK/pred.csv")" 30001 "prediction lines"
rss_kb=$(cat "$WORK/rss")
if [[ -z $MLCTL_SANITIZED ]]; then
  ((rss_kb < 150000)) || fail "predict peak RSS ${rss_kb} kB, expected under 150000 kB"
  checks=$((checks + 1))
fi
expect_eq "$(head -1 "$WORK/pred.csv")" \
  "prediction,proba_no,proba_yes,score,feature_1,contribution_1,feature_2,contribution_2,feature_3,contribution_3" \
  "header"

# Row 3 (city c2): its level's one-hot column contributes exactly its coefficient (x 1), as
# describe --json stores it. Only x and city=c2 contribute; the third place goes, as in the
# dense order, to the first column of zero contribution: city=c0, coefficient x 0 (a signed 0).
run describe "$WORK/wide.mlm" --json
expect_rc 0
coef=$(grep -A3 '"feature": "city=c2"' <<<"$out" | sed -n '3p' | tr -d ' ,')
explained=$(sed -n '4p' "$WORK/pred.csv")
[[ $explained =~ ,x,[-0-9.e]+,city=c2,${coef//./\\.},city=c0,-?0$ ||
  $explained =~ ,city=c2,${coef//./\\.},x,[-0-9.e]+,city=c0,-?0$ ]] ||
  fail "row 3's explanation is not x, city=c2 ($coef), city=c0 (0): $explained"
checks=$((checks + 1))
# The JSON card keeps every coefficient: 25,000 levels and x.
expect_eq "$(grep -c '"feature": ' <<<"$out")" 25001 "coefficients in --json"

# The text card: the 500 largest, then how many more; a few hundred lines, not 25,000.
run describe "$WORK/wide.mlm"
expect_rc 0
expect_out_contains $'\n  ... and 24501 more (describe --top 0 or --json lists all 25001)\n'
expect_out_contains "  city  one-hot, 25000 categories: c0, c1, c10, c100, c1000, c10000, c10001, c10002, ... (24992 more)"
expect_eq "$(sed -n '/^coefficients/,/more (describe/p' <<<"$out" | grep -c -E '^  (city=c|x )')" 500 \
  "coefficient lines in the text card"

# --top K lists K (x is the largest here, then the two largest levels); 0 lists every one.
run describe "$WORK/wide.mlm" --top 3
expect_rc 0
expect_err_empty
expect_out_contains $'\n  ... and 24998 more (describe --top 0 or --json lists all 25001)\n'
expect_eq "$(sed -n '/^coefficients/,/more (describe/p' <<<"$out" | grep -c -E '^  (city=c|x )')" 3 \
  "coefficient lines with --top 3"
run describe "$WORK/wide.mlm" --top 0
expect_rc 0
expect_eq "$(grep -c -E '^  city=c[0-9]+ +-?[0-9]' <<<"$out")" 25000 "coefficient lines with --top 0"
[[ $out != *"more (describe"* ]] || fail "--top 0 still cuts the list"
checks=$((checks + 1))
# --top is about a model's text card: a usage error on a dataset, with --json or with --html.
run describe "$WORK/wide.csv" --top 3
expect_rc 2
expect_out_empty
expect_err_equals "mlctl: error: --top lists a model's coefficients; $WORK/wide.csv is a dataset"
run describe "$WORK/wide.mlm" --top 3 --json
expect_rc 2
expect_out_empty
expect_err_contains "mlctl: error: --json excludes --top"
run describe "$WORK/wide.mlm" --top 3 --html "$WORK/top.html"
expect_rc 2
expect_err_contains "mlctl: error: --html excludes --top"
expect_file_missing "$WORK/top.html"
run describe "$WORK/wide.mlm" --top -1
expect_rc 2
expect_err_contains "mlctl: error: --top: "

run describe "$WORK/wide.mlm" --html "$WORK/card.html"
expect_rc 0
grep -q '; largest 20 of 25001</div>' "$WORK/card.html" || fail "the HTML card lacks 'largest 20 of 25001'"
checks=$((checks + 1))

finish
