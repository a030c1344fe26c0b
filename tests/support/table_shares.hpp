#pragma once
// Tables cut into the contiguous shares that the ranks of an MPI job hold (issue #15), for tests
// of code that combines them over a distributed::Communicator: uneven cuts, empty shares, and
// each share with its own category codes, as a rank that read only its rows would have.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "table/table.hpp"

namespace mlctl::testing {

// Rows [begin, end) of `table`. Category labels are renumbered: in reverse order of first
// appearance in the share, then one label no row of the share uses, so that codes differ from
// the whole table's and from the other shares'.
inline table::Table share_of(const table::Table& table, std::size_t begin, std::size_t end) {
  table::Table out;
  out.source = table.source;
  out.lines.assign(table.lines.begin() + static_cast<std::ptrdiff_t>(begin),
                   table.lines.begin() + static_cast<std::ptrdiff_t>(end));
  for (const table::Column& column : table.columns) {
    table::Column& c = out.columns.emplace_back();
    c.name = column.name;
    c.type = column.type;
    if (column.type == table::ColumnType::numeric) {
      c.numbers.assign(column.numbers.begin() + static_cast<std::ptrdiff_t>(begin),
                       column.numbers.begin() + static_cast<std::ptrdiff_t>(end));
      continue;
    }
    std::vector<std::int32_t> first_seen;  // whole-table codes, in order of first appearance
    std::unordered_map<std::int32_t, std::int32_t> seen;
    for (std::size_t row = begin; row < end; ++row) {
      const std::int32_t code = column.codes[row];
      if (code >= 0 && seen.emplace(code, 0).second) first_seen.push_back(code);
    }
    std::reverse(first_seen.begin(), first_seen.end());
    for (const std::int32_t code : first_seen) {
      seen[code] = static_cast<std::int32_t>(c.labels.size());
      c.labels.push_back(column.labels[static_cast<std::size_t>(code)]);
    }
    c.labels.push_back("label-of-no-row-" + std::to_string(begin));
    for (std::size_t row = begin; row < end; ++row) {
      const std::int32_t code = column.codes[row];
      c.codes.push_back(code < 0 ? -1 : seen.at(code));
    }
  }
  return out;
}

// Where each rank's contiguous share of `n` rows (or blocks) begins, and `n` last: rank r holds
// [cuts[r], cuts[r + 1]). `shares` are each rank's fraction of `n` (0: an empty share), in rank
// order; the last share takes what rounding leaves.
inline std::vector<std::size_t> cuts_of(std::size_t n, std::span<const double> shares) {
  std::vector<std::size_t> cuts{0};
  double sum = 0.0;
  for (const double share : shares) {
    sum += share;
    cuts.push_back(
        std::min(n, static_cast<std::size_t>(std::llround(sum * static_cast<double>(n)))));
  }
  cuts.back() = n;
  return cuts;
}

// Cuts of `rows` rows among 1 to 4 ranks: boundaries, rank r holding [cut[r], cut[r + 1]).
// Uneven, most with an empty share, at odd positions (not multiples of a sampling stride).
inline std::vector<std::vector<std::size_t>> uneven_cuts(std::size_t rows) {
  const std::size_t a = std::min(rows, rows / 5 + 1);
  const std::size_t b = std::min(rows, rows * 7 / 20 + 1);
  const std::size_t c = std::min(rows, rows / 2 + 2);
  return {{0, rows},       {0, 0, rows},          {0, b, rows},
          {0, a, a, rows}, {0, 1, c, rows, rows}, {0, a, b, c, rows}};
}

}  // namespace mlctl::testing
