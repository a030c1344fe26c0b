#include "csv/dialect.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/error.hpp"
#include "csv/syntax.hpp"

namespace mlctl::csv {

namespace {

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  const auto tail = text.substr(text.size() - suffix.size());
  return std::equal(tail.begin(), tail.end(), suffix.begin(), [](char a, char b) {
    return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a) == b;
  });
}

// The fields of each record in `sample` split at `delimiter`, by csv/syntax.hpp (without
// --trim); blank lines are not records. The last record counts only when `whole` (the sample is
// the whole input) or a line break ends it. At most `most` records are counted.
std::vector<std::size_t> fields_per_record(std::string_view sample, char delimiter, bool whole,
                                           std::size_t most) {
  std::vector<std::size_t> counts;
  std::size_t fields = 1;
  bool field_start = true;
  bool quoted = false;
  bool content = false;
  for (std::size_t i = 0; i < sample.size() && counts.size() < most; ++i) {
    const char c = sample[i];
    if (quoted) {
      if (c == syntax::kQuote) {
        if (i + 1 < sample.size() && syntax::is_doubled_quote(sample.data() + i)) {
          ++i;
        } else {
          quoted = false;
        }
      }
      continue;
    }
    if (syntax::is_line_break(c)) {
      if (content) counts.push_back(fields);
      fields = 1;
      field_start = true;
      content = false;
      continue;
    }
    content = true;
    if (c == delimiter) {
      ++fields;
      field_start = true;
    } else {
      quoted = field_start && c == syntax::kQuote;
      field_start = false;
    }
  }
  if (whole && content && !quoted && counts.size() < most) counts.push_back(fields);
  return counts;
}

}  // namespace

char sniff_delimiter(std::string_view sample, bool whole, char decimal, char fallback) {
  for (const char candidate : {',', ';', '\t', '|'}) {
    if (candidate == decimal) continue;
    const auto counts = fields_per_record(sample, candidate, whole, kSniffRecords);
    if (counts.empty() || counts.front() < 2) continue;
    if (std::all_of(counts.begin(), counts.end(),
                    [&](std::size_t n) { return n == counts.front(); })) {
      return candidate;
    }
  }
  return fallback;
}

namespace detail {

char delimiter_by_name(std::string_view path) {
  return ends_with_ignoring_case(path, ".tsv") || ends_with_ignoring_case(path, ".tab") ? '\t'
                                                                                        : ',';
}

char chosen_delimiter(std::string_view path, char requested) {
  if (requested == '\0') return delimiter_by_name(path);
  if (!syntax::can_delimit(requested)) {
    throw Error(ErrorKind::usage, "the delimiter cannot be a quote or a line break");
  }
  return requested;
}

void check_dialect(const Dialect& dialect) {
  if (dialect.decimal != '.' && dialect.decimal != ',') {
    throw Error(ErrorKind::usage,
                fmt::format("the decimal mark must be '.' or ',', got {:?}", dialect.decimal));
  }
  if (!dialect.header && dialect.columns.empty()) {
    throw Error(ErrorKind::usage,
                "input without a header row needs its column names (--columns a,b,c)");
  }
  if (dialect.header && !dialect.columns.empty()) {
    throw Error(ErrorKind::usage,
                "--columns names the columns of input without a header row: "
                "give --no-header too");
  }
}

}  // namespace detail

}  // namespace mlctl::csv
