#include "common/near_match.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace mlctl {

namespace {

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

// Levenshtein distance, or more than `most` once it is sure to exceed it.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t most) {
  const std::size_t gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (gap > most) return most + 1;
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diagonal = above;
      best = std::min(best, row[j]);
    }
    if (best > most) return most + 1;
  }
  return row[b.size()];
}

}  // namespace

std::optional<std::string> nearest_name(std::string_view wanted,
                                        std::span<const std::string> names) {
  if (std::find(names.begin(), names.end(), wanted) != names.end()) return std::nullopt;
  const std::string_view core = trimmed(wanted);
  for (const auto& name : names) {
    if (!core.empty() && trimmed(name) == core) return name;
  }
  for (const auto& name : names) {
    if (equal_ignoring_case(name, wanted)) return name;
  }
  const std::size_t most = wanted.size() / 4;
  if (most == 0) return std::nullopt;
  std::optional<std::string> nearest;
  std::size_t best = most + 1;
  for (const auto& name : names) {
    const std::size_t distance = edit_distance(wanted, name, most);
    if (distance < best) {
      best = distance;
      nearest = name;
    }
  }
  return nearest;
}

std::string did_you_mean(std::string_view wanted, std::span<const std::string> names) {
  const auto nearest = nearest_name(wanted, names);
  if (!nearest) return {};
  if (trimmed(*nearest) == trimmed(wanted)) {
    return fmt::format(" (did you mean {:?}? --trim drops spaces around fields)", *nearest);
  }
  return fmt::format(" (did you mean {:?}?)", *nearest);
}

}  // namespace mlctl
