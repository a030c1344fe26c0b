#pragma once
// How a model's training data was read, so that `predict`, `retrain` and `lint-data -m` read new
// data the same way by default (#12). The model file stores these (docs/model-format.md,
// "reading"); a reading flag given on the command line replaces the model's setting.

#include <optional>
#include <string>
#include <vector>

#include "csv/reader.hpp"
#include "table/table.hpp"

namespace mlctl::model {

struct ReadSettings {
  // The delimiter as asked: '\0' (by file name: no --delimiter given), csv::kSniffDelimiter
  // (--delimiter auto: sniffed again for each input) or the one given. A model file of format 1.0
  // recorded none: it reads as the defaults, with the delimiter chosen by the file name.
  csv::Dialect dialect;
  table::DeclaredTypes types;
  bool recorded = false;  // false: from a format 1.0 file, which did not store them
};

// The settings of a training read: `used` as given to the reader, `delimiter` the one it chose
// (stored only when it was given explicitly).
ReadSettings read_settings_of(const csv::Dialect& used, char delimiter,
                              const table::DeclaredTypes& types = {});

// The reading settings a command line gave; unset ones are taken from the model.
struct ReadFlags {
  std::optional<char> delimiter;                    // --delimiter
  std::optional<char> decimal;                      // --decimal
  std::optional<bool> header;                       // false: --no-header
  std::optional<std::vector<std::string>> columns;  // --columns
  std::optional<bool> trim;                         // --trim
  std::optional<std::vector<std::string>> na;       // --na (replaces the model's tokens)
  // The headerless-input switch as the command names it, for notes (predict's is
  // --no-input-header: its --no-header is about the output).
  std::string header_flag = "--no-header";
};

// The dialect to read new data with: the model's settings, each one the command line gave
// replaced by the flag's value. For every recorded setting the flag changes, `notes` gets one
// line for the user: "--na given: the model's missing-value tokens ("?") are replaced by "-"".
csv::Dialect reading_dialect(const ReadSettings& model, const ReadFlags& given,
                             std::vector<std::string>& notes);

// "','", "';'", "tab", "'|'"; "by file name" for '\0', "auto" for csv::kSniffDelimiter.
std::string delimiter_name(char delimiter);
// "\"?\", \"-\"", or "none".
std::string quoted_list(const std::vector<std::string>& items);

}  // namespace mlctl::model
