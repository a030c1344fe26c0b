#!/usr/bin/python3
"""The wide benchmark's table, from run.sh's times.tsv and objectives.tsv.

    report.py TIMES.tsv OBJECTIVES.tsv TIMEOUT_S MEM_GB

One row per cell (train shape/target, predict shape/target): for mlctl and scikit-learn the
median wall time (± half the spread of the runs), median user and system time, peak RSS and
minor page faults; the speed-up (scikit-learn's median wall / mlctl's, both from this run); the
objectives. A cell whose mlctl run hit the timeout or failed says so instead of a time.
"""
import collections
import statistics
import sys


def cell_text(rows, timeout, mem_gb):
    bad = [r for r in rows if r[0] != "ok"]
    if bad:
        wall, rss, faults = float(bad[0][1]), float(bad[0][4]), float(bad[0][5])
        at = f"{rss / 1024:.0f} MB, {faults / 1000:.1f}k faults"
        if bad[0][0] == "timeout":
            return None, f"timeout > {timeout} s ({at} when stopped)"
        return None, f"failed after {wall:.2f} s ({at}; memory cap {mem_gb} GB)"
    figures = [[float(x) for x in r[1:]] for r in rows]
    wall, user, sys_, rss, faults = (statistics.median(c) for c in zip(*figures))
    spread = max(f[0] for f in figures) - min(f[0] for f in figures)
    return wall, (f"{wall:.2f} s (±{spread / 2:.2f}) / {user:.2f} / {sys_:.2f}, "
                  f"{rss / 1024:.0f} MB, {faults / 1000:.1f}k")


def main():
    times, objectives, timeout, mem_gb = sys.argv[1:]
    runs = collections.defaultdict(list)
    order = []
    for line in open(times):
        cell, impl, *rest = line.rstrip("\n").split("\t")
        if cell not in order:
            order.append(cell)
        runs[(cell, impl)].append(rest)
    obj = {}
    for line in open(objectives):
        cell, *values = line.rstrip("\n").split("\t")
        obj[cell] = values
    print("| cell | mlctl: wall / user / sys, peak RSS, minor faults | scikit-learn | speed-up "
          "| objective mlctl | objective scikit-learn | rel. diff | max pred. diff | mlctl solver |")
    print("|---|---|---|---:|---:|---:|---:|---:|---|")
    for cell in order:
        m, m_text = cell_text(runs[(cell, "mlctl")], timeout, mem_gb)
        s, s_text = cell_text(runs[(cell, "sklearn")], timeout, mem_gb)
        ratio = f"{s / m:.1f}x" if m and s else ""
        o = obj.get(cell, [""] * 5)
        print(f"| {cell} | {m_text} | {s_text} | {ratio} | {' | '.join(o)} |")


if __name__ == "__main__":
    main()
