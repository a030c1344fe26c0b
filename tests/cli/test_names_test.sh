# CTest's doctest discovery cuts test names at ';' and trips on brackets, so such a test case
# would silently run nothing. Keep every unit test name free of them.
source "$(dirname "$0")/lib.sh"
: "${MLCTL_SOURCE_DIR:?set by CTest}"
bad=$(grep -rn --include='*_test.cpp' 'TEST_CASE("[^"]*[][;][^"]*")' "$MLCTL_SOURCE_DIR/tests" || true)
expect_eq "$bad" "" "test case names with ';' or brackets"
count=$(grep -rh --include='*_test.cpp' 'TEST_CASE(' "$MLCTL_SOURCE_DIR/tests" | wc -l)
checks=$((checks + 1))
((count > 200)) || fail "only $count unit test cases found"
finish
