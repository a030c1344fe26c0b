# mlctl-mpi retrain against plain mlctl retrain (issue #15): on 1 to 4 processes the candidate
# equals plain retrain's (tests/cli/same_model.py), and so do the comparisons, the decision, the
# report (text and --json, but for the data's hash, the drift section and the processes line),
# the exit code and the audit record: for ridge, binary logistic, and multiclass with k folds
# and --eval; DATA as a glob of files; a promoted --in-place with its .prev; a rejected
# candidate (exit 3, nothing written); a bad row in a later rank's share; a usage error.
# Skipped (77) without MPI; under CI=true that fails instead.
source "$(dirname "$0")/../cli/lib.sh"
source "$(dirname "$0")/mpi_lib.sh"
need_mpi "${MLCTL_MPI_TRAIN:-}"
need_tool python3 python3
export SOURCE_DATE_EPOCH=1700000000
cd "$WORK" || exit 1

# The text report as compared: ids (the candidate's hashes its data's fingerprint) and the data's
# hash and bytes (mlctl-mpi counts the shares' bytes) masked; the processes line, the drift
# section (mlctl-mpi does not check drift) and the coefficient changes (two features whose
# changes tie, as sex=female and sex=male do, may swap: the candidates' coefficients are compared
# by same_model) left out.
comparable_text() {
  sed -E 's/id [0-9a-f]{16}/id ID/g; s/parent [0-9a-f]{16}/parent ID/; s/xxh3 [0-9a-f]{16}/xxh3 H/
    s/, [0-9]+ bytes, /, B bytes, /' |
    grep -v '^processes: ' | awk '/^(drift|coefficients)/ { skip = 1 } /^$/ { skip = 0 } !skip'
}

# same_doc KIND A B: the JSON report (KIND json) or audit record (KIND audit) A equals B, numbers
# within 1e-9, but for what says where the rows were (the data's hash, bytes, rows by process,
# ids, paths, times), the drift and the coefficient changes (left out as in comparable_text).
same_doc() {
  checks=$((checks + 1))
  local diff
  diff=$(python3 - "$@" "$MLCTL_SOURCE_DIR/tests/cli" <<'PY'
import json, sys
kind, paths, lib = sys.argv[1], sys.argv[2:4], sys.argv[4]
sys.path.insert(0, lib)
from same_model import compare
docs = []
for path in paths:
    with open(path) as f:
        d = json.load(f)
    if kind == "json":
        for key in ("drift", "process_rows", "written", "previous", "coefficient_changes"):
            d.pop(key, None)
        d["candidate"].pop("id")
    else:
        for key in ("time", "command", "model_id", "written"):
            d.pop(key)
    for key in ("xxh3", "bytes", "process_rows", "source"):
        d["data"].pop(key, None)
    docs.append(d)
out = []
compare(docs[0], docs[1], (), 1e-9, out)
print("\n".join(out[:10]))
sys.exit(1 if out else 0)
PY
  ) || fail "$3 differs from $2: $diff"
}

if [[ -n $MLCTL_SANITIZED ]]; then SIZES=(1 3); else SIZES=(1 2 3 4); fi

# Each data set in two halves: the current model learns from the first, retrain the second.
halves() {
  awk 'NR == 1 || NR % 2 == 0' "$MLCTL_DATA/$1.csv" >"$1-first.csv"
  awk 'NR == 1 || NR % 2 == 1' "$MLCTL_DATA/$1.csv" >"$1-second.csv"
}
halves diabetes
halves titanic
halves penguins
run train diabetes-first.csv --target target -o ridge.mlm -q
run train titanic-first.csv --target survived -o binary.mlm -q --seed 1
run train penguins-first.csv --target species -o classes.mlm -q --cv 3
expect_rc 0

# retrain_both NAME MODEL DATA ARGS...: plain retrain of MODEL on DATA, then mlctl-mpi on each
# of SIZES: the same exit code, candidate, report (text and JSON) and audit record.
retrain_both() {
  local name=$1 model=$2 data=$3 np
  shift 3
  rm -f plain.mlm plain-audit.jsonl
  run retrain -m "$model" "$data" -o plain.mlm --audit-log plain-audit.jsonl "$@"
  local plain_rc=$rc plain_text
  plain_text=$(comparable_text <<<"$out" | sed 's|written    plain.mlm|written    X|')
  run retrain -m "$model" "$data" -o plain-json.mlm --json "$@"
  echo "$out" >plain.json.report
  for np in "${SIZES[@]}"; do
    rm -f "$name-$np.mlm" audit.jsonl
    mlctl_mpi "$np" retrain -m "$model" "$data" -o "$name-$np.mlm" --audit-log audit.jsonl "$@"
    expect_rc "$plain_rc"
    expect_eq "$(comparable_text <<<"$out" | sed "s|written    $name-$np.mlm|written    X|")" \
      "$plain_text" "the $name report on $np processes"
    ((np == 1)) || expect_out_contains "processes: $np, rows read by each: "
    expect_out_contains "drift: not checked (mlctl-mpi: run mlctl lint-data DATA -m CURRENT.mlm)"
    if ((plain_rc == 0)); then
      same_model plain "$name-$np"
    else
      expect_file_missing "$name-$np.mlm"
    fi
    same_doc audit plain-audit.jsonl audit.jsonl
    rm -f "$name-$np-json.mlm"
    mlctl_mpi "$np" retrain -m "$model" "$data" -o "$name-$np-json.mlm" --json "$@"
    echo "$out" >mpi.json.report
    same_doc json plain.json.report mpi.json.report
  done
}

retrain_both ridge ridge.mlm diabetes-second.csv
retrain_both binary binary.mlm titanic-second.csv --max-regression 0.01
retrain_both classes classes.mlm penguins-second.csv --eval penguins-first.csv --max-regression 1
# The default gate rejects the binary candidate (retrain_test.sh): exit 3 on every process.
retrain_both rejected binary.mlm titanic-second.csv

# The processes line and process_rows, as mlctl-mpi train prints them.
mlctl_mpi 3 retrain -m ridge.mlm diabetes-second.csv -o three.mlm
expect_rc 0
expect_out_contains "processes: 3, rows read by each: 75, 73, 73"
mlctl_mpi 3 retrain -m ridge.mlm diabetes-second.csv -o three.mlm --json
expect_eq "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["process_rows"])' <<<"$out")" \
  "[75, 73, 73]" "process_rows in the --json report"

# DATA as a glob of files (the middle one a header only) reads as their concatenation.
head -1 titanic-second.csv >part-2.csv
head -300 titanic-second.csv >part-1.csv
{ head -1 titanic-second.csv; tail -n +301 titanic-second.csv; } >part-3.csv
run retrain -m binary.mlm titanic-second.csv -o plain.mlm --max-regression 0.01
for np in 1 3; do
  mlctl_mpi "$np" retrain -m binary.mlm 'part-*.csv' -o "glob-$np.mlm" --max-regression 0.01
  expect_rc 0
  expect_out_contains "new data   part-*.csv: 654 rows"
  same_model plain "glob-$np"
done

# --in-place: promoted, the old model kept as .prev, the candidate its child.
cp ridge.mlm prod.mlm
mlctl_mpi 3 retrain -m prod.mlm diabetes-second.csv --in-place
expect_rc 0
expect_out_contains "previous   prod.mlm.prev (restore it: mv prod.mlm.prev prod.mlm)"
checks=$((checks + 1))
cmp -s prod.mlm.prev ridge.mlm || fail "prod.mlm.prev is not the old model"
run retrain -m ridge.mlm diabetes-second.csv -o plain.mlm
same_model plain prod
expect_eq "$("$MLCTL" describe prod.mlm --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["provenance"]["parent_id"])')" \
  "$("$MLCTL" describe ridge.mlm --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["provenance"]["id"])')" \
  "the promoted model's parent"

# Rejected with --in-place: exit 3 on every process, the message once, nothing written.
cp binary.mlm kept.mlm
mlctl_mpi 3 retrain -m kept.mlm titanic-second.csv --in-place
expect_rc 3
expect_err_equals "mlctl-mpi: error: candidate rejected (the decision says why): nothing written"
expect_out_contains "decision   rejected: log_loss on the held-out rows of titanic-second.csv"
checks=$((checks + 1))
cmp -s kept.mlm binary.mlm || fail "the rejected run changed the current model"
expect_file_missing kept.mlm.prev

# A bad value in the last rank's share: one error naming the file, line and column, exit 1.
run train diabetes-first.csv --target target --numeric bmi -o declared.mlm -q
awk -F, -v OFS=, 'NR == 200 { $3 = "12x" } { print }' diabetes-second.csv >bad.csv
cp declared.mlm kept.mlm
mlctl_mpi 3 retrain -m kept.mlm bad.csv --in-place
expect_rc 1
expect_err_equals "mlctl-mpi: error: bad.csv:200:3: column \"bmi\" is declared numeric, but \"12x\" is not a number"
checks=$((checks + 1))
cmp -s kept.mlm declared.mlm || fail "the failed run changed the current model"
expect_file_missing kept.mlm.prev
# ... and in --eval's share.
mlctl_mpi 3 retrain -m declared.mlm diabetes-second.csv --eval bad.csv -o none.mlm
expect_rc 1
expect_err_equals "mlctl-mpi: error: bad.csv:200:3: column \"bmi\" is declared numeric, but \"12x\" is not a number"
expect_file_missing none.mlm

# Usage errors are reported once, not once per process.
mlctl_mpi 3 retrain -m ridge.mlm diabetes-second.csv
expect_rc 2
expect_err_equals "mlctl-mpi: error: say where a promoted model goes: -o CANDIDATE.mlm or --in-place"
mlctl_mpi 3 retrain -m missing.mlm diabetes-second.csv -o none.mlm
expect_rc 1
expect_eq "$(grep -c 'missing.mlm' <<<"$err")" 1 "one message for 3 processes"
expect_file_missing none.mlm

finish
