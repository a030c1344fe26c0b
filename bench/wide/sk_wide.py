#!/usr/bin/python3
"""scikit-learn peer of the wide benchmark: the whole process, CSV read included.

    sk_wide.py train ridge|logistic DATA.csv TARGET ALPHA MODEL.joblib
    sk_wide.py predict MODEL.joblib DATA.csv OUT.csv

train: pandas.read_csv, the other targets (y, bin, cls4) dropped, then
  ColumnTransformer(numeric: SimpleImputer(mean) -> StandardScaler,
                    text: OneHotEncoder(handle_unknown="ignore"), sparse output)
  -> Ridge(alpha, solver="sparse_cg", tol=1e-10)
   | LogisticRegression(C=1/alpha, solver="newton-cg", tol=1e-8, max_iter=1000)
multi_class stays "auto": binary targets get the plain logistic loss (mlctl's), 3 or more
classes the multinomial one. (Forcing "multinomial" on a binary target fits two symmetric
weight vectors, a different objective: its optimum is not mlctl's.)
and joblib.dump. The ColumnTransformer's output stays sparse (its density is far below the
0.3 threshold), so no step forms a dense rows x levels matrix.
Ridge: sparse_cg because it takes sparse input with an intercept and, at tol=1e-10, reaches
the optimum (the objective is compared with mlctl's exact solve); "auto" picks it with
the default tol=1e-4, which stops short. newton-cg: the solver the issue names as reference.
predict: joblib.load, read_csv, predict (labels or values), DataFrame.to_csv.
"""
import sys

import joblib
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

TARGETS = ("y", "bin", "cls4")


def pipeline(frame, kind, alpha):
    numeric = list(frame.select_dtypes("number").columns)
    text = [c for c in frame.columns if c not in numeric]
    features = ColumnTransformer([
        ("num", Pipeline([("impute", SimpleImputer(strategy="mean")),
                          ("scale", StandardScaler())]), numeric),
        ("cat", OneHotEncoder(handle_unknown="ignore"), text)])
    if kind == "ridge":
        model = Ridge(alpha=alpha, solver="sparse_cg", tol=1e-10)
    else:
        model = LogisticRegression(C=1.0 / alpha, solver="newton-cg", tol=1e-8, max_iter=1000)
    return Pipeline([("features", features), ("model", model)])


def train(kind, data, target, alpha, model_path):
    frame = pd.read_csv(data)
    y = frame.pop(target)
    frame = frame.drop(columns=[t for t in TARGETS if t in frame.columns])
    fitted = pipeline(frame, kind, float(alpha)).fit(frame, y)
    joblib.dump(fitted, model_path)


def predict(model_path, data, out_path):
    model = joblib.load(model_path)
    frame = pd.read_csv(data)
    frame = frame[list(model.feature_names_in_)]
    pd.DataFrame({"prediction": model.predict(frame)}).to_csv(out_path, index=False,
                                                              float_format="%.17g")


def main():
    args = sys.argv[1:]
    if len(args) == 6 and args[0] == "train" and args[1] in ("ridge", "logistic"):
        train(*args[1:])
    elif len(args) == 4 and args[0] == "predict":
        predict(*args[1:])
    else:
        sys.exit("usage:\n" + "\n".join(__doc__.strip().splitlines()[2:4]))


if __name__ == "__main__":
    main()
