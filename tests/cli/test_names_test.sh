#!/usr/bin/env bash
# CTest runs the unit test cases one by one: doctest_discover_tests reads their names from
# `mlctl_unit --list-test-cases` and registers each as unit/NAME, which runs
# `mlctl_unit --test-case=NAME`. A name the discovery mangles would register tests that match no
# case and pass while running nothing: CMake splits a name at ';' and joins lines across '[' ']',
# and doctest's filter reads '\' as an escape. So: no such name, and CTest registers exactly the
# cases the binary has. (tests/CMakeLists.txt also fails a unit test that ran no case.)
source "$(dirname "$0")/lib.sh"
: "${MLCTL_UNIT:?set by CTest}" "${MLCTL_BUILD_DIR:?set by CTest}"

names=$("$MLCTL_UNIT" --list-test-cases | sed '/^=*$/d; /^\[doctest\] /d' | sort)
count=$(grep -c . <<<"$names")
checks=$((checks + 1))
((count > 200)) || fail "only $count unit test cases listed by $MLCTL_UNIT"
bad=$(grep -e '[][;\\]' -e '^[[:space:]]' -e '[[:space:]]$' <<<"$names" || true)
expect_eq "$bad" "" "unit test case names with ';', '[', ']', '\\' or spaces at an end"

registered=$(ctest --test-dir "$MLCTL_BUILD_DIR" -N | sed -n 's/^ *Test *#[0-9]*: unit\///p' | sort)
expect_eq "$(diff <(echo "$names") <(echo "$registered"))" "" \
  "unit test cases (<) and the unit/ tests CTest registered (>)"
finish
