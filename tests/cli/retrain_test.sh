#!/usr/bin/env bash
# `mlctl retrain`: promotion on a fresh sample of the same data with lineage recorded; rejection
# of shuffled labels against a trusted --eval set with the current model untouched; --force;
# --in-place with .prev and its one-command restore; two --in-place runs at once; --no-wait;
# --json; the audit log; and the exit codes and messages of bad inputs.
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
export SOURCE_DATE_EPOCH=1700000000
cd "$WORK" || exit 1

expect_true() {
  local message=$1
  shift
  checks=$((checks + 1))
  "$@" >/dev/null 2>&1 || fail "$message"
}
# model_field FILE KEY: a provenance field of a model, from describe --json.
model_field() {
  "$MLCTL" describe --json "$1" | $PY -c "import json,sys; print(json.load(sys.stdin)['provenance']['$2'])"
}
lineage_ids() {
  "$MLCTL" describe --json "$1" |
    $PY -c "import json,sys; print(' '.join(a['id'] for a in json.load(sys.stdin)['provenance']['lineage']))"
}

# Titanic split in two halves (every other row), and the second half with its labels shuffled
# (a fixed permutation, so the test is deterministic).
awk 'NR == 1 || NR % 2 == 0' "$MLCTL_DATA/titanic.csv" >first.csv
awk 'NR == 1 || NR % 2 == 1' "$MLCTL_DATA/titanic.csv" >second.csv
$PY - <<'PY'
import csv, random
rows = list(csv.reader(open("second.csv", newline="")))
labels = [r[1] for r in rows[1:]]
random.Random(7).shuffle(labels)
with open("shuffled.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(rows[0])
    for r, label in zip(rows[1:], labels):
        w.writerow(r[:1] + [label] + r[2:])
PY
# Seed 1: a split of second.csv on which the fresh candidate is a little worse than the current
# model (within 0.01), so the tolerance decides; retrain keeps the recipe's seed.
run train first.csv --target survived -o current.mlm --seed 1
expect_rc 0
cp current.mlm original.mlm
CURRENT_ID=$(model_field current.mlm id)

# A fresh sample of the same data: promoted, with the current model as parent.
run retrain -m current.mlm second.csv -o candidate.mlm --max-regression 0.01
expect_rc 0
expect_out_contains "current    current.mlm (id $CURRENT_ID, logistic alpha 1)"
expect_out_contains "metrics on the held-out rows of second.csv (131 rows)"
expect_out_contains "  log_loss             0.553208     0.560952  +0.00774416  <- gate"
expect_out_contains "coefficients that changed most (encoded scale; absent = 0)"
expect_out_contains "  passengerClass=2nd    0.0697465    -0.201279    -0.271025"
expect_out_contains "drift of the new data against the current model (lint-data): 0 errors, 1 warning, 1 info"
expect_out_contains "  info    out-of-range     age: 2 of 524 values (0.4%) lie outside the training range"
expect_out_contains "decision   promoted: log_loss on the held-out rows of second.csv: candidate 0.560952, current 0.553208 (worse by at most --max-regression 0.01)"
expect_err_empty  # retrain reads only the model's columns: no identifier warning for "name"
expect_eq "$(model_field candidate.mlm parent_id)" "$CURRENT_ID" "candidate's parent"
expect_eq "$(model_field candidate.mlm forced)" "False" "candidate forced"
expect_eq "$(lineage_ids candidate.mlm)" "$CURRENT_ID" "candidate's lineage"
expect_true "current model unchanged by -o" cmp current.mlm original.mlm
run describe candidate.mlm
expect_out_contains "parent       $CURRENT_ID"
expect_out_contains "lineage (1 ancestor, oldest first)"
expect_out_contains "  - $CURRENT_ID  created 2023-11-14T22:13:20Z"
expect_out_contains "      trained on first.csv: 655 rows, 32249 bytes, xxh3 "
expect_out_contains "training data statistics (per column; lint-data checks new data against them)"

# With the default gate (no regression allowed) the same candidate is rejected: exit 3, the
# reason once, in the report's decision line; stderr says only that nothing was written.
run retrain -m current.mlm second.csv -o rejected.mlm
expect_rc 3
expect_out_contains $'\ndecision   rejected: log_loss on the held-out rows of second.csv: candidate 0.560952 is worse than the current 0.553208 by 0.00774416 (more than --max-regression 0)'
expect_err_equals "mlctl: error: candidate rejected (the decision says why): nothing written"
expect_file_missing rejected.mlm

# Shuffled labels, checked against a trusted evaluation set: rejected, exit 3, nothing written,
# the current model byte-for-byte unchanged (also with --in-place: no .prev either).
run retrain -m current.mlm shuffled.csv --in-place --eval second.csv
expect_rc 3
expect_out_contains "metrics on the --eval second.csv (654 rows)"
expect_out_contains "decision   rejected: log_loss on the --eval second.csv: candidate "
expect_err_equals "mlctl: error: candidate rejected (the decision says why): nothing written"
expect_true "current model unchanged after a rejection" cmp current.mlm original.mlm
expect_file_missing current.mlm.prev
run retrain -m current.mlm shuffled.csv -o shuffled.mlm --eval second.csv
expect_rc 3
expect_file_missing shuffled.mlm

# --force promotes anyway, says so, and the model records it.
run retrain -m current.mlm shuffled.csv -o forced.mlm --eval second.csv --force
expect_rc 0
expect_out_contains "decision   promoted by --force: log_loss on the --eval second.csv"
expect_err_contains "mlctl: warning: promoted by --force although the gate failed (the decision says why)"
expect_eq "$(model_field forced.mlm forced)" "True" "forced flag"
# Without a trusted --eval set, the skill check still rejects a candidate trained on shuffled
# labels: it is no better than always predicting the base rate on its own held-out rows.
run retrain -m current.mlm shuffled.csv -o skill-less.mlm
expect_rc 3
expect_file_missing skill-less.mlm
expect_out_contains "for always predicting the base rate:"
expect_out_contains "decision   rejected: the candidate is no better than always predicting the base rate on the held-out rows of shuffled.csv"
expect_err_contains "mlctl: error: candidate rejected (the decision says why): nothing written"
run retrain -m current.mlm shuffled.csv -o skill-less.mlm --json
expect_rc 3
expect_out_contains '"baseline": "the base rate"'
run describe forced.mlm
expect_out_contains "promotion    forced (retrain --force overrode the gate)"
# ...and the forced promotion stays visible in the lineage of its children.
run retrain -m forced.mlm second.csv -o child.mlm --max-regression 1
expect_rc 0
run describe child.mlm
expect_out_contains "(promoted by --force)"

# --in-place keeps the replaced model as .prev; one mv restores it.
cp original.mlm inplace.mlm
run retrain -m inplace.mlm second.csv --in-place --max-regression 0.01
expect_rc 0
expect_out_contains "written    inplace.mlm (id "
expect_out_contains "previous   inplace.mlm.prev (restore it: mv inplace.mlm.prev inplace.mlm)"
expect_true ".prev is the old model" cmp inplace.mlm.prev original.mlm
checks=$((checks + 1))
cmp -s inplace.mlm original.mlm && fail "in-place model was not replaced"
expect_eq "$(model_field inplace.mlm parent_id)" "$CURRENT_ID" "in-place parent"
mv inplace.mlm.prev inplace.mlm
expect_true "restored model equals the old one" cmp inplace.mlm original.mlm

# Two --in-place runs at once: the lock serialises them, so the second retrains the first's
# promotion (its parent is the first's model, kept as .prev) and both end cleanly.
cp original.mlm shared.mlm
"$MLCTL" retrain -m shared.mlm second.csv --in-place --max-regression 1 >one.out 2>one.err &
pid1=$!
"$MLCTL" retrain -m shared.mlm first.csv --in-place --max-regression 1 >two.out 2>two.err &
pid2=$!
wait $pid1 && rc1=0 || rc1=$?
wait $pid2 && rc2=0 || rc2=$?
expect_eq "$rc1 $rc2" "0 0" "exit codes of the concurrent runs"
expect_true "the model loads" "$MLCTL" describe shared.mlm
expect_true "the .prev loads" "$MLCTL" describe shared.mlm.prev
PREV_ID=$(model_field shared.mlm.prev id)
expect_eq "$(model_field shared.mlm parent_id)" "$PREV_ID" "second run's parent is the first's model"
expect_eq "$(lineage_ids shared.mlm)" "$CURRENT_ID $PREV_ID" "lineage after two runs"

# --no-wait: fails at once while another process holds the lock.
run_locked() {
  out=$(flock shared.mlm.lock "$MLCTL" "$@" 2>"$WORK/stderr") && rc=0 || rc=$?
  err=$(cat "$WORK/stderr")
}
cp shared.mlm shared.before
run_locked retrain -m shared.mlm second.csv --in-place --no-wait
expect_rc 1
expect_err_equals "mlctl: error: shared.mlm: locked by another retrain (--no-wait)"
expect_true "locked model untouched" cmp shared.mlm shared.before

# --json: the comparison and the decision for CI.
run retrain -m current.mlm second.csv -o json.mlm --max-regression 0.01 --json
expect_rc 0
expect_eq "$(echo "$out" | $PY -c "import json,sys; d=json.load(sys.stdin); print(d['decision']['outcome'], d['decision']['metric'], d['candidate']['parent_id'] == '$CURRENT_ID', d['written'], len(d['coefficient_changes']), d['comparisons'][0]['rows'], d['drift'] is not None)")" \
  "promoted log_loss True json.mlm 5 131 True" "--json fields"
run retrain -m current.mlm second.csv -o json2.mlm --json --alpha 0.5 --seed 3
expect_rc 3
expect_eq "$(echo "$out" | $PY -c "import json,sys; d=json.load(sys.stdin); print(d['decision']['outcome'], d['written'], d['recipe_changes'])")" \
  "rejected None [{'flag': '--alpha', 'from': '1', 'setting': 'alpha', 'to': '0.5'}, {'flag': '--seed', 'from': '1', 'setting': 'seed', 'to': '3'}]" "--json of a rejection"
run retrain -m current.mlm second.csv -o x.mlm --alpha 0.5 --max-regression 1
expect_out_contains $'candidate  id '
expect_out_contains $'the current model\'s recipe with overrides:\n  alpha: 1 -> 0.5 (--alpha)'

# The audit log: one valid JSON line per train and retrain run (flag or MLCTL_AUDIT_LOG),
# with the decision; two concurrent trains append two whole lines.
run train first.csv --target survived -o audited.mlm --seed 1 --audit-log audit.jsonl
expect_rc 0
MLCTL_AUDIT_LOG=audit.jsonl run retrain -m audited.mlm second.csv -o audited2.mlm
expect_rc 3
run retrain -m audited.mlm second.csv -o audited2.mlm --max-regression 0.01 --audit-log audit.jsonl
expect_rc 0
expect_eq "$(wc -l <audit.jsonl)" "3" "audit lines"
expect_eq "$($PY -c "
import json
for line in open('audit.jsonl'):
    r = json.loads(line)
    print(r['time'], r['subcommand'], r['decision'], r['data']['source'], r['data']['rows'], bool(r['model_id']), r['written'])
")" "2023-11-14T22:13:20Z train trained first.csv 655 True audited.mlm
2023-11-14T22:13:20Z retrain rejected second.csv 654 True None
2023-11-14T22:13:20Z retrain promoted second.csv 654 True audited2.mlm" "audit records"
expect_eq "$(sed -n 3p audit.jsonl | $PY -c "import json,sys; r=json.load(sys.stdin); print(r['parent_id'] == '$CURRENT_ID', r['command'].endswith('retrain -m audited.mlm second.csv -o audited2.mlm --max-regression 0.01 --audit-log audit.jsonl'))")" \
  "True True" "retrain audit record's parent and command"
"$MLCTL" train first.csv --target survived -o c1.mlm --audit-log concurrent.jsonl 2>/dev/null &
pid1=$!
"$MLCTL" train second.csv --target survived -o c2.mlm --audit-log concurrent.jsonl 2>/dev/null &
pid2=$!
wait $pid1 $pid2
expect_eq "$($PY -c "
import json
print(sorted(json.loads(l)['written'] for l in open('concurrent.jsonl')))")" "['c1.mlm', 'c2.mlm']" "concurrent audit lines"
run train first.csv --target survived -o x.mlm --audit-log no/such/dir/audit.jsonl
expect_rc 1
expect_err_contains "mlctl: error: no/such/dir/audit.jsonl: cannot append to the audit log: No such file or directory"

# Bad inputs: each its exit code and one-line message.
run retrain -m current.mlm second.csv
expect_rc 2
expect_err_equals "mlctl: error: say where a promoted model goes: -o CANDIDATE.mlm or --in-place"
run retrain -m current.mlm second.csv -o a.mlm --in-place
expect_rc 2
expect_err_contains "mlctl: error: --output excludes --in-place"
run retrain -m current.mlm second.csv -o current.mlm
expect_rc 2
expect_err_equals "mlctl: error: -o names the current model; use --in-place to replace it (it keeps a .prev)"
run retrain -m current.mlm second.csv -o x.mlm --max-regression -1
expect_rc 2
expect_err_equals "mlctl: error: --max-regression must be >= 0, got -1"
sed '1s/"age"/"years"/' second.csv >renamed.csv
run retrain -m current.mlm renamed.csv -o missing.mlm
expect_rc 1
expect_err_equals 'mlctl: error: renamed.csv: the model needs the column "age", which the data lacks'
expect_file_missing missing.mlm
run retrain -m current.mlm no-such.csv -o missing.mlm
expect_rc 1
expect_err_equals "mlctl: error: no-such.csv: cannot open: No such file or directory"
head -c 300 current.mlm >truncated.mlm
run retrain -m truncated.mlm second.csv -o missing.mlm
expect_rc 1
expect_err_contains "mlctl: error: truncated.mlm: truncated file: "
echo garbage >garbage.mlm
run retrain -m garbage.mlm second.csv -o missing.mlm
expect_rc 1
expect_err_equals "mlctl: error: garbage.mlm: not an mlctl model file"
expect_file_missing missing.mlm

finish
