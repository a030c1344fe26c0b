#include "model/predictor.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "common/error.hpp"
#include "csv/reader.hpp"
#include "pipeline/field_encoding.hpp"

namespace mlctl::model {

Predictor::Predictor(const Model& model, std::vector<std::string> extra_na)
    : model_(model), missing_(std::move(extra_na)) {
  for (const auto& f : model.pipeline.features()) {
    names_.push_back(f.name);
    auto& index = categories_.emplace_back();
    if (f.type == table::ColumnType::categorical) index.emplace(f);
  }
}

std::size_t Predictor::score_count() const {
  return std::max<std::size_t>(model_.classes.size(), 1);
}

std::size_t Predictor::score(std::span<const double> encoded, std::span<double> scores) const {
  if (!model_.is_classifier()) {
    solvers::decision_row(model_.linear, encoded, scores.first(1));
    return 0;
  }
  const auto classes = scores.first(model_.classes.size());
  solvers::proba_row(model_.linear, encoded, classes);
  return static_cast<std::size_t>(std::max_element(classes.begin(), classes.end()) -
                                  classes.begin());
}

Explanation Predictor::explain(std::span<const double> encoded, std::size_t predicted,
                               std::size_t count) const {
  const solvers::LinearModel& linear = model_.linear;
  const auto output = static_cast<Eigen::Index>(linear.coef.rows() > 1 ? predicted : 0);
  Explanation e;
  // The score exactly as predictions compute it, so `score` equals a ridge prediction bit for
  // bit; the contributions add up to it up to rounding.
  std::vector<double> raw(static_cast<std::size_t>(linear.coef.rows()));
  solvers::decision_row(linear, encoded, raw);
  e.score = raw[static_cast<std::size_t>(output)];
  std::vector<std::pair<std::size_t, double>> all;
  all.reserve(encoded.size());
  for (std::size_t j = 0; j < encoded.size(); ++j) {
    all.emplace_back(j, linear.coef(output, static_cast<Eigen::Index>(j)) * encoded[j]);
  }
  count = std::min(count, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(count), all.end(),
                    [](const auto& a, const auto& b) {
                      return std::abs(a.second) != std::abs(b.second)
                                 ? std::abs(a.second) > std::abs(b.second)
                                 : a.first < b.first;
                    });
  all.resize(count);
  e.top = std::move(all);
  return e;
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
    const pipeline::CategoryIndex* categories = categories_[j] ? &*categories_[j] : nullptr;
    const auto columns = std::span<double>(encoded).subspan(pipeline.offset(j), f.width());
    if (pipeline::encode_field(f, field, missing, categories, columns) ==
        pipeline::FieldOutcome::not_a_number) {
      throw Error(ErrorKind::data,
                  fmt::format("column \"{}\": \"{}\" is not a number (the model was trained "
                              "on numbers here)",
                              f.name, field));
    }
  }

  std::vector<double> scores(score_count());
  const std::size_t best = score(encoded, scores);
  Prediction prediction;
  if (!model_.is_classifier()) {
    prediction.value = scores[0];
    return prediction;
  }
  prediction.value = scores[best];
  prediction.label = model_.classes[best];
  prediction.proba = std::move(scores);
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
