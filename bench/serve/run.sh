#!/usr/bin/env bash
# `mlctl serve` beside the seeds' pattern, a Flask app serving the same model through
# scikit-learn (issue #17). One interleaved run: ROUNDS times, each server in turn takes every
# load (a one-row and a 100-row CSV body, `wrk -t2` with 16 and with 4 kept-alive connections,
# DURATION each), so a busy neighbour weighs on both alike.
#
#   bench/serve/run.sh                       # MLCTL=build/mlctl ROUNDS=3 DURATION=5s THREADS=16
#
# Reports, per server and load, the median over the rounds of requests/s and of wrk's p50 and
# p99 latency, the server's CPU time per request (user + system from /proc, over the wrk run),
# the system time's share of it and the minor page faults per 1000 requests,
# and at the end each server's peak RSS (VmHWM). Before timing, both servers' answers to both
# bodies are checked to be the same predictions. Needs wrk, curl, python3-flask and
# python3-sklearn (/usr/bin/python3); all traffic on 127.0.0.1; writes only in a temporary
# directory, removed at exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
MLCTL=$(realpath "${MLCTL:-$root/build/mlctl}")
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5s}
THREADS=${THREADS:-16}
PY=/usr/bin/python3
for tool in wrk curl "$PY"; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing" >&2; exit 1; }
done

work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
cd "$work"

# The same data and recipe for both: titanic's three features (sex, age, passengerClass: mlctl
# drops the identifier "name" by itself) and its target, logistic regression with mlctl's default
# preprocessing, no holdout. scikit-learn: bench/models/sk_train.py (the same recipe, lbfgs).
"$PY" - "$root/data/titanic.csv" <<'PY'
import sys
import pandas as pd
frame = pd.read_csv(sys.argv[1])[["sex", "age", "passengerClass", "survived"]]
frame.to_csv("data.csv", index=False)
frame.drop(columns="survived").head(1).to_csv("one.csv", index=False)
frame.drop(columns="survived").sample(100, random_state=1).to_csv("hundred.csv", index=False)
PY
"$MLCTL" -q train data.csv --target survived --holdout 0 -o model.mlm
"$PY" "$root/bench/models/sk_train.py" lbfgs data.csv survived model.joblib

"$MLCTL" serve -m model.mlm --listen 127.0.0.1:0 --threads "$THREADS" 2>mlctl.err &
pids+=($!)
mlctl_pid=$!
port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$PY" "$here/flask_app.py" model.joblib "$port" 2>flask.err &
pids+=($!)
flask_pid=$!
flask_url=http://127.0.0.1:$port
mlctl_url=
for ((i = 0; i < 300; i++)); do  # Flask imports scikit-learn: seconds on a busy machine
  [[ -z $mlctl_url ]] && mlctl_url=$(sed -n 's|^mlctl: serving .* on \(http://[0-9.:]*\)/$|\1|p' mlctl.err)
  [[ -n $mlctl_url ]] && curl -s -o /dev/null "$flask_url/" && break
  sleep 0.2
done
[[ -n $mlctl_url ]] || { echo "run.sh: mlctl serve did not start: $(cat mlctl.err)" >&2; exit 1; }

# Verify before timing: the same predictions from both, for both bodies.
for body in one hundred; do
  curl -sf --data-binary "@$body.csv" -H 'Content-Type: text/csv' "$mlctl_url/predict" >"mlctl.$body"
  curl -sf --data-binary "@$body.csv" -H 'Content-Type: text/csv' "$flask_url/predict" >"flask.$body"
  cmp -s "mlctl.$body" "flask.$body" || {
    echo "run.sh: mlctl and Flask disagree on $body.csv:" >&2
    diff "mlctl.$body" "flask.$body" | head >&2
    exit 1
  }
done
echo "predictions agree: $(($(wc -l <mlctl.hundred) - 1)) rows of hundred.csv, one.csv ($(tail -1 mlctl.one))"

# The server's user and system clock ticks and minor page faults so far (/proc/PID/stat).
usage() { awk '{ print $14, $15, $10 }' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)
to_ms() {  # wrk's "1.23ms", "456.00us", "1.20s" -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0;
    else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

echo "round server body connections requests_per_s p50_ms p99_ms cpu_us_per_request" \
  "system_percent faults_per_1000 errors" >results.txt
for ((round = 1; round <= ROUNDS; round++)); do
  for server in mlctl flask; do
    pid=${server}_pid url=${server}_url
    for body in one hundred; do
      for connections in 16 4; do
        read -r user0 system0 faults0 <<<"$(usage "${!pid}")"
        BODY=$work/$body.csv wrk -t2 -c"$connections" -d"$DURATION" --latency -s "$here/post.lua" \
          "${!url}/predict" >wrk.out
        read -r user1 system1 faults1 <<<"$(usage "${!pid}")"
        rps=$(awk '/^Requests\/sec:/ { print $2 }' wrk.out)
        total=$(awk '/requests in/ { print $1 }' wrk.out)
        p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' wrk.out)")
        p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' wrk.out)")
        errors=$(awk '/Non-2xx|Socket errors/ { printf "%s;", $0 }' wrk.out | tr ' ' '_')
        ticks=$((user1 - user0 + system1 - system0))
        cpu=$(awk -v t=$ticks -v hz="$ticks_per_second" -v n="$total" \
          'BEGIN { printf "%.0f", t / hz / n * 1e6 }')
        system=$(awk -v s=$((system1 - system0)) -v t=$ticks 'BEGIN { printf "%.0f", t ? 100 * s / t : 0 }')
        faults=$(awk -v f=$((faults1 - faults0)) -v n="$total" 'BEGIN { printf "%.1f", 1000 * f / n }')
        echo "$round $server $body $connections $rps $p50 $p99 $cpu $system $faults ${errors:-none}" |
          tee -a results.txt
      done
    done
  done
done
mlctl_rss=$(awk '/VmHWM/ { print $2 / 1024 }' "/proc/$mlctl_pid/status")
flask_rss=$(awk '/VmHWM/ { print $2 / 1024 }' "/proc/$flask_pid/status")

"$PY" - "$mlctl_rss" "$flask_rss" "$THREADS" <<'PY'
import statistics
import sys
rows = [line.split() for line in open("results.txt")][1:]
rss = {"mlctl": float(sys.argv[1]), "flask": float(sys.argv[2])}
print()
print(f"| server | body | connections | requests/s | p50 | p99 | CPU per request | system share "
      f"| faults per 1000 requests | peak RSS |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
medians = {}
for server in ("mlctl", "flask"):
    for body in ("one", "hundred"):
        for conn in ("16", "4"):
            runs = [r for r in rows if r[1:4] == [server, body, conn]]
            rps = statistics.median(float(r[4]) for r in runs)
            p50 = statistics.median(float(r[5]) for r in runs)
            p99 = statistics.median(float(r[6]) for r in runs)
            cpu = statistics.median(float(r[7]) for r in runs)
            system = statistics.median(float(r[8]) for r in runs)
            faults = statistics.median(float(r[9]) for r in runs)
            medians[server, body, conn] = rps
            label = {"mlctl": f"mlctl serve --threads {sys.argv[3]}", "flask": "Flask + scikit-learn"}
            print(f"| {label[server]} | {'1 row' if body == 'one' else '100 rows'} | {conn} | "
                  f"{rps:,.0f} | {p50:.2f} ms | {p99:.2f} ms | {cpu:,.0f} µs | {system:.0f}% | {faults:.1f} "
                  f"| {rss[server]:.0f} MB |")
print()
for body in ("one", "hundred"):
    for conn in ("16", "4"):
        print(f"mlctl / Flask, {'1-row' if body == 'one' else '100-row'} body, {conn} connections: "
              f"{medians['mlctl', body, conn] / medians['flask', body, conn]:.0f}x")
errors = [r for r in rows if r[10] != "none"]
print("wrk errors:", "none" if not errors else errors)
PY
