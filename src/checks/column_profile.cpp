#include "checks/column_profile.hpp"

#include <cmath>

#include <fmt/format.h>

#include "checks/lint.hpp"

namespace mlctl::checks {
namespace {

// A mostly numeric column: at least this share of its non-missing values are numbers.
constexpr double kMostlyNumeric = 0.9;
// Identifier-like: at least this many values, and this share of them distinct.
constexpr std::uint64_t kIdentifierMinValues = 20;
constexpr double kIdentifierTextShare = 0.9;
constexpr double kIdentifierIntegerShare = 0.99;

std::string percent(double share) {
  return fmt::format("{:.1f}%", share * 100.0);
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

void ColumnProfile::add(const Cell& cell, std::uint64_t line) {
  if (cell.missing) {
    if (missing == 0) first_missing_line = line;
    ++missing;
    return;
  }
  if (cell.number) {
    ++numbers;
    if (all_integers && std::trunc(*cell.number) != *cell.number) all_integers = false;
  } else {
    texts.add(cell.text, line);
  }
  if (present() == 1) {
    first_value = std::string(excerpt(cell.text));
    first_key = cell.key;
  } else if (cell.key != first_key) {
    varies = true;
  }
  distinct.add(cell.key);
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
  if (!is_target && present >= kIdentifierMinValues &&
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
  if (p.numbers > 0 && p.texts.count > 0 &&
      static_cast<double>(p.numbers) >= kMostlyNumeric * static_cast<double>(present)) {
    out.push_back({"mixed-types", Severity::warning, p.name, static_cast<double>(p.texts.count),
                   fmt::format("{} of {} values in a mostly numeric column are not numbers: {}",
                               p.texts.count, present, p.texts.list()),
                   p.texts.first_line});
  }
}

}  // namespace mlctl::checks
