# The progress line: on a terminal only (a pseudo-terminal from script(1)), never with -q or in
# a pipe, and erased when the work is done.
source "$(dirname "$0")/lib.sh"
cd "$WORK" || exit 1
# 26,180 rows: enough for a progress update (every 16,384 rows read).
{
  head -1 "$MLCTL_DATA/titanic.csv"
  for _ in $(seq 20); do tail -n +2 "$MLCTL_DATA/titanic.csv"; done
} >big.csv

tty_run() { script -qec "$1" /dev/null; }
train="'$MLCTL' train big.csv --target survived --exclude name --holdout 0 -o big.mlm"
screen=$(tty_run "$train")
line_pattern=$'\r\e''\[Kreading big\.csv: [0-9.]+ MB of [0-9.]+ MB \([0-9]+%\), 16384 rows, [0-9.]+ MB/s, [0-9.]+ s elapsed'
checks=$((checks + 1))
[[ $screen =~ $line_pattern ]] || fail "no progress line on a terminal: ${screen:0:300}"
checks=$((checks + 1))
[[ $screen == *$'\r'$'\e''[Kalgorithm: logistic'* ]] || fail "the progress line was not erased before the report"

screen=$(tty_run "'$MLCTL' -q ${train#"'$MLCTL' "}")
expect_eq "$screen" "" "-q on a terminal prints nothing"

run train big.csv --target survived --exclude name --holdout 0 -o big.mlm
expect_rc 0
checks=$((checks + 1))
[[ $err != *reading* && $err != *$'\r'* ]] || fail "progress in a pipe: ${err:0:300}"

# predict: progress when the predictions go to a file, not when they fill the terminal.
screen=$(tty_run "'$MLCTL' predict -m big.mlm big.csv -o out.csv")
checks=$((checks + 1))
[[ $screen == *"predicting big.csv: "* ]] || fail "no predict progress on a terminal: ${screen:0:300}"
screen=$(tty_run "'$MLCTL' predict -m big.mlm big.csv")
checks=$((checks + 1))
[[ $screen != *"predicting big.csv"* ]] || fail "predict progress mixed into predictions on a terminal"
finish
