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

namespace {

// One row's scores (dense or sparse: `decision` and `proba` read it) and its predicted class
// (0 for a regressor).
template <class Decision, class Proba>
std::size_t score_with(const Model& model, std::span<double> scores, Decision decision,
                       Proba proba) {
  if (!model.is_classifier()) {
    decision(scores.first(1));
    return 0;
  }
  const auto classes = scores.first(model.classes.size());
  proba(classes);
  return static_cast<std::size_t>(std::max_element(classes.begin(), classes.end()) -
                                  classes.begin());
}

}  // namespace

std::size_t Predictor::score(std::span<const double> encoded, std::span<double> scores) const {
  const solvers::LinearModel& linear = model_.linear;
  return score_with(
      model_, scores, [&](std::span<double> out) { solvers::decision_row(linear, encoded, out); },
      [&](std::span<double> out) { solvers::proba_row(linear, encoded, out); });
}

std::size_t Predictor::score(const solvers::SparseRow& row, std::span<double> scores) const {
  const solvers::LinearModel& linear = model_.linear;
  return score_with(
      model_, scores, [&](std::span<double> out) { solvers::decision_sparse(linear, row, out); },
      [&](std::span<double> out) { solvers::proba_sparse(linear, row, out); });
}

Eigen::Index Predictor::explained_output(std::size_t predicted) const {
  return static_cast<Eigen::Index>(model_.linear.coef.rows() > 1 ? predicted : 0);
}

namespace {

// The explanation's order: the largest |contribution| first, ties to the lower column.
bool larger_contribution(const std::pair<std::size_t, double>& a,
                         const std::pair<std::size_t, double>& b) {
  return std::abs(a.second) != std::abs(b.second) ? std::abs(a.second) > std::abs(b.second)
                                                  : a.first < b.first;
}

}  // namespace

Explanation Predictor::explain(const solvers::SparseRow& row, std::size_t predicted,
                               std::size_t count) const {
  const solvers::LinearModel& linear = model_.linear;
  const Eigen::Index output = explained_output(predicted);
  Explanation e;
  std::vector<double> raw(static_cast<std::size_t>(linear.coef.rows()));
  solvers::decision_sparse(linear, row, raw);
  e.score = raw[static_cast<std::size_t>(output)];
  const auto contribution = [&](std::size_t i) {
    return linear.coef(output, static_cast<Eigen::Index>(row.columns()[i])) * row.values()[i];
  };
  // The listed columns that contribute, in the dense explanation's order.
  std::vector<std::pair<std::size_t, double>> top;
  for (std::size_t i = 0; i < row.size(); ++i) {
    const double c = contribution(i);
    if (c != 0.0) top.emplace_back(row.columns()[i], c);
  }
  std::sort(top.begin(), top.end(), larger_contribution);
  count = std::min(count, static_cast<std::size_t>(linear.coef.cols()));
  if (top.size() >= count) {
    top.resize(count);
    e.top = std::move(top);
    return e;
  }
  // Then zero contributions (|c| = 0 ties), lowest column first: listed columns whose
  // contribution is zero and unlisted ones, coef x 0.0 with the sign the dense product has.
  std::size_t next = 0;
  for (Eigen::Index j = 0; j < linear.coef.cols() && top.size() < count; ++j) {
    const auto column = static_cast<std::size_t>(j);
    while (next < row.size() && row.columns()[next] < column) ++next;
    const bool listed = next < row.size() && row.columns()[next] == column;
    const double c = listed ? contribution(next) : linear.coef(output, j) * 0.0;
    if (c == 0.0) top.emplace_back(column, c);
  }
  e.top = std::move(top);
  return e;
}

Explanation Predictor::explain(std::span<const double> encoded, std::size_t predicted,
                               std::size_t count) const {
  const solvers::LinearModel& linear = model_.linear;
  const Eigen::Index output = explained_output(predicted);
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
                    larger_contribution);
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
  solvers::SparseRow row;
  row.reserve(features.size());
  for (std::size_t j = 0; j < features.size(); ++j) {
    const pipeline::Feature& f = features[j];
    const std::string_view field = fields[j];
    const bool missing = missing_.matches(field);
    const pipeline::CategoryIndex* categories = categories_[j] ? &*categories_[j] : nullptr;
    if (pipeline::encode_field_sparse(f, field, missing, categories, pipeline.offset(j), row) ==
        pipeline::FieldOutcome::not_a_number) {
      throw Error(ErrorKind::data,
                  fmt::format("column \"{}\": \"{}\" is not a number (the model was trained "
                              "on numbers here)",
                              f.name, field));
    }
  }

  std::vector<double> scores(score_count());
  const std::size_t best = score(row, scores);
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
