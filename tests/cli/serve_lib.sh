# Helpers for the `mlctl serve` tests (serve_test.sh, serve_load_test.sh, serve_jsonl_test.sh),
# sourced after lib.sh: a server on 127.0.0.1 on a port the kernel picks, stopped with SIGTERM;
# every wait is bounded.
# Servers still running when the script exits (a failed check) are killed.
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done; rm -rf "$WORK"' EXIT

# start_server NAME ARGS...: starts `mlctl serve ARGS --listen 127.0.0.1:0` in the background,
# stderr to $WORK/NAME.err; sets PID and URL once it listens (at most 20 s).
start_server() {
  local name=$1
  shift
  "$MLCTL" serve --listen 127.0.0.1:0 "$@" 2>"$WORK/$name.err" &
  PID=$!
  PIDS+=("$PID")
  local i
  for ((i = 0; i < 200; i++)); do
    URL=$(sed -n 's|^mlctl: serving .* on \(http://127.0.0.1:[0-9]*\)/$|\1|p' "$WORK/$name.err" 2>/dev/null)
    [[ -n $URL ]] && return 0
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
  done
  fail "server $name did not start: $(cat "$WORK/$name.err")"
  return 1
}

# stop_server: SIGTERM, then the exit code in $rc (at most 20 s).
stop_server() {
  kill -TERM "$PID"
  wait "$PID" && rc=0 || rc=$?
}

# post PATH FILE [CURL ARGS...]: POSTs FILE; $status, $out (the body) and $headers.
post() {
  local path=$1 file=$2
  shift 2
  status=$(curl -s -m 20 -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' \
    -H 'Content-Type: text/csv' --data-binary "@$file" "$@" "$URL$path")
  out=$(cat "$WORK/body")
  headers=$(tr -d '\r' <"$WORK/headers")
}
header() { sed -n "s/^$1: //Ip" <<<"$headers"; }
