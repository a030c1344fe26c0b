#!/usr/bin/env bash
# `mlctl serve`: predictions over HTTP byte for byte as `mlctl predict` writes them, errors as
# statuses with the CLI's messages, the bearer token, SIGTERM with a request in flight, and
# hot reload (a replaced file swapped in, a corrupt one refused while the old model serves).
# All traffic is on 127.0.0.1, on ports the kernel picks; every wait is bounded.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/serve_lib.sh"
need_tool curl curl
TITANIC=$MLCTL_DATA/titanic.csv
DIABETES=$MLCTL_DATA/diabetes.csv

"$MLCTL" train "$TITANIC" --target survived -q -o "$WORK/titanic.mlm"
"$MLCTL" train "$DIABETES" --target target -q -o "$WORK/diabetes.mlm"
"$MLCTL" train "$TITANIC" --target survived --alpha 10 -q -o "$WORK/titanic_alpha10.mlm"

# ---- Byte for byte what predict writes -------------------------------------------------------
start_server plain -m "$WORK/titanic.mlm"
for query in "" "?proba=1" "?proba=1&keep=name" "?keep=name,sex&explain=3" "?format=jsonl&proba=1"; do
  flags=$(sed 's/^?//; s/&/ /g; s/\([a-z]*\)=1/--\1/g; s/\([a-z]*\)=\([^ ]*\)/--\1 \2/g' <<<"$query")
  # shellcheck disable=SC2086 # the flags are words
  "$MLCTL" predict -q -m "$WORK/titanic.mlm" "$TITANIC" $flags >"$WORK/expected"
  post "/predict$query" "$TITANIC"
  expect_eq "$status" 200 "status of /predict$query"
  checks=$((checks + 1))
  cmp -s "$WORK/body" "$WORK/expected" || fail "/predict$query differs from predict $flags"
done
expect_eq "$(header Content-Type)" "application/x-ndjson" "content type of jsonl"
post "/predict" "$TITANIC"
expect_eq "$(header Content-Type)" "text/csv" "content type of csv"
expect_eq "$(header Mlctl-Model)" "titanic" "model name header"
ID1=$(header Mlctl-Model-Id)
expect_eq "${#ID1}" 16 "model id header length ($ID1)"
post "/predict/titanic" "$TITANIC"
expect_eq "$status" 200 "status of /predict/titanic"
head -2 "$TITANIC" >"$WORK/one.csv"
post "/predict" "$WORK/one.csv"
expect_out_equals "$("$MLCTL" predict -q -m "$WORK/titanic.mlm" "$WORK/one.csv")"

# curl's default content type is a form: the body is still the rows, of any size, and the URL
# has the parameters.
out=$(curl -s -m 10 --data-binary "@$TITANIC" "$URL/predict?proba=1")
expect_out_equals "$("$MLCTL" predict -q -m "$WORK/titanic.mlm" "$TITANIC" --proba)"

# ---- Errors: 400, 422, 404, 401 --------------------------------------------------------------
printf 'sex,age,passengerClass\nfemale,29,1st\nmale,"unterminated\n' >"$WORK/bad.csv"
printf 'sex,age,passengerClass\nfemale,29,1st\nmale,old,2nd\n' >"$WORK/nan.csv"
for bad in bad nan; do
  "$MLCTL" predict -m "$WORK/titanic.mlm" <"$WORK/$bad.csv" >/dev/null 2>"$WORK/cli.err"
  post "/predict" "$WORK/$bad.csv"
  expect_eq "$status" 400 "status of a malformed body ($bad)"
  expect_eq "mlctl: error: $out" "$(sed 's/<stdin>/<body>/' "$WORK/cli.err")" "message of $bad.csv"
done
expect_out_contains "<body>:3:2: "
printf 'name,sex\nA,male\n' >"$WORK/few.csv"
"$MLCTL" predict -m "$WORK/titanic.mlm" "$WORK/few.csv" >/dev/null 2>"$WORK/cli.err"
post "/predict" "$WORK/few.csv"
expect_eq "$status" 422 "status of missing columns"
expect_eq "mlctl: error: $out" "$(sed "s|$WORK/few.csv|<body>|" "$WORK/cli.err")" "missing columns"
expect_out_contains '"age", "passengerClass"'

post "/predict?keep=nope" "$TITANIC"
expect_eq "$status" 422 "status of an unknown --keep column"
post "/predict?probability=1" "$TITANIC"
expect_eq "$status" 400 "status of an unknown parameter"
expect_out_contains 'unknown query parameter "probability"'
post "/predict/nope" "$TITANIC"
expect_eq "$status" 404 "status of an unknown model"
expect_out_equals 'no model named "nope" (served: titanic)'
post "/predict?interval=0.9" "$TITANIC"
expect_eq "$status" 400 "status of --interval on a classifier"
expect_out_equals '--interval needs a regression (ridge) model; for a classifier use --proba'
status=$(curl -s -m 10 -o /dev/null -w '%{http_code}' "$URL/v2/health/live")
expect_eq "$status" 200 "live"
status=$(curl -s -m 10 -o /dev/null -w '%{http_code}' "$URL/v2/health/ready")
expect_eq "$status" 200 "ready"
# The Open Inference Protocol: metadata, and an inference equal to predict's on the same rows.
out=$(curl -s -m 10 "$URL/v2/models/titanic")
expect_out_contains '"name":"titanic"'
expect_out_contains "\"versions\":[\"$ID1\"]"
expect_out_contains '{"datatype":"FP64","name":"age","shape":[-1]}'
expect_out_contains '{"datatype":"BYTES","name":"sex","shape":[-1]}'
cat >"$WORK/infer.json" <<'JSON'
{"id": "42", "inputs": [
  {"name": "sex", "shape": [2], "datatype": "BYTES", "data": ["female", "male"]},
  {"name": "age", "shape": [2], "datatype": "FP64", "data": [29, 0.916700006]},
  {"name": "passengerClass", "shape": [2, 1], "datatype": "BYTES", "data": [["1st"], ["1st"]]}]}
JSON
printf 'sex,age,passengerClass\nfemale,29,1st\nmale,0.916700006,1st\n' >"$WORK/two.csv"
"$MLCTL" predict -q -m "$WORK/titanic.mlm" "$WORK/two.csv" --proba --format jsonl >"$WORK/expected"
status=$(curl -s -m 10 -o "$WORK/body" -w '%{http_code}' -H 'Content-Type: application/json' \
  --data-binary "@$WORK/infer.json" "$URL/v2/models/titanic/infer")
expect_eq "$status" 200 "status of infer"
out=$(python3 - "$WORK/body" "$WORK/expected" <<'PY'
import json, sys
got = json.load(open(sys.argv[1]))
rows = [json.loads(line) for line in open(sys.argv[2])]
outputs = {o["name"]: o for o in got["outputs"]}
assert got["id"] == "42" and got["model_name"] == "titanic", got
assert [o["name"] for o in got["outputs"]] == list(rows[0]), got
for name, o in outputs.items():
    assert o["shape"] == [2] and o["data"] == [r[name] for r in rows], (name, o, rows)
assert outputs["prediction"]["datatype"] == "BYTES" and outputs["proba_yes"]["datatype"] == "FP64"
print("same")
PY
)
expect_out_equals "same"
# Outputs named in the request: only those, in its order (the protocol's "outputs").
python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); r["outputs"] = [{"name": "proba_yes"}, {"name": "prediction"}]; json.dump(r, open(sys.argv[2], "w"))' \
  "$WORK/infer.json" "$WORK/infer_two.json"
status=$(curl -s -m 10 -o "$WORK/body" -w '%{http_code}' --data-binary "@$WORK/infer_two.json" \
  "$URL/v2/models/titanic/infer")
expect_eq "$status" 200 "status of infer with outputs named"
expect_eq "$(python3 -c 'import json, sys; print([o["name"] for o in json.load(open(sys.argv[1]))["outputs"]])' "$WORK/body")" \
  "['proba_yes', 'prediction']" "the outputs named, in the request's order"
status=$(curl -s -m 10 -o "$WORK/body" -w '%{http_code}' \
  --data-binary '{"inputs": [{"name": "sex", "data": ["male"]}, {"name": "age", "data": [3]}, {"name": "passengerClass", "data": ["1st"]}], "outputs": [{"name": "nope"}]}' \
  "$URL/v2/models/titanic/infer")
expect_eq "$status" 400 "status of infer with an unknown output"
expect_eq "$(cat "$WORK/body")" '{"error":"unknown output \"nope\" (the model writes prediction, proba_no, proba_yes)"}' "unknown output"
status=$(curl -s -m 10 -o "$WORK/body" -w '%{http_code}' --data-binary '{"inputs": [{"name": "sex", "data": ["male"]}]}' "$URL/v2/models/titanic/infer")
expect_eq "$status" 422 "status of infer with missing inputs"
expect_eq "$(cat "$WORK/body")" '{"error":"<body>:1: 2 columns are missing: \"age\", \"passengerClass\"; the model needs them as features"}' "infer error"

# The counters of every request above, live.
out=$(curl -s -m 10 "$URL/metrics")
expect_out_contains 'mlctl_requests_total{model="titanic",status="200"} 11
mlctl_requests_total{model="titanic",status="400"} 4
mlctl_requests_total{model="titanic",status="422"} 3'
expect_out_contains 'mlctl_requests_total{model="",status="400"} 1'
expect_out_contains 'mlctl_requests_total{model="",status="404"} 1'
expect_out_contains "mlctl_rows_total{model=\"titanic\"} $((8 * 1309 + 1))"
expect_out_contains "mlctl_rows_imputed_total{model=\"titanic\"} $((8 * 263))"
expect_out_contains 'mlctl_request_duration_seconds_count{model="titanic"} 18'
expect_out_contains "mlctl_model_info{model=\"titanic\",id=\"$ID1\"} 1"
stop_server
expect_rc 0

# ---- Several models, the body limit ----------------------------------------------------------
start_server several -m "titanic=$WORK/titanic.mlm" -m "diabetes=$WORK/diabetes.mlm" --max-body 1M
post "/predict" "$TITANIC"
expect_eq "$status" 404 "status without a model name"
expect_out_equals 'several models are served; name one with /predict/NAME or ?model=NAME (titanic, diabetes)'
"$MLCTL" predict -q -m "$WORK/diabetes.mlm" "$DIABETES" --interval 0.9 >"$WORK/expected"
post "/predict/diabetes?interval=0.9" "$DIABETES"
expect_eq "$status" 200 "status of /predict/diabetes"
checks=$((checks + 1))
cmp -s "$WORK/body" "$WORK/expected" || fail "diabetes with an interval differs from predict"
post "/predict?model=titanic" "$TITANIC"
expect_eq "$(header Mlctl-Model)" "titanic" "?model= picks the model"
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do cat "$TITANIC"; done >"$WORK/big.csv"
post "/predict/titanic" "$WORK/big.csv"
expect_eq "$status" 413 "status of a body over --max-body"
stop_server
expect_rc 0

# ---- Who may connect -------------------------------------------------------------------------
run serve -m "$WORK/titanic.mlm" --listen 0.0.0.0:0
expect_rc 2
expect_err_contains "mlctl: error: --listen 0.0.0.0: not a loopback address; give --token-file"
printf 's3cret\n' >"$WORK/token"
start_server token -m "$WORK/titanic.mlm" --token-file "$WORK/token"
post "/predict" "$WORK/one.csv"
expect_eq "$status" 401 "status without a token"
expect_eq "$(header WWW-Authenticate)" "Bearer" "challenge"
post "/predict" "$WORK/one.csv" -H 'Authorization: Bearer s3creT'
expect_eq "$status" 401 "status with a wrong token"
post "/predict" "$WORK/one.csv" -H 'Authorization: Bearer s3cret'
expect_eq "$status" 200 "status with the token"
status=$(curl -s -m 10 -o /dev/null -w '%{http_code}' "$URL/v2/health/ready")
expect_eq "$status" 200 "health checks need no token"
stop_server
expect_rc 0

# ---- SIGTERM with a request in flight: it is answered, then exit 0 ---------------------------
start_server drain -m "$WORK/titanic.mlm"
"$MLCTL" predict -q -m "$WORK/titanic.mlm" "$TITANIC" >"$WORK/expected"
# Uploaded at 20 kB/s, the 65 kB body takes over 3 s: the signal comes in the middle of it.
curl -s -m 30 -o "$WORK/slow" -w '%{http_code}' --limit-rate 20k -H 'Content-Type: text/csv' \
  --data-binary "@$TITANIC" "$URL/predict" >"$WORK/slow.status" &
CURL=$!
sleep 1
stop_server
wait "$CURL"
expect_rc 0
expect_eq "$(cat "$WORK/slow.status")" 200 "status of the request in flight"
checks=$((checks + 1))
cmp -s "$WORK/slow" "$WORK/expected" || fail "the request in flight was not answered whole"
err=$(cat "$WORK/drain.err")
expect_err_contains "mlctl: SIGTERM: finishing the requests in flight, then stopping"

# ---- Hot reload ------------------------------------------------------------------------------
cp "$WORK/titanic.mlm" "$WORK/served.mlm"
start_server reload -m "$WORK/served.mlm" --reload-check 0.1
post "/predict" "$WORK/one.csv"
ID1=$(header Mlctl-Model-Id)
cp "$WORK/titanic_alpha10.mlm" "$WORK/next.mlm"
mv "$WORK/next.mlm" "$WORK/served.mlm"
for ((i = 0; i < 100; i++)); do
  post "/predict" "$WORK/one.csv"
  ID2=$(header Mlctl-Model-Id)
  [[ $ID2 != "$ID1" ]] && break
  sleep 0.1
done
expect_eq "$status" 200 "status after the swap"
checks=$((checks + 1))
[[ $ID2 != "$ID1" ]] || fail "the replaced model file was not swapped in"
"$MLCTL" predict -q -m "$WORK/titanic_alpha10.mlm" "$WORK/one.csv" >"$WORK/expected"
expect_out_equals "$(cat "$WORK/expected")"
# A corrupt file: refused, logged, and the model before it keeps serving.
head -c 300 "$WORK/titanic.mlm" >"$WORK/next.mlm"
mv "$WORK/next.mlm" "$WORK/served.mlm"
for ((i = 0; i < 100; i++)); do
  grep -q "refused" "$WORK/reload.err" && break
  sleep 0.1
done
post "/predict" "$WORK/one.csv"
expect_eq "$status" 200 "status after a corrupt file"
expect_eq "$(header Mlctl-Model-Id)" "$ID2" "model id after a corrupt file"
err=$(cat "$WORK/reload.err")
expect_err_contains "mlctl: warning: model \"served\": the new $WORK/served.mlm was refused, the old model keeps serving: $WORK/served.mlm"
out=$(curl -s -m 10 "$URL/metrics")
expect_out_contains 'mlctl_reload_failures_total{model="served"} 1'
expect_out_contains "mlctl_model_info{model=\"served\",id=\"$ID2\"} 1"
stop_server
expect_rc 0

# SIGHUP reloads even with the watch off.
cp "$WORK/titanic.mlm" "$WORK/served.mlm"
start_server hup -m "$WORK/served.mlm" --reload-check 0
cp "$WORK/titanic_alpha10.mlm" "$WORK/next.mlm"
mv "$WORK/next.mlm" "$WORK/served.mlm"
sleep 0.3
post "/predict" "$WORK/one.csv"
expect_eq "$(header Mlctl-Model-Id)" "$ID1" "no reload without the watch"
kill -HUP "$PID"
for ((i = 0; i < 100; i++)); do
  grep -q "reloaded" "$WORK/hup.err" && break
  sleep 0.1
done
post "/predict" "$WORK/one.csv"
expect_eq "$(header Mlctl-Model-Id)" "$ID2" "model id after SIGHUP"
stop_server
expect_rc 0


# ---- mlctl-serve: the server mlctl serve execs ------------------------------------------------
# The same process (so signals and a unit's $MAINPID reach the server), now mlctl-serve.
start_server exec -m "$WORK/titanic.mlm"
expect_eq "$(readlink "/proc/$PID/exe")" "$(dirname "$(readlink -f "$MLCTL")")/mlctl-serve" \
  "the serving process's binary"
stop_server
expect_rc 0
# Without mlctl-serve beside it, mlctl says where it looked.
mkdir "$WORK/alone"
cp "$MLCTL" "$WORK/alone/mlctl"
out=$("$WORK/alone/mlctl" serve -m "$WORK/titanic.mlm" 2>&1) && rc=0 || rc=$?
expect_rc 1
expect_out_equals "mlctl: error: mlctl serve runs $WORK/alone/mlctl-serve, which is missing: \
install mlctl-serve beside mlctl"
# Usage errors are mlctl's own, before any exec.
out=$("$WORK/alone/mlctl" serve 2>&1) && rc=0 || rc=$?
expect_rc 2
expect_out_contains "mlctl: error: --model is required"

finish
