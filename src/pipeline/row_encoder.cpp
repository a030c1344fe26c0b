#include "pipeline/row_encoder.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/error.hpp"
#include "pipeline/field_encoding.hpp"

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
    const bool missing = reader.is_missing(field);
    std::ptrdiff_t category = -1;
    if (f.type == table::ColumnType::categorical && !missing) {
      const auto it = index_[j].find(field);
      if (it != index_[j].end()) category = it->second;
    }
    const auto columns = out.subspan(pipeline_.offset(j), f.width());
    switch (encode_field(f, field, missing, category, columns)) {
      case FieldOutcome::not_a_number:
        throw Error(ErrorKind::data,
                    fmt::format("column \"{}\": \"{}\" is not a number (the model was trained "
                                "on numbers here)",
                                f.name, field),
                    {source_, row.line, positions_[j] + 1});
      case FieldOutcome::missing:
        imputed = true;
        ++counters_.missing_by_feature[j];
        break;
      case FieldOutcome::unseen:
        ++counters_.unseen_values;
        ++counters_.unseen_by_feature[j];
        break;
      case FieldOutcome::value:
        break;
    }
  }
  ++counters_.rows;
  if (imputed) ++counters_.rows_imputed;
}

}  // namespace mlctl::pipeline
