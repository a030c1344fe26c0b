#!/usr/bin/env bash
# Hostile CSV input, end to end: every case is refused (or read) with an exact message and exit
# code, within the limits of --max-field-size and --max-columns (never an out-of-memory kill),
# and the input file is left as it was. The per-rule errors are in csv_errors_test.sh.
source "$(dirname "$0")/lib.sh"
cd "$WORK" || exit 1

# expect_unchanged FILE SUM: the input was not touched.
expect_unchanged() {
  checks=$((checks + 1))
  [[ $(sha256sum <"$1") == "$2" ]] || fail "$1 was modified"
}

# --- Binary garbage: refused on the first line, nothing written ------------------------------
head -c 4096 /dev/urandom >garbage.csv
printf '\xff\xfe\x00\x01' | dd of=garbage.csv conv=notrunc status=none  # a NUL on line 1
sum=$(sha256sum <garbage.csv)
run describe garbage.csv
expect_rc 1
expect_out_empty
expect_err_equals "mlctl: error: garbage.csv:1:1: NUL byte in input (is this a binary file?)"
run train garbage.csv --target x -o garbage.mlm
expect_rc 1
expect_err_equals "mlctl: error: garbage.csv:1:1: NUL byte in input (is this a binary file?)"
expect_file_missing garbage.mlm
expect_unchanged garbage.csv "$sum"
# Without NUL bytes: the header is not UTF-8.
{ printf '\xff\xfe'; head -c 4096 /dev/urandom | tr -d '\0'; } >garbage2.csv
run describe garbage2.csv
expect_rc 1
expect_err_equals "mlctl: error: garbage2.csv:1:1: column 1's name is not valid UTF-8"

# --- A 100 MB field: over the default --max-field-size (64 MiB), which the message names ------
{
  printf 'text,y\n'
  head -c 100000000 /dev/zero | tr '\0' x
  printf ',1\n'
} >big_field.csv
run describe big_field.csv
expect_rc 1
expect_out_empty
expect_err_equals "mlctl: error: big_field.csv:2:1: field is longer than 67108864 bytes (raise the limit with --max-field-size)"
rm big_field.csv
# The flag sets the limit, to the byte.
printf 'text,y\n%s,1\n' "$(head -c 100 /dev/zero | tr '\0' x)" >field100.csv
run describe field100.csv --max-field-size 99
expect_rc 1
expect_err_equals "mlctl: error: field100.csv:2:1: field is longer than 99 bytes (raise the limit with --max-field-size)"
run describe field100.csv --max-field-size 100
expect_rc 0
expect_out_contains "1 row, 2 columns (1 numeric, 1 categorical, 0 empty)"
run describe field100.csv --max-field-size 0
expect_rc 2
expect_err_contains "--max-field-size"

# --- 100,000 columns: over the default --max-columns (16384), which the message names ---------
awk 'BEGIN { n = 100000
  for (i = 1; i <= n; i++) printf "c%d%s", i, (i < n ? "," : "\n")
  for (i = 1; i <= n; i++) printf "%d%s", i % 7, (i < n ? "," : "\n") }' >wide.csv
sum=$(sha256sum <wide.csv)
run describe wide.csv
expect_rc 1
expect_out_empty
expect_err_equals "mlctl: error: wide.csv:1:16385: more than 16384 columns (raise the limit with --max-columns)"
run describe wide.csv --max-columns 100000 --json
expect_rc 0
expect_out_contains '"numeric": 100000'
expect_unchanged wide.csv "$sum"
run describe wide.csv --max-columns 99999
expect_rc 1
expect_err_equals "mlctl: error: wide.csv:1:100000: more than 99999 columns (raise the limit with --max-columns)"
# A record with far more fields than the header stops at the limit too.
printf 'a,b\n1,2\n%s\n' "$(head -c 40000 /dev/zero | tr '\0' ,)" >many_fields.csv
run describe many_fields.csv
expect_rc 1
expect_err_equals "mlctl: error: many_fields.csv:3:3: expected 2 fields (as in the header), found more than 16384"

# --- A line of only delimiters ------------------------------------------------------------
printf ',,\n1,2,3\n' >delimiter_header.csv
run describe delimiter_header.csv
expect_rc 1
expect_err_equals "mlctl: error: delimiter_header.csv:1:1: column 1 has an empty name"
printf 'a,b,c\n,,\n1,2,x\n' >delimiter_row.csv
run describe delimiter_row.csv --json
expect_rc 0
expect_out_contains '"rows_with_missing": 1'
printf 'a,b,c\n,,,,\n' >delimiter_long.csv
run describe delimiter_long.csv
expect_rc 1
expect_err_equals "mlctl: error: delimiter_long.csv:2:4: expected 3 fields (as in the header), found 5"

# --- Numbers: only finite plain decimals are numbers ------------------------------------------
# 1e999 overflows, 0x10 is hex, "1,5" has a comma decimal: each makes its column text, and the
# message of describe names the first such value; -0 is a number.
for case in '1e999' '0x10' '"1,5"'; do
  printf 'x,y\n1,1\n%s,2\n3,3\n' "$case" >number.csv
  run describe number.csv
  expect_rc 0
  value=${case//\"/}
  expect_out_contains "'$value' on line 3"
  expect_out_contains "2 columns (1 numeric, 1 categorical, 0 empty)"
done
printf 'x,y\n-0,1\n0,2\n-0.0,3\n' >negative_zero.csv
run describe negative_zero.csv --json
expect_rc 0
expect_out_contains '"numeric": 2'
# In a model's numeric feature, each is refused on its line, naming the column.
printf 'x,y\n1,2\n2,4.1\n3,5.9\n4,8.2\n5,9.9\n' >train.csv
run train train.csv --target y --holdout 0 -o xy.mlm -q
expect_rc 0
for case in '1e999' '0x10' '"1,5"'; do
  printf 'x\n1\n%s\n' "$case" >score.csv
  run predict -m xy.mlm score.csv
  expect_rc 1
  value=${case//\"/}
  expect_err_equals "mlctl: error: score.csv:3:1: column \"x\": \"$value\" is not a number (the model was trained on numbers here)"
done
printf 'x\n-0\n0\n' >score.csv
run predict -m xy.mlm score.csv
expect_rc 0
lines=$(printf '%s\n' "$out" | sed -n '2p;3p' | uniq | wc -l)
expect_eq "$lines" 1 "-0 and 0 predict the same"

# --- Mixed line ends: LF, CRLF and lone CR in one file --------------------------------------
printf 'x,y\r\n1,2\r3,4\n5,6\r\n7,8' >mixed.csv
run describe mixed.csv --json
expect_rc 0
expect_out_contains '"rows": 4,'
printf 'x,y\r\n1,2\r3,4\n5\r\n7,8' >mixed_bad.csv
run describe mixed_bad.csv
expect_rc 1
expect_err_equals "mlctl: error: mixed_bad.csv:4:2: expected 2 fields (as in the header), found 1"

# --- A fifo: read once, as it comes; cut short, the last record is refused -------------------
mkfifo rows.fifo
printf 'a,b\n1,2\n3,4\n' >rows.fifo &
run describe rows.fifo --json
wait
expect_rc 0
expect_out_contains '"rows": 2,'
printf 'a,b\n1,2\n3,"cut' >rows.fifo &
run describe rows.fifo
wait
expect_rc 1
expect_err_equals "mlctl: error: rows.fifo:3:2: unterminated quoted field (opened here)"
printf 'a,b\n1,2\n3' >rows.fifo &
run train rows.fifo --target b -o fifo.mlm
wait
expect_rc 1
expect_err_equals "mlctl: error: rows.fifo:3:2: expected 2 fields (as in the header), found 1"
expect_file_missing fifo.mlm
# A writer that stops between records: the reader sees the rows so far.
(printf 'a,b\n1,2\n'; sleep 0.2; printf '3,4\n') >rows.fifo &
run describe rows.fifo --json
wait
expect_rc 0
expect_out_contains '"rows": 2,'

finish
