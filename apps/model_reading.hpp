#pragma once
// How predict, retrain and lint-data -m read data for a model: the reading settings the model
// recorded (model/read_settings.hpp), with each reading flag of the command line in their place.

#include "cli.hpp"
#include "model/model.hpp"

namespace mlctl::cli {

// The reading flags `flags` holds that were given (an empty --delimiter or --na was not).
// Throws Error(usage) for an invalid --delimiter.
model::ReadFlags given_read_flags(const CsvFlags& flags);

// reader_options(flags) with the model's recorded settings for every reading flag not given.
// Headerless input with no column names (--no-header alone, for a model trained with a header)
// is read as the model's features, in the model's order.
// Prints one "mlctl: note: ..." line on stderr (unless `quiet`) for each setting of the model a
// flag changes.
csv::ReaderOptions model_reader_options(const CsvFlags& flags, const model::Model& model,
                                        bool quiet);

}  // namespace mlctl::cli
