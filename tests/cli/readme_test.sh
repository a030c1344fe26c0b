# The README (and docs/guide.md, docs/scale.md) cannot rot: the set-up line installs what CI installs, the test
# command is the one CI runs, and every `$ mlctl ...` example in a console block runs, exits 0,
# and prints every output line shown under it (lines with "..." are abbreviated and skipped).
source "$(dirname "$0")/lib.sh"
: "${MLCTL_SOURCE_DIR:?set by CTest}"
README="$MLCTL_SOURCE_DIR/README.md"
CI_RUN="$MLCTL_SOURCE_DIR/.ci/run"

# The packages of the README's install line and of .ci/run are the same set.
readme_packages=$(grep -o 'apt-get install -y --no-install-recommends [^&]*' "$README" | head -1 |
  sed 's/apt-get install -y --no-install-recommends//' | tr ' ' '\n' | grep . | sort)
ci_packages=$(sed -n '/^packages=(/,/)/p' "$CI_RUN" | tr -d '()' | sed 's/packages=//' |
  tr ' ' '\n' | grep . | sort)
expect_eq "$readme_packages" "$ci_packages" "README install line vs .ci/run packages"

# The README's test command is what .ci/run runs.
test_command=$(grep -m1 '^ctest ' "$README")
checks=$((checks + 1))
grep -qxF "$test_command" "$CI_RUN" || fail ".ci/run does not run the README's test command: $test_command"

# Run the examples in a scratch directory that has the bundled data.
cd "$WORK" || exit 1
ln -s "$MLCTL_DATA" data
mkdir -p bin
ln -s "$MLCTL" bin/mlctl
export PATH="$WORK/bin:$PATH"

# Floating-point results agree to the last bit on one machine, but not across CPUs (libm's exp and
# log differ in the last bit between implementations), and a model's id hashes its coefficients.
# Compare what a reader checks: full-precision numbers to 9 decimals, ids as ids.
machine_independent() {
  sed -E 's/([0-9]\.[0-9]{9})[0-9]{3,}/\1/g; s/\b[0-9a-f]{16}\b/<id>/g'
}

run_examples() {
  local doc=$1 command="" expected="" in_block=0 line
  flush() {
    [[ -z $command ]] && return
    local actual status
    actual=$(bash -o pipefail -c "$command" 2>&1) && status=0 || status=$?
    checks=$((checks + 1))
    [[ $status == 0 ]] || fail "${doc##*/}: '$command' exited $status: ${actual:0:500}"
    actual=$(machine_independent <<<"$actual")
    while IFS= read -r want; do
      [[ -z $want || $want == *"..."* ]] && continue
      checks=$((checks + 1))
      want=$(machine_independent <<<"$want")
      grep -qF -- "$want" <<<"$actual" || fail "${doc##*/}: '$command' did not print: $want"
    done <<<"$expected"
    command="" expected=""
  }
  while IFS= read -r line; do
    if [[ $line == '```console' ]]; then in_block=1; continue; fi
    if ((in_block)) && [[ $line == '```' ]]; then flush; in_block=0; continue; fi
    ((in_block)) || continue
    if [[ $line == '$ '* ]]; then
      flush
      command=${line#'$ '}
    else
      expected+="$line"$'\n'
    fi
  done <"$doc"
}

run_examples "$README"
# The guide must exist (README links it) and have examples: a rename cannot make it skip.
GUIDE="$MLCTL_SOURCE_DIR/docs/guide.md"
checks=$((checks + 1))
grep -qF '](docs/guide.md)' "$README" || fail "README does not link docs/guide.md"
checks=$((checks + 1))
[[ $(grep -c '^\$ mlctl ' "$GUIDE" 2>/dev/null) -ge 5 ]] || fail "docs/guide.md is missing or has under 5 examples"
run_examples "$GUIDE"
# docs/scale.md's examples run GNU parallel: without it (and outside CI, which installs it) they
# are left out, as parallel_predict_test skips.
if command -v parallel >/dev/null || [[ ${CI:-} == true ]]; then
  run_examples "$MLCTL_SOURCE_DIR/docs/scale.md"
else
  echo "note: parallel is not installed: docs/scale.md's examples not run"
fi
finish
