# Training progress (issue #5): a line per solver iteration naming the fit, on a terminal only (a
# pseudo-terminal from script(1)), never with -q or in a pipe, erased before the report.
source "$(dirname "$0")/lib.sh"
cd "$WORK" || exit 1
# 6,545 rows: two blocks of rows, several Newton iterations per fit. The first update of a
# progress line draws at once, so each fit draws its first iteration however fast it is.
{
  head -1 "$MLCTL_DATA/titanic.csv"
  # Each copy's names made distinct: rows copied in every column would add a warning.
  for i in $(seq 5); do tail -n +2 "$MLCTL_DATA/titanic.csv" | sed "s/^\"/\"$i /"; done
} >big.csv

tty_run() { script -qec "$1" /dev/null; }
number='[0-9]\.[0-9]e[-+][0-9]+'
fit_line() {  # FIT: the pattern of the line drawn for FIT's first iteration
  printf '%s' $'\r\e''\[Ktraining: '"$1"': iteration 1, gradient '"$number"' \(stops at '"$number"'\)'
}
train="'$MLCTL' train big.csv --target survived --exclude name -o big.mlm"
screen=$(tty_run "$train")
pattern=$(fit_line "holdout fit")
checks=$((checks + 1))
[[ $screen =~ $pattern ]] || fail "no holdout fit progress on a terminal: ${screen:0:400}"
pattern=$(fit_line "refit")
checks=$((checks + 1))
[[ $screen =~ $pattern ]] || fail "no refit progress on a terminal: ${screen:0:400}"
checks=$((checks + 1))
[[ $screen == *$'\r'$'\e''[Kalgorithm: logistic'* ]] || fail "the line was not erased before the report"

# Cross-validation names each fold; without evaluation the one fit is "fit".
screen=$(tty_run "'$MLCTL' train big.csv --target survived --exclude name --cv 3 -o cv.mlm")
for fold in 1 2 3; do
  pattern=$(fit_line "fold $fold of 3")
  checks=$((checks + 1))
  [[ $screen =~ $pattern ]] || fail "no progress for fold $fold: ${screen:0:400}"
done
screen=$(tty_run "'$MLCTL' train big.csv --target survived --exclude name --holdout 0 -o h0.mlm")
pattern=$(fit_line "fit")
checks=$((checks + 1))
[[ $screen =~ $pattern ]] || fail "no progress for the only fit: ${screen:0:400}"

# retrain's fit shows it too.
screen=$(tty_run "'$MLCTL' retrain -m big.mlm big.csv -o candidate.mlm --force")
pattern=$(fit_line "refit")
checks=$((checks + 1))
[[ $screen =~ $pattern ]] || fail "no retrain progress on a terminal: ${screen:0:400}"

screen=$(tty_run "'$MLCTL' -q ${train#"'$MLCTL' "}")
expect_eq "$screen" "" "-q on a terminal prints nothing"

run train big.csv --target survived --exclude name -o big.mlm
expect_rc 0
checks=$((checks + 1))
[[ $err != *training:* && $err != *$'\r'* ]] || fail "progress in a pipe: ${err:0:300}"
finish
