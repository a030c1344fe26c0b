#include "pipeline/row_encoder.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.hpp"

namespace mlctl::pipeline {

void EncodingCounters::add(const EncodingCounters& other) {
  rows += other.rows;
  rows_imputed += other.rows_imputed;
  unseen_values += other.unseen_values;
  unseen_by_feature.resize(std::max(unseen_by_feature.size(), other.unseen_by_feature.size()));
  missing_by_feature.resize(std::max(missing_by_feature.size(), other.missing_by_feature.size()));
  for (std::size_t j = 0; j < other.unseen_by_feature.size(); ++j)
    unseen_by_feature[j] += other.unseen_by_feature[j];
  for (std::size_t j = 0; j < other.missing_by_feature.size(); ++j)
    missing_by_feature[j] += other.missing_by_feature[j];
}

RowEncoder::RowEncoder(const FeaturePipeline& pipeline, const std::vector<std::string>& header,
                       const std::string& source)
    : pipeline_(pipeline), source_(source) {
  const auto& features = pipeline.features();
  // Every missing column is named at once, so one run tells the user all that must be fixed.
  std::vector<std::string> missing;
  for (const auto& f : features) {
    if (std::find(header.begin(), header.end(), f.name) == header.end()) {
      missing.push_back(fmt::format("\"{}\"", f.name));
    }
  }
  if (missing.size() == 1) {
    throw Error(ErrorKind::data,
                fmt::format("column {} is missing: the model needs it as a feature", missing[0]),
                {source, 1});
  }
  if (!missing.empty()) {
    throw Error(ErrorKind::data,
                fmt::format("{} columns are missing: {}; the model needs them as features",
                            missing.size(), fmt::join(missing, ", ")),
                {source, 1});
  }
  for (const auto& f : features) {
    const auto it = std::find(header.begin(), header.end(), f.name);
    slots_.push_back({static_cast<std::size_t>(it - header.begin()), pipeline.offset(slots_.size()),
                      f.width(), f.type == table::ColumnType::categorical});
    auto& index = categories_.emplace_back();
    if (f.type == table::ColumnType::categorical) index.emplace(f);
  }
  counters_ = new_counters();
}

EncodingCounters RowEncoder::new_counters() const {
  EncodingCounters counters;
  counters.unseen_by_feature.assign(pipeline_.features().size(), 0);
  counters.missing_by_feature.assign(pipeline_.features().size(), 0);
  return counters;
}

void RowEncoder::throw_not_a_number(std::size_t feature, const csv::Row& row) const {
  const std::size_t position = slots_[feature].position;
  throw Error(ErrorKind::data,
              fmt::format("column \"{}\": \"{}\" is not a number (the model was trained "
                          "on numbers here)",
                          pipeline_.features()[feature].name, row.fields[position]),
              {source_, row.line, position + 1});
}

void RowEncoder::encode(const csv::Row& row, const csv::Reader& reader, std::span<double> out,
                        EncodingCounters& counters) const {
  std::fill(out.begin(), out.end(), 0.0);
  for_each_field(row, reader, counters,
                 [&](const Feature& f, const Slot& slot, std::string_view field, bool missing,
                     const CategoryIndex* categories) {
                   return encode_field(f, field, missing, categories,
                                       out.subspan(slot.offset, slot.width));
                 });
}

void RowEncoder::encode_sparse(const csv::Row& row, const csv::Reader& reader,
                               solvers::SparseRow& out, EncodingCounters& counters) const {
  out.clear();
  for_each_field(row, reader, counters,
                 [&](const Feature& f, const Slot& slot, std::string_view field, bool missing,
                     const CategoryIndex* categories) {
                   return encode_field_sparse(f, field, missing, categories, slot.offset, out);
                 });
}

void RowEncoder::encode_sparse(const csv::Row& row, ParsedNumbers numbers,
                               const csv::Reader& reader, solvers::SparseRow& out,
                               EncodingCounters& counters) const {
  out.clear();
  for_each_field(row, reader, counters,
                 [&](const Feature& f, const Slot& slot, std::string_view field, bool missing,
                     const CategoryIndex* categories) {
                   if (numbers.is_number[slot.position] && f.type == table::ColumnType::numeric) {
                     out.push(slot.offset, scaled_value(f, numbers.value[slot.position]));
                     return FieldOutcome::value;
                   }
                   return encode_field_sparse(f, field, missing, categories, slot.offset, out);
                 });
}

std::vector<std::size_t> RowEncoder::field_positions() const {
  std::vector<std::size_t> positions;
  for (const Slot& slot : slots_) positions.push_back(slot.position);
  return positions;
}

}  // namespace mlctl::pipeline
