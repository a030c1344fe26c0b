#include "training/gathered_rows.hpp"

#include <cstring>
#include <string>
#include <unordered_map>

#include "common/error.hpp"

namespace mlctl::training {
namespace {

// Per row: its line, then per column a double (numeric) or a label's length and bytes, or
// UINT64_MAX for a missing category; every rank runs the same binary, so native byte order.
constexpr std::uint64_t kMissing = UINT64_MAX;

template <typename T>
void put(std::vector<std::byte>& out, const T& value) {
  const auto* bytes = reinterpret_cast<const std::byte*>(&value);
  out.insert(out.end(), bytes, bytes + sizeof value);
}

template <typename T>
T take(std::span<const std::byte> in, std::size_t& at) {
  T value;
  if (sizeof value > in.size() - at)
    throw Error(ErrorKind::internal, "gathered rows are malformed");
  std::memcpy(&value, in.data() + at, sizeof value);
  at += sizeof value;
  return value;
}

std::vector<std::byte> encode_rows(const table::Table& table, std::span<const std::size_t> rows) {
  std::vector<std::byte> out;
  for (const auto r : rows) {
    put(out, table.lines[r]);
    for (const auto& column : table.columns) {
      if (column.type == table::ColumnType::numeric) {
        put(out, column.numbers[r]);
        continue;
      }
      const auto code = column.codes[r];
      if (code < 0) {
        put(out, kMissing);
        continue;
      }
      const std::string& label = column.labels[static_cast<std::size_t>(code)];
      put(out, static_cast<std::uint64_t>(label.size()));
      out.insert(out.end(), reinterpret_cast<const std::byte*>(label.data()),
                 reinterpret_cast<const std::byte*>(label.data()) + label.size());
    }
  }
  return out;
}

void decode_rows(std::span<const std::byte> in, table::Table& out,
                 std::vector<std::unordered_map<std::string, std::int32_t>>& codes) {
  for (std::size_t at = 0; at < in.size();) {
    out.lines.push_back(take<std::uint64_t>(in, at));
    for (std::size_t c = 0; c < out.columns.size(); ++c) {
      table::Column& column = out.columns[c];
      if (column.type == table::ColumnType::numeric) {
        column.numbers.push_back(take<double>(in, at));
        continue;
      }
      const auto size = take<std::uint64_t>(in, at);
      if (size == kMissing) {
        column.codes.push_back(-1);
        continue;
      }
      if (size > in.size() - at) throw Error(ErrorKind::internal, "gathered rows are malformed");
      std::string label(reinterpret_cast<const char*>(in.data() + at), size);
      at += size;
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
