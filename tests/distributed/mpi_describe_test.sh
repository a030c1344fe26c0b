# mlctl-mpi describe against plain mlctl describe (issue #15): on 1 to 4 processes of this
# machine the text and the --json description of the same rows are byte-identical to plain
# describe's: datasets mixing numbers, text and missing values; a column that turns text only in
# the last process's share (its numbers counted as written); a glob of files; one file whose
# quoted line breaks fall across the cuts; --html. Failures give one message: a missing file and
# a bad row with plain describe's exit code, a model file and stdin as usage errors. Skipped (77)
# without MPI; under CI=true that fails instead.
source "$(dirname "$0")/../cli/lib.sh"
source "$(dirname "$0")/mpi_lib.sh"
MPI=${MLCTL_MPI_TRAIN:-}
need_mpi "$MPI"

# mpi NP ARGS...: runs mlctl-mpi on NP processes, capturing $out, $err and $rc.
mpi() {
  local np=$1
  shift
  out=$(timeout 300 mpirun -q --allow-run-as-root --oversubscribe -np "$np" "$MPI" "$@" \
    2>"$WORK/stderr") && rc=0 || rc=$?
  err=$(cat "$WORK/stderr")
}

# Processes to compare on: 1 to 4; in a sanitizer build (slow to start), 1 and 3.
if [[ -n $MLCTL_SANITIZED ]]; then SIZES=(1 3); else SIZES=(1 2 3 4); fi

# describe_both PLAIN_FILE DATA...: plain describe of PLAIN_FILE, text and --json, equals
# mlctl-mpi describe of DATA on each of SIZES (the first line, the input's name, apart when
# DATA is not PLAIN_FILE).
describe_both() {
  local plain=$1 format
  shift
  for format in text json; do
    local flags=(-q)
    [[ $format == json ]] && flags+=(--json)
    run describe "$plain" "${flags[@]}"
    expect_rc 0
    local expected=$out
    if [[ $* != "$plain" ]]; then
      expected=${expected//"$plain"/"$*"}
    fi
    for np in "${SIZES[@]}"; do
      mpi "$np" describe "$@" "${flags[@]}"
      expect_rc 0
      expect_err_equals ""
      expect_eq "$out" "$expected" "$format description of $* on $np processes"
    done
  done
}

describe_both "$MLCTL_DATA/titanic.csv" "$MLCTL_DATA/titanic.csv"
describe_both "$MLCTL_DATA/penguins.csv" "$MLCTL_DATA/penguins.csv"
describe_both "$MLCTL_DATA/credit.csv" "$MLCTL_DATA/credit.csv"

# A column of numbers written two ways ("2", "2.0") turns text in the last row only: every
# process counts its numbers as the categories they are written as.
awk -F, -v OFS=, 'NR == 1 { print $0, "late"; next }
  { v = NR % 4; print $0, (NR % 2 ? v : v ".0") }' "$MLCTL_DATA/diabetes.csv" >"$WORK/late.csv"
echo "$(tail -1 "$WORK/late.csv" | cut -d, -f1-11),the end" >>"$WORK/late.csv"
describe_both "$WORK/late.csv" "$WORK/late.csv"

# A glob of three files (the middle one a header only) reads as their concatenation.
head -1 "$MLCTL_DATA/titanic.csv" >"$WORK/part-2.csv"
head -300 "$MLCTL_DATA/titanic.csv" >"$WORK/part-1.csv"
{ head -1 "$MLCTL_DATA/titanic.csv"; tail -n +301 "$MLCTL_DATA/titanic.csv"; } >"$WORK/part-3.csv"
cp "$MLCTL_DATA/titanic.csv" "$WORK/whole.csv"
describe_both "$WORK/whole.csv" "$WORK/part-*.csv"

# One file whose text column holds quoted line breaks: wherever the cuts fall, the rows are
# one process's.
awk -F, 'NR == 1 { print $0 ",note"; next }
  { printf "%s,\"line one of %d\nline, two\n\"\"three\"\"\"\n", $0, NR % 50 }' \
  "$MLCTL_DATA/diabetes.csv" >"$WORK/quoted.csv"
describe_both "$WORK/quoted.csv" "$WORK/quoted.csv"

# --html writes plain describe's report.
run describe "$MLCTL_DATA/titanic.csv" --html "$WORK/plain.html" -q
mpi 3 describe "$MLCTL_DATA/titanic.csv" --html "$WORK/mpi.html" -q
expect_rc 0
expect_eq "$(cmp "$WORK/plain.html" "$WORK/mpi.html" && echo same)" same "the HTML report"

# A missing file: one message, plain describe's exit code.
run describe "$WORK/nope.csv"
plain_rc=$rc
mpi 3 describe "$WORK/nope.csv"
expect_rc "$plain_rc"
expect_eq "$(grep -c . <<<"$err")" 1 "one message for 3 processes"
expect_err_contains "$WORK/nope.csv"

# A row with too many fields in the last process's share: the reader's message, once.
awk 'NR == 400 { print $0 ",extra"; next } { print }' "$MLCTL_DATA/diabetes.csv" >"$WORK/bad.csv"
run describe "$WORK/bad.csv"
plain_rc=$rc
plain_err=$err
mpi 3 describe "$WORK/bad.csv"
expect_rc "$plain_rc"
expect_err_equals "${plain_err/mlctl: /mlctl-mpi: }"

# A model file is for plain describe.
run train "$MLCTL_DATA/diabetes.csv" --target target -o "$WORK/model.mlm" -q
mpi 2 describe "$WORK/model.mlm"
expect_rc 2
expect_err_equals "mlctl-mpi: error: $WORK/model.mlm is a model file: describe it with mlctl describe (mlctl-mpi describe reads data)"

# Stdin is for plain describe: every process opens every file's header.
mpi 1 describe - <"$MLCTL_DATA/diabetes.csv"
expect_rc 2
expect_err_equals "mlctl-mpi: error: mlctl-mpi describe reads files, not stdin (-): use mlctl describe -"

finish
