#pragma once
// The CSV dialect: the settings that say how an input is to be read, how the delimiter is chosen
// (given, by the file name, or sniffed), and the checks of settings that do not depend on the
// input. The syntax these settings tune is in csv/syntax.hpp.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mlctl::csv {

// How an input is to be read: what a model remembers of its training data (model::ReadSettings
// stores these fields) so that predict, retrain and lint-data -m read new data the same way.
struct Dialect {
  // '\0' = by the file name: tab for *.tsv / *.tab, else comma. kSniffDelimiter = sniffed from
  // the first lines among , ; tab | (--delimiter auto). A model stores the delimiter chosen.
  char delimiter = '\0';
  char decimal = '.';                 // ',' for decimal-comma files (--decimal ,)
  bool header = true;                 // false: --no-header, the names come from `columns`
  std::vector<std::string> columns;   // column names for headerless input
  bool trim = false;                  // --trim: spaces and tabs around unquoted fields dropped
  std::vector<std::string> extra_na;  // missing-value tokens in addition to the defaults
};
inline constexpr char kSniffDelimiter = '\x01';

// --delimiter auto: the first of , ; tab | (in that order, skipping `decimal`) that splits every
// record of `sample` (at most kSniffRecords of them, by the reader's quoting rules, blank lines
// left out) into the same number of fields, more than one; `fallback` when none does. The last
// record counts only when a line break ends it or `whole` (the sample is the whole input).
// The Reader samples the first kSniffRecords lines, or kSniffBytes bytes when they are longer.
inline constexpr std::size_t kSniffRecords = 20;
inline constexpr std::size_t kSniffBytes = 1 << 16;
char sniff_delimiter(std::string_view sample, bool whole, char decimal, char fallback);

namespace detail {

// The delimiter a file name asks for: tab for *.tsv and *.tab (any case), else comma.
char delimiter_by_name(std::string_view path);

// The delimiter to read `path` with when Dialect::delimiter is `requested` (not
// kSniffDelimiter): delimiter_by_name for '\0'. Throws Error(usage) for one the syntax cannot
// hold (a quote or a line break).
char chosen_delimiter(std::string_view path, char requested);

// Checks the settings that do not depend on the input (the decimal mark; a header row or
// column names, not both); throws Error(usage) with the message the user sees.
void check_dialect(const Dialect& dialect);

}  // namespace detail

}  // namespace mlctl::csv
