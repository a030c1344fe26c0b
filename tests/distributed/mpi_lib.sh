# What the MPI tests share, sourced after cli/lib.sh: need_mpi PROGRAM skips the test (code 77)
# when the build has no MPI (MLCTL_MPI=OFF, or AUTO without MPI installed: PROGRAM is then
# empty), and fails it under CI=true, where .ci/run installs Open MPI.

need_mpi() {
  if [[ -z $1 ]]; then
    if [[ ${CI:-} == true ]]; then
      echo "FAIL: built without MPI, and CI=true: .ci/run should have installed libopenmpi-dev" >&2
      exit 1
    fi
    echo "SKIP: built without MPI (MLCTL_MPI=OFF, or libopenmpi-dev missing)"
    exit "$SKIP_CODE"
  fi
  need_tool mpirun openmpi-bin
  # Open MPI's own allocations outlive MPI_Finalize: under .ci/run's AddressSanitizer build,
  # LeakSanitizer reports ~57 of them per rank (none with a frame of mlctl's code; checked by
  # hand with a program built with -fsanitize=address,undefined), so leak checking is off.
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
}

# mlctl_mpi NP ARGS...: runs mlctl-mpi ($MLCTL_MPI_TRAIN) on NP processes of this machine,
# capturing $out, $err and $rc as cli/lib.sh's run does.
mlctl_mpi() {
  local np=$1
  shift
  out=$(timeout 300 mpirun -q --allow-run-as-root --oversubscribe -np "$np" "$MLCTL_MPI_TRAIN" \
    "$@" 2>"$WORK/stderr") && rc=0 || rc=$?
  err=$(cat "$WORK/stderr")
}

# same_model A B: the models A.mlm and B.mlm agree (tests/cli/same_model.py: every field of
# describe --json, every tensor, numbers within 1e-9 relative); writes A.json and B.json.
same_model() {
  checks=$((checks + 1))
  "$MLCTL" describe "$1.mlm" --json >"$1.json"
  "$MLCTL" describe "$2.mlm" --json >"$2.json"
  local diff
  diff=$(python3 "$MLCTL_SOURCE_DIR/tests/cli/same_model.py" "$1.json" "$2.json" 1e-9 "$1.mlm" \
    "$2.mlm") || fail "${2##*/}.mlm differs from ${1##*/}.mlm: $diff"
}
