#include "checks/row_block.hpp"

#include "common/hash.hpp"

namespace mlctl::checks {

std::uint64_t value_key(const Cell& cell) {
  if (cell.missing) return 0;
  std::uint64_t key = 0;
  if (cell.number) {
    const double v = *cell.number == 0.0 ? 0.0 : *cell.number;  // -0 == 0
    key = xxh3_64(std::string_view(reinterpret_cast<const char*>(&v), sizeof v)) ^ 1;
  } else {
    key = xxh3_64(cell.text) & ~std::uint64_t{1};
  }
  return key == 0 ? 2 : key;  // 0 means missing
}

std::uint64_t row_key(const std::vector<Cell>& cells, std::string& buffer) {
  buffer.clear();
  for (const Cell& c : cells) {
    const auto size = static_cast<std::uint32_t>(c.text.size());
    buffer.append(reinterpret_cast<const char*>(&size), sizeof size);
    buffer.append(c.text);
  }
  return xxh3_64(buffer);
}

void read_cells(const csv::Row& row, const csv::Reader& reader, std::vector<Cell>& cells) {
  for (std::size_t j = 0; j < cells.size(); ++j) {
    Cell& c = cells[j];
    c.text = row.fields[j];
    c.missing = reader.is_missing(c.text);
    c.number = c.missing ? std::nullopt : csv::parse_number(c.text);
    c.key = value_key(c);
  }
}

void read_row_block(csv::Reader& block, RowBlock& out) {
  out.width = block.header().size();
  out.cells.clear();
  out.lines.clear();
  out.keys.clear();
  out.ragged.clear();
  out.text.clear();
  out.offsets.clear();
  block.skip_ragged_records(
      [&out](std::uint64_t line, std::size_t fields) { out.ragged.emplace_back(line, fields); });
  std::vector<Cell> cells(out.width);
  std::string buffer;
  csv::Row row;
  while (block.next(row)) {
    read_cells(row, block, cells);
    out.keys.push_back(row_key(cells, buffer));
    out.lines.push_back(row.line);
    for (const Cell& c : cells) {
      out.offsets.push_back(out.text.size());
      out.text.append(c.text);
      out.cells.push_back(c);
    }
  }
  // The texts point into the block's own copy, now that it no longer moves.
  for (std::size_t i = 0; i < out.cells.size(); ++i) {
    out.cells[i].text = std::string_view(out.text).substr(out.offsets[i], out.cells[i].text.size());
  }
}

RowBlock RowBlockPool::take() {
  const std::lock_guard lock(mutex_);
  if (spare_.empty()) return {};
  RowBlock block = std::move(spare_.back());
  spare_.pop_back();
  return block;
}

void RowBlockPool::give(RowBlock&& used) {
  const std::lock_guard lock(mutex_);
  spare_.push_back(std::move(used));
}

}  // namespace mlctl::checks
