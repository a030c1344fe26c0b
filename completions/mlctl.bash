# bash completion for mlctl.
# Generated from mlctl's own flag definitions; do not edit. Regenerate with:
#   build/mlctl generate completion bash > completions/mlctl.bash
# Install as /usr/share/bash-completion/completions/mlctl, or source it from ~/.bashrc.

# _mlctl_files [EXT...]: files ending in .EXT (any file without EXT) and directories.
_mlctl_files() {
  local ext
  if (($# == 0)); then
    mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
  else
    for ext in "$@"; do
      mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -X "!*.$ext" -- "$cur")
    done
    mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -d -- "$cur")
  fi
  compopt -o filenames 2>/dev/null
  return 0
}

_mlctl() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev="" sub="" i
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  # --flag=value: bash splits the word at '='.
  if [[ $cur == = ]]; then
    cur=""
  elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
    prev=${COMP_WORDS[COMP_CWORD - 2]}
  fi
  COMPREPLY=()
  # The subcommand is the first word naming one, skipping the values of top-level flags.
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -j | --threads | --color | --config) ((i++)) ;;
      train | predict | retrain | lint-data | describe | serve)
        sub=${COMP_WORDS[i]}
        break
        ;;
    esac
  done
  case $sub in
    train)
      case $prev in
        --target) :; return ;;
        -o | --output) _mlctl_files mlm; return ;;
        --features) :; return ;;
        --exclude) :; return ;;
        --categorical) :; return ;;
        --numeric) :; return ;;
        --algorithm) mapfile -t COMPREPLY < <(compgen -W "auto ridge logistic" -- "$cur"); return ;;
        --alpha) :; return ;;
        --impute) mapfile -t COMPREPLY < <(compgen -W "mean median" -- "$cur"); return ;;
        --scale) mapfile -t COMPREPLY < <(compgen -W "standard minmax none" -- "$cur"); return ;;
        --min-frequency) :; return ;;
        --max-categories) :; return ;;
        --hash-buckets) :; return ;;
        --hash-seed) :; return ;;
        --class-weight) mapfile -t COMPREPLY < <(compgen -W "none balanced" -- "$cur"); return ;;
        --holdout) :; return ;;
        --cv) :; return ;;
        --seed) :; return ;;
        --max-iter) :; return ;;
        --max-classes) :; return ;;
        --audit-log) _mlctl_files; return ;;
        --memory) :; return ;;
        --delimiter) :; return ;;
        --decimal) :; return ;;
        --columns) :; return ;;
        --na) :; return ;;
        --max-field-size) :; return ;;
        --max-columns) :; return ;;
        -j | --threads) :; return ;;
        --color) mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur"); return ;;
        --config) _mlctl_files; return ;;
      esac
      if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "-h --help --target -o --output --features --exclude --categorical --numeric --algorithm --alpha --impute --scale --min-frequency --max-categories --hash-buckets --hash-seed --class-weight --holdout --cv --seed --max-iter --max-classes --json --audit-log --memory --delimiter --decimal --no-header --columns --trim --na --max-field-size --max-columns -v --verbose -q --quiet -j --threads --color --config" -- "$cur")
        return
      fi
      _mlctl_files csv tsv
      ;;
    predict)
      case $prev in
        -m | --model) _mlctl_files mlm; return ;;
        -o | --output) _mlctl_files; return ;;
        --keep) :; return ;;
        --part) :; return ;;
        --format) mapfile -t COMPREPLY < <(compgen -W "csv jsonl" -- "$cur"); return ;;
        --interval) :; return ;;
        --explain) :; return ;;
        --stats) _mlctl_files; return ;;
        --delimiter) :; return ;;
        --decimal) :; return ;;
        --columns) :; return ;;
        --na) :; return ;;
        --max-field-size) :; return ;;
        --max-columns) :; return ;;
        -j | --threads) :; return ;;
        --color) mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur"); return ;;
        --config) _mlctl_files; return ;;
      esac
      if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "-h --help -m --model -o --output --proba --keep --no-header --part --format --interval --explain --stats --delimiter --decimal --no-input-header --columns --trim --na --max-field-size --max-columns -v --verbose -q --quiet -j --threads --color --config" -- "$cur")
        return
      fi
      _mlctl_files csv tsv
      ;;
    retrain)
      case $prev in
        -m | --model) _mlctl_files mlm; return ;;
        -o | --output) _mlctl_files mlm; return ;;
        --max-regression) :; return ;;
        --min-skill) :; return ;;
        --eval) _mlctl_files csv tsv; return ;;
        --audit-log) _mlctl_files; return ;;
        --alpha) :; return ;;
        --holdout) :; return ;;
        --cv) :; return ;;
        --seed) :; return ;;
        --max-iter) :; return ;;
        --class-weight) mapfile -t COMPREPLY < <(compgen -W "none balanced" -- "$cur"); return ;;
        --memory) :; return ;;
        --delimiter) :; return ;;
        --decimal) :; return ;;
        --columns) :; return ;;
        --na) :; return ;;
        --max-field-size) :; return ;;
        --max-columns) :; return ;;
        -j | --threads) :; return ;;
        --color) mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur"); return ;;
        --config) _mlctl_files; return ;;
      esac
      if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "-h --help -m --model -o --output --in-place --max-regression --min-skill --force --no-wait --eval --json --audit-log --alpha --holdout --cv --seed --max-iter --class-weight --memory --delimiter --decimal --no-header --columns --trim --na --max-field-size --max-columns -v --verbose -q --quiet -j --threads --color --config" -- "$cur")
        return
      fi
      _mlctl_files csv tsv
      ;;
    lint-data)
      case $prev in
        -m | --model) _mlctl_files mlm; return ;;
        --target) :; return ;;
        --format) mapfile -t COMPREPLY < <(compgen -W "text json sarif" -- "$cur"); return ;;
        --fail-on) mapfile -t COMPREPLY < <(compgen -W "error warning" -- "$cur"); return ;;
        --max-missing) :; return ;;
        --psi-warn) :; return ;;
        --psi-fail) :; return ;;
        --js-warn) :; return ;;
        --js-fail) :; return ;;
        --unseen-warn) :; return ;;
        --range-warn) :; return ;;
        --missing-increase) :; return ;;
        --min-class-share) :; return ;;
        --leakage) :; return ;;
        --delimiter) :; return ;;
        --decimal) :; return ;;
        --columns) :; return ;;
        --na) :; return ;;
        --max-field-size) :; return ;;
        --max-columns) :; return ;;
        -j | --threads) :; return ;;
        --color) mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur"); return ;;
        --config) _mlctl_files; return ;;
      esac
      if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "-h --help -m --model --target --json --format --fail-on --max-missing --psi-warn --psi-fail --js-warn --js-fail --unseen-warn --range-warn --missing-increase --min-class-share --leakage --delimiter --decimal --no-header --columns --trim --na --max-field-size --max-columns -v --verbose -q --quiet -j --threads --color --config" -- "$cur")
        return
      fi
      _mlctl_files csv tsv
      ;;
    describe)
      case $prev in
        --html) _mlctl_files; return ;;
        --top) :; return ;;
        --delimiter) :; return ;;
        --decimal) :; return ;;
        --columns) :; return ;;
        --na) :; return ;;
        --max-field-size) :; return ;;
        --max-columns) :; return ;;
        -j | --threads) :; return ;;
        --color) mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur"); return ;;
        --config) _mlctl_files; return ;;
      esac
      if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "-h --help --json --html --top --delimiter --decimal --no-header --columns --trim --na --max-field-size --max-columns -v --verbose -q --quiet -j --threads --color --config" -- "$cur")
        return
      fi
      _mlctl_files csv tsv mlm
      ;;
    serve)
      case $prev in
        -m | --model) _mlctl_files mlm; return ;;
        --listen) :; return ;;
        --threads) :; return ;;
        --max-connections) :; return ;;
        --max-body) :; return ;;
        --token-file) _mlctl_files; return ;;
        --drain-timeout) :; return ;;
        --read-timeout) :; return ;;
        --reload-check) :; return ;;
        --log-format) mapfile -t COMPREPLY < <(compgen -W "text json" -- "$cur"); return ;;
        -j | --threads) :; return ;;
        --color) mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur"); return ;;
        --config) _mlctl_files; return ;;
      esac
      if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "-h --help -m --model --listen --threads --max-connections --max-body --token-file --insecure-no-auth --drain-timeout --read-timeout --reload-check --log-format -v --verbose -q --quiet -j --threads --color --config" -- "$cur")
        return
      fi
      ;;
    *)
      case $prev in
        -j | --threads) :; return ;;
        --color) mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur"); return ;;
        --config) _mlctl_files; return ;;
      esac
      if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "-h --help --version -v --verbose -q --quiet -j --threads --color --config" -- "$cur")
        return
      fi
      mapfile -t COMPREPLY < <(compgen -W "train predict retrain lint-data describe serve" -- "$cur")
      ;;
  esac
  return 0
}
complete -F _mlctl mlctl
