#include "cli.hpp"

#include <algorithm>
#include <charconv>
#include <thread>

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl::cli {

unsigned GlobalOptions::worker_threads() const {
  if (threads != 0) return threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

void set_examples(CLI::App& app, const std::string& examples) {
  app.footer("\nExamples:\n" + examples);
}

void add_csv_flags(CLI::App& app, CsvFlags& flags) {
  app.add_option("--delimiter", flags.delimiter,
                 "Field separator: ',' ';' or 'tab' (default: tab for .tsv/.tab, else ',')");
  app.add_option("--na", flags.na, "Another token meaning a missing value (repeatable)")
      ->type_name("TOKEN");
  app.add_option(
         "--max-field-size", flags.max_field_size,
         fmt::format("Longest field accepted, in bytes (default: {})", flags.max_field_size))
      ->type_name("BYTES")
      ->check(CLI::PositiveNumber);
  app.add_option("--max-columns", flags.max_columns,
                 fmt::format("Most columns accepted (default: {})", flags.max_columns))
      ->type_name("N")
      ->check(CLI::PositiveNumber);
}

csv::ReaderOptions reader_options(const CsvFlags& flags) {
  csv::ReaderOptions options;
  options.extra_na = flags.na;
  options.max_field_bytes = flags.max_field_size;
  options.max_columns = flags.max_columns;
  const std::string& d = flags.delimiter;
  if (d.empty()) return options;
  if (d == "," || d == ";") {
    options.delimiter = d[0];
  } else if (d == "tab" || d == "\\t" || d == "\t") {
    options.delimiter = '\t';
  } else {
    throw Error(ErrorKind::usage,
                fmt::format("--delimiter must be ',', ';' or 'tab', got '{}'", d));
  }
  return options;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    const auto first = item.find_first_not_of(' ');
    const auto last = item.find_last_not_of(' ');
    if (first != std::string::npos) items.push_back(item.substr(first, last - first + 1));
    start = end + 1;
  }
  return items;
}

std::vector<double> parse_alphas(const std::string& text) {
  std::vector<double> alphas;
  for (const auto& item : split_list(text)) {
    double value = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (ec != std::errc() || end != item.data() + item.size()) {
      throw Error(ErrorKind::usage, fmt::format("--alpha: \"{}\" is not a number", item));
    }
    alphas.push_back(value);
  }
  return alphas;
}

}  // namespace mlctl::cli
