#!/usr/bin/env bash
# CPack: the .deb packages made from the tested build tree (no rebuild). mlctl_<v>_<arch>.deb
# holds the command (which runs once unpacked), the man page and the completions that exist,
# depends on the shared libraries mlctl links, and no development files; libmlcore-dev holds
# the library, headers and CMake package config under /usr.
source "$(dirname "$0")/lib.sh"
: "${MLCTL_BUILD_DIR:?set by CTest}" "${MLCTL_SOURCE_DIR:?set by CTest}"
need_tool dpkg-deb dpkg  # the packages are Debian's

# expect_listed LISTING PATH: a `dpkg-deb -c` listing has PATH (as ./PATH).
expect_listed() {
  checks=$((checks + 1))
  awk '{print $6}' <<<"$1" | grep -qxF "./$2" || fail "the package lacks $2"
}
expect_not_listed() {
  checks=$((checks + 1))
  ! awk '{print $6}' <<<"$1" | grep -q "^\./$2" || fail "the package should not hold $2*"
}

(cd "$WORK" && cpack --config "$MLCTL_BUILD_DIR/CPackConfig.cmake" -B "$WORK/packages") \
  >"$WORK/cpack.log" 2>&1 && rc=0 || rc=$?
err=$(cat "$WORK/cpack.log")
expect_rc 0

version=$("$MLCTL" --version | head -n 1)
version=${version#mlctl }
arch=$(dpkg --print-architecture)
made="libmlcore-dev_${version}_${arch}.deb "
[[ -x $MLCTL_BUILD_DIR/mlctl-mpi ]] && made+="mlctl-mpi_${version}_${arch}.deb "
made+="mlctl_${version}_${arch}.deb "
expect_eq "$(find "$WORK/packages" -maxdepth 1 -name '*.deb' -printf '%f\n' | sort | tr '\n' ' ')" \
  "$made" "packages made"
DEB=$WORK/packages/mlctl_${version}_${arch}.deb
DEV=$WORK/packages/libmlcore-dev_${version}_${arch}.deb

expect_eq "$(dpkg-deb -f "$DEB" Package)" mlctl "Package"
expect_eq "$(dpkg-deb -f "$DEB" Version)" "$version" "Version"
expect_eq "$(dpkg-deb -f "$DEB" Architecture)" "$arch" "Architecture"
checks=$((checks + 1))
[[ -n $(dpkg-deb -f "$DEB" Maintainer) ]] || fail "no Maintainer"
info=$(dpkg-deb -I "$DEB")
checks=$((checks + 1))
grep -qx " Package: mlctl" <<<"$info" || fail "dpkg-deb -I lacks ' Package: mlctl': $info"
# Whether computed by dpkg-shlibdeps or listed: the packages of the shared libraries mlctl needs
# (libc alone, with the static link of CMakeLists.txt; all of them with MLCTL_STATIC_DEPS=OFF).
depends=$(dpkg-deb -f "$DEB" Depends)
needed=$(readelf -d "$MLCTL" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p')
declare -A package_of=([libstdc++.so.6]=libstdc++6 [libgcc_s.so.1]=libgcc-s1 [libfmt.so.9]=libfmt9
  [libspdlog.so.1.10]=libspdlog1.10-fmt9 [libxxhash.so.0]=libxxhash0 [libzstd.so.1]=libzstd1
  [libz.so.1]=zlib1g)
libraries=(libc6)
for soname in "${!package_of[@]}"; do
  grep -qxF "$soname" <<<"$needed" && libraries+=("${package_of[$soname]}")
done
for library in "${libraries[@]}"; do
  checks=$((checks + 1))
  [[ ", $depends," == *", $library"[\ ,]* ]] || fail "Depends lacks $library: $depends"
done

listing=$(dpkg-deb -c "$DEB")
expect_listed "$listing" usr/bin/mlctl
expect_listed "$listing" usr/bin/mlctl-serve  # what mlctl serve execs
declare -A placed=(
  [docs/mlctl.1]=usr/share/man/man1/mlctl.1
  [completions/mlctl.bash]=usr/share/bash-completion/completions/mlctl
  [completions/_mlctl]=usr/share/zsh/vendor-completions/_mlctl
  [completions/mlctl.fish]=usr/share/fish/vendor_completions.d/mlctl.fish
)
for source in "${!placed[@]}"; do
  if [[ -f $MLCTL_SOURCE_DIR/$source ]]; then
    expect_listed "$listing" "${placed[$source]}"
  else
    expect_not_listed "$listing" "${placed[$source]}"
  fi
done
expect_not_listed "$listing" usr/include
expect_not_listed "$listing" usr/lib
expect_not_listed "$listing" usr/bin/mlctl-mpi

# Unpacked, the (stripped) command runs.
dpkg-deb -x "$DEB" "$WORK/root"
out=$("$WORK/root/usr/bin/mlctl" --version 2>&1) && rc=0 || rc=$?
expect_rc 0
expect_out_equals "$("$MLCTL" --version)"

expect_eq "$(dpkg-deb -f "$DEV" Package)" libmlcore-dev "dev Package"
checks=$((checks + 1))
[[ $(dpkg-deb -f "$DEV" Depends) == *libeigen3-dev* ]] || fail "libmlcore-dev must depend on Eigen"
dev_listing=$(dpkg-deb -c "$DEV")
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:[A-Z]*=//p' "$MLCTL_BUILD_DIR/CMakeCache.txt")
expect_listed "$dev_listing" "usr/$libdir/libmlcore.a"
expect_listed "$dev_listing" "usr/$libdir/cmake/mlcore/mlcoreConfig.cmake"
expect_listed "$dev_listing" usr/include/mlcore/model/predictor.hpp
expect_listed "$dev_listing" usr/include/mlcore/common/version.hpp
expect_not_listed "$dev_listing" usr/bin

# mlctl-mpi's package: the binary alone, depending on Open MPI's library; it runs unpacked.
if [[ -x $MLCTL_BUILD_DIR/mlctl-mpi ]]; then
  MPI_DEB=$WORK/packages/mlctl-mpi_${version}_${arch}.deb
  expect_eq "$(dpkg-deb -f "$MPI_DEB" Package)" mlctl-mpi "mpi Package"
  checks=$((checks + 1))
  [[ $(dpkg-deb -f "$MPI_DEB" Depends) == *libopenmpi* ]] || fail "mlctl-mpi must depend on libopenmpi"
  expect_eq "$(dpkg-deb -f "$MPI_DEB" Recommends)" openmpi-bin "mpi Recommends"
  expect_eq "$(dpkg-deb -c "$MPI_DEB" | awk '$6 !~ /\/$/ {print $6}')" ./usr/bin/mlctl-mpi "mpi files"
  dpkg-deb -x "$MPI_DEB" "$WORK/mpi_root"
  out=$("$WORK/mpi_root/usr/bin/mlctl-mpi" --version 2>&1) && rc=0 || rc=$?
  expect_rc 0
  expect_out_equals "$("$MLCTL_BUILD_DIR/mlctl-mpi" --version)"
fi

finish
