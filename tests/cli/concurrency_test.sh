# Several `mlctl predict` processes read one model while `retrain --in-place` replaces it: each
# reader sees the old or the new model, complete (the replacement is a rename of a finished
# file), so every prediction run succeeds with every row, and the model ends valid.
source "$(dirname "$0")/lib.sh"
cd "$WORK" || exit 1
awk 'NR == 1 || NR % 2 == 0' "$MLCTL_DATA/titanic.csv" >first.csv
awk 'NR == 1 || NR % 2 == 1' "$MLCTL_DATA/titanic.csv" >second.csv
"$MLCTL" -q train first.csv --target survived -o model.mlm || exit 1
rows=$(($(wc -l <"$MLCTL_DATA/titanic.csv") - 1))

# Readers: 4 loops of 15 predictions each, every output kept to check it is whole.
reader() {
  local id=$1 i
  for i in $(seq 15); do
    "$MLCTL" -q predict -m model.mlm "$MLCTL_DATA/titanic.csv" -o "out.$id.$i.csv" 2>"err.$id.$i" ||
      echo "reader $id run $i exited $?" >>failures
  done
}
for id in 1 2 3 4; do reader "$id" & done
# The writer: retrains in place, alternating the data, while the readers run.
for i in $(seq 6); do
  data=second.csv
  ((i % 2 == 0)) && data=first.csv
  "$MLCTL" -q retrain -m model.mlm "$data" --in-place --force --min-skill 0 >/dev/null ||
    echo "retrain $i exited $?" >>failures
done
wait

expect_eq "$(cat failures 2>/dev/null)" "" "failed runs"
complete=0
for f in out.*.csv; do
  [[ $(wc -l <"$f") == $((rows + 1)) && $(head -1 "$f") == prediction ]] && complete=$((complete + 1))
done
expect_eq "$complete" 60 "prediction runs with every row"
expect_eq "$(cat err.* | sort -u)" "" "stderr of the readers"
run describe model.mlm
expect_rc 0
expect_out_contains "parent       "
run predict -m model.mlm.prev "$MLCTL_DATA/titanic.csv" -q
expect_rc 0
finish
