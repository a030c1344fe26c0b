#pragma once
// What lint-data learns about one column on its own, in one pass and bounded memory, and the
// findings that follow from it (constant, identifier-like, mostly missing, mixed types).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "checks/cell.hpp"
#include "checks/finding.hpp"
#include "checks/sketches.hpp"
#include "common/text_spool.hpp"

namespace mlctl::checks {

struct LintOptions;

// Values shown in a message: the first kMax distinct ones, with the line each first appears on.
// The first value's line is `first_line`, the finding's own line (Finding::line), which every
// output format shows beside the message; list() names the lines of the others only.
struct Examples {
  static constexpr std::size_t kMax = 5;
  std::uint64_t count = 0;
  std::uint64_t first_line = 0;
  std::vector<std::pair<std::string, std::uint64_t>> shown;  // text, line

  void add(std::string_view text, std::uint64_t line);
  // `"abc", "x" (line 9)`, then `(12 in all)` when there are more.
  std::string list() const;
};

struct ColumnProfile {
  std::string name;
  std::uint64_t missing = 0;
  std::uint64_t first_missing_line = 0;
  std::uint64_t numbers = 0;
  bool all_integers = true;  // among the numbers
  Examples texts;            // non-missing values that are not numbers
  std::string first_value;
  std::uint64_t first_key = 0;
  bool varies = false;
  // Distinct values: by number while the column is numeric ("1" and "1.0" are one), by text
  // once it has text (they are two, as pandas counts a text column's values). The numbers read
  // before the first text are then counted again by their text: from the text kept (keep_text), or
  // else on the rows before pending_end, given again to add_pending once the pass is over.
  DistinctSketch distinct;
  // Distinct non-number texts, by value hash, up to one more than a "few" (non_numbers.hpp).
  std::vector<std::uint64_t> text_keys;
  // For a row-number column (0..n-1 or 1..n in any order, or counting up by 1): the smallest
  // and largest number, whether each number is the one before plus 1, and a sum of a hash of
  // each (integer) number, compared at the end with the sum over the range.
  double min = 0, max = 0, previous = 0;
  bool consecutive = true;
  std::uint64_t integer_hash_sum = 0;
  std::uint64_t pending_end = 0;

  // Keep the text of the numbers too (input that cannot be read again), in `spool`.
  void keep_text(std::shared_ptr<Spool> spool) { kept_.emplace(std::move(spool)); }
  void add(const Cell& cell, std::uint64_t line);
  // A value of a row before pending_end, read again: counted by its text, whose text_key this
  // is (0 for a missing value).
  void add_pending(std::uint64_t key);
  std::uint64_t present() const { return numbers + texts.count; }
  bool numeric() const { return numbers > 0 && texts.count == 0; }
  bool constant() const { return present() > 0 && !varies; }
  // Numeric but for a few non-numbers (checks/non_numbers.hpp).
  bool few_non_numbers() const;
  // The integers min..max each once, and as many as the values: a row number.
  bool row_number() const;

 private:
  std::optional<SpooledTexts> kept_;  // keep_text: each row's text while numeric ("" missing)
};

// "if it marks a missing value, add --na '?'" for the column's non-numbers.
std::string na_advice(const ColumnProfile& profile);

// The key of a value by its text (xxh3, even; never 0): a text column's values as written.
std::uint64_t text_key(std::string_view text);

// Appends the column's own findings. `is_target` leaves out the identifier check.
void column_findings(const ColumnProfile& profile, std::uint64_t rows, bool is_target,
                     const LintOptions& options, std::vector<Finding>& out);

}  // namespace mlctl::checks
