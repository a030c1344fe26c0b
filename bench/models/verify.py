#!/usr/bin/python3
"""Compares two implementations' predictions of the same rows before anything is timed.

    verify.py reg|clf NAME REFERENCE CANDIDATE TOLERANCE

REFERENCE and CANDIDATE are CSVs from `mlctl predict [--proba]` / sk_predict.py, or the output
of `liblinear-predict [-b 1]` (recognised by its first line). reg compares the predicted values,
clf the probability of "yes" (and reports the share of equal labels). Prints one line; exits 1
when the largest absolute deviation exceeds TOLERANCE.
"""
import sys

import numpy as np
import pandas as pd


def load(path, kind):
    with open(path) as f:
        first = f.readline()
    if kind == "reg":
        if first.startswith("prediction"):
            return pd.read_csv(path)["prediction"].to_numpy(), None
        return np.loadtxt(path), None
    if first.startswith("labels"):  # liblinear-predict -b 1: "labels 1 0", then "label p1 p0"
        order = first.split()[1:]
        values = np.loadtxt(path, skiprows=1)
        yes = values[:, 1 + order.index("1")]
        return yes, np.where(values[:, 0] == 1, "yes", "no")
    frame = pd.read_csv(path)
    return frame["proba_yes"].to_numpy(), frame["prediction"].to_numpy()


def main():
    if len(sys.argv) != 6 or sys.argv[1] not in ("reg", "clf"):
        sys.exit("usage: verify.py reg|clf NAME REFERENCE CANDIDATE TOLERANCE")
    kind, name, reference, candidate, tolerance = sys.argv[1:]
    ref, ref_labels = load(reference, kind)
    got, got_labels = load(candidate, kind)
    if ref.shape != got.shape:
        print(f"verify {name}: {got.shape[0]} predictions, expected {ref.shape[0]}")
        sys.exit(1)
    deviation = float(np.max(np.abs(ref - got)))
    what = "prediction" if kind == "reg" else "P(yes)"
    line = f"verify {name}: max |{what} deviation| = {deviation:.3g} over {ref.shape[0]} rows"
    if ref_labels is not None:
        line += f", same label on {np.mean(ref_labels == got_labels):.6f} of rows"
    ok = deviation <= float(tolerance)
    print(f"{line} (tolerance {tolerance}: {'ok' if ok else 'FAILED'})")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
