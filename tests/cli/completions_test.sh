#!/usr/bin/env bash
# Shell completions (completions/): the committed files are what `mlctl generate completion`
# prints, so they cannot drift from the flag definitions; each one, loaded in its real shell
# (bash, zsh, fish from Debian), offers every subcommand and flag of `mlctl --help`, value lists
# and file names filtered by extension.
source "$(dirname "$0")/lib.sh"
: "${MLCTL_SOURCE_DIR:?set by CTest}"
COMPLETIONS=$MLCTL_SOURCE_DIR/completions
export TERM=xterm  # zle needs a terminal type; CI may have none

# --- The committed files are the generator's output ------------------------------------------
for pair in bash:mlctl.bash zsh:_mlctl fish:mlctl.fish; do
  shell=${pair%%:*} file=${pair#*:}
  "$MLCTL" generate completion "$shell" >"$WORK/generated" 2>"$WORK/stderr" && rc=0 || rc=$?
  err=$(cat "$WORK/stderr")
  expect_rc 0
  expect_err_empty
  checks=$((checks + 1))
  diff -u "$COMPLETIONS/$file" "$WORK/generated" >"$WORK/diff" ||
    fail "completions/$file is stale; regenerate it: build/mlctl generate completion $shell > completions/$file
$(head -40 "$WORK/diff")"
done
run generate completion
expect_rc 2
expect_err_contains "generate completion needs a shell: bash, zsh or fish"
run generate completion tcsh
expect_rc 2
expect_out_empty
# The generator is for maintainers: not listed in --help, hence not completed either.
run --help
expect_rc 0
checks=$((checks + 1))
[[ $out != *generate* ]] || fail "'mlctl --help' lists the hidden generate subcommand"

# --- Candidates offered in each shell, for a command line typed so far ------------------------
# bash: source the script, set COMP_* as readline would, call the function, read COMPREPLY.
complete_bash() {
  bash --norc --noprofile -c '
    source "$1"
    line=$2
    read -ra COMP_WORDS <<<"$line"
    [[ $line == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE=$line
    COMP_POINT=${#line}
    _mlctl
    printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPLETIONS/mlctl.bash" "$1" | sort -u | paste -sd' '
}

# zsh: a real interactive zsh in a pseudo-terminal (zpty) with compinit and _mlctl on $fpath;
# compadd is wrapped to print the matches it is given, and TAB is bound to a widget that
# completes and then prints an end marker.
cat >"$WORK/zsh_setup.zsh" <<'ZSH'
PS1='' PROMPT='' RPROMPT=''
fpath=($COMPLETIONS_DIR $fpath)
autoload -Uz compinit && compinit -u -D
compadd() {
  # Calls that only compute matches (-O/-A/-D) are internal to the completion system.
  if (( ${@[(I)-O]} || ${@[(I)-A]} || ${@[(I)-D]} )); then
    builtin compadd "$@"
    return
  fi
  local -a found
  builtin compadd -O found "$@"
  local word
  for word in $found; do print -r -- "<CANDIDATE>$word"; done
  builtin compadd "$@"
}
_complete_and_mark() { zle complete-word; print -r -- "<END>"; }
zle -N _complete_and_mark
bindkey '^I' _complete_and_mark
ZSH
cat >"$WORK/zsh_run.zsh" <<'ZSH'
zmodload zsh/zpty
zpty shell "zsh -f -i"
zpty -w shell "source ${(q)SETUP}"
zpty -w -n shell "$1"$'\t'
zpty -r shell output '*<END>*'
print -r -- "$output"
zpty -d shell
ZSH
complete_zsh() {
  COMPLETIONS_DIR=$COMPLETIONS SETUP=$WORK/zsh_setup.zsh timeout 30 zsh -f "$WORK/zsh_run.zsh" "$1" |
    tr -d '\r' | grep -o '<CANDIDATE>.*' | sed 's/^<CANDIDATE>//' | sort -u | paste -sd' '
}

# fish: `complete -C` prints what TAB would offer (candidate, tab, description).
complete_fish() {
  fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$COMPLETIONS/mlctl.fish" "$1" |
    cut -f1 | sort -u | paste -sd' '
}

# A folder with one file of each kind, for file-name completion.
mkdir -p "$WORK/files/models"
touch "$WORK/files/churn.mlm" "$WORK/files/churn.csv" "$WORK/files/notes.txt"
cd "$WORK/files" || exit 1

# expect_candidates SHELL LINE EXPECTED: the sorted candidates, space-separated.
expect_candidates() {
  checks=$((checks + 1))
  local got
  got=$("complete_$1" "$2")
  [[ $got == "$3" ]] || fail "$1: '$2<TAB>' offered [$got], expected [$3]"
}

for shell in bash zsh fish; do
  expect_candidates "$shell" "mlctl tr" "train"
  expect_candidates "$shell" "mlctl train --algo" "--algorithm"
  expect_candidates "$shell" "mlctl train --algorithm " "auto logistic ridge"
  expect_candidates "$shell" "mlctl train --scale m" "minmax"
  expect_candidates "$shell" "mlctl predict --format " "csv jsonl"
  expect_candidates "$shell" "mlctl predict data.csv --form" "--format"
  expect_candidates "$shell" "mlctl -v predict --pro" "--proba"
  expect_candidates "$shell" "mlctl --vers" "--version"
done
# Files: -m offers models (and folders to descend into), never the CSV; data offers the CSV.
# (zsh and bash add the folder's slash when inserting it; fish lists it with the slash.)
expect_candidates bash "mlctl predict -m " "churn.mlm models"
expect_candidates zsh "mlctl predict -m " "churn.mlm models"
expect_candidates fish "mlctl predict -m " "churn.mlm models/"
expect_candidates bash "mlctl predict -m churn.mlm " "churn.csv models"
expect_candidates zsh "mlctl predict -m churn.mlm " "churn.csv models"
expect_candidates fish "mlctl predict -m churn.mlm " "churn.csv models/"
expect_candidates bash "mlctl train ch" "churn.csv"
expect_candidates zsh "mlctl train ch" "churn.csv"
expect_candidates fish "mlctl train ch" "churn.csv"
expect_candidates bash "mlctl describe ch" "churn.csv churn.mlm"
expect_candidates zsh "mlctl describe ch" "churn.csv churn.mlm"
expect_candidates fish "mlctl describe ch" "churn.csv churn.mlm"
# A free-text value (a column name) offers nothing rather than files.
expect_candidates bash "mlctl train --target " ""
expect_candidates fish "mlctl train --target " ""

# --- Every subcommand and flag of --help is offered, in every shell --------------------------
# The first word of each entry of a help section (not of its wrapped descriptions):
# "  -m,--model MODEL.mlm" -> -m and --model.
help_section() {
  awk -v section="$1" '$0 == section ":" {on = 1; next} /^[^ ]/ {on = 0} on && /^  [^ ]/ {print $1}' |
    tr ',' '\n'
}
subcommands=$("$MLCTL" --help | help_section Subcommands)
top_flags=$("$MLCTL" --help | help_section Options)
# Guard the parse itself, so that an empty list cannot make the checks below vacuous.
expect_eq "$(grep -cx -e train -e predict -e describe <<<"$subcommands")" 3 "subcommands in --help"
expect_eq "$(grep -cx -e --config -e --verbose <<<"$top_flags")" 2 "top-level flags in --help"

# expect_offers SHELL LINE WORDS: each of WORDS is among the candidates for LINE.
expect_offers() {
  local shell=$1 line=$2 offered word
  offered=" $("complete_$shell" "$line") "
  for word in $3; do
    checks=$((checks + 1))
    [[ $offered == *" $word "* ]] || fail "$shell: '$line<TAB>' does not offer $word (got:$offered)"
  done
}
for shell in bash zsh fish; do
  expect_offers "$shell" "mlctl " "$subcommands"
  expect_offers "$shell" "mlctl -" "$top_flags"
  for sub in $subcommands; do
    flags=$("$MLCTL" "$sub" --help | help_section Options)
    expect_eq "$(grep -cx -- --help <<<"$flags")" 1 "--help among the flags of $sub"
    expect_offers "$shell" "mlctl $sub -" "$flags"
  done
done

finish
