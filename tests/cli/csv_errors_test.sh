#!/usr/bin/env bash
# Bad CSV input, end to end through `mlctl describe`: one exact line on stderr naming the file,
# line and field, exit code 1, nothing on stdout. Usage mistakes exit 2.
source "$(dirname "$0")/lib.sh"
cd "$WORK" || exit 1

# expect_data_error FILE MESSAGE: `mlctl describe FILE` fails with exactly MESSAGE.
expect_data_error() {
  run describe "$1"
  expect_rc 1
  expect_out_empty
  expect_err_equals "mlctl: error: $2"
}

printf 'a,b,c,d,e\n1,2,3,4,5\n1,2,3,4,5,6\n' >too_many.csv
expect_data_error too_many.csv "too_many.csv:3:6: expected 5 fields (as in the header), found 6"

printf 'a,b,c\n1,2,3\n1,2\n' >too_few.csv
expect_data_error too_few.csv "too_few.csv:3:3: expected 3 fields (as in the header), found 2"

printf 'a,b\n1,"abc\n2,3\n' >unterminated.csv
expect_data_error unterminated.csv "unterminated.csv:2:2: unterminated quoted field (opened here)"

: >empty.csv
expect_data_error empty.csv "empty.csv:1: empty file: no header row"

printf 'a,,c\n1,2,3\n' >empty_name.csv
expect_data_error empty_name.csv "empty_name.csv:1:2: column 2 has an empty name"

printf 'a,b,a\n1,2,3\n' >duplicate_name.csv
expect_data_error duplicate_name.csv \
  'duplicate_name.csv:1:3: duplicate column name "a" (also column 1)'

printf 'a,b\n1,2\n3,\0004\n' >nul.csv
expect_data_error nul.csv "nul.csv:3:2: NUL byte in input (is this a binary file?)"

printf 'a,\xff\xfe\n1,2\n' >bad_utf8_header.csv
expect_data_error bad_utf8_header.csv "bad_utf8_header.csv:1:2: column 2's name is not valid UTF-8"

expect_data_error no_such_file.csv "no_such_file.csv: cannot open: No such file or directory"

mkdir a_directory
expect_data_error a_directory "a_directory: is a directory"

# An error after many good rows still prints nothing on stdout (no half description).
{ cat "$MLCTL_DATA/titanic.csv"; printf '"x","yes","male",1,"1st","extra"\n'; } >late_error.csv
expect_data_error late_error.csv \
  "late_error.csv:1311:6: expected 5 fields (as in the header), found 6"

# Errors on stdin name "<stdin>".
run_stdin too_few.csv describe -
expect_rc 1
expect_out_empty
expect_err_equals "mlctl: error: <stdin>:3:3: expected 3 fields (as in the header), found 2"

# Usage errors: exit 2, nothing on stdout.
run describe --bogus too_few.csv
expect_rc 2
expect_out_empty
expect_err_equals $'mlctl: error: The following argument was not expected: --bogus\nRun \'mlctl --help\' for usage.'

run describe --delimiter ':' too_few.csv
expect_rc 2
expect_out_empty
expect_err_equals "mlctl: error: --delimiter must be ',', ';', 'tab', '|' or 'auto', got ':'"

run describe
expect_rc 2
expect_out_empty
expect_err_contains "mlctl: error: file is required"

finish
