#include "model/predictor.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/error.hpp"
#include "csv/reader.hpp"

namespace mlctl::model {

Predictor::Predictor(const Model& model, std::vector<std::string> extra_na)
    : model_(model), missing_(std::move(extra_na)) {
  for (const auto& f : model.pipeline.features()) names_.push_back(f.name);
}

// pipeline::RowEncoder reads fields through a csv::Reader (its missing tokens, its line numbers
// for messages), so one record without a file is encoded here, by the same rules.
Prediction Predictor::predict(std::span<const std::string_view> fields) const {
  const auto& pipeline = model_.pipeline;
  const auto& features = pipeline.features();
  if (fields.size() != features.size()) {
    throw Error(ErrorKind::usage, fmt::format("the model has {} features, got {} values",
                                              features.size(), fields.size()));
  }
  std::vector<double> encoded(pipeline.width(), 0.0);
  for (std::size_t j = 0; j < features.size(); ++j) {
    const pipeline::Feature& f = features[j];
    const std::string_view field = fields[j];
    const std::size_t offset = pipeline.offset(j);
    const bool missing = missing_.matches(field);
    if (f.type == table::ColumnType::numeric) {
      double value = f.fill;
      if (!missing) {
        const auto parsed = csv::parse_number(field);
        if (!parsed) {
          throw Error(ErrorKind::data,
                      fmt::format("column \"{}\": \"{}\" is not a number (the model was trained "
                                  "on numbers here)",
                                  f.name, field));
        }
        value = *parsed;
      }
      encoded[offset] = (value - f.center) / f.scale;
      continue;
    }
    if (missing) {
      if (f.missing_category) encoded[offset + f.categories.size()] = 1.0;
      continue;
    }
    // Categories are sorted (feature_pipeline.hpp); a value not among them encodes as zeros.
    const auto it = std::lower_bound(f.categories.begin(), f.categories.end(), field);
    if (it != f.categories.end() && *it == field) {
      encoded[offset + static_cast<std::size_t>(it - f.categories.begin())] = 1.0;
    }
  }

  Prediction prediction;
  if (!model_.is_classifier()) {
    models::decision_row(model_.linear, encoded, std::span<double>(&prediction.value, 1));
    return prediction;
  }
  prediction.proba.resize(model_.classes.size());
  models::proba_row(model_.linear, encoded, prediction.proba);
  const auto best = std::max_element(prediction.proba.begin(), prediction.proba.end());
  prediction.value = *best;
  prediction.label = model_.classes[static_cast<std::size_t>(best - prediction.proba.begin())];
  return prediction;
}

Prediction Predictor::predict(
    const std::map<std::string, std::string, std::less<>>& by_name) const {
  std::vector<std::string_view> fields;
  fields.reserve(names_.size());
  for (const auto& name : names_) {
    const auto it = by_name.find(name);
    if (it == by_name.end()) {
      throw Error(ErrorKind::data,
                  fmt::format("column \"{}\" is missing: the model needs it as a feature", name));
    }
    fields.push_back(it->second);
  }
  return predict(fields);
}

}  // namespace mlctl::model
