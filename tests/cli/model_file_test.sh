#!/usr/bin/env bash
# A model file is a valid safetensors file: an 8-byte little-endian header length, a JSON
# header (arrays by name, string-valued __metadata__ naming the format), then the array bytes,
# contiguous and in bounds. Read with od, head and tail only, as a foreign reader would.
source "$(dirname "$0")/lib.sh"
MODEL=$WORK/titanic.mlm
SOURCE_DATE_EPOCH=0 "$MLCTL" train "$MLCTL_DATA/titanic.csv" --target survived -q -o "$MODEL"

size=$(wc -c <"$MODEL" | tr -d ' ')
length=$(head -c 8 "$MODEL" | od -An -tu1 |
  awk '{ for (i = NF; i >= 1; --i) n = n * 256 + $i } END { print n }')
expect_eq "$((length > 0 && 8 + length <= size))" 1 "header length $length within the file ($size bytes)"
expect_eq "$((length % 8))" 0 "header length a multiple of 8 (the arrays stay aligned)"
header=$(head -c $((8 + length)) "$MODEL" | tail -c "$length")
expect_eq "${#header}" "$length" "header read"

# The header: one JSON object, padded with spaces; metadata first, with the format's name.
expect_eq "${header:0:37}" '{"__metadata__":{"checksum":"xxh3-64:' "header start"
trimmed=${header%"${header##*[! ]}"}
expect_eq "${trimmed: -1}" "}" "header end (before the padding)"
expect_eq "$(grep -c '"format":"mlctl-model","format_version":"1.1","mlctl":"{' <<<"$header")" 1 \
  "__metadata__ format and version"
expect_eq "$(grep -o '"coef":{[^}]*}' <<<"$header")" \
  '"coef":{"data_offsets":[0,48],"dtype":"F64","shape":[1,6]}' "coef: 1 x 6 float64"
# The held-out sample (262 rows of truth and 2 probabilities) sorts between them by name.
expect_eq "$(grep -o '"evaluation.sample":{[^}]*}' <<<"$header")" \
  '"evaluation.sample":{"data_offsets":[48,6336],"dtype":"F64","shape":[262,3]}' \
  "evaluation.sample: 262 x 3 float64"
expect_eq "$(grep -o '"intercept":{[^}]*}' <<<"$header")" \
  '"intercept":{"data_offsets":[6336,6344],"dtype":"F64","shape":[1]}' "intercept"

# Every array's bytes: contiguous from 0 to the end of the file, 8 bytes per element.
offsets=$(grep -o '"data_offsets":\[[0-9]*,[0-9]*\]' <<<"$header" | tr -dc '0-9,\n' | sort -t, -k1n)
expect_eq "$(awk -F, -v bytes=$((size - 8 - length)) '
  $1 != end || $2 < $1 || ($2 - $1) % 8 { bad = 1 } { end = $2 }
  END { print (!bad && end == bytes) ? "contiguous" : "gap or overlap" }' <<<"$offsets")" \
  contiguous "array byte ranges"
expect_eq "$(wc -l <<<"$offsets" | tr -d ' ')" 6 \
  "arrays (coef, evaluation.sample, intercept, numeric fill/center/scale)"

# The same with a JSON parser.
problems=$(/usr/bin/python3 -c '
import json, sys
header = json.loads(sys.argv[1])
meta = header.pop("__metadata__")
assert all(isinstance(v, str) for v in meta.values()), "metadata values must be strings"
assert meta["format"] == "mlctl-model", meta["format"]
inner = json.loads(meta["mlctl"])
assert inner["model"]["target"] == "survived", inner["model"]
assert inner["provenance"]["created"] == "1970-01-01T00:00:00Z", inner["provenance"]
assert all(a["dtype"] == "F64" for a in header.values())
' "$header" 2>&1)
expect_eq "$problems" "" "header read by Python's json"

finish
