#include "training/gathered_rows.hpp"

#include <string>
#include <unordered_map>

#include "common/error.hpp"
#include "distributed/record.hpp"

namespace mlctl::training {
namespace {

// Per row: its line, then per column a double (numeric), or whether a category is present
// (one byte) and then its label (distributed/record.hpp).
std::vector<std::byte> encode_rows(const table::Table& table, std::span<const std::size_t> rows) {
  distributed::RecordWriter out;
  for (const auto r : rows) {
    out.put<std::uint64_t>(table.lines[r]);
    for (const auto& column : table.columns) {
      if (column.type == table::ColumnType::numeric) {
        out.put(column.numbers[r]);
        continue;
      }
      const auto code = column.codes[r];
      out.put<std::uint8_t>(code >= 0 ? 1 : 0);
      if (code >= 0) out.put_text(column.labels[static_cast<std::size_t>(code)]);
    }
  }
  return std::move(out).bytes();
}

void decode_rows(std::span<const std::byte> bytes, table::Table& out,
                 std::vector<std::unordered_map<std::string, std::int32_t>>& codes) {
  distributed::RecordReader in(bytes, "gathered rows");
  while (!in.at_end()) {
    out.lines.push_back(in.get<std::uint64_t>());
    for (std::size_t c = 0; c < out.columns.size(); ++c) {
      table::Column& column = out.columns[c];
      if (column.type == table::ColumnType::numeric) {
        column.numbers.push_back(in.get<double>());
        continue;
      }
      if (in.get<std::uint8_t>() == 0) {
        column.codes.push_back(-1);
        continue;
      }
      std::string label(in.get_text());
      const auto [it, added] =
          codes[c].emplace(label, static_cast<std::int32_t>(column.labels.size()));
      if (added) column.labels.push_back(std::move(label));
      column.codes.push_back(it->second);
    }
  }
}

}  // namespace

table::Table gather_rows(const table::Table& table, std::span<const std::size_t> rows,
                         distributed::Communicator* processes) {
  table::Table out;
  out.source = table.source;
  for (const auto& column : table.columns) {
    table::Column& copy = out.columns.emplace_back();
    copy.name = column.name;
    copy.type = column.type;
    copy.first_non_number = column.first_non_number;
    copy.first_non_number_line = column.first_non_number_line;
  }
  std::vector<std::unordered_map<std::string, std::int32_t>> codes(table.columns.size());
  const auto mine = encode_rows(table, rows);
  if (processes == nullptr) {
    decode_rows(mine, out, codes);
    return out;
  }
  for (const auto& part : processes->allgather(mine)) decode_rows(part, out, codes);
  return out;
}

}  // namespace mlctl::training
