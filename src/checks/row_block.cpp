#include "checks/row_block.hpp"

#include <optional>

#include "common/hash.hpp"
#include "csv/plain_block.hpp"

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

namespace {

// A field's cell: its number parsed here, unless it is given (a plain decimal's, as
// parse_number reads it).
void set_cell(Cell& c, std::string_view text, const csv::Reader& reader,
              std::optional<double> number) {
  c.text = text;
  c.missing = reader.is_missing(text);
  c.number = c.missing ? std::nullopt : number ? number : csv::parse_number(text);
  c.key = value_key(c);
}

void clear(RowBlock& out) {
  out.cells.clear();
  out.lines.clear();
  out.keys.clear();
  out.ragged.clear();
  out.text.clear();
  out.offsets.clear();
}

// A record's cells at the end of `out`, their texts copied into out.text.
void append_row(const std::vector<Cell>& cells, std::uint64_t line, std::string& buffer,
                RowBlock& out) {
  out.keys.push_back(row_key(cells, buffer));
  out.lines.push_back(line);
  for (const Cell& c : cells) {
    out.offsets.push_back(out.text.size());
    out.text.insert(out.text.end(), c.text.begin(), c.text.end());
    out.cells.push_back(c);
  }
}

// Receives the fields of csv::read_plain_records (every field kept, column = field).
struct CellSink {
  const csv::Reader& reader;
  std::vector<Cell>& cells;
  std::string& buffer;
  RowBlock& out;

  void number(int column, double value, std::string_view text, std::uint64_t) {
    set_cell(cells[static_cast<std::size_t>(column)], text, reader, value);
  }
  void field(int column, std::string_view text, std::uint64_t) {
    set_cell(cells[static_cast<std::size_t>(column)], text, reader, {});
  }
  void end_record(std::uint64_t line) { append_row(cells, line, buffer, out); }
};

// A plain block (csv/plain_block.hpp) in one pass: fields found and numbers parsed together,
// not split by the Reader and parsed again. False when the Reader must read it (`out` is then
// to be cleared).
bool read_plain_rows(csv::Reader& block, std::vector<Cell>& cells, std::string& buffer,
                     RowBlock& out) {
  CellSink sink{block, cells, buffer, out};
  return csv::read_plain_block(block, csv::field_columns(out.width), sink).has_value();
}

}  // namespace

void read_cells(const csv::Row& row, const csv::Reader& reader, std::vector<Cell>& cells) {
  for (std::size_t j = 0; j < cells.size(); ++j) set_cell(cells[j], row.fields[j], reader, {});
}

void read_row_block(csv::Reader& block, RowBlock& out) {
  out.width = block.header().size();
  clear(out);
  std::vector<Cell> cells(out.width);
  std::string buffer;
  if (!read_plain_rows(block, cells, buffer, out)) {
    clear(out);
    block.skip_ragged_records(
        [&out](std::uint64_t line, std::size_t fields) { out.ragged.emplace_back(line, fields); });
    csv::Row row;
    while (block.next(row)) {
      read_cells(row, block, cells);
      append_row(cells, row.line, buffer, out);
    }
  }
  // The texts point into the block's own copy, now that it no longer grows.
  const std::string_view text(out.text.data(), out.text.size());
  for (std::size_t i = 0; i < out.cells.size(); ++i) {
    out.cells[i].text = text.substr(out.offsets[i], out.cells[i].text.size());
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
