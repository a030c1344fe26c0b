#include "pipeline/row_encoder.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl::pipeline {

RowEncoder::RowEncoder(const FeaturePipeline& pipeline, const std::vector<std::string>& header,
                       const std::string& source)
    : pipeline_(pipeline), source_(source) {
  const auto& features = pipeline.features();
  for (const auto& f : features) {
    const auto it = std::find(header.begin(), header.end(), f.name);
    if (it == header.end()) {
      throw Error(ErrorKind::data,
                  fmt::format("column \"{}\" is missing: the model needs it as a feature", f.name),
                  {source, 1});
    }
    positions_.push_back(static_cast<std::size_t>(it - header.begin()));
    auto& index = index_.emplace_back();
    for (std::size_t k = 0; k < f.categories.size(); ++k) {
      index.emplace(f.categories[k], static_cast<std::int32_t>(k));
    }
  }
  counters_.unseen_by_feature.assign(features.size(), 0);
  counters_.missing_by_feature.assign(features.size(), 0);
}

void RowEncoder::encode(const csv::Row& row, const csv::Reader& reader, std::span<double> out) {
  std::fill(out.begin(), out.end(), 0.0);
  const auto& features = pipeline_.features();
  bool imputed = false;
  for (std::size_t j = 0; j < features.size(); ++j) {
    const Feature& f = features[j];
    const std::string_view field = row.fields[positions_[j]];
    const std::size_t offset = pipeline_.offset(j);
    const bool missing = reader.is_missing(field);
    if (missing) {
      imputed = true;
      ++counters_.missing_by_feature[j];
    }
    if (f.type == table::ColumnType::numeric) {
      double value = f.fill;
      if (!missing) {
        const auto parsed = csv::parse_number(field);
        if (!parsed) {
          throw Error(ErrorKind::data,
                      fmt::format("column \"{}\": \"{}\" is not a number (the model was trained "
                                  "on numbers here)",
                                  f.name, field),
                      {source_, row.line, positions_[j] + 1});
        }
        value = *parsed;
      }
      out[offset] = (value - f.center) / f.scale;
      continue;
    }
    if (missing) {
      if (f.missing_category) out[offset + f.categories.size()] = 1.0;
      continue;
    }
    const auto it = index_[j].find(field);
    if (it == index_[j].end()) {
      ++counters_.unseen_values;
      ++counters_.unseen_by_feature[j];
      continue;
    }
    out[offset + static_cast<std::size_t>(it->second)] = 1.0;
  }
  ++counters_.rows;
  if (imputed) ++counters_.rows_imputed;
}

}  // namespace mlctl::pipeline
