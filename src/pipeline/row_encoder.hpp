#pragma once
// Encodes CSV records for prediction with a fitted pipeline: columns are matched by name (any
// order, extra columns ignored), missing values imputed, unseen categories encoded as zeros.
// Counts what it had to fill in or ignore, for the monitoring summary.
//
// The encoder itself is read-only after construction: threads may share one and encode with
// counters of their own (the four-argument encode), then add those up.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "csv/reader.hpp"
#include "pipeline/category_index.hpp"
#include "pipeline/feature_pipeline.hpp"
#include "pipeline/field_encoding.hpp"
#include "solvers/sparse_row.hpp"

namespace mlctl::pipeline {

struct EncodingCounters {
  std::uint64_t rows = 0;
  std::uint64_t rows_imputed = 0;                // rows with at least one missing feature value
  std::uint64_t unseen_values = 0;               // categorical values not seen in training
  std::vector<std::uint64_t> unseen_by_feature;  // indexed like pipeline.features()
  std::vector<std::uint64_t> missing_by_feature;

  // Adds `other`'s counts (same features) to these.
  void add(const EncodingCounters& other);
};

// The numbers among a record's fields, parsed as it was read (csv::read_plain_records): field
// i's number is value[i] where is_number[i] is set. Such a field is never a missing value.
struct ParsedNumbers {
  std::span<const double> value;
  std::span<const std::uint8_t> is_number;
};

class RowEncoder {
 public:
  // Throws Error(data) naming the first feature column missing from `header`.
  RowEncoder(const FeaturePipeline& pipeline, const std::vector<std::string>& header,
             const std::string& source);

  // Writes pipeline.width() values to `out`. Throws Error(data) with line and column for a
  // value that does not parse in a numeric column. Counts into the encoder's own counters.
  void encode(const csv::Row& row, const csv::Reader& reader, std::span<double> out) {
    encode(row, reader, out, counters_);
  }
  // The same, counting into `counters` (made by new_counters()); safe to call from many threads
  // at once, each with its own `out` and `counters`.
  void encode(const csv::Row& row, const csv::Reader& reader, std::span<double> out,
              EncodingCounters& counters) const;

  // The same row as a sparse row (`out` is cleared first): O(features) instead of O(width), for
  // scoring with solvers::decision_sparse. Same errors and counts as encode.
  void encode_sparse(const csv::Row& row, const csv::Reader& reader, solvers::SparseRow& out,
                     EncodingCounters& counters) const;

  // encode_sparse for a record whose numbers are parsed already: the same row, errors and
  // counts, without parsing a number twice.
  void encode_sparse(const csv::Row& row, ParsedNumbers numbers, const csv::Reader& reader,
                     solvers::SparseRow& out, EncodingCounters& counters) const;

  // The record fields the features are read from (in no particular order; a field may repeat).
  std::vector<std::size_t> field_positions() const;

  // Zeroed counters sized for this pipeline's features.
  EncodingCounters new_counters() const;
  const EncodingCounters& counters() const { return counters_; }

 private:
  // Counts a field's outcome, or throws for a field that is not a number. Returns whether the
  // value was missing (the row is then imputed).
  // Inline: it runs for every field; the error path is out of line.
  [[gnu::always_inline]] bool tally(FieldOutcome outcome, std::size_t feature, const csv::Row& row,
                                    EncodingCounters& counters) const {
    switch (outcome) {
      case FieldOutcome::not_a_number:
        throw_not_a_number(feature, row);
      case FieldOutcome::missing:
        ++counters.missing_by_feature[feature];
        return true;
      case FieldOutcome::unseen:
        ++counters.unseen_values;
        ++counters.unseen_by_feature[feature];
        return false;
      case FieldOutcome::value:
        return false;
    }
    return false;
  }
  // The per-record loop of encode and encode_sparse: `encode_one(feature, slot, field, missing,
  // categories)` encodes one field and returns its outcome, which is counted here.
  template <typename EncodeOne>
  [[gnu::always_inline]] void for_each_field(const csv::Row& row, const csv::Reader& reader,
                                             EncodingCounters& counters,
                                             const EncodeOne& encode_one) const {
    const auto& features = pipeline_.features();
    bool imputed = false;
    for (std::size_t j = 0; j < features.size(); ++j) {
      const Slot& slot = slots_[j];
      const std::string_view field = row.fields[slot.position];
      const CategoryIndex* categories = slot.categorical ? &*categories_[j] : nullptr;
      imputed |= tally(encode_one(features[j], slot, field, reader.is_missing(field), categories),
                       j, row, counters);
    }
    ++counters.rows;
    if (imputed) ++counters.rows_imputed;
  }
  [[noreturn, gnu::cold, gnu::noinline]] void throw_not_a_number(std::size_t feature,
                                                                 const csv::Row& row) const;

  const FeaturePipeline& pipeline_;
  std::string source_;
  // Per feature, what encoding a record needs of it, in one place for the per-field loop.
  struct Slot {
    std::size_t position;  // field index in the record
    std::size_t offset;    // first encoded column
    std::size_t width;     // encoded columns
    bool categorical;
  };
  std::vector<Slot> slots_;
  std::vector<std::optional<CategoryIndex>> categories_;  // per feature; set for categorical
  EncodingCounters counters_;
};

}  // namespace mlctl::pipeline
