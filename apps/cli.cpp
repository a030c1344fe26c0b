#include "cli.hpp"

#include <sched.h>

#include <algorithm>
#include <charconv>
#include <thread>

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl::cli {

unsigned GlobalOptions::worker_threads() const {
  if (threads != 0) return threads;
  // The cores this process may run on: fewer than the machine's under taskset, a cpuset, or an
  // MPI launcher that binds each rank to its cores (mpirun does for 2 ranks or fewer).
  cpu_set_t allowed;
  if (::sched_getaffinity(0, sizeof allowed, &allowed) == 0) {
    return std::max(1u, static_cast<unsigned>(CPU_COUNT(&allowed)));
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

std::string ExitCodeMeaning::text() const {
  std::string out(name);
  if (!detail.empty()) out += fmt::format(": {}", detail);
  return out;
}

std::string exit_codes_help() {
  std::string out = "Exit codes:\n";
  for (const auto& exit_code : kExitCodes) {
    out += fmt::format("  {}  {}\n", static_cast<int>(exit_code.code), exit_code.text());
  }
  return out;
}

void set_examples(Command& app, const std::string& examples) {
  app.footer("\nExamples:\n" + examples);
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < examples.size()) {
    std::size_t end = examples.find('\n', start);
    if (end == std::string::npos) end = examples.size();
    const std::size_t first = examples.find_first_not_of(' ', start);
    if (first < end) lines.push_back(examples.substr(first, end - first));
    start = end + 1;
  }
  app.set_examples(std::move(lines));
}

void add_csv_flags(Command& app, CsvFlags& flags, const char* no_header_flag) {
  app.add_value("--delimiter", flags.delimiter,
                "Field separator: ',' ';' 'tab' '|' or 'auto' (sniffed from the first lines; "
                "default: tab for .tsv/.tab, else ',')",
                text("SEP"));
  app.add_value("--decimal", flags.decimal,
                "Decimal mark of the numbers: '.' (default) or ',' (then the delimiter is not "
                "',')",
                text("MARK"));
  flags.no_header_flag = no_header_flag;
  app.add_flag(no_header_flag, flags.no_header,
               "The input's first line is data, not column names (name them with --columns)");
  // Named as on this subcommand: predict's --no-header is about its output.
  app.add_value("--columns", flags.columns,
                fmt::format("Column names for input without a header row, comma-separated (with "
                            "{})",
                            no_header_flag),
                text("A,B,C"));
  app.add_flag("--trim", flags.trim, "Drop spaces and tabs around fields and column names");
  app.add_value("--na", flags.na, "Another token meaning a missing value (repeatable)",
                text("TOKEN"));
  app.add_value("--max-field-size", flags.max_field_size,
                fmt::format("Longest field accepted, in bytes (default: {})", flags.max_field_size),
                text("BYTES"))
      ->check(CLI::PositiveNumber);
  app.add_value("--max-columns", flags.max_columns,
                fmt::format("Most columns accepted (default: {})", flags.max_columns), text("N"))
      ->check(CLI::PositiveNumber);
}

csv::ReaderOptions reader_options(const CsvFlags& flags) {
  csv::ReaderOptions options;
  options.extra_na = flags.na;
  options.max_field_bytes = flags.max_field_size;
  options.max_columns = flags.max_columns;
  options.trim = flags.trim;
  options.header = !flags.no_header;
  options.columns = split_list(flags.columns);
  if (!flags.columns.empty() && options.columns.empty()) {
    throw Error(ErrorKind::usage, "--columns names no column");
  }
  if (options.header && !options.columns.empty()) {
    throw Error(
        ErrorKind::usage,
        fmt::format("--columns names the columns of input without a header row: give {} too",
                    flags.no_header_flag));
  }
  const std::string& m = flags.decimal;
  if (m == "," || m == ".") {
    options.decimal = m[0];
  } else if (!m.empty()) {
    throw Error(ErrorKind::usage, fmt::format("--decimal must be '.' or ',', got '{}'", m));
  }
  const std::string& d = flags.delimiter;
  if (d == "," || d == ";" || d == "|") {
    options.delimiter = d[0];
  } else if (d == "tab" || d == "\\t" || d == "\t") {
    options.delimiter = '\t';
  } else if (d == "auto") {
    options.delimiter = csv::kSniffDelimiter;
  } else if (!d.empty()) {
    throw Error(ErrorKind::usage,
                fmt::format("--delimiter must be ',', ';', 'tab', '|' or 'auto', got '{}'", d));
  }
  if (options.decimal == ',' && options.delimiter == ',') {
    throw Error(ErrorKind::usage, "--decimal , and --delimiter , cannot go together");
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
