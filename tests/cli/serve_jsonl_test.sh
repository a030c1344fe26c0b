#!/usr/bin/env bash
# `mlctl serve` with JSON Lines in (Content-Type: application/x-ndjson): the bytes `mlctl predict
# --format jsonl` writes for the same rows as CSV, one row and 100k rows; errors as statuses
# with one-line messages naming the line and the key; the request log as JSON (--log-format).
# All traffic is on 127.0.0.1, on ports the kernel picks; every wait is bounded.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/serve_lib.sh"
need_tool curl curl
TITANIC=$MLCTL_DATA/titanic.csv
DIABETES=$MLCTL_DATA/diabetes.csv

"$MLCTL" train "$TITANIC" --target survived -q -o "$WORK/titanic.mlm"
"$MLCTL" train "$DIABETES" --target target -q -o "$WORK/diabetes.mlm"

# post_jsonl PATH FILE: POSTs FILE as JSON Lines; $status, $out (the body) and $headers (post of
# serve_lib.sh, with a longer time limit for 100k rows).
post_jsonl() {
  status=$(curl -s -m 60 -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' \
    -H 'Content-Type: application/x-ndjson' --data-binary "@$2" "$URL$1")
  out=$(cat "$WORK/body")
  headers=$(tr -d '\r' <"$WORK/headers")
}

# to_jsonl CSV: one JSON object per row, as a client would send it: numbers as JSON numbers with
# the text of the CSV cell, empty cells as null, every other line with its keys in reverse order
# (any order reads the same).
to_jsonl() {
  python3 - "$1" <<'PY'
import csv, json, re, sys
number = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")
with open(sys.argv[1], newline="") as f:
    rows = list(csv.reader(f))
names = rows[0]
for i, row in enumerate(rows[1:]):
    items = []
    for name, cell in zip(names, row):
        value = "null" if cell == "" else cell if number.match(cell) else json.dumps(cell)
        items.append(json.dumps(name) + ":" + value)
    if i % 2:
        items.reverse()
    print("{" + ",".join(items) + "}")
PY
}

to_jsonl "$TITANIC" >"$WORK/titanic.jsonl"
to_jsonl "$DIABETES" >"$WORK/diabetes.jsonl"
head -1 "$WORK/titanic.jsonl" >"$WORK/one.jsonl"
head -2 "$TITANIC" >"$WORK/one.csv"

# ---- Byte for byte what predict --format jsonl writes ----------------------------------------
start_server plain -m "$WORK/titanic.mlm" -m "$WORK/diabetes.mlm"
for query in "" "?proba=1" "?proba=1&keep=name" "?keep=name,sex&explain=3"; do
  flags=$(sed 's/^?//; s/&/ /g; s/\([a-z]*\)=1/--\1/g; s/\([a-z]*\)=\([^ ]*\)/--\1 \2/g' <<<"$query")
  # shellcheck disable=SC2086 # the flags are words
  "$MLCTL" predict -q -m "$WORK/titanic.mlm" "$TITANIC" --format jsonl $flags >"$WORK/expected"
  post_jsonl "/predict/titanic$query" "$WORK/titanic.jsonl"
  expect_eq "$status" 200 "status of /predict/titanic$query"
  checks=$((checks + 1))
  cmp -s "$WORK/body" "$WORK/expected" || fail "jsonl /predict$query differs from predict $flags"
done
expect_eq "$(header Content-Type)" "application/x-ndjson" "content type"
expect_eq "$(header Mlctl-Model)" "titanic" "model name header"
expect_eq "${#out}" "$(($(wc -c <"$WORK/expected") - 1))" "body length"
# A regression model with an interval; ?format=csv does not turn JSON Lines into CSV.
"$MLCTL" predict -q -m "$WORK/diabetes.mlm" "$DIABETES" --format jsonl --interval 0.9 >"$WORK/expected"
post_jsonl "/predict/diabetes?interval=0.9&format=csv" "$WORK/diabetes.jsonl"
expect_eq "$status" 200 "status of diabetes"
checks=$((checks + 1))
cmp -s "$WORK/body" "$WORK/expected" || fail "jsonl diabetes with an interval differs from predict"
# One row.
post_jsonl "/predict/titanic?proba=1" "$WORK/one.jsonl"
expect_out_equals "$("$MLCTL" predict -q -m "$WORK/titanic.mlm" "$WORK/one.csv" --format jsonl --proba)"
expect_out_equals '{"prediction":"yes","proba_no":0.08645181448193277,"proba_yes":0.9135481855180673}'
# 100k rows (77 copies of titanic's 1309, less 793), in one request.
for ((i = 0; i < 77; i++)); do cat "$WORK/titanic.jsonl"; done | head -100000 >"$WORK/big.jsonl"
{
  head -1 "$TITANIC"
  for ((i = 0; i < 77; i++)); do tail -n +2 "$TITANIC"; done | head -100000
} >"$WORK/big.csv"
"$MLCTL" predict -q -m "$WORK/titanic.mlm" "$WORK/big.csv" --format jsonl --proba >"$WORK/expected"
post_jsonl "/predict/titanic?proba=1" "$WORK/big.jsonl"
expect_eq "$status" 200 "status of 100k rows"
expect_eq "$(wc -l <"$WORK/body")" 100000 "lines of 100k rows"
checks=$((checks + 1))
cmp -s "$WORK/body" "$WORK/expected" || fail "100k rows differ from predict"
# Strings, booleans, nulls, missing keys, blank lines, CRLF, escapes: as the same CSV cells.
printf '%s\r\n' '{"sex":"female","age":29,"passengerClass":"1st","name":"A \"B\", C"}' \
  '' '{"passengerClass":"2nd","sex":"male","age":null,"name":"D\u00e9"}' \
  '{"sex":"male","passengerClass":"3rd","extra":true,"name":"E\nF"}' >"$WORK/mixed.jsonl"
printf 'sex,age,passengerClass,name,extra\nfemale,29,1st,"A ""B"", C",\nmale,,2nd,D\xc3\xa9,\nmale,,3rd,"E\nF",true\n' >"$WORK/mixed.csv"
"$MLCTL" predict -q -m "$WORK/titanic.mlm" "$WORK/mixed.csv" --format jsonl --keep name \
  --explain 2 >"$WORK/expected"
post_jsonl "/predict/titanic?keep=name&explain=2" "$WORK/mixed.jsonl"
expect_eq "$status" 200 "status of mixed values"
checks=$((checks + 1))
cmp -s "$WORK/body" "$WORK/expected" || fail "mixed values differ from predict: $out"
# No rows: no predictions.
printf '\n\n' >"$WORK/empty.jsonl"
post_jsonl "/predict/titanic" "$WORK/empty.jsonl"
expect_eq "$status" 200 "status of no rows"
expect_out_empty

# ---- Errors: 400 naming the line (and key), 422 naming every missing column ------------------
printf '{"sex":"female","age":29,"passengerClass":"1st"}\n{"sex":"male","age":3 1}\n' >"$WORK/bad.jsonl"
post_jsonl "/predict/titanic" "$WORK/bad.jsonl"
expect_eq "$status" 400 "status of a line that is not JSON"
expect_out_equals "<body>:2:23: not valid JSON: syntax error while parsing object - unexpected \
number literal; expected '}'"
expect_eq "$(header Content-Type)" "text/plain; charset=utf-8" "content type of an error"
printf '{"sex":"female","age":29,"passengerClass":"1st"}\n\n{"sex":"male","age":"old","passengerClass":"2nd"}\n' >"$WORK/nan.jsonl"
post_jsonl "/predict/titanic" "$WORK/nan.jsonl"
expect_eq "$status" 400 "status of a value that is not a number"
expect_out_equals '<body>:3: column "age": "old" is not a number (the model was trained on numbers here)'
# A line break in a quoted value stays inside the one line of the message.
printf '%s\n' '{"sex":"male","age":"a\nb","passengerClass":"1st"}' >"$WORK/break.jsonl"
post_jsonl "/predict/titanic" "$WORK/break.jsonl"
expect_eq "$status" 400 "status of a value with a line break"
expect_out_equals '<body>:1: column "age": "a\nb" is not a number (the model was trained on numbers here)'
expect_eq "$(wc -l <"$WORK/body")" 1 "lines of the message"
printf '{"sex":"female","age":[29],"passengerClass":"1st"}\n' >"$WORK/array.jsonl"
post_jsonl "/predict/titanic" "$WORK/array.jsonl"
expect_eq "$status" 400 "status of an array value"
expect_out_equals '<body>:1: key "age": expected a number, string or null, got an array'
printf '[1, 2]\n' >"$WORK/list.jsonl"
post_jsonl "/predict/titanic" "$WORK/list.jsonl"
expect_eq "$status" 400 "status of a line that is an array"
expect_out_equals '<body>:1: expected a JSON object, got an array'
printf '{"sex":"male","sex":"female"}\n' >"$WORK/twice.jsonl"
post_jsonl "/predict/titanic" "$WORK/twice.jsonl"
expect_eq "$status" 400 "status of a key given twice"
expect_out_equals '<body>:1: key "sex" is given twice'
printf '{"name":"A","sex":"male"}\n' >"$WORK/few.jsonl"
post_jsonl "/predict/titanic" "$WORK/few.jsonl"
expect_eq "$status" 422 "status of missing columns"
expect_out_equals '<body>: 2 columns are missing: "age", "passengerClass"; the model needs them as features'
printf '{}\n{}\n' >"$WORK/nothing.jsonl"
post_jsonl "/predict/titanic" "$WORK/nothing.jsonl"
expect_eq "$status" 422 "status of empty objects"
expect_out_equals '<body>: 3 columns are missing: "sex", "age", "passengerClass"; the model needs them as features'
post_jsonl "/predict/titanic?keep=nope" "$WORK/one.jsonl"
expect_eq "$status" 422 "status of an unknown keep column"
out=$(curl -s -m 10 "$URL/metrics")
expect_out_contains 'mlctl_requests_total{model="diabetes",status="200"} 1
mlctl_requests_total{model="titanic",status="200"} 8
mlctl_requests_total{model="titanic",status="400"} 6
mlctl_requests_total{model="titanic",status="422"} 3'
expect_out_contains "mlctl_rows_total{model=\"titanic\"} $((4 * 1309 + 1 + 100000 + 3))"
stop_server
expect_rc 0
# No request log without -v.
expect_eq "$(grep -c '"method"' "$WORK/plain.err")" 0 "request lines without -v"

# ---- A model trained with --delimiter ';': JSON bodies are not read with the model's ';' -----
tr ',' ';' <"$MLCTL_DATA/penguins.csv" >"$WORK/penguins.csv"
"$MLCTL" train "$WORK/penguins.csv" --delimiter ';' --target species -q -o "$WORK/penguins.mlm"
head -3 "$WORK/penguins.csv" >"$WORK/two.csv"
"$MLCTL" predict -q -m "$WORK/penguins.mlm" "$WORK/two.csv" --format jsonl >"$WORK/expected"
printf '%s\n' '{"island":"Torgersen","bill_length_mm":39.1,"bill_depth_mm":18.7,"flipper_length_mm":181,"body_mass_g":3750,"sex":"male","year":2007}' \
  '{"island":"Torgersen","bill_length_mm":39.5,"bill_depth_mm":17.4,"flipper_length_mm":186,"body_mass_g":3800,"sex":"female","year":2007}' >"$WORK/two.jsonl"
start_server semicolon -m "$WORK/penguins.mlm"
post_jsonl "/predict" "$WORK/two.jsonl"
expect_eq "$status" 200 "status of JSON Lines for a ';' model"
checks=$((checks + 1))
cmp -s "$WORK/body" "$WORK/expected" || fail "JSON Lines for a ';' model differ from predict: $out"
cat >"$WORK/infer.json" <<'JSON'
{"inputs": [{"name": "island", "datatype": "BYTES", "shape": [1], "data": ["Torgersen"]},
  {"name": "bill_length_mm", "datatype": "FP64", "shape": [1], "data": [39.1]},
  {"name": "bill_depth_mm", "datatype": "FP64", "shape": [1], "data": [18.7]},
  {"name": "flipper_length_mm", "datatype": "FP64", "shape": [1], "data": [181]},
  {"name": "body_mass_g", "datatype": "FP64", "shape": [1], "data": [3750]},
  {"name": "sex", "datatype": "BYTES", "shape": [1], "data": ["male"]},
  {"name": "year", "datatype": "FP64", "shape": [1], "data": [2007]}]}
JSON
status=$(curl -s -m 10 -o "$WORK/body" -w '%{http_code}' -H 'Content-Type: application/json' \
  --data-binary "@$WORK/infer.json" "$URL/v2/models/penguins/infer")
expect_eq "$status" 200 "status of a V2 inference for a ';' model"
out=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["outputs"][0]["data"])' "$WORK/body")
expect_out_equals "['$(head -1 "$WORK/expected" | python3 -c 'import json,sys; print(json.load(sys.stdin)["prediction"])')']"
stop_server
expect_rc 0

# ---- The request log: text by default, one JSON object per line with --log-format json -------
start_server textlog -v -m "$WORK/titanic.mlm"
post_jsonl "/predict" "$WORK/one.jsonl"
stop_server
expect_rc 0
checks=$((checks + 1))
grep -Eqx 'mlctl: info: POST /predict titanic 200: 1 rows in [0-9]+\.[0-9]{3} ms' \
  "$WORK/textlog.err" || fail "no text request line: $(cat "$WORK/textlog.err")"
start_server jsonlog -v --log-format json -m "$WORK/titanic.mlm"
ID=$("$MLCTL" describe --json "$WORK/titanic.mlm" | python3 -c 'import json,sys; print(json.load(sys.stdin)["provenance"]["id"])')
post_jsonl "/predict?proba=1" "$WORK/big.jsonl"
post_jsonl "/predict/nope" "$WORK/one.jsonl"
curl -s -m 10 -o /dev/null "$URL/metrics"
stop_server
expect_rc 0
out=$(python3 - "$WORK/jsonlog.err" "$ID" <<'PY'
import json, re, sys
lines = [l for l in open(sys.argv[1]) if l.startswith("{")]
seen = []
for l in lines:
    r = json.loads(l)
    assert list(r) == ["time", "method", "path", "status", "rows", "latency_ms", "model",
                       "model_id"], r
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", r["time"]), r
    assert isinstance(r["latency_ms"], (int, float)) and r["latency_ms"] >= 0, r
    seen.append((r["method"], r["path"], r["status"], r["rows"], r["model"], r["model_id"]))
print(seen == [("POST", "/predict", 200, 100000, "titanic", sys.argv[2]),
               ("POST", "/predict/nope", 404, 0, None, None),
               ("GET", "/metrics", 200, 0, None, None)] or seen)
PY
)
expect_out_equals "True"
run serve -m "$WORK/titanic.mlm" --log-format xml
expect_rc 2
expect_err_contains "--log-format: xml not in {text,json}"

finish
