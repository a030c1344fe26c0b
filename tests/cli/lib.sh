# Shared helpers for the end-to-end tests in tests/cli/*_test.sh.
# Each test script sources this file, runs the real mlctl binary ($MLCTL) on real data
# ($MLCTL_DATA) and asserts exit codes, stdout and stderr exactly. Any failed check makes the
# script exit non-zero at the end, after reporting every failure.
set -u
: "${MLCTL:?set by CTest}" "${MLCTL_DATA:?set by CTest}"

failures=0
out="" err="" rc=""
# Set by CTest in sanitizer builds, whose address space and RSS say nothing about mlctl's: tests
# that bound memory check the bounds only without it.
MLCTL_SANITIZED=${MLCTL_SANITIZED:-}
checks=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# run ARGS...: runs mlctl, capturing $out, $err and $rc.
run() {
  out=$("$MLCTL" "$@" 2>"$WORK/stderr") && rc=0 || rc=$?
  err=$(cat "$WORK/stderr")
}

# run_stdin FILE ARGS...: like run, with FILE on stdin.
run_stdin() {
  local input=$1
  shift
  out=$("$MLCTL" "$@" <"$input" 2>"$WORK/stderr") && rc=0 || rc=$?
  err=$(cat "$WORK/stderr")
}

# Reports the failing check with the test script's line (the caller of the expect_* helper).
fail() {
  failures=$((failures + 1))
  local depth=$((${#BASH_SOURCE[@]} - 1))
  printf 'FAIL (%s:%s): %s\n' "${BASH_SOURCE[$depth]##*/}" "${BASH_LINENO[$((depth - 1))]}" "$1" >&2
}

expect_rc() {
  checks=$((checks + 1))
  [[ $rc == "$1" ]] || fail "exit code $rc, expected $1 (stderr: $err)"
}
expect_out_contains() {
  checks=$((checks + 1))
  [[ $out == *"$1"* ]] || fail "stdout lacks [$1]; stdout was: ${out:0:2000}"
}
expect_err_contains() {
  checks=$((checks + 1))
  [[ $err == *"$1"* ]] || fail "stderr lacks [$1]; stderr was: ${err:0:2000}"
}
expect_err_lacks() {
  checks=$((checks + 1))
  [[ $err != *"$1"* ]] || fail "stderr has [$1]; stderr was: ${err:0:2000}"
}
expect_err_equals() {
  checks=$((checks + 1))
  [[ $err == "$1" ]] || fail "stderr was [$err], expected [$1]"
}
expect_out_equals() {
  checks=$((checks + 1))
  [[ $out == "$1" ]] || fail "stdout was [${out:0:2000}], expected [$1]"
}
expect_out_empty() {
  checks=$((checks + 1))
  [[ -z $out ]] || fail "stdout should be empty, was: ${out:0:500}"
}
expect_err_empty() {
  checks=$((checks + 1))
  [[ -z $err ]] || fail "stderr should be empty, was: ${err:0:500}"
}
# expect_eq ACTUAL EXPECTED MESSAGE
expect_eq() {
  checks=$((checks + 1))
  [[ $1 == "$2" ]] || fail "${3:-value}: got [$1], expected [$2]"
}
expect_file_missing() {
  checks=$((checks + 1))
  [[ ! -e $1 ]] || fail "file $1 should not exist"
}

# A test that cannot run here exits with this code, which CTest reports as skipped rather than
# passed (SKIP_RETURN_CODE in tests/CMakeLists.txt). Skip before the first check.
readonly SKIP_CODE=77

# need_tool COMMAND PACKAGE: skips the test when COMMAND is missing. Under CI=true (.ci/run,
# which installs every tool the tests use) a missing tool is a broken set-up, and fails instead.
need_tool() {
  command -v "$1" >/dev/null && return
  if [[ ${CI:-} == true ]]; then
    echo "FAIL: $1 is not installed, and CI=true: .ci/run should have installed $2" >&2
    exit 1
  fi
  echo "SKIP: $1 is not installed (Debian package $2)"
  exit "$SKIP_CODE"
}

# Call at the end of every test script.
finish() {
  if ((failures)); then
    echo "$failures of $checks checks failed" >&2
    exit 1
  fi
  echo "all $checks checks passed"
}
