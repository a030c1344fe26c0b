#!/usr/bin/env bash
# Process start (issue #16, bench/start/README.md): mlctl loads libc and libm only. The C++
# runtime, fmt, spdlog, zlib, zstd and xxhash are linked into it (CMakeLists.txt): loading and
# relocating them, and initialising the shared C++ runtime, was most of a one-row predict. If a
# library comes back (a new dependency, or fmt/spdlog left to their .so), this says which.
# Sanitizer builds link the shared runtime on purpose and are skipped.
source "$(dirname "$0")/lib.sh"
need_tool readelf binutils
if [[ -n $MLCTL_SANITIZED ]]; then
  echo "SKIP: a sanitizer build links the shared C++ runtime"
  exit "$SKIP_CODE"
fi

needed=$(readelf -d "$MLCTL" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p' | sort)
checks=$((checks + 1))
grep -qx 'libc\.so\.6' <<<"$needed" || fail "readelf -d found no libc.so.6: the parse is broken"
others=$(grep -vE '^(libc\.so\.6|libm\.so\.6|ld-linux.*\.so\.[0-9]+)$' <<<"$needed" | tr '\n' ' ')
expect_eq "$others" "" "shared libraries mlctl needs besides libc, libm and the loader"

# And it still runs: a one-row predict, and the version.
cd "$WORK"
run -q train "$MLCTL_DATA/diabetes.csv" --target target -o model.mlm
expect_rc 0
head -2 "$MLCTL_DATA/diabetes.csv" >one_row.csv
run predict -m model.mlm one_row.csv
expect_rc 0
expect_eq "$(head -1 <<<"$out")" "prediction" "header line"
expect_eq "$(grep -c . <<<"$out")" "2" "lines of output"
run --version
expect_rc 0
finish
