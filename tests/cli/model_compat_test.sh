# Model files written by earlier mlctl versions (tests/data/models-v1.0/, format 1.0) still load
# and predict exactly what they predicted when they were written.
source "$(dirname "$0")/lib.sh"
: "${MLCTL_SOURCE_DIR:?set by CTest}"
cd "$MLCTL_SOURCE_DIR" || exit 1
D=tests/data/models-v1.0

# predict_matches EXPECTED ARGS...: runs predict and compares stdout with EXPECTED byte for byte.
predict_matches() {
  local expected=$1
  shift
  checks=$((checks + 1))
  if ! "$MLCTL" predict "$@" >"$WORK/predictions" 2>"$WORK/stderr"; then
    fail "predict $* failed: $(cat "$WORK/stderr")"
  elif ! cmp -s "$WORK/predictions" "$D/$expected"; then
    fail "predict $* differs from $expected: $(diff "$WORK/predictions" "$D/$expected" | head -5)"
  fi
}

predict_matches titanic.predictions.csv -m $D/titanic.mlm data/titanic.csv --proba --keep name
predict_matches penguins.predictions.csv -m $D/penguins.mlm data/penguins.csv --proba
predict_matches diabetes.predictions.csv -m $D/diabetes.mlm data/diabetes.csv --interval 0.9
predict_matches diabetes_cv.predictions.jsonl -m $D/diabetes_cv.mlm data/diabetes.csv \
  --interval 0.8 --format jsonl
predict_matches diabetes_retrained.predictions.csv -m $D/diabetes_retrained.mlm \
  data/diabetes.csv --interval 0.95 --explain 3
predict_matches credit_na.predictions.csv -m $D/credit_na.mlm $D/credit_na.csv \
  --delimiter ';' --na '?' --proba

# Every fixture describes, as text and as JSON, exactly as it did (ids included).
for model in titanic penguins diabetes diabetes_cv diabetes_retrained credit_na; do
  for format in txt json; do
    checks=$((checks + 1))
    flags=()
    [[ $format == json ]] && flags=(--json)
    if ! "$MLCTL" describe "$D/$model.mlm" "${flags[@]}" >"$WORK/describe" 2>"$WORK/stderr"; then
      fail "describe $model.mlm ${flags[*]} failed: $(cat "$WORK/stderr")"
    elif ! cmp -s "$WORK/describe" "$D/$model.describe.$format"; then
      fail "describe $model.mlm ${flags[*]} differs: $(diff "$WORK/describe" "$D/$model.describe.$format" | head -5)"
    fi
  done
done

finish
