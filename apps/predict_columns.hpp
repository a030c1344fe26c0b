#pragma once
// The columns `mlctl predict` writes: the kept input columns, the prediction, and what --proba,
// --interval and --explain add. Apart from the command so that `mlctl serve` writes the same
// header for the same choices, byte for byte.

#include <cstddef>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "model/model.hpp"

namespace mlctl::cli {

// What the caller asked for (predict's flags, serve's query parameters).
struct ColumnChoice {
  std::vector<std::string> keep;  // as given to --keep (column_list.hpp)
  bool proba = false;
  double interval = 0.0;
  int explain = 0;
};

struct Columns {
  std::vector<std::string> names;  // output columns after the kept ones
  std::vector<std::size_t> keep;   // field positions of --keep columns
  std::vector<std::string> keep_names;
};

// Throws Error(usage) for a kept column not in `header` (named with `source`, line 1) and for
// proba of a model that is not a classifier.
Columns output_columns(const model::Model& m, const ColumnChoice& choice,
                       const std::vector<std::string>& header, const std::string& source);

// The CSV header line of `columns`, newline included.
void append_header(fmt::memory_buffer& text, const Columns& columns);

}  // namespace mlctl::cli
