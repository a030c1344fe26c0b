#!/usr/bin/python3
"""Prints run.sh's results as a Markdown table, with speed-ups over scikit-learn.

    report.py RESULTS.tsv ROWS RUNS

RESULTS.tsv rows: task, implementation, role, median (s, or ms per call), peak RSS (kB), runs.
Role "base" is the scikit-learn row of a task: speed-up = its median / this row's median.
LIBLINEAR rows also show the time including the one-off CSV conversion of their data set.
"""
import csv
import sys

TARGET_SPEEDUP = 10.0  # train and batch predict, from the issue
TARGET_ONE_ROW_MS = 5.0


def data_set(task):
    for name in ("reg", "clf", "mixed"):
        if f"({name})" in task:
            return name
    return "reg"  # "train ridge"


def main():
    path, rows, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with open(path) as f:
        results = [r for r in csv.reader(f, delimiter="\t")]
    convert = {r[1]: float(r[3]) for r in results if r[2] == "info"}
    base = {r[0]: float(r[3]) for r in results if r[2] == "base"}
    print(f"{rows} rows x 20 columns; median of {runs} runs; wall time includes the CSV read")
    print()
    print("| task | implementation | median | peak RSS | speed-up vs scikit-learn | note |")
    print("|---|---|---:|---:|---:|---|")
    for task, impl, role, value, rss, _ in results:
        if role == "info":
            continue
        seconds = float(value)
        one_row = task.startswith("one-row")
        shown = f"{seconds:.2f} ms/call" if one_row else f"{seconds:.2f} s"
        speedup = f"{base[task] / seconds:.1f}x" if task in base and seconds > 0 else ""
        note = ""
        if impl.lower().startswith("liblinear") and not one_row:
            total = seconds + convert[data_set(task)]
            note = f"{total:.2f} s with the CSV conversion ({base[task] / total:.1f}x)"
        if role == "mlctl":
            if one_row:
                met = seconds < TARGET_ONE_ROW_MS
                note = f"target < {TARGET_ONE_ROW_MS:g} ms: {'met' if met else 'MISSED'}"
            else:
                met = base[task] / seconds >= TARGET_SPEEDUP
                note = f"target >= {TARGET_SPEEDUP:g}x: {'met' if met else 'MISSED'}"
        print(f"| {task} | {impl} | {shown} | {int(rss) / 1024:.0f} MB | {speedup} | {note} |")
    for name, seconds in convert.items():
        print(f"| convert CSV to LIBLINEAR format | {name} | {seconds:.2f} s | | | once per data set |")


if __name__ == "__main__":
    main()
