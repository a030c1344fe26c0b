#!/usr/bin/env bash
# The input people have (#12), end to end: gzip and zstd files and stdin, a sniffed or '|'
# delimiter, decimal commas, headerless input, spaces after delimiters (--trim and the hint).
source "$(dirname "$0")/lib.sh"
cd "$WORK" || exit 1
TITANIC="$MLCTL_DATA/titanic.csv"

# describe of a copy named NAME, without its first line (the name).
described() {
  "$MLCTL" describe "$@" | tail -n +2
}
plain=$(described "$TITANIC")

# Compressed files are found by their first bytes, whatever their names.
gzip -n -c "$TITANIC" >titanic.csv.gz
zstd -q -c "$TITANIC" >titanic.csv.zst
cp titanic.csv.gz titanic_gz.csv
for file in titanic.csv.gz titanic.csv.zst titanic_gz.csv; do
  run describe "$file"
  expect_rc 0
  expect_err_empty
  expect_eq "$(tail -n +2 <<<"$out")" "$plain" "describe $file"
done
run_stdin titanic.csv.zst describe -
expect_rc 0
expect_eq "$(tail -n +2 <<<"$out")" "$plain" "describe - < titanic.csv.zst"
run_stdin titanic.csv.gz describe -
expect_rc 0
expect_eq "$(tail -n +2 <<<"$out")" "$plain" "describe - < titanic.csv.gz"

# A model trained on the gzip file is the model of the plain file, and predicts from zstd.
"$MLCTL" -q train "$TITANIC" --target survived -o plain.mlm
run -q train titanic.csv.gz --target survived -o gz.mlm
expect_rc 0
expect_eq "$("$MLCTL" describe gz.mlm | grep '^id')" "$("$MLCTL" describe plain.mlm | grep '^id')" \
  "model id from .gz"
run -q predict -m gz.mlm titanic.csv.zst
expect_rc 0
expect_eq "$out" "$("$MLCTL" -q predict -m plain.mlm "$TITANIC")" "predictions from .zst"

# Truncated or corrupt archives: one line naming the file, exit 1, nothing on stdout.
head -c 2000 titanic.csv.gz >truncated.gz
run describe truncated.gz
expect_rc 1
expect_out_empty
expect_err_equals "mlctl: error: truncated.gz: truncated gzip data: the input ends inside the compressed stream"
run_stdin truncated.gz describe -
expect_rc 1
expect_err_equals "mlctl: error: <stdin>: truncated gzip data: the input ends inside the compressed stream"
{
  printf '\037\213\007' # gzip's magic bytes, then a compression method that does not exist
  tail -c +4 titanic.csv.gz
} >corrupt.gz
run describe corrupt.gz
expect_rc 1
expect_out_empty
expect_err_equals "mlctl: error: corrupt.gz: corrupt gzip data: unknown compression method"
head -c 1000 titanic.csv.zst >truncated.zst
run train truncated.zst --target survived -o never.mlm
expect_rc 1
expect_out_empty
expect_err_equals "mlctl: error: truncated.zst: truncated zstd data: the input ends inside the compressed stream"
expect_file_missing never.mlm

# --delimiter auto and '|'.
tr ',' ';' <"$MLCTL_DATA/diabetes.csv" >diabetes_semicolon.csv
tr ',' '|' <"$MLCTL_DATA/diabetes.csv" >diabetes_pipe.csv
diabetes=$(described "$MLCTL_DATA/diabetes.csv")
expect_eq "$(described diabetes_semicolon.csv --delimiter auto)" "$diabetes" "sniffed ;"
expect_eq "$(described diabetes_pipe.csv --delimiter auto)" "$diabetes" "sniffed |"
expect_eq "$(described diabetes_pipe.csv --delimiter '|')" "$diabetes" "--delimiter |"
expect_eq "$(described "$MLCTL_DATA/diabetes.csv" --delimiter auto)" "$diabetes" "sniffed ,"

# --decimal , : numbers with a decimal comma, text left as written.
printf 'x;label;y\n1,5;a,b;2\n2,25;c;3,5\n-0,5;d;1e1\n' >decimal.csv
run describe decimal.csv --delimiter ';' --decimal ,
expect_rc 0
expect_out_contains "x           3        0  0.0%         3  1.08333  1.42156  -0.5   0.5  1.5  1.875  2.25"
expect_out_contains "y           3        0  0.0%         3  5.16667  4.25245     2  2.75  3.5   6.75    10"
expect_out_contains "a,b (1)"
printf 'x;y\n1,5;2\n1.5;3\n' >points.csv
run describe points.csv --delimiter ';' --decimal ,
expect_rc 1
expect_err_equals "mlctl: error: points.csv:3:1: \"1.5\" is a number with a decimal point, but the decimal mark is ',' (--decimal ,)"
run describe decimal.csv --decimal ,
expect_rc 2
expect_err_equals "mlctl: error: --decimal , needs another delimiter than ',' (--delimiter ';', tab, '|' or auto)"
run describe decimal.csv --decimal , --delimiter ,
expect_rc 2
expect_err_equals "mlctl: error: --decimal , and --delimiter , cannot go together"
run describe decimal.csv --decimal x
expect_rc 2
expect_err_equals "mlctl: error: --decimal must be '.' or ',', got 'x'"

# Headerless input: names from --columns.
tail -n +2 "$MLCTL_DATA/diabetes.csv" >diabetes_rows.csv
columns=$(head -1 "$MLCTL_DATA/diabetes.csv")
expect_eq "$(described diabetes_rows.csv --no-header --columns "$columns")" "$diabetes" "headerless"
run describe diabetes_rows.csv --no-header --columns a,b
expect_rc 1
expect_out_empty
expect_err_equals "mlctl: error: diabetes_rows.csv:1:3: expected 2 fields (as in --columns), found 11"
run describe diabetes_rows.csv --no-header
expect_rc 2
expect_err_equals "mlctl: error: input without a header row needs its column names (--columns a,b,c)"
run describe diabetes_rows.csv --columns a,b
expect_rc 2
expect_err_equals "mlctl: error: --columns names the columns of input without a header row: give --no-header too"
run train diabetes_rows.csv --no-header --columns "$columns" --target target -o headerless.mlm -q
expect_rc 0
run predict --help
expect_out_contains "--no-input-header"
# --columns names the switch it goes with: on predict, --no-header is about the output.
expect_out_contains "comma-separated (with --no-input-header)"
run train --help
expect_out_contains "comma-separated (with --no-header)"
run predict -m headerless.mlm diabetes_rows.csv --columns a,b
expect_rc 2
expect_err_equals "mlctl: error: --columns names the columns of input without a header row: give --no-input-header too"
run -q predict -m headerless.mlm diabetes_rows.csv --no-input-header --columns "$columns"
expect_rc 0
headerless=$out
# The same model as from the file with its header, and the model remembers how its data was
# read: predict reads headerless input by default.
run train "$MLCTL_DATA/diabetes.csv" --target target -o headed.mlm -q
expect_eq "$headerless" "$("$MLCTL" -q predict -m headed.mlm "$MLCTL_DATA/diabetes.csv")" "predict headerless"
run -q predict -m headerless.mlm diabetes_rows.csv
expect_rc 0
expect_eq "$out" "$headerless" "predict headerless with the model's settings"
# --no-input-header alone, with a model trained with a header: the model's features, in order.
cut -d, -f1-10 diabetes_rows.csv >features_rows.csv
run -q predict -m headed.mlm features_rows.csv --no-input-header
expect_rc 0
expect_eq "$out" "$headerless" "predict headerless in the model's feature order"
# Without -q the note names the switch as predict calls it (its --no-header is about output).
run predict -m headed.mlm features_rows.csv --no-input-header
expect_rc 0
expect_err_equals "mlctl: note: --no-input-header given: the model's header setting (header row: yes) is replaced by header row: no"

# Spaces after delimiters: the hint, then --trim.
printf 'a, b, y\n1, x, 2\n2, "y, z" , 3\n3, x, 4\n' >spaced.csv
run train spaced.csv --target y -o never.mlm
expect_rc 2
expect_out_empty
expect_err_equals "mlctl: error: spaced.csv: no column named \"y\" in the data (did you mean \" y\"? --trim drops spaces around fields)"
expect_file_missing never.mlm
run lint-data spaced.csv --target y
expect_rc 2
expect_err_equals "mlctl: error: spaced.csv:1: --target: no column named \"y\" (did you mean \" y\"? --trim drops spaces around fields)"
run train spaced.csv --target ' y' --features b -o never.mlm
expect_rc 2
expect_err_equals "mlctl: error: spaced.csv: no column named \"b\" in the data (did you mean \" b\"? --trim drops spaces around fields)"
expect_file_missing never.mlm
run train "$TITANIC" --target survived --features Age,sex -o never.mlm
expect_rc 2
expect_err_equals "mlctl: error: $TITANIC: no column named \"Age\" in the data (did you mean \"age\"?)"
run describe spaced.csv --trim
expect_rc 0
expect_out_contains "y           3        0  0.0%         3"
expect_out_contains "x (2), y, z (1)"
run -q train spaced.csv --trim --target y -o trimmed.mlm
expect_rc 0

finish
