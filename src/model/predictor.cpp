#include "model/predictor.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/error.hpp"
#include "csv/reader.hpp"
#include "pipeline/field_encoding.hpp"

namespace mlctl::model {

Predictor::Predictor(const Model& model, std::vector<std::string> extra_na)
    : model_(model), missing_(std::move(extra_na)) {
  for (const auto& f : model.pipeline.features()) names_.push_back(f.name);
}

// pipeline::RowEncoder reads fields through a csv::Reader (its missing tokens, its line numbers
// for messages); one record without a file goes through the same pipeline::encode_field.
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
    const bool missing = missing_.matches(field);
    std::ptrdiff_t category = -1;
    if (f.type == table::ColumnType::categorical && !missing) {
      // Categories are sorted (feature_pipeline.hpp).
      const auto it = std::lower_bound(f.categories.begin(), f.categories.end(), field);
      if (it != f.categories.end() && *it == field) category = it - f.categories.begin();
    }
    const auto columns = std::span<double>(encoded).subspan(pipeline.offset(j), f.width());
    if (pipeline::encode_field(f, field, missing, category, columns) ==
        pipeline::FieldOutcome::not_a_number) {
      throw Error(ErrorKind::data,
                  fmt::format("column \"{}\": \"{}\" is not a number (the model was trained "
                              "on numbers here)",
                              f.name, field));
    }
  }

  Prediction prediction;
  if (!model_.is_classifier()) {
    solvers::decision_row(model_.linear, encoded, std::span<double>(&prediction.value, 1));
    return prediction;
  }
  prediction.proba.resize(model_.classes.size());
  solvers::proba_row(model_.linear, encoded, prediction.proba);
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
