# MpiCommunicator under a real launcher: mpi_check (mpi_check.cpp) on 1 to 4 processes of this
# machine, each rank checking sums, minima, maxima, prefix sums and broadcasts exactly; then one
# rank's error reaching every rank at an agreement point. Skipped (code 77) when the build has
# no MPI (MLCTL_MPI=OFF, or AUTO without MPI installed); under CI=true that fails instead.
source "$(dirname "$0")/../cli/lib.sh"
source "$(dirname "$0")/mpi_lib.sh"
CHECK=${MLCTL_MPI_CHECK:-}
need_mpi "$CHECK"
# Root runs it in CI; --oversubscribe allows more ranks than cores.
mpi() { timeout 120 mpirun --allow-run-as-root --oversubscribe -np "$@"; }

for np in 1 2 3 4; do
  out=$(mpi "$np" "$CHECK" 2>"$WORK/stderr") && rc=0 || rc=$?
  err=$(cat "$WORK/stderr")
  expect_rc 0
  want=$(for ((r = 0; r < np; r++)); do echo "rank $r of $np: $((9 + np)) checks ok"; done)
  expect_eq "$(sort <<<"$out")" "$want" "mpi_check on $np processes"
done

# Ranks 1.. fail (rank 0 does not): every rank throws rank 1's error, with its file, line, column.
out=$(mpi 3 "$CHECK" fail 1 2>"$WORK/stderr") && rc=0 || rc=$?
err=$(cat "$WORK/stderr")
expect_rc 0
want=$(for r in 0 1 2; do
  echo "rank $r of 3: 1 checks ok"
  echo "rank $r threw: part-1.csv:7:3: not a number: 'x' on rank 1"
done)
expect_eq "$(sort <<<"$out")" "$want" "rank 1's error on every rank"
# Only the last rank fails: the lowest failing rank is then 3.
out=$(mpi 4 "$CHECK" fail 3 2>"$WORK/stderr") && rc=0 || rc=$?
err=$(cat "$WORK/stderr")
expect_rc 0
want=$(for r in 0 1 2 3; do
  echo "rank $r of 4: 1 checks ok"
  echo "rank $r threw: part-3.csv:7:3: not a number: 'x' on rank 3"
done)
expect_eq "$(sort <<<"$out")" "$want" "rank 3's error on every rank"
finish
