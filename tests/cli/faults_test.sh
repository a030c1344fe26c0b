#!/usr/bin/env bash
# Faults around the process, end to end: a full disk, an output directory that cannot be
# written, a kill in the middle of writing a model or predictions, stdout closed early. Each is one clear
# message and exit code, and no file is damaged: a model at the output path is either the
# previous one or the new one, complete. (predict -o /dev/full is in predict_test.sh.)
source "$(dirname "$0")/lib.sh"
cd "$WORK" || exit 1
export SOURCE_DATE_EPOCH=1700000000
TITANIC=$MLCTL_DATA/titanic.csv

run train "$TITANIC" --target survived -o old.mlm -q
expect_rc 0
old_sum=$(sha256sum <old.mlm)

# --- A model written to a fifo or a device is refused: never replaced by a regular file -------
mkfifo model.fifo
run train "$TITANIC" --target survived -o model.fifo -q
expect_rc 1
expect_err_equals "mlctl: error: model.fifo: cannot write: not a regular file (a model file is replaced as a whole)"
checks=$((checks + 1))
if [[ -p model.fifo ]]; then
  # Only once a fifo is known to survive: the tests may run as root, and /dev/full must stay.
  run train "$TITANIC" --target survived -o /dev/full -q
  expect_rc 1
  expect_err_equals "mlctl: error: /dev/full: cannot write: not a regular file (a model file is replaced as a whole)"
  checks=$((checks + 1))
  [[ -c /dev/full ]] || fail "/dev/full is no longer a device"
else
  fail "train -o model.fifo replaced the fifo"
fi

# --- Output to a full disk: stdout and report files ---------------------------------------------
err=$("$MLCTL" describe "$TITANIC" 2>&1 >/dev/full) && rc=0 || rc=$?
expect_rc 1
expect_eq "$err" "mlctl: error: <stdout>: write failed: No space left on device" "describe >/dev/full"
err=$("$MLCTL" describe old.mlm --json 2>&1 >/dev/full) && rc=0 || rc=$?
expect_rc 1
expect_eq "$err" "mlctl: error: <stdout>: write failed: No space left on device" "describe model >/dev/full"

# --- An output directory that cannot be written (root can write anywhere: use a path under a
# regular file, and /proc) ---------------------------------------------------------------------
touch plain
run train "$TITANIC" --target survived -o plain/model.mlm -q
expect_rc 1
expect_err_equals "mlctl: error: plain/model.mlm: cannot write: cannot create a file in 'plain': Not a directory"
run predict -m old.mlm "$TITANIC" -o plain/predictions.csv
expect_rc 1
expect_err_contains "plain/predictions.csv"
run train "$TITANIC" --target survived -o /proc/mlctl.mlm -q
expect_rc 1
expect_err_contains "mlctl: error: /proc/mlctl.mlm: cannot write: cannot create a file in '/proc'"
checks=$((checks + 1))
[[ $(sha256sum <old.mlm) == "$old_sum" ]] || fail "old.mlm was modified"

# --- SIGKILL while writing a model: the previous model stays intact -----------------------------
# Kill train at many points of its run, including (when the poll catches it) while the hidden
# temporary file exists, i.e. between creating and renaming it. After every kill the model at the
# path is the old one or a complete new one, and a leftover temporary is never taken for it.
cp old.mlm target.mlm
caught=0
for delay in 0 0.01 0.02 0.05 0.1 0.2 0.3 0.5; do
  "$MLCTL" train "$MLCTL_DATA/ames.csv" --target Sale_Price --alpha 5 -o target.mlm -q &
  pid=$!
  if [[ $delay == 0 ]]; then
    # Poll for the temporary and kill as soon as it appears.
    for ((i = 0; i < 200000; i++)); do
      compgen -G '.target.mlm.tmp.*' >/dev/null && break
      kill -0 "$pid" 2>/dev/null || break
    done
    compgen -G '.target.mlm.tmp.*' >/dev/null && caught=1
  else
    sleep "$delay"
  fi
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  run describe target.mlm --json
  expect_rc 0
  expect_out_contains '"algorithm": '
  run predict -m target.mlm "$TITANIC"
  # The old model (titanic) scores titanic; a complete new one (ames) refuses it by its columns.
  [[ $rc == 0 ]] || expect_err_contains "titanic.csv"
done
echo "temporary caught before the kill: $caught"
# A leftover temporary is hidden, and not a name any command takes for the model.
for temp in .target.mlm.tmp.*; do
  [[ -e $temp ]] || continue
  run predict -m target.mlm "$TITANIC" -o predictions.csv
  checks=$((checks + 1))
  [[ $temp != *.mlm ]] || fail "temporary $temp ends in .mlm"
done
# The next complete run replaces the model.
run train "$TITANIC" --target survived -o target.mlm -q --seed 7
expect_rc 0
run describe target.mlm --json
expect_out_contains '"seed": 7'

# --- SIGINT or SIGTERM while predict writes -o: neither the output nor a temporary is left ------
# The rows go to an unnamed file (O_TMPFILE) that gets a name only when complete, so a run
# stopped by any signal leaves nothing. Deterministic: predict reads a fifo that the test holds
# open, so it is mid-stream, its output file open, when the signal comes. `env
# --default-signal` undoes the SIGINT that a non-interactive shell's background jobs ignore.
mkfifo rows.fifo
# Without O_TMPFILE here (an old overlayfs), the writer falls back to a named temporary.
unnamed=$(python3 -c 'import os; os.close(os.open(".", os.O_TMPFILE | os.O_WRONLY)); print(1)' \
  2>/dev/null || echo 0)
for signal in INT TERM; do
  env --default-signal=INT "$MLCTL" predict -m old.mlm - -o stopped.csv <rows.fifo 2>/dev/null &
  pid=$!
  exec 3>rows.fifo
  head -200 "$TITANIC" >&3
  for ((i = 0; i < 500; i++)); do  # until the output file is open (at most 5 s)
    ls -l "/proc/$pid/fd" 2>/dev/null | grep -q "$WORK" && break
    sleep 0.01
  done
  kill "-$signal" "$pid"
  wait "$pid" && rc=0 || rc=$?
  exec 3>&-
  expect_eq "$rc" "$((128 + $(kill -l "$signal")))" "predict stopped by SIG$signal"
  expect_file_missing stopped.csv
  ((unnamed == 0)) || expect_eq "$(ls -A | grep -c 'stopped')" 0 "no temporary after SIG$signal"
done

# --- A closed stdout pipe: stops quietly, exit 0, as other Unix tools do -----------------------
# 40,000 rows: far more than a pipe buffer, so the writes after `head` exits do fail.
{
  cat "$TITANIC"
  for ((i = 0; i < 30; i++)); do tail -n +2 "$TITANIC"; done
} >big.csv
set -o pipefail
out=$("$MLCTL" predict -m old.mlm big.csv 2>"$WORK/stderr" | head -1) && rc=0 || rc=$?
set +o pipefail
err=$(cat "$WORK/stderr")
expect_rc 0
expect_out_equals "prediction"
expect_err_empty

# --- stdin closed early: the writer stops mid-record, or sends nothing ----------------------
out=$(printf '%s\n3,"ma' "$(head -1 "$TITANIC")" | "$MLCTL" predict -m old.mlm - 2>"$WORK/stderr") && rc=0 || rc=$?
err=$(cat "$WORK/stderr")
expect_rc 1
expect_err_equals "mlctl: error: <stdin>:2:2: unterminated quoted field (opened here)"
out=$("$MLCTL" describe - </dev/null 2>&1) && rc=0 || rc=$?
expect_rc 1
expect_eq "$out" "mlctl: error: <stdin>:1: empty file: no header row" "describe of empty stdin"

finish
