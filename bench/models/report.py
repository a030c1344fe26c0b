#!/usr/bin/python3
"""Prints run.sh's results as a Markdown table: medians of each command's interleaved runs,
with speed-ups over scikit-learn and the targets of issue #16.

    report.py RESULTS.tsv ROWS RUNS [MACHINE.txt]

RESULTS.tsv has one row per run: task, implementation, role, wall s, user s, system s, peak RSS
kB, page faults (minor + major), and train's read rate in MB/s (mlctl -v only). Role "base" is
the scikit-learn row of a task: speed-up = its median wall time / this row's. Role "info" rows
are LIBLINEAR's one-off CSV conversions (implementation = the data set), added to its times in
a note.
"""
import csv
import statistics
import sys

TARGET_TRAIN = 15.0  # x scikit-learn, wall time
TARGET_PREDICT = 20.0
TARGET_FAULTS = 5000  # train
TARGET_SYSTEM_SHARE = 0.15  # train: system time / wall time
TARGET_READ_MBS = 1000.0  # train's read phase, 2 cores


def data_set(task):
    return task[task.index("(") + 1:task.index(")")]


def main():
    path, rows, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    groups = {}  # (task, impl) -> role, runs; in first-seen order
    with open(path) as f:
        for task, impl, role, *values in csv.reader(f, delimiter="\t"):
            entry = groups.setdefault((task, impl), (role, []))
            entry[1].append(values)

    def median(runs_of, column):
        values = [float(r[column]) for r in runs_of if r[column] != ""]
        return statistics.median(values) if values else None

    convert = {impl: median(r, 0) for (task, impl), (role, r) in groups.items() if role == "info"}
    base = {task: median(r, 0) for (task, impl), (role, r) in groups.items() if role == "base"}
    if len(sys.argv) > 4:
        with open(sys.argv[4]) as f:
            print(f.read().strip())
        print()
    print(f"{rows} rows; medians of {runs} interleaved rounds; wall time includes the CSV read")
    print()
    print("| task | implementation | wall | user | sys | peak RSS | faults | vs scikit-learn | note |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for (task, impl), (role, r) in groups.items():
        if role == "info":
            continue
        wall, user, system = median(r, 0), median(r, 1), median(r, 2)
        rss, faults, rate = median(r, 3), median(r, 4), median(r, 5)
        speedup = base[task] / wall if task in base and wall > 0 else None
        notes = []
        if impl.startswith("LIBLINEAR") or impl == "liblinear-predict":
            total = wall + convert.get(data_set(task), 0.0)
            if task.startswith("train") and task in base:
                notes.append(f"{total:.2f} s with the CSV conversion ({base[task] / total:.1f}x)")
        if role == "mlctl":
            training = task.startswith("train")
            target = TARGET_TRAIN if training else TARGET_PREDICT
            notes.append(f">= {target:g}x: {'met' if speedup >= target else 'MISSED'}")
            if training:
                notes.append(f"faults < {TARGET_FAULTS}: {'met' if faults < TARGET_FAULTS else 'MISSED'}")
                share = system / wall
                notes.append(f"sys {100 * share:.0f}% of wall (< 15%: "
                             f"{'met' if share < TARGET_SYSTEM_SHARE else 'MISSED'})")
            if rate is not None:
                notes.append(f"read {rate:.0f} MB/s (>= 1000: "
                             f"{'met' if rate >= TARGET_READ_MBS else 'MISSED'})")
        shown_speedup = f"{speedup:.1f}x" if speedup else ""
        print(f"| {task} | {impl} | {wall:.2f} s | {user:.2f} | {system:.2f} | "
              f"{rss / 1024:.0f} MB | {faults / 1000:.1f}k | {shown_speedup} | {'; '.join(notes)} |")
    for name, seconds in convert.items():
        print(f"| convert CSV to LIBLINEAR format ({name}) | pandas + scikit-learn | {seconds:.2f} s "
              f"| | | | | | once per data set |")


if __name__ == "__main__":
    main()
