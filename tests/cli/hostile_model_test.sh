#!/usr/bin/env bash
# Hostile model files, end to end: whatever the bytes, loading refuses them with one clear line
# on stderr and exit 1, prints nothing on stdout, and touches no file. The byte-level rules
# (every bit flip, forged checksums, feature/coefficient counts that disagree) are unit-tested
# in tests/container and tests/model; fuzzing (tests/fuzz) covers arbitrary bytes.
source "$(dirname "$0")/lib.sh"
cd "$WORK" || exit 1
export SOURCE_DATE_EPOCH=1700000000

printf 'x,y\n1,2\n2,4.1\n3,5.9\n4,8.2\n5,9.9\n' >data.csv
run train data.csv --target y --holdout 0 -o good.mlm -q
expect_rc 0
size=$(stat -c %s good.mlm)
sum=$(sha256sum <good.mlm)

# expect_refused NAME: the last run refused model file NAME with one line, exit 1.
expect_refused() {
  expect_rc 1
  expect_out_empty
  checks=$((checks + 1))
  [[ $err == "mlctl: error: $1: "* && $err != *$'\n'* ]] ||
    fail "expected one line 'mlctl: error: $1: ...', got [$err]"
}

# --- Truncated: at every boundary of the layout, and at a seeded random sample -------------------
# Every length is refused in the unit tests (tests/container/corruption_test.cpp); here the
# lengths that cut the file between its parts: inside and after the 8-byte header length, at
# each JSON key, at the end of the JSON and of its padding, and at each array's first and last
# byte. predict -m loads the model before it opens the data: each length is one quick refusal.
header_length=$(head -c 8 good.mlm | od -An -tu1 |
  awk '{ for (i = NF; i >= 1; --i) n = n * 256 + $i } END { print n }')
header=$(head -c $((8 + header_length)) good.mlm | tail -c "$header_length")
json=${header%"${header##*[! ]}"}
lengths=(0 1 7 8 9 $((8 + ${#json} - 1)) $((8 + ${#json})) $((8 + header_length - 1))
  $((8 + header_length)) $((size - 1)))
while IFS=: read -r at _; do lengths+=("$((8 + at))"); done < <(grep -bo '"[a-z_]*":' <<<"$header")
while IFS=, read -r start end; do
  lengths+=("$((8 + header_length + start + 1))" "$((8 + header_length + end - 1))")
done < <(grep -o '"data_offsets":\[[0-9]*,[0-9]*\]' <<<"$header" | tr -dc '0-9,\n')
expect_eq "$((${#lengths[@]} >= 30))" 1 "boundaries found in the header (${#lengths[@]})"
RANDOM=${MLCTL_TRUNCATION_SEED:-13}  # a fixed seed: the same lengths on every run
for ((i = 0; i < 40; i++)); do lengths+=("$((RANDOM % size))"); done
bad=0
for n in "${lengths[@]}"; do
  head -c "$n" good.mlm >cut.mlm
  err=$("$MLCTL" predict -m cut.mlm data.csv 2>&1 >"$WORK/stdout") && rc=0 || rc=$?
  if [[ $rc != 1 || -s $WORK/stdout || $err != "mlctl: error: cut.mlm: "* ]]; then
    bad=$((bad + 1))
    ((bad < 5)) && fail "truncated at $n bytes: exit $rc, stderr [$err]"
  fi
done
expect_eq "$bad" 0 "truncations not refused cleanly (of ${#lengths[@]} lengths)"
head -c 4 good.mlm >cut.mlm
run predict -m cut.mlm data.csv
expect_err_equals "mlctl: error: cut.mlm: not an mlctl model file"
head -c $((size - 1)) good.mlm >cut.mlm
run predict -m cut.mlm data.csv
expect_refused cut.mlm
expect_err_equals "mlctl: error: cut.mlm: checksum mismatch: the file is corrupt"

# --- A header that declares huge arrays: refused before any allocation -------------------------
# (a 2^40-element array, and a header length of 2^63 bytes, in files of a few hundred bytes)
header='{"__metadata__":{"checksum":"xxh3-64:0000000000000000","format":"mlctl-model","format_version":"1.0","mlctl":"{}"},"coef":{"data_offsets":[0,8796093022208],"dtype":"F64","shape":[1099511627776,1]}}'
while (((${#header} % 8) != 0)); do header+=' '; done
le64() { printf "$(printf '\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) \
  $(($1 >> 24 & 255)) $(($1 >> 32 & 255)) $(($1 >> 40 & 255)) $(($1 >> 48 & 255)) $(($1 >> 56 & 255)))"; }
{ le64 ${#header}; printf '%s' "$header"; head -c 16 /dev/zero; } >huge.mlm
run predict -m huge.mlm data.csv
expect_refused huge.mlm
run describe huge.mlm
expect_refused huge.mlm
{ le64 $((1 << 62)); printf '{}'; } >huge_header.mlm
run predict -m huge_header.mlm data.csv
expect_refused huge_header.mlm

# --- A valid file of a newer format version ----------------------------------------------------
sed 's/"format_version":"1\.[0-9]*"/"format_version":"2.0"/' good.mlm >newer.mlm
run predict -m newer.mlm data.csv
expect_refused newer.mlm
expect_err_equals "mlctl: error: newer.mlm: model format 2.0 is newer than this mlctl supports (it reads 1.x and writes 1.1); upgrade mlctl"
run describe newer.mlm
expect_err_equals "mlctl: error: newer.mlm: model format 2.0 is newer than this mlctl supports (it reads 1.x and writes 1.1); upgrade mlctl"

# --- Not a model at all: a CSV, an empty file, a directory -----------------------------------
run predict -m data.csv data.csv
expect_refused data.csv
: >empty.mlm
run predict -m empty.mlm data.csv
expect_err_equals "mlctl: error: empty.mlm: empty file"
mkdir dir.mlm
run predict -m dir.mlm data.csv
expect_err_equals "mlctl: error: dir.mlm: not an mlctl model file (it is a directory)"
run retrain -m dir.mlm data.csv -o out.mlm
expect_rc 1
expect_file_missing out.mlm

# None of this touched the good model, and no temp file is left beside it.
checks=$((checks + 1))
[[ $(sha256sum <good.mlm) == "$sum" ]] || fail "good.mlm was modified"
leftovers=$(find . -name '.*.tmp.*' | wc -l)
expect_eq "$leftovers" 0 "temporary files left"

finish
