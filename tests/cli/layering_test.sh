#!/usr/bin/env bash
# The layers of src/ (README "Layout"), enforced: the library builds as one target, so nothing
# else stops an include from pointing the wrong way. Fails on an include up the layers or across
# one layer, on a src/ file including an apps/ header, and on any "../" include. Reads the
# sources only.
source "$(dirname "$0")/lib.sh"
: "${MLCTL_SOURCE_DIR:?set by CTest}"
cd "$MLCTL_SOURCE_DIR" || exit 1

# The rank of each src/ folder, bottom (0) to top. A file includes headers of its own folder and
# of folders of a LOWER rank only; folders of one rank are independent of each other. A new
# folder goes here, in the lowest rank above everything it includes. apps/ may include anything
# in src/; nothing in src/ includes apps/.
declare -A rank=(
  [common]=0                                   # errors, files, hashing: needs nothing
  [distributed]=1                              # the processes of an MPI job (#15)
  [csv]=2 [container]=2 [metrics]=2 [solvers]=2  # reading, the file container, scores, fitting
  [stats]=3 [table]=3                          # column statistics, training data in memory
  [pipeline]=4                                 # impute, scale, one-hot
  [model]=5                                    # the fitted model and its file
  [checks]=6 [report]=6                        # lint-data checks, the model card
  [training]=7                                 # splits, evaluation, the trainer
  [serve]=6                                    # mlctl serve: query, listen policy, model swap
)

# Every folder of src/ has a rank (else a new one would escape the check).
for dir in src/*/; do
  dir=${dir#src/} dir=${dir%/}
  checks=$((checks + 1))
  [[ -n ${rank[$dir]+set} ]] || fail "src/$dir has no rank in layering_test.sh"
done

# Each include: FILE LINE TARGET, for quoted and angled includes of src/ and apps/ files.
includes=$(grep -rnoE '^[[:space:]]*#[[:space:]]*include[[:space:]]*["<][^">]+[">]' src apps |
  sed -E 's/^([^:]+):([0-9]+):.*include[[:space:]]*["<]([^">]+)[">]$/\1 \2 \3/')
checks=$((checks + 1))
(($(grep -c . <<<"$includes") > 300)) || fail "too few includes found: the parse is broken"

bad=0
while read -r file line target; do
  where="$file:$line: #include \"$target\""
  if [[ $target == *../* ]]; then
    echo "$where: a relative path up (../); name the folder instead" >&2
    bad=$((bad + 1))
    continue
  fi
  [[ $file == src/* ]] || continue  # apps/ may include anything in src/
  from=${file#src/} from=${from%%/*}
  folder=${target%%/*}
  if [[ -e apps/$target || $folder == apps ]]; then
    echo "$where: src/ includes a header of apps/; the core must not depend on the binary" >&2
    bad=$((bad + 1))
    continue
  fi
  [[ $target == */* ]] || continue  # a system header (<cmath>) or one of the same folder
  [[ -n ${rank[$folder]+set} ]] || continue  # <CLI/CLI.hpp>, <Eigen/Dense>, ...
  if [[ $folder != "$from" ]] && ((rank[$folder] >= rank[$from])); then
    echo "$where: $from (rank ${rank[$from]}) may include only itself and lower ranks; $folder has rank ${rank[$folder]}" >&2
    bad=$((bad + 1))
  fi
done <<<"$includes"
expect_eq "$bad" 0 "includes against the layers (listed above)"
finish
