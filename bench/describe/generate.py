#!/usr/bin/python3
"""Data for bench/describe: deterministic CSVs of two shapes.

  generate.py mixed ROWS FILE   20 columns: normal, lognormal, uniform (scales 0.01 to 1000,
                                0 to 7 decimals), integers, 4 categorical; ~2% missing
  generate.py messy ROWS FILE   60 columns: the same kinds plus quoted text with commas and
                                doubled quotes, NA/null tokens, a column that turns to text
                                near the end (read again as text), and a constant column
"""
import sys

import numpy as np


def fmt(values, decimals):
    return np.char.mod(f"%.{decimals}f", values)


def numeric_columns(rng, rows, count, first):
    cols = {}
    for j in range(count):
        kind = (first + j) % 4
        scale = [0.01, 1.0, 37.5, 1000.0][(first + j) % 4]
        decimals = (first + j) % 8
        if kind == 0:
            v = rng.normal(0.0, scale, rows)
        elif kind == 1:
            v = rng.lognormal(0.0, 1.0, rows) * scale
        elif kind == 2:
            v = rng.uniform(-scale, scale, rows)
        else:
            v = rng.integers(-5000, 5000, rows)
            decimals = 0
        text = fmt(v, decimals).astype(object)
        text[rng.random(rows) < 0.02] = ""
        cols[f"x{first + j}"] = text
    return cols


def categorical_columns(rng, rows, count, first, messy):
    cols = {}
    for j in range(count):
        levels = np.array([f"level_{k}" for k in range(3 + 7 * j)], dtype=object)
        text = levels[rng.integers(0, len(levels), rows)]
        text[rng.random(rows) < 0.02] = "NA" if messy else ""
        cols[f"c{first + j}"] = text
    return cols


def main():
    shape, rows, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = np.random.default_rng(17)
    if shape == "mixed":
        cols = numeric_columns(rng, rows, 16, 0)
        cols.update(categorical_columns(rng, rows, 4, 16, False))
    else:
        cols = numeric_columns(rng, rows, 48, 0)
        cols.update(categorical_columns(rng, rows, 8, 48, True))
        words = np.array(['"a, b"', '"say ""hi"""', "plain", '"x,y,z"', "null"], dtype=object)
        cols["quoted"] = words[rng.integers(0, len(words), rows)]
        late = fmt(rng.normal(5, 2, rows), 3).astype(object)
        late[rows - rows // 50] = "n/a?"
        cols["late_text"] = late
        cols["constant"] = np.full(rows, "1", dtype=object)
        cols["id"] = np.arange(rows).astype(str).astype(object)
    names = list(cols)
    with open(path, "w") as out:
        out.write(",".join(names) + "\n")
        table = np.column_stack([cols[n] for n in names])
        for start in range(0, rows, 100_000):
            chunk = table[start:start + 100_000]
            out.write("\n".join(",".join(r) for r in chunk) + "\n")


if __name__ == "__main__":
    main()
