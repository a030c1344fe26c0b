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

# Every fixture describes, as text and as JSON, with its id unchanged.
for model in titanic:4b75507eec5ec6fc penguins:44064ce56a7ff8a4 diabetes:5e95c56a1dcd6407 \
  diabetes_cv:19164e0bf3539ce0 diabetes_retrained:a396a5fb38af4abe credit_na:0ad23dc5a3732f0e; do
  run describe "$D/${model%%:*}.mlm"
  expect_rc 0
  expect_out_contains "id           ${model##*:}"
  run describe "$D/${model%%:*}.mlm" --json
  expect_rc 0
  expect_out_contains "\"id\": \"${model##*:}\""
done

finish
