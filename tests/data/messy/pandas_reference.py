#!/usr/bin/env python3
"""What pandas.read_csv (default options) makes of each CSV named: per column, the type as
`mlctl describe --json` names it, the counts, and for text columns the top 5 categories.

    python3 pandas_reference.py FILE.csv... > expected.json

Run it with a Python that has pandas (Debian: apt-get install python3-pandas; then
/usr/bin/python3). Its output is committed as the fixtures that tests/cli/typing_test.sh
compares `mlctl describe --json` with, so CI needs no pandas.

pandas' dtypes map to mlctl's types: int64/float64 -> "numeric", object -> "categorical"; a
float64 column with no value at all -> "empty" (mlctl says so plainly). Top values: most
frequent first, equal counts by value (bytewise), as mlctl orders them.
"""
import json
import os
import sys

import pandas as pd


def describe(path):
    frame = pd.read_csv(path)
    columns = []
    for name in frame.columns:
        series = frame[name]
        count = int(series.count())
        column = {
            "name": name,
            "dtype": str(series.dtype),
            "count": count,
            "missing": int(series.isna().sum()),
            "distinct": int(series.nunique()),
        }
        if series.dtype == object:
            column["type"] = "categorical"
            counts = series.value_counts()
            top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].encode()))[:5]
            column["top"] = [{"value": v, "count": int(c)} for v, c in top]
        elif count == 0:
            column["type"] = "empty"
        else:
            column["type"] = "numeric"
        columns.append(column)
    return {"file": os.path.basename(path), "rows": len(frame), "columns": columns}


def main():
    # One column a line: small diffs when pandas or a file changes.
    out = sys.stdout
    out.write('{"pandas": %s, "files": [\n' % json.dumps(pd.__version__))
    files = [describe(p) for p in sys.argv[1:]]
    for i, f in enumerate(files):
        out.write(' {"file": %s, "rows": %d, "columns": [\n' % (json.dumps(f["file"]), f["rows"]))
        lines = [json.dumps(c, ensure_ascii=False) for c in f["columns"]]
        out.write(",\n".join("  " + line for line in lines))
        out.write("\n ]}%s\n" % ("," if i + 1 < len(files) else ""))
    out.write("]}\n")


if __name__ == "__main__":
    main()
