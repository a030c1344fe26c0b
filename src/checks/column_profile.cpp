#include "checks/column_profile.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "checks/finding.hpp"
#include "checks/lint.hpp"
#include "checks/non_numbers.hpp"
#include "common/hash.hpp"

namespace mlctl::checks {
namespace {

// A mostly numeric column: at least this share of its non-missing values are numbers.
constexpr double kMostlyNumeric = 0.9;
// Identifier-like: at least this many values, and this share of them distinct.
constexpr std::uint64_t kIdentifierMinValues = 20;
constexpr double kIdentifierTextShare = 0.9;
constexpr double kIdentifierIntegerShare = 0.99;

// Integers this large are exact doubles, and their differences too.
constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

std::uint64_t integer_hash(double v) {
  auto z = static_cast<std::uint64_t>(static_cast<std::int64_t>(v)) + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

std::string_view excerpt(std::string_view text) {
  constexpr std::size_t kMaxBytes = 40;
  if (text.size() <= kMaxBytes) return text;
  std::size_t cut = kMaxBytes;
  // Back off continuation bytes so a multi-byte character is not split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

void Examples::add(std::string_view text, std::uint64_t line) {
  if (count == 0) first_line = line;
  ++count;
  if (shown.size() == kMax) return;
  const std::string_view cut = excerpt(text);
  // Distinct values say more than five copies of one.
  for (const auto& [value, at] : shown) {
    if (value == cut) return;
  }
  shown.emplace_back(std::string(cut), line);
}

std::string Examples::list() const {
  std::string text;
  for (const auto& [value, line] : shown) {
    if (text.empty()) {
      text += fmt::format("\"{}\"", value);
    } else {
      text += fmt::format(", \"{}\" (line {})", value, line);
    }
  }
  if (count > shown.size()) text += fmt::format(" ({} in all)", count);
  return text;
}

std::uint64_t text_key(std::string_view text) {
  const std::uint64_t key = xxh3_64(text) & ~std::uint64_t{1};
  return key == 0 ? 2 : key;
}

void ColumnProfile::add(const Cell& cell, std::uint64_t line) {
  if (cell.missing) {
    if (missing == 0) first_missing_line = line;
    ++missing;
    if (kept_ && texts.count == 0) kept_->add({});
    return;
  }
  if (cell.number) {
    const double v = *cell.number;
    ++numbers;
    if (all_integers && (std::trunc(v) != v || std::fabs(v) > kMaxExactInteger)) {
      all_integers = false;
    }
    if (numbers == 1) {
      min = max = v;
    } else {
      min = std::min(min, v);
      max = std::max(max, v);
      consecutive = consecutive && v == previous + 1.0;
    }
    previous = v;
    if (all_integers) integer_hash_sum += integer_hash(v);
    if (texts.count == 0) {
      if (kept_) kept_->add(cell.text);
    } else {
      // A text column: this number counts by its text.
      distinct.add(text_key(cell.text));
      if (cell.key != first_key) varies = true;
      return;
    }
  } else {
    if (texts.count == 0 && numbers > 0) {
      // The column turns to text: its numbers so far count again, by their text.
      distinct = DistinctSketch();
      if (kept_) {
        kept_->drain([&](std::string_view text) {
          if (!text.empty()) distinct.add(text_key(text));
        });
      } else {
        pending_end = missing + numbers;
      }
    }
    if (kept_) kept_.reset();
    texts.add(cell.text, line);
    if (text_keys.size() <= kFewNonNumbersMaxDistinct &&
        std::find(text_keys.begin(), text_keys.end(), cell.key) == text_keys.end()) {
      text_keys.push_back(cell.key);
    }
  }
  if (present() == 1) {
    first_value = std::string(excerpt(cell.text));
    first_key = cell.key;
  } else if (cell.key != first_key) {
    varies = true;
  }
  distinct.add(cell.key);
}

std::string na_advice(const ColumnProfile& profile) {
  std::vector<std::string> values;
  for (const auto& [value, line] : profile.texts.shown) values.push_back(value);
  return na_advice(values, profile.text_keys.size());
}

bool ColumnProfile::few_non_numbers() const {
  return checks::few_non_numbers(numbers, texts.count, text_keys.size());
}

bool ColumnProfile::row_number() const {
  if (!numeric() || !all_integers || numbers < 2) return false;
  if (max - min + 1.0 != static_cast<double>(numbers)) return false;
  if (consecutive) return true;
  // In any order: the same multiset as min..max, with a negligible chance of a false match.
  std::uint64_t expected = 0;
  for (double v = min; v <= max; v += 1.0) expected += integer_hash(v);
  return expected == integer_hash_sum;
}

void ColumnProfile::add_pending(std::uint64_t key) {
  if (key != 0) distinct.add(key);
}

void column_findings(const ColumnProfile& p, std::uint64_t rows, bool is_target,
                     const LintOptions& options, std::vector<Finding>& out) {
  if (rows == 0) return;
  const double missing_share = static_cast<double>(p.missing) / static_cast<double>(rows);
  if (missing_share >= options.missing_threshold) {
    out.push_back(
        {"mostly-missing", Severity::warning, p.name, missing_share,
         p.missing == rows
             ? fmt::format("all {} values are missing", rows)
             : fmt::format("{} of {} values ({}) are missing (--max-missing {})", p.missing, rows,
                           percent(missing_share), options.missing_threshold),
         p.first_missing_line});
  }
  const std::uint64_t present = p.present();
  if (present == 0) return;
  if (p.constant() && rows > 1) {
    out.push_back({"constant-column", Severity::warning, p.name, 1.0,
                   fmt::format("every non-missing value is \"{}\"", p.first_value), 0});
    return;
  }
  const double distinct_share = p.distinct.estimate() / static_cast<double>(present);
  const bool text_like = p.texts.count > 0;
  const bool row_number = !is_target && present >= kIdentifierMinValues && p.row_number();
  if (row_number) {
    out.push_back(
        {"identifier-column", Severity::warning, p.name, 1.0,
         fmt::format("the values are the integers {} to {}, each once{}: a row number, not a "
                     "feature",
                     p.min, p.max, p.consecutive ? ", in order" : ""),
         0});
  } else if (!is_target && present >= kIdentifierMinValues &&
             ((text_like && distinct_share >= kIdentifierTextShare) ||
              (p.numeric() && p.all_integers && distinct_share >= kIdentifierIntegerShare))) {
    const double shown = std::min(distinct_share, 1.0);
    // Counted exactly, or estimated by the sketch: "all" only when known, never "about 100.0%".
    std::string share = (p.distinct.exact() ? "" : "about ") + percent(shown) + " of";
    if (p.distinct.exact() && distinct_share >= 1.0) {
      share = "all";
    } else if (!p.distinct.exact() && percent(shown) == percent(1.0)) {
      share = "nearly all of";
    }
    out.push_back(
        {"identifier-column", Severity::warning, p.name, shown,
         fmt::format("{} {} values are distinct: an identifier, not a feature", share, present),
         0});
  }
  // A target with a few non-numbers is the target-non-numbers finding instead.
  const bool few = p.few_non_numbers();
  if (p.numbers > 0 && p.texts.count > 0 && !(is_target && few) &&
      static_cast<double>(p.numbers) >= kMostlyNumeric * static_cast<double>(present)) {
    out.push_back({"mixed-types", Severity::warning, p.name, static_cast<double>(p.texts.count),
                   fmt::format("{} of {} values in a mostly numeric column are not numbers: {}{}",
                               p.texts.count, present, p.texts.list(),
                               few ? "; " + na_advice(p) : std::string()),
                   p.texts.first_line});
  }
}

}  // namespace mlctl::checks
