#!/usr/bin/env bash
# `mlctl describe --html` reports rendered by headless Chromium: each page shows text and charts
# (many colours), where a blank page shows one or two. Skipped without chromium, except under
# CI=true. html_report_test.sh checks the pages' content.
source "$(dirname "$0")/lib.sh"
need_tool chromium chromium
PY=/usr/bin/python3

# The pages: three model cards (classes, several classes, regression) and a dataset report.
for pair in titanic:survived penguins:species diabetes:target; do
  name=${pair%%:*}
  run train "$MLCTL_DATA/$name.csv" --target "${pair#*:}" -o "$WORK/$name.mlm" -q
  expect_rc 0
  run describe "$WORK/$name.mlm" --html "$WORK/$name.html"
  expect_rc 0
done
printf 'kind,size\n<script>&",1\n<script>&",2\nplain,3.5\nplain,\n' >"$WORK/odd.csv"
run describe "$WORK/odd.csv" --html "$WORK/odd.html"
expect_rc 0

# screenshot NAME: renders $WORK/NAME.html to $WORK/NAME.png with headless Chromium, made safe for
# a root container without a sandbox, a GPU, a session bus or a network: a fresh profile, nothing
# fetched in the background, /tmp instead of a small /dev/shm, and a time limit. Fails the test
# when Chromium exits non-zero or writes no screenshot.
screenshot() {
  local name=$1 profile status
  profile=$(mktemp -d "$WORK/profile.XXXX")
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --disable-quic --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$profile" --screenshot="$WORK/$name.png" \
    --window-size=1200,2000 "file://$WORK/$name.html" >"$WORK/chromium.log" 2>&1 &&
    status=0 || status=$?
  checks=$((checks + 1))
  [[ $status == 0 && -s $WORK/$name.png ]] ||
    { fail "chromium (exit $status) wrote no screenshot of $name: $(tail -3 "$WORK/chromium.log")"; return 1; }
}

# colours FILE.png: the number of distinct colours in a sample of its pixels (stdlib only).
colours() {
  "$PY" - "$1" <<'PYEOF'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
at, idat = 8, b""
while at < len(data):
    length, kind = struct.unpack(">I4s", data[at:at + 8])
    body = data[at + 8:at + 8 + length]
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    at += 12 + length
assert depth == 8 and colour in (2, 6)
bpp = 3 if colour == 2 else 4
raw, stride = zlib.decompress(idat), width * bpp
previous, seen, at = bytearray(stride), set(), 0
for y in range(height):
    kind, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
    at += 1 + stride
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = previous[i]
        c = previous[i - bpp] if i >= bpp else 0
        if kind == 1: line[i] = (line[i] + a) & 255
        elif kind == 2: line[i] = (line[i] + b) & 255
        elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 4 == 0:
        for x in range(0, stride, bpp * 2):
            seen.add(bytes(line[x:x + 3]))
    previous = line
print(len(seen))
PYEOF
}

# A rendered report has text, bars and axes in many colours (hundreds, with anti-aliasing); a
# blank page has one or two.
kMinColours=50

# The control: a blank page must look blank, or the check below could never fail.
printf '<!DOCTYPE html><html><body style="background:#f5f7fa"></body></html>\n' >"$WORK/blank.html"
if screenshot blank; then
  n=$(colours "$WORK/blank.png") || fail "could not decode the screenshot of the blank page"
  checks=$((checks + 1))
  ((n < kMinColours)) || fail "a blank page has $n colours: the blank-screenshot check cannot fail"
fi
for name in titanic penguins diabetes odd; do
  screenshot "$name" || continue
  n=$(colours "$WORK/$name.png") || fail "could not decode the screenshot of $name"
  checks=$((checks + 1))
  ((n >= kMinColours)) || fail "the screenshot of $name looks blank ($n colours)"
done
finish
