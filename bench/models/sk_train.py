#!/usr/bin/python3
"""scikit-learn adapter: train end to end (CSV read included) and dump the pipeline with joblib.

    sk_train.py ridge|lbfgs|newton-cg DATA.csv TARGET MODEL.joblib

The pipeline is mlctl's default recipe written in scikit-learn:
  ColumnTransformer(numeric: SimpleImputer(mean) -> StandardScaler,
                    categorical: OneHotEncoder(handle_unknown="ignore"))
  -> Ridge(alpha=1) | LogisticRegression(C=1, solver=lbfgs|newton-cg), other options default.
"""
import sys

import joblib
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler


def preprocessor(frame):
    numeric = list(frame.select_dtypes("number").columns)
    categorical = [c for c in frame.columns if c not in numeric]
    steps = [("num", Pipeline([("impute", SimpleImputer(strategy="mean")),
                               ("scale", StandardScaler())]), numeric)]
    if categorical:
        steps.append(("cat", OneHotEncoder(handle_unknown="ignore"), categorical))
    return ColumnTransformer(steps)


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: sk_train.py ridge|lbfgs|newton-cg DATA.csv TARGET MODEL.joblib")
    kind, data, target, model_path = sys.argv[1:]
    frame = pd.read_csv(data)
    y = frame.pop(target)
    if kind == "ridge":
        model = Ridge(alpha=1.0)
    else:
        model = LogisticRegression(C=1.0, solver=kind)
    pipeline = Pipeline([("features", preprocessor(frame)), ("model", model)])
    pipeline.fit(frame, y)
    joblib.dump(pipeline, model_path)


if __name__ == "__main__":
    main()
