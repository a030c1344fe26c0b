#!/usr/bin/env python3
"""Compares `mlctl describe --json` output with pandas' reference for the same file.

    python3 compare_describe.py EXPECTED.json FILE_NAME < describe.json

EXPECTED.json is pandas_reference.py's output; FILE_NAME picks the file in it. Prints one line
per difference and exits 1 when there is any.
"""
import json
import sys


def main():
    expected_all = json.load(open(sys.argv[1], encoding="utf-8"))
    name = sys.argv[2]
    expected = next(f for f in expected_all["files"] if f["file"] == name)
    got = json.load(sys.stdin)
    problems = []
    if got["rows"] != expected["rows"]:
        problems.append(f"rows: {got['rows']}, pandas {expected['rows']}")
    got_columns = {c["name"]: c for c in got["columns"]}
    for e in expected["columns"]:
        g = got_columns.get(e["name"])
        if g is None:
            problems.append(f"column {e['name']!r} missing")
            continue
        for key in ("type", "count", "missing", "distinct"):
            if g.get(key) != e[key]:
                problems.append(f"{e['name']}: {key} {g.get(key)!r}, pandas {e[key]!r}")
        if e["type"] == "categorical" and g.get("top") != e["top"]:
            problems.append(f"{e['name']}: top {g.get('top')!r}, pandas {e['top']!r}")
    for p in problems:
        print(f"{name}: {p}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
