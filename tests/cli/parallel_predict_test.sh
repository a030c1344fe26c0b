#!/usr/bin/env bash
# Predicting at scale with GNU parallel (docs/scale.md): `parallel --pipepart --header : -k`
# cuts one file into parts at line ends, gives each part the header line and keeps the output in
# order; `mlctl predict --part {#}` writes the CSV header only for part 1. The output must equal
# one `mlctl predict` over the whole file, byte for byte. Also: a bad row fails the run with an
# error naming its part and its line in the part; a cut inside a quoted field is never silent;
# --recstart (and with --pipe, a --regexp one) avoids such cuts. The --sshloginfile form and the headerless command of the Spark and
# Hadoop recipes give the same output too.
source "$(dirname "$0")/lib.sh"
need_tool parallel parallel

TITANIC=$MLCTL_DATA/titanic.csv
DIABETES=$MLCTL_DATA/diabetes.csv
"$MLCTL" train "$TITANIC" --target survived -q -o "$WORK/titanic.mlm"
"$MLCTL" train "$DIABETES" --target target -q -o "$WORK/diabetes.mlm"

# A bigger file: Titanic 20 times (26180 rows, 1.1 MB) with an id column in front.
awk 'NR == 1 { print "id," $0; next } { print NR - 1 "," $0 }' \
  <(head -1 "$TITANIC"; for _ in $(seq 20); do tail -n +2 "$TITANIC"; done) >"$WORK/big.csv"

# single FILE ARGS...: one `mlctl predict` over FILE, to $WORK/single.csv.
single() {
  local file=$1
  shift
  "$MLCTL" predict "$@" "$file" -q >"$WORK/single.csv" 2>"$WORK/single.err" && rc=0 || rc=$?
  err=$(cat "$WORK/single.err")
}

# par BLOCK FILE [PARALLEL-OPTIONS... --] ARGS...: the recipe of docs/scale.md, two jobs at a
# time, parts of BLOCK bytes; output to $WORK/par.csv, one line per job in $WORK/jobs.log.
par() {
  local block=$1 file=$2 options=()
  shift 2
  if [[ " $* " == *" -- "* ]]; then
    while [[ $1 != -- ]]; do
      options+=("$1")
      shift
    done
    shift
  fi
  rm -f "$WORK/jobs.log"
  parallel --will-cite --pipepart -a "$file" --header : -k -j2 --block "$block" \
    --joblog "$WORK/jobs.log" "${options[@]}" "$MLCTL" predict "$@" -q \
    >"$WORK/par.csv" 2>"$WORK/par.err" && rc=0 || rc=$?
  err=$(cat "$WORK/par.err")
}

# expect_same MESSAGE: $WORK/par.csv and $WORK/single.csv are the same bytes.
expect_same() {
  checks=$((checks + 1))
  cmp -s "$WORK/par.csv" "$WORK/single.csv" ||
    fail "$1: parallel output differs from one predict: $(diff "$WORK/single.csv" "$WORK/par.csv" | head -5)"
}

# expect_jobs AT-LEAST: the joblog of the last run lists that many jobs or more.
expect_jobs() {
  local jobs
  jobs=$(($(wc -l <"$WORK/jobs.log") - 1))
  checks=$((checks + 1))
  ((jobs >= $1)) || fail "expected at least $1 jobs, parallel ran $jobs"
}

# Titanic (1309 rows, 65 kB) in parts of 20 kB: 4 jobs; probabilities and a kept quoted column.
single "$TITANIC" -m "$WORK/titanic.mlm" --proba --keep name
expect_rc 0
par 20k "$TITANIC" -m "$WORK/titanic.mlm" --proba --keep name --part '{#}'
expect_rc 0
expect_err_empty
expect_jobs 4
expect_same "titanic --proba --keep name"
# Without --part every part writes its header: the reason for the flag.
par 20k "$TITANIC" -m "$WORK/titanic.mlm" --proba --keep name
expect_eq "$(grep -c '^name,prediction,proba_no,proba_yes$' "$WORK/par.csv")" \
  $(($(wc -l <"$WORK/jobs.log") - 1)) "headers without --part, one per job"

# Ridge, plain predictions, and with the interval columns.
single "$DIABETES" -m "$WORK/diabetes.mlm"
par 8k "$DIABETES" -m "$WORK/diabetes.mlm" --part '{#}'
expect_rc 0
expect_jobs 4
expect_same "diabetes"
single "$DIABETES" -m "$WORK/diabetes.mlm" --interval 0.9
par 8k "$DIABETES" -m "$WORK/diabetes.mlm" --interval 0.9 --part '{#}'
expect_same "diabetes --interval 0.9"

# The big file in parts of 100 kB (12 jobs): plain, --proba, --keep id, JSON lines; also with
# threads inside each job (-j2 of mlctl: the same bytes).
single "$WORK/big.csv" -m "$WORK/titanic.mlm"
par 100k "$WORK/big.csv" -m "$WORK/titanic.mlm" --part '{#}'
expect_rc 0
expect_err_empty
expect_jobs 10
expect_same "big"
expect_eq "$(wc -l <"$WORK/par.csv" | tr -d ' ')" 26181 "lines of big predictions"
single "$WORK/big.csv" -m "$WORK/titanic.mlm" --proba --keep id
par 100k "$WORK/big.csv" -m "$WORK/titanic.mlm" --proba --keep id --part '{#}' -j2
expect_rc 0
expect_same "big --proba --keep id"
single "$WORK/big.csv" -m "$WORK/titanic.mlm" --format jsonl --keep id
par 100k "$WORK/big.csv" -m "$WORK/titanic.mlm" --format jsonl --keep id --part '{#}'
expect_same "big --format jsonl"

# Across hosts: the same command with --sshloginfile. Here the login file names only this machine
# (":"), so this checks the recipe and its output, not ssh; parallel says so about --basefile.
printf '2/:\n' >"$WORK/hosts"
par 100k "$WORK/big.csv" --sshloginfile "$WORK/hosts" --basefile "$WORK/titanic.mlm" -- \
  -m "$WORK/titanic.mlm" -j1 --part '{#}'
expect_rc 0
expect_err_equals "parallel: Warning: --basefile ignored as there are no remote --sshlogin."
single "$WORK/big.csv" -m "$WORK/titanic.mlm"
expect_same "big --sshloginfile"

# Spark's RDD.pipe and Hadoop Streaming hand each task lines without the header: the command of
# docs/scale.md on the rows cut into 4 at line ends, the outputs concatenated, is one run's
# output without its header line.
tail -n +2 "$WORK/big.csv" >"$WORK/rows.csv"
split -n l/4 "$WORK/rows.csv" "$WORK/split."
expect_eq "$(ls "$WORK"/split.* | wc -l | tr -d ' ')" 4 "line splits"
columns=$(head -1 "$WORK/big.csv" | tr -d '"')
for split in "$WORK"/split.*; do
  "$MLCTL" predict -m "$WORK/titanic.mlm" -q -j1 --no-input-header --columns "$columns" \
    --no-header <"$split"
done >"$WORK/par.csv"
tail -n +2 "$WORK/single.csv" >"$WORK/single_rows.csv"
mv "$WORK/single_rows.csv" "$WORK/single.csv"
expect_same "headerless splits (RDD.pipe, Hadoop Streaming)"

# A bad row on line 15001 of the big file: parallel fails; the error names the part and the line
# in it, which the parts' lengths turn back into the file's line. --halt soon,fail=1 starts no
# more jobs and lets the running ones finish: with -k, `--halt now` kills a job still writing
# an earlier part and then drops the failed job's stderr, error line and all. What was written
# by then depends on timing: the recipe writes to a temporary file, renamed only on success, and
# this test compares no output.
sed -E '15001s/,("(yes|no)","(fe)?male"),[^,]*,/,\1,eighteen,/' "$WORK/big.csv" >"$WORK/bad.csv"
expect_eq "$(sed -n 15001p "$WORK/bad.csv" | grep -c eighteen)" 1 "the bad row is planted"
single "$WORK/bad.csv" -m "$WORK/titanic.mlm"
expect_rc 1
expect_err_equals "mlctl: error: $WORK/bad.csv:15001:5: column \"age\": \"eighteen\" is not a number (the model was trained on numbers here)"
par 100k "$WORK/bad.csv" --halt soon,fail=1 -- -m "$WORK/titanic.mlm" --part '{#}'
expect_rc 1
error=$(grep '^mlctl: error: ' <<<"$err")
expect_eq "$(grep -c . <<<"$error")" 1 "error lines"
[[ $error =~ ^'mlctl: error: <stdin> (part '([0-9]+)'):'([0-9]+)':5: column "age": "eighteen" is not a number' ]]
part=${BASH_REMATCH[1]:-0} line=${BASH_REMATCH[2]:-0}
expect_eq "$part:$line" "$part:$line" "the error's form: $error"
checks=$((checks + 1))
((part > 1)) || fail "the bad row should be past part 1: $error"
# The lines of the parts before it, each less its copy of the header, plus the line in the part.
parallel --will-cite --pipepart -a "$WORK/bad.csv" --header : -k --block 100k wc -l >"$WORK/lengths"
before=$(head -n $((part - 1)) "$WORK/lengths" | awk '{ n += $1 - 1 } END { print n }')
expect_eq $((before + line)) 15001 "the file's line from the part's"
expect_err_contains "parallel: This job failed:"

# Quoted fields that hold a newline: a cut between two of their lines makes the part before it
# end inside quotes, which fails, loudly; --recstart '"' cuts only before a line that starts with
# a quote, which in this file only a record does.
sed 's/^"\([^,"]*\), /"\1,\n/' "$TITANIC" >"$WORK/multiline.csv"
single "$WORK/multiline.csv" -m "$WORK/titanic.mlm" --keep name
expect_rc 0
par 5k "$WORK/multiline.csv" -m "$WORK/titanic.mlm" --keep name --part '{#}'
checks=$((checks + 1))
((rc != 0)) || fail "cuts inside quoted fields should fail"
expect_err_contains ":1: unterminated quoted field (opened here)"
par 5k "$WORK/multiline.csv" --recstart '"' --recend '\n' -- -m "$WORK/titanic.mlm" --keep name \
  --part '{#}'
expect_rc 0
expect_jobs 4
expect_same "multi-line fields cut with --recstart"

# A record start as a regular expression: an id column. parallel 20221122 does not cut a
# --pipepart input at a --regexp --recstart (one part of the whole file), so the recipe reads the
# file through parallel with --pipe instead.
awk 'NR == 1 { print "id," $0; next } { print NR - 1 "," $0 }' "$TITANIC" |
  sed 's/^\([0-9]*,"[^,"]*\), /\1,\n/' >"$WORK/multiline_id.csv"
expect_eq "$(sed -n 3p "$WORK/multiline_id.csv" | cut -c1-5)" "Miss." "a field's second line"
single "$WORK/multiline_id.csv" -m "$WORK/titanic.mlm" --keep id
parallel --will-cite --pipe --header : --regexp --recstart '[0-9]+,' --recend '\n' -k -j2 \
  --block 5k --joblog "$WORK/jobs.log" "$MLCTL" predict -m "$WORK/titanic.mlm" --keep id -q \
  --part '{#}' <"$WORK/multiline_id.csv" >"$WORK/par.csv" 2>"$WORK/par.err" && rc=0 || rc=$?
err=$(cat "$WORK/par.err")
expect_rc 0
expect_err_empty
expect_jobs 10
expect_same "multi-line fields cut with --pipe --regexp --recstart"

# --part's own checks: a number from 1; errors of other files (the model) keep their names.
run predict -m "$WORK/titanic.mlm" "$TITANIC" --part 0
expect_rc 2
expect_err_contains "mlctl: error: --part: must be a whole number from 1 (GNU parallel's {#}), got 0"
run predict -m "$WORK/titanic.mlm" "$TITANIC" --part 2 --keep nosuch
expect_rc 2
expect_err_equals "mlctl: error: $TITANIC (part 2):1: --keep: no column named \"nosuch\""
run predict -m "$WORK/nosuch.mlm" "$TITANIC" --part 2
expect_rc 1
expect_err_contains "mlctl: error: $WORK/nosuch.mlm: "
# Part 1 and a lone run write the header; later parts do not.
run predict -m "$WORK/titanic.mlm" "$TITANIC" --part 1
expect_eq "$(head -1 <<<"$out")" "prediction" "part 1's header"
run predict -m "$WORK/titanic.mlm" "$TITANIC" --part 2
expect_eq "$(head -1 <<<"$out")" "yes" "part 2 starts with a prediction"

finish
