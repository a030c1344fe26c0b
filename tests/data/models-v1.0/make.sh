#!/bin/sh
# Writes the model files and expected predictions of tests/data/models-v1.0/ (see README.md).
# Run from the repository root with the mlctl binary to use: tests/data/models-v1.0/make.sh MLCTL
set -eu
M=${1:?usage: make.sh MLCTL}
D=tests/data/models-v1.0
export SOURCE_DATE_EPOCH=1700000000
# credit_na.csv: the first 600 rows of data/credit.csv, ';'-separated, missing values as '?'.
head -601 data/credit.csv | sed 's/,,/,?,/g; s/,,/,?,/g; s/,$/,?/' | tr ',' ';' > $D/credit_na.csv
$M train data/titanic.csv --target survived -o $D/titanic.mlm 2>/dev/null
$M train data/penguins.csv --target species -o $D/penguins.mlm 2>/dev/null
$M train data/diabetes.csv --target target --algorithm ridge -o $D/diabetes.mlm 2>/dev/null
$M train data/diabetes.csv --target target --alpha 0.1,1,10 --cv 5 -o $D/diabetes_cv.mlm 2>/dev/null
SOURCE_DATE_EPOCH=1700000100 $M retrain data/diabetes.csv -m $D/diabetes_cv.mlm \
  -o $D/diabetes_retrained.mlm --force >/dev/null 2>&1
$M train $D/credit_na.csv --target Status --delimiter ';' --na '?' --seed 7 \
  -o $D/credit_na.mlm 2>/dev/null
# The expected predictions: the commands tests/cli/model_compat_test.sh runs.
$M predict -m $D/titanic.mlm data/titanic.csv --proba --keep name > $D/titanic.predictions.csv 2>/dev/null
$M predict -m $D/penguins.mlm data/penguins.csv --proba > $D/penguins.predictions.csv 2>/dev/null
$M predict -m $D/diabetes.mlm data/diabetes.csv --interval 0.9 > $D/diabetes.predictions.csv 2>/dev/null
$M predict -m $D/diabetes_cv.mlm data/diabetes.csv --interval 0.8 --format jsonl \
  > $D/diabetes_cv.predictions.jsonl 2>/dev/null
$M predict -m $D/diabetes_retrained.mlm data/diabetes.csv --interval 0.95 --explain 3 \
  > $D/diabetes_retrained.predictions.csv 2>/dev/null
$M predict -m $D/credit_na.mlm $D/credit_na.csv --delimiter ';' --na '?' --proba \
  > $D/credit_na.predictions.csv 2>/dev/null
# What describe printed for each, as text and as JSON: today's mlctl prints the same.
for m in titanic penguins diabetes diabetes_cv diabetes_retrained credit_na; do
  $M describe $D/$m.mlm > $D/$m.describe.txt
  $M describe $D/$m.mlm --json > $D/$m.describe.json
done
