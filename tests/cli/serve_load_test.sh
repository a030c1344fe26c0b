#!/usr/bin/env bash
# `mlctl serve` under load (issue #17, "Load and faults"). Concurrent clients, each sending
# batches of requests on a kept-alive connection, while `retrain --in-place` replaces the model
# four times and a corrupt file is renamed over it once: no request fails, and every response is
# whole from one model (the body is what `mlctl predict` writes with the model its
# Mlctl-Model-Id header names). Then SIGTERM during load: the requests in flight are answered
# whole and the exit code is 0. Then --max-connections, and slow clients (unfinished headers, a
# body cut short) dropped after --read-timeout. All traffic is on 127.0.0.1, on ports the kernel
# picks; every wait is bounded (the script takes about 20 seconds).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/serve_lib.sh"
need_tool curl curl
TITANIC=$MLCTL_DATA/titanic.csv
LOAD=$WORK/load
mkdir "$WORK/models" "$WORK/expected" "$LOAD"
head -21 "$TITANIC" >"$WORK/rows.csv"  # 20 rows: a request takes well under a millisecond

model_id() {
  "$MLCTL" describe --json "$1" | python3 -c "import json,sys; print(json.load(sys.stdin)['provenance']['id'])"
}
# keep_model: keeps a copy of served.mlm under its id, and its predictions for rows.csv; prints
# the id.
keep_model() {
  local id
  id=$(model_id "$WORK/served.mlm")
  cp "$WORK/served.mlm" "$WORK/models/$id.mlm"
  "$MLCTL" predict -q -m "$WORK/served.mlm" "$WORK/rows.csv" --proba >"$WORK/expected/$id"
  echo "$id"
}
# wait_served ID: until a client has a response from model ID (at most 20 s).
wait_served() {
  local i
  for ((i = 0; i < 200; i++)); do
    grep -qs " $1\$" "$LOAD"/*.txt && return 0
    sleep 0.1
  done
  fail "no response from model $1 within 20 s"
}

# client C: until $WORK/stop exists, runs curl with 8 requests on one kept-alive connection;
# the status and model id of batch B's responses in $LOAD/C.B.txt, one line each, the bodies in
# $LOAD/C.B.0 .. C.B.7.
client() {
  local c=$1 b=0 n args
  while [[ ! -e $WORK/stop ]]; do
    args=()
    for ((n = 0; n < 8; n++)); do args+=(-o "$LOAD/$c.$b.$n" "$URL/predict?proba=1"); done
    curl -s -m 20 -H 'Content-Type: text/csv' --data-binary "@$WORK/rows.csv" \
      -w '%{http_code} %header{mlctl-model-id}\n' "${args[@]}" >"$LOAD/$c.$b.txt"
    b=$((b + 1))
  done
}
CLIENTS=()
start_clients() {
  rm -f "$WORK/stop" "$LOAD"/*
  CLIENTS=()
  local c
  for c in 1 2 3 4; do
    client "$c" &
    CLIENTS+=($!)
  done
}
stop_clients() {
  touch "$WORK/stop"
  wait "${CLIENTS[@]}"
}

# check_responses: counts the responses of $LOAD: $total, $failed (no answer, or not 200), $mixed
# (a body that is not the predictions of the model its header names), and the ids in $SEEN.
check_responses() {
  total=0 failed=0 mixed=0 SEEN=""
  local txt code id n
  for txt in "$LOAD"/*.txt; do
    n=0
    while read -r code id; do
      total=$((total + 1))
      if [[ $code != 200 ]]; then
        failed=$((failed + 1))
      elif [[ ! -e $WORK/expected/$id ]] || ! cmp -s "${txt%.txt}.$n" "$WORK/expected/$id"; then
        mixed=$((mixed + 1))
      elif [[ $SEEN != *"$id"* ]]; then
        SEEN+="$id "
      fi
      n=$((n + 1))
    done <"$txt"
    ((n == 8)) || failed=$((failed + 8 - n))  # a curl run cut short
  done
}

# ---- Models replaced under load ----------------------------------------------------------------
"$MLCTL" train "$TITANIC" --target survived -q -o "$WORK/served.mlm"
IDS=("$(keep_model)")
start_server load -m "$WORK/served.mlm" --reload-check 0.05
start_clients
wait_served "${IDS[0]}"
# retrain_in_place ALPHA: promotes a model retrained with ALPHA (--force: whatever the gate says).
retrain_in_place() {
  run retrain -m "$WORK/served.mlm" "$TITANIC" --in-place --force --alpha "$1" -q
  expect_rc 0
  IDS+=("$(keep_model)")
  wait_served "${IDS[-1]}"
}
retrain_in_place 0.3
retrain_in_place 3
# A corrupt file (a truncated model) renamed over the served one: refused, the last model keeps
# serving; then the good file comes back (a new inode with the same bytes: the same id).
cp "$WORK/served.mlm" "$WORK/good.mlm"
head -c 300 "$WORK/served.mlm" >"$WORK/next.mlm"
mv "$WORK/next.mlm" "$WORK/served.mlm"
for ((i = 0; i < 200; i++)); do
  grep -q "refused" "$WORK/load.err" && break
  sleep 0.1
done
sleep 0.3
mv "$WORK/good.mlm" "$WORK/served.mlm"
retrain_in_place 30
retrain_in_place 0.1
stop_clients

check_responses
echo "under reloads: $total requests, from models $SEEN"
expect_eq "$failed" 0 "failed requests of $total"
expect_eq "$mixed" 0 "responses of $total whose body is not from the model of their header"
checks=$((checks + 1))
((total >= 100)) || fail "only $total requests were sent"
expect_eq "$(wc -w <<<"$SEEN")" 5 "models that answered ($SEEN)"
# Five different models, with different predictions: a response from the wrong one shows.
expect_eq "$(cat "$WORK"/expected/* | sort -u | wc -l)" $((5 * 20 + 1)) "different predictions"
err=$(cat "$WORK/load.err")
expect_err_contains "mlctl: warning: model \"served\": the new $WORK/served.mlm was refused"
out=$(curl -s -m 10 "$URL/metrics")
expect_out_contains 'mlctl_reload_failures_total{model="served"} 1'
expect_out_contains "mlctl_model_info{model=\"served\",id=\"${IDS[-1]}\"} 1"
expect_out_contains "mlctl_requests_total{model=\"served\",status=\"200\"} $total
"
stop_server
expect_rc 0

# start_slow_uploads: three POSTs of the 65 kB titanic at 20 kB/s (over 3 s each) in the
# background, their PIDs in SLOW; check_slow_uploads SUFFIX: each got 200 and predict's bytes.
start_slow_uploads() {
  SLOW=()
  local s
  for s in 1 2 3; do
    curl -s -m 30 -o "$WORK/slow.$s" -w '%{http_code}' --limit-rate 20k -H 'Content-Type: text/csv' \
      --data-binary "@$TITANIC" "$URL/predict" >"$WORK/slow.$s.status" &
    SLOW+=($!)
  done
}
check_slow_uploads() {
  local s
  for s in 1 2 3; do
    expect_eq "$(cat "$WORK/slow.$s.status")" 200 "status of slow upload $s$1"
    checks=$((checks + 1))
    cmp -s "$WORK/slow.$s" "$WORK/expected.all" || fail "slow upload $s was not answered whole"
  done
}

# ---- SIGTERM under load ----------------------------------------------------------------------
# Three slow uploads (the 65 kB titanic at 20 kB/s: over 3 s each) are in flight when SIGTERM
# comes, beside the clients: the uploads are answered whole, every response the clients got is
# whole, and the exit code is 0. Requests sent after the stop find no server (curl's code 000).
start_server drain -m "$WORK/models/${IDS[-1]}.mlm"
"$MLCTL" predict -q -m "$WORK/served.mlm" "$TITANIC" >"$WORK/expected.all"
start_clients
start_slow_uploads
wait_served "${IDS[-1]}"
sleep 1
stop_server
expect_rc 0
wait "${SLOW[@]}"
stop_clients
check_slow_uploads ""
check_responses
# Answered before the stop: 200 and whole; after it: no answer. Never an error status or a body
# cut short.
unanswered=$(cat "$LOAD"/*.txt | grep -c '^000 ')
echo "during the drain: $total requests, $unanswered sent after the stop"
expect_eq "$((failed - unanswered))" 0 "error statuses of $total during the drain"
expect_eq "$mixed" 0 "responses of $total cut short or mixed during the drain"
err=$(cat "$WORK/drain.err")
expect_err_contains "mlctl: SIGTERM: finishing the requests in flight, then stopping"

# ---- --max-connections -----------------------------------------------------------------------
# Three slow uploads hold three connections open (two served, one waiting for a worker): a
# fourth connection is answered 503 at once, and the three are answered whole. Once they are
# closed, connections are served again.
start_server limit -m "$WORK/models/${IDS[-1]}.mlm" --threads 2 --max-connections 3
start_slow_uploads
# Until the three are established (client side, /proc/net/tcp state 01: the server accepts
# them, in order, before any later connection), at most 2 s: the uploads take over 3 s.
port_hex=$(printf '%04X' "${URL##*:}")
for ((i = 0; i < 20; i++)); do
  (($(awk -v p=":$port_hex" '$4 == "01" && substr($3, length($3) - 4) == p' /proc/net/tcp |
    wc -l) >= 3)) && break
  sleep 0.1
done
post "/predict" "$WORK/rows.csv"
expect_eq "$status" 503 "status of a fourth connection"
expect_out_equals "too many connections (--max-connections); try again"
expect_eq "$(header Retry-After)" 1 "Retry-After of a fourth connection"
wait "${SLOW[@]}"
check_slow_uploads " beside the limit"
post "/predict" "$WORK/rows.csv"
expect_eq "$status" 200 "status once the connections are closed"
# The scrape's own connection is open (the last post's may not be closed yet); the fourth was
# refused.
out=$(curl -s -m 10 "$URL/metrics")
checks=$((checks + 1))
[[ $out =~ $'\n'mlctl_connections_open\ [12]$'\n' ]] || fail "open connections: ${out: -300}"
expect_out_contains $'\nmlctl_connections_refused_total 1'
stop_server
expect_rc 0

# ---- Slow clients (slowloris): dropped after --read-timeout ------------------------------------
# Headers never finished, and a body that stops short of its Content-Length: each connection is
# closed by the server within --read-timeout 1 (bounded here by 10 s), and the workers they held
# serve again.
start_server slowloris -m "$WORK/models/${IDS[-1]}.mlm" --threads 2 --read-timeout 1
port=${URL##*:}
exec 5<>"/dev/tcp/127.0.0.1/$port"
printf 'POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\n' >&5
exec 6<>"/dev/tcp/127.0.0.1/$port"
printf 'POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\nContent-Length: 1000\r\n\r\nsex,age\n' >&6
timeout 10 cat <&5 >/dev/null && rc=0 || rc=$?
expect_eq "$rc" 0 "headers never finished: the connection closed within 10 s"
timeout 10 cat <&6 >"$WORK/slow-body.answer" && rc=0 || rc=$?
expect_eq "$rc" 0 "a body cut short: the connection closed within 10 s"
exec 5>&- 6>&-
post "/predict" "$WORK/rows.csv"
expect_eq "$status" 200 "status after the slow clients were dropped"
stop_server
expect_rc 0

finish
