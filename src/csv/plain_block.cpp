#include "csv/plain_block.hpp"

#include "csv/block_bytes.hpp"
#include "csv/syntax.hpp"

namespace mlctl::csv {

namespace {

// A byte a plain decimal can hold: as a delimiter it would make fields ambiguous.
bool may_be_in_number(char c) {
  return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
}

}  // namespace

std::optional<PlainBlock> plain_block(const Reader& block) {
  const auto& bytes = block.block();
  if (!bytes || bytes->after_cr || bytes->truncated || block.rows_read() != 0) return std::nullopt;
  const detail::ReaderSetup& setup = *bytes->setup;
  if (!setup.options.extra_na.empty() || may_be_in_number(setup.delimiter)) return std::nullopt;
  // Trimmed fields and decimal commas are the Reader's to rewrite.
  if (setup.options.trim || setup.options.decimal != '.') return std::nullopt;
  const char* const first = bytes->data.get();
  return PlainBlock{first,           first + bytes->size, bytes->first_line,
                    setup.delimiter, setup.header.size(), setup.options.max_field_bytes,
                    !bytes->plain};
}

void finish_plain_block(Reader& block, std::uint64_t rows) {
  block.mark_read(rows);
}

std::vector<int> field_columns(std::size_t fields) {
  std::vector<int> columns(fields);
  for (std::size_t i = 0; i < fields; ++i) columns[i] = static_cast<int>(i);
  return columns;
}

std::vector<int> field_columns(std::size_t fields, std::span<const std::size_t> chosen) {
  std::vector<int> columns(fields, -1);
  for (std::size_t k = 0; k < chosen.size(); ++k) columns[chosen[k]] = static_cast<int>(k);
  return columns;
}

}  // namespace mlctl::csv
