#include "table/append.hpp"

#include <array>
#include <span>
#include <string_view>
#include <unordered_map>

#include "common/error.hpp"
#include "common/hash.hpp"

namespace mlctl::table {
namespace {

// Each input's hash is of its own bytes: several are identified by the list of their sizes and
// hashes, in order. An input with no bytes changes nothing, and one alone keeps its own.
std::uint64_t combined_hash(const Table& into, const Table& from) {
  if (from.input_bytes == 0) return into.input_hash;
  if (into.input_bytes == 0) return from.input_hash;
  const std::array<std::uint64_t, 4> list{into.input_bytes, into.input_hash, from.input_bytes,
                                          from.input_hash};
  return xxh3_64(std::as_bytes(std::span(list)));
}

}  // namespace

namespace {

void append_codes(Column& into, const Column& from) {
  // The map holds views of the labels: reserved first, `into`'s stay where they are.
  into.labels.reserve(into.labels.size() + from.labels.size());
  std::unordered_map<std::string_view, std::int32_t> code_of;
  for (std::size_t i = 0; i < into.labels.size(); ++i) {
    code_of.emplace(into.labels[i], static_cast<std::int32_t>(i));
  }
  std::vector<std::int32_t> renumbered(from.labels.size());
  for (std::size_t i = 0; i < from.labels.size(); ++i) {
    const auto [at, added] =
        code_of.emplace(from.labels[i], static_cast<std::int32_t>(into.labels.size()));
    if (added) into.labels.push_back(from.labels[i]);
    renumbered[i] = at->second;
  }
  into.codes.reserve(into.codes.size() + from.codes.size());
  for (const std::int32_t code : from.codes) {
    into.codes.push_back(code < 0 ? code : renumbered[static_cast<std::size_t>(code)]);
  }
}

}  // namespace

void append_rows(Table& into, Table&& from) {
  if (into.columns.size() != from.columns.size()) {
    throw Error(ErrorKind::internal, "append_rows: tables with other columns");
  }
  if (into.parts.empty()) into.parts.push_back({0, into.source});
  if (into.parts.back().source != from.source) into.parts.push_back({into.rows(), from.source});
  for (std::size_t k = 0; k < into.columns.size(); ++k) {
    Column& to = into.columns[k];
    const Column& more = from.columns[k];
    if (to.name != more.name || to.type != more.type) {
      throw Error(ErrorKind::internal, "append_rows: column \"" + more.name + "\" differs");
    }
    if (to.type == ColumnType::numeric) {
      to.numbers.insert(to.numbers.end(), more.numbers.begin(), more.numbers.end());
    } else {
      append_codes(to, more);
    }
    if (to.first_non_number.empty() && !more.first_non_number.empty()) {
      to.first_non_number = more.first_non_number;
      to.first_non_number_line = more.first_non_number_line;
    }
  }
  into.lines.insert(into.lines.end(), from.lines.begin(), from.lines.end());
  into.input_hash = combined_hash(into, from);
  into.input_bytes += from.input_bytes;
}

}  // namespace mlctl::table
