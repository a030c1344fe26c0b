#!/usr/bin/python3
"""Converts a benchmark CSV to LIBLINEAR's sparse text format, with the features prepared as
the other implementations prepare them (mean imputation, standard scaling, one-hot).

    to_liblinear.py reg|clf DATA.csv TARGET OUT.svm

reg: the label is the target value. clf: "yes" -> 1, anything else -> 0.
The scaler is fitted on DATA itself, as mlctl and scikit-learn fit theirs on the training rows;
run.sh times this conversion apart from LIBLINEAR's training.
"""
import sys

import numpy as np
import pandas as pd
from sklearn.datasets import dump_svmlight_file

from sk_train import preprocessor


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("reg", "clf"):
        sys.exit("usage: to_liblinear.py reg|clf DATA.csv TARGET OUT.svm")
    kind, data, target, out = sys.argv[1:]
    frame = pd.read_csv(data)
    y = frame.pop(target)
    y = y.to_numpy(dtype=float) if kind == "reg" else (y == "yes").to_numpy(dtype=float)
    X = preprocessor(frame).fit_transform(frame)
    dump_svmlight_file(X, y, out, zero_based=False)


if __name__ == "__main__":
    main()
