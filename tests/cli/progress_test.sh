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
# train may read in blocks on several threads (-j): its first update's row count is not fixed.
line_pattern=$'\r\e''\[Kreading big\.csv: [0-9.]+ MB of [0-9.]+ MB \([0-9]+%\), [0-9]+ rows, [0-9.]+ MB/s, [0-9.]+ s elapsed'
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

# -v: the read phase's whole, in a pipe or not: the file's size, its rows, the speed.
run -v train big.csv --target survived --exclude name --holdout 0 -o big.mlm
expect_rc 0
size_mb=$(awk -v b="$(stat -c %s big.csv)" 'BEGIN { printf "%.1f", b / 1e6 }')
summary_pattern="mlctl: info: reading big\.csv: ${size_mb//./\\.} MB, 26180 rows, [0-9.]+ MB/s, [0-9.]+ s elapsed"
checks=$((checks + 1))
[[ $err =~ $summary_pattern ]] || fail "no read summary with -v: ${err:0:300}"
run -v train - --target survived --exclude name --holdout 0 -o stdin.mlm <big.csv
checks=$((checks + 1))
[[ $err =~ mlctl:\ info:\ reading\ \<stdin\>:\ [0-9.]+\ MB,\ 26180\ rows ]] ||
  fail "no read summary of stdin with -v: ${err:0:300}"

# predict: progress when the predictions go to a file, not when they fill the terminal.
screen=$(tty_run "'$MLCTL' predict -m big.mlm big.csv -o out.csv")
checks=$((checks + 1))
[[ $screen == *"predicting big.csv: "* ]] || fail "no predict progress on a terminal: ${screen:0:300}"
screen=$(tty_run "'$MLCTL' predict -m big.mlm big.csv")
checks=$((checks + 1))
[[ $screen != *"predicting big.csv"* ]] || fail "predict progress mixed into predictions on a terminal"
# describe and lint-data stream the file: the same line, erased before the report.
reading_pattern=$'\r\e''\[Kreading big\.csv: [0-9.]+ MB of [0-9.]+ MB \([0-9]+%\), [0-9]+ rows, [0-9.]+ MB/s, [0-9.]+ s elapsed'
screen=$(tty_run "'$MLCTL' describe big.csv")
checks=$((checks + 1))
[[ $screen =~ $reading_pattern ]] || fail "no describe progress on a terminal: ${screen:0:300}"
checks=$((checks + 1))
[[ $screen == *$'\r'$'\e''[Kbig.csv'$'\r\n'* ]] || fail "describe's progress line was not erased before the report"
screen=$(tty_run "'$MLCTL' describe big.csv --html report.html")
checks=$((checks + 1))
[[ $screen =~ $reading_pattern && $screen == *$'\r\e[K' ]] ||
  fail "describe --html: no progress line, or not erased at the end: ${screen:0:300}"
expect_eq "$(head -c 15 report.html)" "<!DOCTYPE html>" "describe --html wrote the report"
# No size to compare with on a pipe: no share, no estimate.
screen=$(tty_run "cat big.csv | '$MLCTL' describe -")
stdin_pattern=$'\r\e''\[Kreading <stdin>: [0-9.]+ MB, [0-9]+ rows, [0-9.]+ MB/s, [0-9.]+ s elapsed'$'\r'
checks=$((checks + 1))
[[ $screen =~ $stdin_pattern ]] ||
  fail "describe - from a pipe: no progress line without a total: ${screen:0:300}"
screen=$(tty_run "'$MLCTL' -q describe big.csv")
checks=$((checks + 1))
[[ $screen == "big.csv"$'\r\n'* && $screen != *reading* && $screen != *$'\e'* ]] ||
  fail "describe -q on a terminal showed progress: ${screen:0:300}"
run describe big.csv
expect_rc 0
expect_err_empty
expect_out_contains "26180 rows"

screen=$(tty_run "'$MLCTL' lint-data big.csv")
checks=$((checks + 1))
[[ $screen =~ $reading_pattern ]] || fail "no lint-data progress on a terminal: ${screen:0:300}"
checks=$((checks + 1))
[[ $screen == *$'\r'$'\e''[Klint-data: big.csv, 26180 rows'$'\r\n'* ]] ||
  fail "lint-data's progress line was not erased before the report"
screen=$(tty_run "'$MLCTL' --quiet lint-data big.csv")
checks=$((checks + 1))
[[ $screen == "lint-data: big.csv, 26180 rows"$'\r\n'* && $screen != *reading* && $screen != *$'\e'* ]] ||
  fail "lint-data -q on a terminal showed progress: ${screen:0:300}"
run lint-data big.csv
expect_rc 0
expect_err_empty
expect_out_contains "lint-data: big.csv, 26180 rows"
finish
