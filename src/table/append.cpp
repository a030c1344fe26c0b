#include "table/append.hpp"

#include <string>
#include <unordered_map>

#include "common/error.hpp"

namespace mlctl::table {
namespace {

void append_codes(Column& into, const Column& more) {
  std::unordered_map<std::string, std::int32_t> code_of;
  for (std::size_t c = 0; c < into.labels.size(); ++c)
    code_of.emplace(into.labels[c], static_cast<std::int32_t>(c));
  std::vector<std::int32_t> mapped(more.labels.size());
  for (std::size_t c = 0; c < more.labels.size(); ++c) {
    const auto [it, added] =
        code_of.emplace(more.labels[c], static_cast<std::int32_t>(into.labels.size()));
    if (added) into.labels.push_back(more.labels[c]);
    mapped[c] = it->second;
  }
  into.codes.reserve(into.codes.size() + more.codes.size());
  for (const auto code : more.codes)
    into.codes.push_back(code < 0 ? code : mapped[static_cast<std::size_t>(code)]);
  if (into.first_non_number_line == 0 && more.first_non_number_line != 0) {
    into.first_non_number = more.first_non_number;
    into.first_non_number_line = more.first_non_number_line;
  }
}

}  // namespace

void append_rows(Table& into, const Table& more) {
  if (into.columns.size() != more.columns.size())
    throw Error(ErrorKind::internal, "append_rows: the tables have different columns");
  for (std::size_t i = 0; i < into.columns.size(); ++i) {
    Column& a = into.columns[i];
    const Column& b = more.columns[i];
    if (a.name != b.name || a.type != b.type)
      throw Error(ErrorKind::internal, "append_rows: column \"" + a.name + "\" differs");
    if (a.type == ColumnType::numeric) {
      a.numbers.insert(a.numbers.end(), b.numbers.begin(), b.numbers.end());
    } else {
      append_codes(a, b);
    }
  }
  into.lines.insert(into.lines.end(), more.lines.begin(), more.lines.end());
  into.input_bytes += more.input_bytes;
}

}  // namespace mlctl::table
