# Colour marks the level word of messages on a terminal only; NO_COLOR and --color decide
# otherwise. The terminal is a pseudo-terminal made by script(1) from util-linux.
source "$(dirname "$0")/lib.sh"
ESC=$'\e'
plain="mlctl: error: $WORK/missing.csv: cannot open: No such file or directory"
coloured="mlctl: ${ESC}[31m${ESC}[1merror${ESC}[m: $WORK/missing.csv: cannot open: No such file or directory"

# A pipe or file: no colour, unless asked for.
run describe "$WORK/missing.csv"
expect_rc 1
expect_err_equals "$plain"
run --color always describe "$WORK/missing.csv"
expect_err_equals "$coloured"
# A terminal: colour by default; never with NO_COLOR or --color never.
tty_stderr() { script -qec "$1" /dev/null | tr -d '\r'; }
expect_eq "$(tty_stderr "'$MLCTL' describe '$WORK/missing.csv'")" "$coloured" "on a terminal"
expect_eq "$(NO_COLOR=1 tty_stderr "'$MLCTL' describe '$WORK/missing.csv'")" "$plain" "NO_COLOR on a terminal"
expect_eq "$(tty_stderr "'$MLCTL' --color never describe '$WORK/missing.csv'")" "$plain" "--color never"
run --color sometimes describe "$WORK/missing.csv"
expect_rc 2
finish
