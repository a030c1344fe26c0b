#include "training/target_checks.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "checks/non_numbers.hpp"
#include "common/error.hpp"
#include "common/parallel.hpp"
#include "csv/reader.hpp"

namespace mlctl::training {
namespace {

using table::ColumnType;

// An integer target with at most this many distinct values, and at least this many rows per
// value, may be classes coded as numbers.
constexpr std::size_t kMaxIntegerClasses = 20;
constexpr std::size_t kRowsPerIntegerClass = 10;
// Values a message names at most.
constexpr std::size_t kShownValues = 5;

std::vector<std::string> texts_of(const NonNumbers& non_numbers) {
  std::vector<std::string> texts;
  for (const auto& v : non_numbers.values) {
    if (texts.size() == kShownValues) break;
    texts.push_back(v.text);
  }
  return texts;
}

// "1 value that is not a number", "3 values that are not numbers"
std::string non_number_count(const NonNumbers& non_numbers) {
  return non_numbers.count == 1 ? std::string("1 value that is not a number")
                                : fmt::format("{} values that are not numbers", non_numbers.count);
}

std::string na_advice(const NonNumbers& non_numbers) {
  return checks::na_advice(texts_of(non_numbers), non_numbers.values.size());
}

std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// A number's bits as one value: -0 as 0 (adding +0 does that), every NaN (missing) as one.
std::uint64_t number_bits(double v) {
  const auto bits = std::bit_cast<std::uint64_t>(v + 0.0);
  return v != v ? 0x7FF8000000000001ull : bits;
}

}  // namespace

std::optional<NonNumbers> find_few_non_numbers(const table::Table& table,
                                               const table::Column& column) {
  if (column.type != ColumnType::categorical) return std::nullopt;
  // Which labels are numbers: one parse per distinct value.
  std::vector<std::int32_t> slot(column.labels.size(), -1);  // label -> index in values
  NonNumbers result;
  bool any_number_label = false;
  for (std::size_t code = 0; code < column.labels.size(); ++code) {
    if (csv::parse_number(column.labels[code])) {
      any_number_label = true;
    } else {
      if (result.values.size() == checks::kFewNonNumbersMaxDistinct) return std::nullopt;
      slot[code] = static_cast<std::int32_t>(result.values.size());
      result.values.push_back({column.labels[code], 0, 0});
    }
  }
  if (!any_number_label || result.values.empty()) return std::nullopt;
  for (std::size_t r = 0; r < column.codes.size(); ++r) {
    const std::int32_t code = column.codes[r];
    if (code < 0) continue;
    const std::int32_t s = slot[static_cast<std::size_t>(code)];
    if (s < 0) {
      ++result.numbers;
      continue;
    }
    NonNumber& v = result.values[static_cast<std::size_t>(s)];
    if (v.count++ == 0) v.line = table.lines[r];
    ++result.count;
  }
  // A label no row uses (none today) is not a value of the column.
  std::erase_if(result.values, [](const NonNumber& v) { return v.count == 0; });
  if (!checks::few_non_numbers(result.numbers, result.count, result.values.size())) {
    return std::nullopt;
  }
  return result;
}

std::string describe(const NonNumbers& non_numbers) {
  std::string text;
  std::size_t shown = 0;
  for (const auto& v : non_numbers.values) {
    if (shown == kShownValues) break;
    if (!text.empty()) text += ", ";
    if (v.count == 1) {
      text += fmt::format("\"{}\" on line {}", v.text, v.line);
    } else {
      text += fmt::format("\"{}\" ({} rows, the first on line {})", v.text, v.count, v.line);
    }
    ++shown;
  }
  if (non_numbers.values.size() > shown) {
    text += fmt::format(" and {} more", non_numbers.values.size() - shown);
  }
  return text;
}

void check_target_values(const table::Table& table, const table::Column& target,
                         const std::optional<model::Algorithm>& algorithm) {
  if (algorithm == model::Algorithm::logistic) return;
  const auto non_numbers = find_few_non_numbers(table, target);
  if (!non_numbers) return;
  throw Error(ErrorKind::data,
              fmt::format("the target \"{}\" holds {} numbers and {}: {}; {} (for classes, add "
                          "--algorithm logistic)",
                          target.name, non_numbers->numbers, non_number_count(*non_numbers),
                          describe(*non_numbers), na_advice(*non_numbers)),
              {table.source});
}

void check_class_count(const table::Table& table, const std::string& target, std::size_t classes,
                       std::size_t rows, const std::optional<std::size_t>& max_classes) {
  if (max_classes) {
    if (classes <= *max_classes) return;
    throw Error(ErrorKind::data,
                fmt::format("the target \"{}\" holds {} classes, more than --max-classes {}",
                            target, classes, *max_classes),
                {table.source});
  }
  if (classes <= kDefaultMaxClasses &&
      (classes <= kClassesAlwaysAllowed || classes * kRowsPerClass <= rows)) {
    return;
  }
  throw Error(ErrorKind::data,
              fmt::format("the target \"{}\" holds {} classes in {} rows (without --max-classes, "
                          "at most {}, and beyond {} one per {} rows): is it a number? To fit them "
                          "all, add --max-classes {}",
                          target, classes, rows, kDefaultMaxClasses, kClassesAlwaysAllowed,
                          kRowsPerClass, classes),
              {table.source});
}

std::optional<std::vector<double>> few_integer_values(const table::Column& column,
                                                      std::span<const std::size_t> rows,
                                                      std::size_t limit) {
  if (column.type != ColumnType::numeric) return std::nullopt;
  std::vector<double> values;
  for (const auto r : rows) {
    const double v = column.numbers[r];
    if (std::isnan(v)) continue;
    if (std::trunc(v) != v) return std::nullopt;
    const double key = v == 0.0 ? 0.0 : v;
    if (std::find(values.begin(), values.end(), key) != values.end()) continue;
    if (values.size() == limit) return std::nullopt;
    values.push_back(key);
  }
  std::sort(values.begin(), values.end());
  return values;
}

namespace {

// One hash per row of `rows`, in the table's arena (it spills under --memory), built column by
// column (the table is stored by column), a block of rows at a time so that the block's hashes
// stay in cache. The step is one-to-one in the hash for a given value, so rows that differ in
// one column always differ; the end mix makes the top bits uniform.
table::RowVector<std::uint64_t> row_hashes(const table::Table& table,
                                           std::span<const std::size_t> rows, unsigned threads) {
  constexpr std::uint64_t kOdd = 0x9E3779B97F4A7C15ull;
  constexpr std::size_t kBlock = 4096;
  table::RowVector<std::uint64_t> hashes(rows.size(), 0x243F6A8885A308D3ull,
                                         SpillAllocator<std::uint64_t>(table.arena()));
  // Rows with a target are ascending and distinct: all of them are 0..n-1.
  const bool all_rows = rows.size() == table.rows();
  const auto hash_block = [&](std::size_t block) {
    const std::size_t begin = block * kBlock;
    const std::size_t end = std::min(rows.size(), begin + kBlock);
    std::uint64_t* h = hashes.data();
    for (const table::Column& column : table.columns) {
      if (column.type == ColumnType::numeric) {
        const double* numbers = column.numbers.data();
        if (all_rows) {
          for (std::size_t i = begin; i < end; ++i) {
            h[i] = (std::rotl(h[i], 27) ^ number_bits(numbers[i])) * kOdd;
          }
        } else {
          for (std::size_t i = begin; i < end; ++i) {
            h[i] = (std::rotl(h[i], 27) ^ number_bits(numbers[rows[i]])) * kOdd;
          }
        }
      } else {
        const std::int32_t* codes = column.codes.data();
        for (std::size_t i = begin; i < end; ++i) {
          const std::size_t r = all_rows ? i : rows[i];
          h[i] = (std::rotl(h[i], 27) ^ static_cast<std::uint64_t>(codes[r] + 1)) * kOdd;
        }
      }
    }
    for (std::size_t i = begin; i < end; ++i) h[i] = mix(h[i]) | 1;  // 0: an empty slot
  };
  parallel_for((rows.size() + kBlock - 1) / kBlock, threads, hash_block);
  return hashes;
}

}  // namespace

std::size_t count_duplicate_rows(const table::Table& table, std::span<const std::size_t> rows,
                                 unsigned threads, std::size_t run_bytes) {
  const table::RowVector<std::uint64_t> hashes = row_hashes(table, rows, threads);
  // Equal hashes: first into buckets by their top bits (about 1024 hashes a bucket), then each
  // bucket into an open-addressing table small enough to stay in cache.
  int bits = 0;
  while (bits < 16 && (rows.size() >> (bits + 10)) > 0) ++bits;
  const auto bucket_of = [bits](std::uint64_t h) {
    return bits == 0 ? std::size_t{0} : static_cast<std::size_t>(h >> (64 - bits));
  };
  std::vector<std::size_t> starts((std::size_t{1} << bits) + 1, 0);
  for (const std::uint64_t h : hashes) ++starts[bucket_of(h) + 1];
  for (std::size_t b = 1; b < starts.size(); ++b) starts[b] += starts[b - 1];
  // A run of buckets at a time, its hashes copied together (at most run_bytes but for one large
  // bucket): one pass over the hashes per run, so that the working memory stays bounded when
  // the hashes spill (a 50M-row table has 400 MB of them); small tables take one run.
  std::size_t duplicates = 0;
  std::vector<std::uint64_t> bucketed;
  std::vector<std::uint64_t> slots;
  for (std::size_t first = 0; first + 1 < starts.size();) {
    std::size_t last = first + 1;
    while (last + 1 < starts.size() &&
           (starts[last + 1] - starts[first]) * sizeof(std::uint64_t) <= run_bytes) {
      ++last;
    }
    bucketed.assign(starts[last] - starts[first], 0);
    std::vector<std::size_t> next(starts.begin() + static_cast<std::ptrdiff_t>(first),
                                  starts.begin() + static_cast<std::ptrdiff_t>(last));
    for (const std::uint64_t h : hashes) {
      const std::size_t b = bucket_of(h);
      if (b >= first && b < last) bucketed[next[b - first]++ - starts[first]] = h;
    }
    for (std::size_t b = first; b < last; ++b) {
      std::size_t size = 16;
      while (size < 2 * (starts[b + 1] - starts[b])) size *= 2;
      slots.assign(size, 0);
      const std::size_t mask = size - 1;
      for (std::size_t k = starts[b]; k < starts[b + 1]; ++k) {
        const std::uint64_t h = bucketed[k - starts[first]];
        std::size_t i = static_cast<std::size_t>(h >> 1) & mask;
        while (slots[i] != 0 && slots[i] != h) i = (i + 1) & mask;
        if (slots[i] == h) {
          ++duplicates;
        } else {
          slots[i] = h;
        }
      }
    }
    first = last;
  }
  return duplicates;
}

void warn_about_data(const table::Table& table, const GuardContext& context,
                     std::vector<std::string>& warnings) {
  if (context.algorithm_chosen && context.algorithm == model::Algorithm::ridge) {
    const auto values = few_integer_values(context.target, context.rows, kMaxIntegerClasses);
    if (values && values->size() * kRowsPerIntegerClass <= context.rows.size()) {
      warnings.push_back(fmt::format(
          "the target \"{}\" holds only {} distinct integers ({} to {}): fitted as numbers "
          "(ridge); if they are classes, add --algorithm logistic",
          context.target.name, values->size(), values->front(), values->back()));
    }
  }
  for (const auto& name : context.features) {
    const table::Column& column = table.column(name);
    const auto non_numbers = find_few_non_numbers(table, column);
    if (!non_numbers) continue;
    warnings.push_back(fmt::format(
        "column \"{}\" holds {} numbers and {}: {}; read as text, its {} distinct values are "
        "one-hot encoded; {}",
        name, non_numbers->numbers, non_number_count(*non_numbers), describe(*non_numbers),
        column.distinct_count(), na_advice(*non_numbers)));
  }
  if (context.held_out_whole_rows) {
    const std::size_t duplicates = count_duplicate_rows(table, context.rows, context.threads);
    if (duplicates > 0) {
      warnings.push_back(fmt::format(
          "{} {} an earlier row in every column: copies that land on both sides of a split "
          "flatter the held-out metrics",
          duplicates, duplicates == 1 ? "row repeats" : "rows repeat"));
    }
  }
}

}  // namespace mlctl::training
