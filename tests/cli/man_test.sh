#!/usr/bin/env bash
# The man page docs/mlctl.1 is what `mlctl generate man` prints, formats without a single groff
# warning, and `man -l` shows every subcommand, flag, exit code and example of --help.
source "$(dirname "$0")/lib.sh"
: "${MLCTL_SOURCE_DIR:?set by CTest}"
PAGE=$MLCTL_SOURCE_DIR/docs/mlctl.1

"$MLCTL" generate man >"$WORK/generated.1" 2>"$WORK/stderr" && rc=0 || rc=$?
err=$(cat "$WORK/stderr")
expect_rc 0
expect_err_empty
checks=$((checks + 1))
diff -u "$PAGE" "$WORK/generated.1" >"$WORK/diff" ||
  fail "docs/mlctl.1 is stale; regenerate it: build/mlctl generate man > docs/mlctl.1
$(head -40 "$WORK/diff")"
run generate man bash
expect_rc 2
expect_err_contains "generate man takes no shell"

# groff with every warning enabled (-ww) says nothing.
groff -ww -man -Tutf8 "$PAGE" >/dev/null 2>"$WORK/groff" && rc=0 || rc=$?
err=$(cat "$WORK/groff")
expect_rc 0
expect_err_empty

# man renders it; the text below is what a reader sees (wide, so no line is folded).
out=$(MANWIDTH=250 MAN_KEEP_FORMATTING= man -l "$PAGE" 2>"$WORK/stderr") && rc=0 || rc=$?
err=$(cat "$WORK/stderr")
expect_rc 0
expect_err_empty
page=$(sed 's/  */ /g' <<<"$out")
for section in NAME SYNOPSIS DESCRIPTION OPTIONS SUBCOMMANDS "EXIT STATUS" EXAMPLES FILES \
  "SEE ALSO"; do
  checks=$((checks + 1))
  grep -qx "$section" <<<"$out" || fail "the rendered page has no $section section"
done
expect_out_contains "mlctl - train, check and serve linear models on tabular data (CSV)"

help_section() {
  awk -v section="$1" '$0 == section ":" {on = 1; next} /^[^ ]/ {on = 0} on && /^  [^ ]/ {print $1}' |
    tr ',' '\n'
}
# expect_on_page TEXT WHAT: TEXT (spaces squeezed) appears in the rendered page.
expect_on_page() {
  checks=$((checks + 1))
  local text
  text=$(sed 's/  */ /g' <<<"$1")
  [[ $page == *"$text"* ]] || fail "the man page lacks $2: [$1]"
}

subcommands=$("$MLCTL" --help | help_section Subcommands)
expect_eq "$(grep -cx -e train -e predict -e describe <<<"$subcommands")" 3 "subcommands in --help"
for flag in $("$MLCTL" --help | help_section Options); do expect_on_page " $flag" "top-level flag"; done
for sub in $subcommands; do
  expect_on_page "mlctl $sub [OPTIONS]" "the synopsis of $sub"
  for flag in $("$MLCTL" "$sub" --help | help_section Options); do
    expect_on_page " $flag" "flag $flag of $sub"
  done
  # Each example of `mlctl SUB --help` is on the page, under EXAMPLES.
  while IFS= read -r example; do
    [[ -n $example ]] && expect_on_page "$example" "an example of $sub"
  done < <("$MLCTL" "$sub" --help | sed -n '/^Examples:$/,/^$/{/^  /s/^  //p}')
done
# Every exit code of --help, with its meaning.
while read -r code meaning; do
  expect_on_page "$code $meaning" "exit code $code"
done < <("$MLCTL" --help | sed -n '/^Exit codes:$/,/^$/{/^  [0-9]/p}')
expect_on_page "3 a check did not pass" "exit code 3"

finish
