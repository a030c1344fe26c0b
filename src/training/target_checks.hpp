#pragma once
// Train refuses to guess silently: the checks that stop a run, or warn, when the data is read
// in a way the user most likely did not mean. A target that is numeric but for a stray "?"
// would become hundreds of classes; a class count near the row count is not classification; an
// integer target with a few values may be classes; a feature that is text only because of a
// stray value one-hot encodes into a column per number; rows copied on both sides of a holdout
// flatter the held-out metrics. docs/guide.md ("When train refuses or warns") lists them.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "table/table.hpp"

namespace mlctl::training {

// A value of a text column that does not parse as a number.
struct NonNumber {
  std::string text;
  std::size_t count = 0;
  std::uint64_t line = 0;  // the CSV line of its first row
};

struct NonNumbers {
  std::size_t numbers = 0;        // non-missing values that parse as numbers
  std::size_t count = 0;          // non-missing values that do not
  std::vector<NonNumber> values;  // each distinct one, in order of first appearance
};

// For a categorical column that is numeric but for a few non-numbers
// (checks::few_non_numbers): its non-numbers; else nullopt. A column of real text is told
// from its labels alone, before any pass over the rows.
std::optional<NonNumbers> find_few_non_numbers(const table::Table& table,
                                               const table::Column& column);

// `"?" on line 12`, or `"?" (3 rows, the first on line 12), "-" on line 40`: at most 5 values,
// then "and N more".
std::string describe(const NonNumbers& non_numbers);

// Before the algorithm is chosen: a target numeric but for a few non-numbers is an
// Error(data) naming them and --na, unless classes were asked for (--algorithm logistic).
void check_target_values(const table::Table& table, const table::Column& target,
                         const std::optional<model::Algorithm>& algorithm);

// The default limit on classes: at most 100, and beyond 10, at most one class per 5 rows with a
// target (a few classes in a small table are fine).
inline constexpr std::size_t kDefaultMaxClasses = 100;
inline constexpr std::size_t kRowsPerClass = 5;
inline constexpr std::size_t kClassesAlwaysAllowed = 10;

// A logistic target with more classes than `max_classes` (or, when not given, than the default
// limit) is an Error(data) naming the count and --max-classes.
void check_class_count(const table::Table& table, const std::string& target, std::size_t classes,
                       std::size_t rows, const std::optional<std::size_t>& max_classes);

// What the warnings below need to know about the run.
struct GuardContext {
  const table::Column& target;
  model::Algorithm algorithm;
  bool algorithm_chosen = false;      // by the target, not by --algorithm
  std::span<const std::size_t> rows;  // rows with a target
  std::span<const std::string> features;
  // A holdout or cross-validation measures the model, and the table holds every column of the
  // file: copies of a record are then told from different records with the same features.
  bool held_out_whole_rows = false;
  unsigned threads = 1;
};

// Appends one line per warning: an integer target with few values fitted as ridge, features
// that are text only because of a few non-numbers, rows copied on both sides of the holdout.
void warn_about_data(const table::Table& table, const GuardContext& context,
                     std::vector<std::string>& warnings);

// The distinct integers of a numeric column over `rows`, sorted, when they are all integers
// and at most `limit` distinct; else nullopt. Stops at the first value that rules it out.
std::optional<std::vector<double>> few_integer_values(const table::Column& column,
                                                      std::span<const std::size_t> rows,
                                                      std::size_t limit);

// How many of `rows` repeat an earlier one of them exactly, in every column of the table
// (64-bit row hashes: two different rows match with probability about n² / 2⁶⁵).
// Hashed on up to `threads` threads; the count does not depend on them. The hashes live in the
// table's arena (they spill under --memory); they are counted a run of about `run_bytes` of
// them at a time, one pass over them per run.
inline constexpr std::size_t kDuplicateRunBytes = std::size_t{32} << 20;
std::size_t count_duplicate_rows(const table::Table& table, std::span<const std::size_t> rows,
                                 unsigned threads = 1, std::size_t run_bytes = kDuplicateRunBytes);

}  // namespace mlctl::training
