# `mlctl describe --html`: one self-contained page per model or dataset, with no scripts and no
# external references, every inline SVG well-formed XML. html_render_test.sh renders them in a
# real browser.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

# Fails unless FILE is a self-contained report: no scripts, no URLs, no external resources, and
# every <svg> element parses as XML.
expect_self_contained() {
  local file=$1
  checks=$((checks + 1))
  [[ -s $file ]] || { fail "$file was not written"; return; }
  checks=$((checks + 1))
  [[ $(head -c 15 "$file") == "<!DOCTYPE html>" ]] || fail "$file does not start with <!DOCTYPE html>"
  local bad
  for bad in '<script' 'http://' 'https://' '<link' '<img' '@import' 'url(' '<iframe'; do
    checks=$((checks + 1))
    ! grep -qiF -- "$bad" "$file" || fail "$file contains $bad"
  done
  local svgs
  svgs=$("$PY" - "$file" <<'PYEOF'
import re, sys, xml.etree.ElementTree as ET
text = open(sys.argv[1], encoding="utf-8").read()
svgs = re.findall(r"<svg .*?</svg>", text, flags=re.S)
for s in svgs:
    ET.fromstring(s)  # raises on anything not well-formed
print(len(svgs))
PYEOF
  ) || fail "$file: an SVG is not well-formed XML"
  echo "$svgs"
}

# --- models ---------------------------------------------------------------------------------
run train "$MLCTL_DATA/titanic.csv" --target survived -o "$WORK/titanic.mlm" -q
expect_rc 0
run describe "$WORK/titanic.mlm" --html "$WORK/titanic.html"
expect_rc 0
expect_out_empty
expect_err_empty
svgs=$(expect_self_contained "$WORK/titanic.html")
# 5 column distributions (the identifier-like name column has none drawn: 4 charts), confusion
# matrix, ROC, calibration, coefficients, permutation importance.
expect_eq "$svgs" 9 "titanic report SVG count"
id=$("$MLCTL" describe --json "$WORK/titanic.mlm" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["provenance"]["id"])')
for want in "Model card: predicts survived" "model id $id" "Confusion matrix (held-out rows)" \
  "ROC curve" "Calibration" "positive class yes" "262 held-out rows" "Permutation importance" \
  "Coefficients: log-odds of yes" "sex=female" ">130<" "xxh3 3e489f7641d44d19" "this model"; do
  checks=$((checks + 1))
  grep -qF -- "$want" "$WORK/titanic.html" || fail "titanic report lacks: $want"
done

run train "$MLCTL_DATA/penguins.csv" --target species --exclude year -o "$WORK/penguins.mlm" -q
expect_rc 0
run describe "$WORK/penguins.mlm" --html "$WORK/penguins.html"
expect_rc 0
svgs=$(expect_self_contained "$WORK/penguins.html")
# 8 columns, confusion matrix, ROC, calibration, 3 coefficient charts (one per class), importance
# = 8 + 3 + 3 + 1.
expect_eq "$svgs" 15 "penguins report SVG count"
for want in "one-vs-rest" "Coefficients: Gentoo" "Coefficients: Adelie" "Chinstrap"; do
  checks=$((checks + 1))
  grep -qF -- "$want" "$WORK/penguins.html" || fail "penguins report lacks: $want"
done

run train "$MLCTL_DATA/diabetes.csv" --target target -o "$WORK/diabetes.mlm" -q
expect_rc 0
run describe "$WORK/diabetes.mlm" --html "$WORK/diabetes.html"
expect_rc 0
svgs=$(expect_self_contained "$WORK/diabetes.html")
# 11 columns, predicted vs actual, residuals, coefficients, importance.
expect_eq "$svgs" 15 "diabetes report SVG count"
for want in "Predicted vs actual" "Residuals (predicted - actual)" "89 held-out rows" \
  "how much R&#178; worsens"; do
  checks=$((checks + 1))
  grep -qF -- "$want" "$WORK/diabetes.html" || fail "diabetes report lacks: $want"
done
checks=$((checks + 1))
[[ $(grep -o '<circle ' "$WORK/diabetes.html" | wc -l) == 89 ]] ||
  fail "the predicted-vs-actual plot should have one point per held-out row (89)"

# Without a holdout there is nothing to chart, and the card says so.
run train "$MLCTL_DATA/diabetes.csv" --target target --holdout 0 -o "$WORK/unevaluated.mlm" -q
expect_rc 0
run describe "$WORK/unevaluated.mlm" --html "$WORK/unevaluated.html"
expect_rc 0
expect_self_contained "$WORK/unevaluated.html" >/dev/null
checks=$((checks + 1))
grep -qF "Not evaluated: trained with <code>--holdout 0</code>." "$WORK/unevaluated.html" ||
  fail "an unevaluated model's report should say so"

# --- a dataset, with a category that looks like markup ----------------------------------------
printf 'kind,size\n<script>&",1\n<script>&",2\nplain,3.5\nplain,\n' >"$WORK/odd.csv"
run describe "$WORK/odd.csv" --html "$WORK/odd.html"
expect_rc 0
expect_out_empty
svgs=$(expect_self_contained "$WORK/odd.html")
expect_eq "$svgs" 2 "dataset report SVG count"
for want in "Dataset: " "&lt;script&gt;&amp;&quot;" "1 (25.0%)"; do
  checks=$((checks + 1))
  grep -qF -- "$want" "$WORK/odd.html" || fail "dataset report lacks: $want"
done
run describe "$MLCTL_DATA/ames.csv" --html "$WORK/ames.html"
expect_rc 0
expect_self_contained "$WORK/ames.html" >/dev/null

# --- usage -----------------------------------------------------------------------------------
run describe "$WORK/titanic.mlm" --html "$WORK/x.html" --json
expect_rc 2
expect_err_contains "--json excludes --html"
run describe "$WORK/missing.csv" --html "$WORK/y.html"
expect_rc 1
expect_file_missing "$WORK/y.html"

finish
