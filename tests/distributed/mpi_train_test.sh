# mlctl-mpi train against plain mlctl train (issue #15): on 1 to 4 processes of this machine the
# model equals the one-process model (tests/cli/same_model.py: every field of describe --json,
# numbers within 1e-9 relative) for ridge, binary and multiclass logistic; DATA as a glob of
# files (one with a header only) and as one file cut inside quoted newlines; and the failures:
# a bad row on a later rank's share, a usage error, a rank killed mid-fit. No model is written
# or replaced when the job fails. Skipped (77) without MPI; under CI=true that fails instead.
source "$(dirname "$0")/../cli/lib.sh"
source "$(dirname "$0")/mpi_lib.sh"
MPI_TRAIN=${MLCTL_MPI_TRAIN:-}
need_mpi "$MPI_TRAIN"
need_tool python3 python3
export SOURCE_DATE_EPOCH=1700000000

# same_as_plain NAME: the model $WORK/NAME.mlm equals $WORK/plain.mlm.
same_as_plain() { same_model "$WORK/plain" "$WORK/$1"; }

# How many processes the models are checked on: 1 to 4; in a sanitizer build, whose processes
# are slow to start, 1 and 3 (one process, and shares cut unevenly).
if [[ -n $MLCTL_SANITIZED ]]; then SIZES=(1 3); else SIZES=(1 2 3 4); fi

# train_both NAME DATA ARGS...: plain train on DATA, then mlctl-mpi on each of SIZES.
train_both() {
  local name=$1 data=$2
  shift 2
  run train "$data" -o "$WORK/plain.mlm" -q "$@"
  expect_rc 0
  for np in "${SIZES[@]}"; do
    mlctl_mpi "$np" train "$data" -o "$WORK/$name-$np.mlm" -q "$@"
    expect_rc 0
    expect_err_equals ""
    same_as_plain "$name-$np"
  done
}

train_both ridge "$MLCTL_DATA/diabetes.csv" --target target
train_both binary "$MLCTL_DATA/titanic.csv" --target survived --impute median
train_both classes "$MLCTL_DATA/penguins.csv" --target species --scale minmax
train_both folds "$MLCTL_DATA/penguins.csv" --target species --cv 4 --alpha 0.1,1
train_both balanced "$MLCTL_DATA/credit.csv" --target Status --class-weight balanced \
  --min-frequency 0.02

# Rank 0 prints the report plain train prints, but for the data's name and the model's file.
run train "$MLCTL_DATA/diabetes.csv" --target target -o "$WORK/plain.mlm"
plain_report=$(sed 's|written to .*||' <<<"$err")
mlctl_mpi 3 train "$MLCTL_DATA/diabetes.csv" --target target -o "$WORK/report.mlm"
expect_rc 0
expect_eq "$(grep -v '^processes: ' <<<"$err" | sed 's|written to .*||')" "$plain_report" \
  "the report on 3 processes"
expect_err_contains "processes: 3, rows read by each: 149, 148, 145"
mlctl_mpi 3 train "$MLCTL_DATA/diabetes.csv" --target target -o "$WORK/report.mlm" --json
expect_eq "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["process_rows"])' <<<"$out")" \
  "[149, 148, 145]" "process_rows in the --json report"
# The model says how the rows were split.
"$MLCTL" describe "$WORK/report.mlm" --json >"$WORK/report.json"
expect_eq "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["process_rows"])' \
  <"$WORK/report.json")" "[149, 148, 145]" "rows by process"

# A glob of three files (the middle one a header only) reads as their concatenation.
head -1 "$MLCTL_DATA/titanic.csv" >"$WORK/part-2.csv"
head -300 "$MLCTL_DATA/titanic.csv" >"$WORK/part-1.csv"
{ head -1 "$MLCTL_DATA/titanic.csv"; tail -n +301 "$MLCTL_DATA/titanic.csv"; } >"$WORK/part-3.csv"
run train "$MLCTL_DATA/titanic.csv" -o "$WORK/plain.mlm" -q --target survived
for np in 1 3; do
  mlctl_mpi "$np" train "$WORK/part-*.csv" -o "$WORK/glob-$np.mlm" -q --target survived
  expect_rc 0
  same_as_plain "glob-$np"
done
# The data's hash identifies the files' bytes, however many processes read them.
glob_hash() { "$MLCTL" describe "$WORK/glob-$1.mlm" --json | sed -n 's/.*"xxh3": "\([0-9a-f]*\)".*/\1/p' | head -1; }
checks=$((checks + 1))
[[ $(glob_hash 1) =~ ^[0-9a-f]{16}$ && $(glob_hash 1) != 0000000000000000 ]] ||
  fail "no data hash for 3 files on one process: $(glob_hash 1)"

# One file whose text column holds quoted line breaks, many of them: wherever the byte ranges
# are cut, the cut moves to a record start, and the model is one process's.
awk -F, 'NR == 1 { print $0 ",note"; next }
  { printf "%s,\"line one of %d\nline, two\n\"\"three\"\"\"\n", $0, NR }' \
  "$MLCTL_DATA/diabetes.csv" >"$WORK/quoted.csv"
run train "$WORK/quoted.csv" -o "$WORK/plain.mlm" -q --target target --exclude note
expect_rc 0
for np in 2 4; do
  mlctl_mpi "$np" train "$WORK/quoted.csv" -o "$WORK/quoted-$np.mlm" -q --target target --exclude note
  expect_rc 0
  same_as_plain "quoted-$np"
done

# A bad value in the last rank's share: one error, naming the file, line and column, exit 1;
# the model already there is left as it was.
awk -F, -v OFS=, 'NR == 400 { $3 = "12x" } { print }' "$MLCTL_DATA/diabetes.csv" >"$WORK/bad.csv"
echo "old model" >"$WORK/kept.mlm"
mlctl_mpi 3 train "$WORK/bad.csv" --target target --numeric bmi -o "$WORK/kept.mlm"
expect_rc 1
expect_err_equals "mlctl-mpi: error: $WORK/bad.csv:400:3: column \"bmi\" is declared numeric, but \"12x\" is not a number"
expect_eq "$(cat "$WORK/kept.mlm")" "old model" "the old model untouched"

# A usage error is reported once, not once per process.
mlctl_mpi 3 train "$MLCTL_DATA/diabetes.csv" --target nope -o "$WORK/none.mlm"
expect_rc 2
expect_eq "$(grep -c 'no column named' <<<"$err")" 1 "one message for 3 processes"
expect_file_missing "$WORK/none.mlm"
# stdin cannot be shared, even by one process (it opens the input twice).
mlctl_mpi 1 train - --target y -o "$WORK/none.mlm" <"$MLCTL_DATA/diabetes.csv"
expect_rc 2
expect_err_equals "mlctl-mpi: error: stdin (-) cannot be read by the process of a job: name files instead"
mlctl_mpi 2 train - --target y -o "$WORK/none.mlm" <"$MLCTL_DATA/diabetes.csv"
expect_rc 2
expect_err_equals "mlctl-mpi: error: stdin (-) cannot be split between processes: name files instead"
expect_file_missing "$WORK/none.mlm"

# A rank that dies makes the job fail, and no model is written or replaced. Deterministic however
# fast the machine: rank 0 is stopped as soon as both ranks run (so the job cannot finish), rank
# 1 is killed, and rank 0 goes on, to find its partner gone.
awk 'BEGIN { srand(7); print "x1,x2,x3,x4,y"; for (i = 0; i < 300000; i++) {
  a = rand(); b = rand(); c = rand(); d = rand()
  printf "%.6f,%.6f,%.6f,%.6f,%d\n", a, b, c, d, (a + 2 * b - c + rand() > 1.2) } }' >"$WORK/big.csv"
# Each rank writes its pid where the test finds it at once, then becomes mlctl-mpi (same pid).
cat >"$WORK/rank.sh" <<'WRAPPER'
echo $$ >"$RANK_DIR/rank-$OMPI_COMM_WORLD_RANK.pid"
exec "$@"
WRAPPER
# interrupt HOW: starts a 2-process job, stops rank 0 once both processes are mlctl-mpi, then
# ends the job HOW:
#   kill-rank  SIGKILL to rank 1;
#   term       SIGTERM to every rank, as Slurm's scancel sends;
#   launcher   SIGKILL to mpirun: the processes must not outlive it (Open MPI's processes
#              notice that their launcher is gone);
#   int        SIGINT to mpirun, as Ctrl-C in a terminal sends. mpirun resumes the stopped rank
#              before it ends it, so a job this small may complete in between: the model at the
#              path is then the old one or a complete new one, never a part.
# Then lets rank 0 go on and waits for the job. `env --default-signal` undoes the SIGINT that a
# non-interactive shell's background jobs ignore.
interrupt() {
  echo "old model" >"$WORK/kept.mlm"
  rm -f "$WORK"/rank-*.pid
  RANK_DIR=$WORK env --default-signal=INT timeout 120 \
    mpirun -q --allow-run-as-root --oversubscribe -x RANK_DIR -np 2 \
    bash "$WORK/rank.sh" "$MPI_TRAIN" train "$WORK/big.csv" --target y -o "$WORK/kept.mlm" -q \
    2>"$WORK/stderr" &
  local job=$! tries rank0 rank1 binary
  binary=$(readlink -f "$MPI_TRAIN")
  for ((tries = 0; tries < 3000; tries++)); do
    rank0=$(cat "$WORK/rank-0.pid" 2>/dev/null) rank1=$(cat "$WORK/rank-1.pid" 2>/dev/null)
    [[ -n $rank0 && -n $rank1 && $(readlink "/proc/$rank0/exe") == "$binary" &&
      $(readlink "/proc/$rank1/exe") == "$binary" ]] && break
    sleep 0.01
  done
  if ((tries == 3000)); then
    fail "the ranks of the $1 job never started"
    wait "$job"
    return
  fi
  sleep 0.1  # past main()'s first lines
  kill -STOP "$rank0"
  case $1 in
    kill-rank) kill -KILL "$rank1" ;;
    term) kill -TERM "$rank0" "$rank1" ;;
    launcher) kill -KILL "$(pgrep -P "$job" mpirun)" ;;
    int) kill -INT "$job" ;;  # timeout passes it on to mpirun
  esac
  sleep 0.2
  kill -CONT "$rank0" 2>/dev/null
  wait "$job" && rc=0 || rc=$?
  checks=$((checks + 1))
  ((rc != 0)) || fail "the $1 job exited 0"
  for ((tries = 0; tries < 3000; tries++)); do  # at most 30 s
    kill -0 "$rank0" 2>/dev/null || kill -0 "$rank1" 2>/dev/null || break
    sleep 0.01
  done
  checks=$((checks + 1))
  ((tries < 3000)) || fail "a process outlived the $1 job"
  if [[ $1 == int && $(head -c 9 "$WORK/kept.mlm") != "old model" ]]; then
    run describe "$WORK/kept.mlm" --json
    expect_rc 0
  else
    expect_eq "$(cat "$WORK/kept.mlm")" "old model" "the old model after $1"
  fi
  expect_eq "$(ls -A "$WORK" | grep -c 'kept.mlm.')" 0 "no partial model file after $1"
}
interrupt kill-rank
interrupt term
interrupt launcher
interrupt int

finish
