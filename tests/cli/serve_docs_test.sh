#!/usr/bin/env bash
# docs/serve.md's curl examples cannot rot: each one in a `sh` block runs as written against a
# server of the models it names (titanic alone; titanic and diabetes; titanic behind a token),
# with the URL the server got and the token and data in the scratch directory, and must get a
# 200 with a body; output shown under an example in `# ` comments must be printed. All traffic
# is on 127.0.0.1, on ports the kernel picks; every wait is bounded.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/serve_lib.sh"
need_tool curl curl
: "${MLCTL_SOURCE_DIR:?set by CTest}"
DOC=$MLCTL_SOURCE_DIR/docs/serve.md

cd "$WORK" || exit 1
ln -s "$MLCTL_DATA" data
"$MLCTL" train data/titanic.csv --target survived -q -o titanic.mlm
"$MLCTL" train data/diabetes.csv --target target -q -o diabetes.mlm
printf 's3cret\n' >token
head -3 data/titanic.csv >new.csv

# As readme_test.sh: full-precision numbers compared to 9 decimals (libm differs across CPUs),
# and a model id (a hash of its coefficients) as an id.
machine_independent() { sed -E 's/([0-9]\.[0-9]{9})[0-9]{3,}/\1/g; s/\b[0-9a-f]{16}\b/<id>/g'; }

# The examples, one a line: each command of a `sh` block with the lines that continue it (after
# a trailing backslash or pipe), a tab, then the `# ` lines after it (its output); lines within
# either joined by \037. Only those that run curl.
examples=$(awk '
  /^```sh/ { block = 1; command = ""; next }
  /^```/ { if (command != "") print command "\t" shown; block = 0; command = ""; next }
  !block { next }
  /^# / { if (command != "") shown = shown substr($0, 3) "\037"; next }
  {
    if (command != "" && continued == 0) { print command "\t" shown; command = "" }
    if (command == "") shown = ""
    command = command (command == "" ? "" : "\037") $0
    continued = ($0 ~ /(\\|\|)[ ]*$/)
  }' "$DOC" | grep -F 'curl' || true)
checks=$((checks + 1))
[[ $(grep -c . <<<"$examples") -ge 4 ]] || fail "found $(grep -c . <<<"$examples") curl examples in docs/serve.md"

start_server one -m titanic.mlm
URL_ONE=$URL
start_server two -m titanic=titanic.mlm -m diabetes=diabetes.mlm
URL_TWO=$URL
start_server token -m titanic.mlm --token-file token
URL_TOKEN=$URL

while IFS=$'\t' read -r command shown; do
  command=${command//$'\037'/$'\n'}
  case $command in
    *predict/diabetes*) url=$URL_TWO ;;
    *Authorization*) url=$URL_TOKEN ;;
    *) url=$URL_ONE ;;
  esac
  command=${command//http:\/\/127.0.0.1:8080/$url}
  command=${command//http:\/\/host:8080/$url}
  command=${command//\/etc\/mlctl\/token/token}
  # Every curl of the example fails on an HTTP error, so that a 4xx cannot pass as output.
  out=$(bash -o pipefail -c "curl() { command curl --fail -sS -m 60 \"\$@\"; }; $command" 2>&1) &&
    rc=0 || rc=$?
  expect_eq "$rc" 0 "docs/serve.md: ${command%%$'\n'*} (${out:0:300})"
  checks=$((checks + 1))
  [[ -n $out ]] || fail "docs/serve.md: ${command%%$'\n'*} printed nothing"
  while IFS= read -r want; do
    [[ -z $want ]] && continue
    checks=$((checks + 1))
    grep -qF -- "$(machine_independent <<<"$want")" <<<"$(machine_independent <<<"$out")" ||
      fail "docs/serve.md: ${command%%$'\n'*} did not print: $want"
  done <<<"${shown//$'\037'/$'\n'}"
done <<<"$examples"

for pid in "${PIDS[@]}"; do
  PID=$pid
  stop_server
  expect_rc 0
done

finish
