#!/usr/bin/env bash
# The exit codes are defined once, in apps/cli.hpp (kExitCodes); `mlctl --help` and the man page
# are generated from that table. The tables written by hand must say the same: README.md's
# "Exit codes" lists each code with the meaning --help gives, docs/exit-codes.md each code with
# the name before the colon, and the per-subcommand tables of docs/ use no other code.
source "$(dirname "$0")/lib.sh"
: "${MLCTL_SOURCE_DIR:?set by CTest}"

# "CODE|MEANING" per line, from --help's block: "  2  usage error: unknown flag, ..."
run --help
expect_rc 0
help_codes=$(sed -n '/^Exit codes:$/,/^$/{s/^  \([0-9]\)  /\1|/p}' <<<"$out")
# Guard the parse, so that an empty list cannot make the checks below vacuous.
expect_eq "$(cut -d'|' -f1 <<<"$help_codes" | paste -sd' ')" "0 1 2 3" "the codes of --help"

# table_rows FILE SECTION: "CODE|CELL|..." for each row "| CODE | CELL | ... |" of the table
# under the heading SECTION, cells trimmed.
table_rows() {
  awk -v section="$2" '
    $0 == section { on = 1; next }
    on && /^#/ { exit }
    on && /^\| *[0-9]+ *\|/ {
      line = $0
      sub(/^\| */, "", line); sub(/ *\|$/, "", line)
      gsub(/ *\| */, "|", line)
      print line
    }' "$1"
}

# README.md: the same codes, in the same order, with the meaning of --help word for word.
readme=$(table_rows "$MLCTL_SOURCE_DIR/README.md" "## Exit codes")
expect_eq "$readme" "$help_codes" "README.md's exit codes (the --help block is generated from apps/cli.hpp)"

# docs/exit-codes.md: each code with its name, the meaning up to the colon.
names=$(sed 's/: .*//' <<<"$help_codes")
documented=$(table_rows "$MLCTL_SOURCE_DIR/docs/exit-codes.md" "# Exit codes" | cut -d'|' -f1,2)
expect_eq "$documented" "$names" "docs/exit-codes.md's codes and names (apps/cli.hpp kExitCodes)"

# The subcommands' own tables (docs/lint-data.md, docs/retrain.md) use only these codes.
for doc in lint-data retrain; do
  used=$(table_rows "$MLCTL_SOURCE_DIR/docs/$doc.md" "## Exit codes" | cut -d'|' -f1 | sort -u)
  checks=$((checks + 1))
  [[ -n $used ]] || fail "docs/$doc.md: no exit code table found under '## Exit codes'"
  for code in $used; do
    checks=$((checks + 1))
    grep -q "^$code|" <<<"$help_codes" || fail "docs/$doc.md lists exit code $code, not one of --help"
  done
done

# And the binary exits with the code whose meaning is documented.
code_of() { grep "|$1" <<<"$help_codes" | cut -d'|' -f1; }
run train --no-such-flag
expect_rc "$(code_of "usage error")"
run describe "$WORK/missing.csv"
expect_rc "$(code_of "runtime failure")"

finish
