#include "model_reading.hpp"

#include <cstdio>

#include <fmt/format.h>

namespace mlctl::cli {

model::ReadFlags given_read_flags(const CsvFlags& flags) {
  const csv::ReaderOptions options = reader_options(flags);
  model::ReadFlags given;
  if (!flags.delimiter.empty()) given.delimiter = options.delimiter;
  if (!flags.decimal.empty()) given.decimal = options.decimal;
  if (flags.no_header) given.header = false;
  given.header_flag = flags.no_header_flag;
  if (!flags.columns.empty()) given.columns = options.columns;
  if (flags.trim) given.trim = true;
  if (!flags.na.empty()) given.na = flags.na;
  return given;
}

csv::ReaderOptions model_reader_options(const CsvFlags& flags, const model::Model& model,
                                        bool quiet) {
  csv::ReaderOptions options = reader_options(flags);
  std::vector<std::string> notes;
  static_cast<csv::Dialect&>(options) =
      model::reading_dialect(model.read_settings, given_read_flags(flags), notes);
  // Headerless input without names: the columns are the model's features, in their order.
  if (!options.header && options.columns.empty()) {
    for (const auto& feature : model.pipeline.features()) options.columns.push_back(feature.name);
  }
  if (!quiet) {
    for (const auto& note : notes) fmt::print(stderr, "mlctl: note: {}\n", note);
  }
  return options;
}

}  // namespace mlctl::cli
