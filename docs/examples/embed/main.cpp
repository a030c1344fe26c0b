// Predicts one row with a model file from `mlctl train`, through the mlcore library:
//
//   predict_one MODEL.mlm COLUMN=VALUE...
//
// prints what `mlctl predict --no-header` prints for that row (with --proba for a classifier):
// the prediction of a ridge model, or the class and one probability per class of a logistic
// one. Columns the model does not use are ignored; a feature without a value is an error.
// (Unlike mlctl, it does not quote a class label that holds a comma.)

#include <cstdio>
#include <functional>
#include <map>
#include <string>

#include <fmt/format.h>

#include "common/error.hpp"
#include "model/model_file.hpp"
#include "model/predictor.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs("usage: predict_one MODEL.mlm COLUMN=VALUE...\n", stderr);
    return 2;
  }
  std::map<std::string, std::string, std::less<>> row;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto equals = arg.find('=');
    if (equals == std::string::npos) {
      std::fprintf(stderr, "predict_one: expected COLUMN=VALUE, got \"%s\"\n", argv[i]);
      return 2;
    }
    row[arg.substr(0, equals)] = arg.substr(equals + 1);
  }
  try {
    // Load once and keep the predictor: a service would answer many requests with it.
    const mlctl::model::Model model = mlctl::model::load(argv[1]);
    const mlctl::model::Predictor predictor(model);
    const mlctl::model::Prediction prediction = predictor.predict(row);
    if (model.is_classifier()) {
      fmt::print("{}", prediction.label);
      for (const double p : prediction.proba) fmt::print(",{}", p);
      fmt::print("\n");
    } else {
      fmt::print("{}\n", prediction.value);
    }
  } catch (const mlctl::Error& e) {
    std::fprintf(stderr, "predict_one: %s\n", e.what());
    return 1;
  }
  return 0;
}
