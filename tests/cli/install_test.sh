#!/usr/bin/env bash
# `cmake --install`: the command, its man page and completions where distributions put them
# (those written so far), and for embedding the core library, every public header (with the
# generated common/version.hpp) and the CMake package config; the runtime component alone
# installs no development files. Reuses the tested build tree; builds nothing.
source "$(dirname "$0")/lib.sh"
: "${MLCTL_BUILD_DIR:?set by CTest}" "${MLCTL_SOURCE_DIR:?set by CTest}"

# expect_file PATH: PATH exists under the prefix as a regular file.
expect_file() {
  checks=$((checks + 1))
  [[ -f $1 ]] || fail "not installed: $1"
}
# expect_same INSTALLED SOURCE: installed unchanged.
expect_same() {
  checks=$((checks + 1))
  cmp -s "$1" "$2" || fail "$1 differs from $2 (or is missing)"
}
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$MLCTL_BUILD_DIR/CMakeCache.txt"; }
LIBDIR=$(cache_value CMAKE_INSTALL_LIBDIR)
expect_eq "$([[ -n $LIBDIR ]] && echo set)" set "CMAKE_INSTALL_LIBDIR in the build's cache"

PREFIX=$WORK/prefix
cmake --install "$MLCTL_BUILD_DIR" --prefix "$PREFIX" >"$WORK/install.log" 2>&1 && rc=0 || rc=$?
err=$(cat "$WORK/install.log")
expect_rc 0

# The command runs from its new place.
checks=$((checks + 1))
[[ -x $PREFIX/bin/mlctl ]] || fail "bin/mlctl is not an installed executable"
out=$("$PREFIX/bin/mlctl" --version 2>&1) && rc=0 || rc=$?
expect_rc 0
expect_out_equals "$("$MLCTL" --version)"

# Man page and completions: each one that exists in the source tree is installed, renamed as
# each shell looks it up.
declare -A placed=(
  [docs/mlctl.1]=share/man/man1/mlctl.1
  [completions/mlctl.bash]=share/bash-completion/completions/mlctl
  [completions/_mlctl]=share/zsh/vendor-completions/_mlctl
  [completions/mlctl.fish]=share/fish/vendor_completions.d/mlctl.fish
)
for source in "${!placed[@]}"; do
  if [[ -f $MLCTL_SOURCE_DIR/$source ]]; then
    expect_same "$PREFIX/${placed[$source]}" "$MLCTL_SOURCE_DIR/$source"
  else
    expect_file_missing "$PREFIX/${placed[$source]}"
  fi
done

# Embedding: the library, the CMake package, and exactly the src/ tree's headers plus the
# generated version header, at the paths code includes them by.
expect_file "$PREFIX/$LIBDIR/libmlcore.a"
for file in mlcoreConfig.cmake mlcoreConfigVersion.cmake mlcoreTargets.cmake; do
  expect_file "$PREFIX/$LIBDIR/cmake/mlcore/$file"
done
expected_headers=$(cd "$MLCTL_SOURCE_DIR/src" && { find . -name '*.hpp'; echo ./common/version.hpp; } |
  sed 's|^\./||' | sort)
installed_headers=$(cd "$PREFIX/include/mlcore" && find . -type f | sed 's|^\./||' | sort)
expect_eq "$installed_headers" "$expected_headers" "headers under include/mlcore"
expect_same "$PREFIX/include/mlcore/model/predictor.hpp" "$MLCTL_SOURCE_DIR/src/model/predictor.hpp"
expect_same "$PREFIX/include/mlcore/common/version.hpp" \
  "$MLCTL_BUILD_DIR/generated/common/version.hpp"
version=$("$MLCTL" --version | head -n 1)
checks=$((checks + 1))
grep -qF "kVersion = \"${version#mlctl }\"" "$PREFIX/include/mlcore/common/version.hpp" ||
  fail "installed version.hpp does not hold ${version#mlctl }"

# The package config names installed paths only, never this source or build tree.
leaks=$(grep -rlF -e "$MLCTL_SOURCE_DIR" -e "$MLCTL_BUILD_DIR" "$PREFIX/$LIBDIR/cmake" || true)
expect_eq "$leaks" "" "package files naming the source or build tree"

# The runtime component (what the mlctl .deb holds) has no development files.
RUNTIME=$WORK/runtime
cmake --install "$MLCTL_BUILD_DIR" --prefix "$RUNTIME" --component runtime >"$WORK/install.log" 2>&1 &&
  rc=0 || rc=$?
err=$(cat "$WORK/install.log")
expect_rc 0
expect_file "$RUNTIME/bin/mlctl"
expect_file "$RUNTIME/bin/mlctl-serve"
expect_file_missing "$RUNTIME/include"
expect_file_missing "$RUNTIME/$LIBDIR"
expect_file_missing "$RUNTIME/bin/mlctl-mpi"

# mlctl-mpi, when built, is installed by its own component.
if [[ -x $MLCTL_BUILD_DIR/mlctl-mpi ]]; then
  checks=$((checks + 1))
  [[ -x $PREFIX/bin/mlctl-mpi ]] || fail "bin/mlctl-mpi is not an installed executable"
  MPI_ONLY=$WORK/mpi
  cmake --install "$MLCTL_BUILD_DIR" --prefix "$MPI_ONLY" --component mpi >"$WORK/install.log" 2>&1 &&
    rc=0 || rc=$?
  err=$(cat "$WORK/install.log")
  expect_rc 0
  expect_eq "$(cd "$MPI_ONLY" && find . -type f | sort)" "./bin/mlctl-mpi" "the mpi component"
else
  expect_file_missing "$PREFIX/bin/mlctl-mpi"
fi

finish
