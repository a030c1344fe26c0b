#include "model/read_settings.hpp"

#include <fmt/format.h>

namespace mlctl::model {

ReadSettings read_settings_of(const csv::Dialect& used, char delimiter,
                              const table::DeclaredTypes& types) {
  ReadSettings settings{used, types, true};
  // What was asked is what is repeated: left to the file name (a model trained on data.csv
  // predicts new.tsv), sniffed again, or the delimiter given.
  if (used.delimiter != '\0' && used.delimiter != csv::kSniffDelimiter) {
    settings.dialect.delimiter = delimiter;
  }
  return settings;
}

std::string delimiter_name(char delimiter) {
  if (delimiter == '\0') return "by file name";
  if (delimiter == csv::kSniffDelimiter) return "auto";
  if (delimiter == '\t') return "tab";
  return fmt::format("'{}'", delimiter);
}

std::string quoted_list(const std::vector<std::string>& items) {
  if (items.empty()) return "none";
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += fmt::format("\"{}\"", item);
  }
  return out;
}

namespace {

// Takes the flag's value when given; notes a recorded setting it changes. `what` is the
// setting and its verb: "delimiter is", "missing-value tokens are".
template <typename T, typename Show>
void take(const std::optional<T>& flag, T& value, bool recorded, std::string_view flag_name,
          std::string_view what, Show show, std::vector<std::string>& notes) {
  if (!flag) return;
  if (recorded && *flag != value) {
    const auto space = what.rfind(' ');
    notes.push_back(fmt::format("{} given: the model's {} ({}) {} replaced by {}", flag_name,
                                what.substr(0, space), show(value), what.substr(space + 1),
                                show(*flag)));
  }
  value = *flag;
}

}  // namespace

csv::Dialect reading_dialect(const ReadSettings& model, const ReadFlags& given,
                             std::vector<std::string>& notes) {
  csv::Dialect d = model.dialect;
  const bool recorded = model.recorded;
  const auto yes_no = [](bool b) { return b ? "yes" : "no"; };
  const auto character = [](char c) { return fmt::format("'{}'", c); };
  take(given.delimiter, d.delimiter, recorded, "--delimiter", "delimiter is", delimiter_name,
       notes);
  take(given.decimal, d.decimal, recorded, "--decimal", "decimal mark is", character, notes);
  take(
      given.header, d.header, recorded, given.header_flag, "header setting is",
      [&](bool b) { return fmt::format("header row: {}", yes_no(b)); }, notes);
  take(given.columns, d.columns, recorded, "--columns", "column names are", quoted_list, notes);
  take(
      given.trim, d.trim, recorded, "--trim", "trim setting is",
      [&](bool b) { return fmt::format("trim: {}", yes_no(b)); }, notes);
  take(given.na, d.extra_na, recorded, "--na", "missing-value tokens are", quoted_list, notes);
  return d;
}

}  // namespace mlctl::model
