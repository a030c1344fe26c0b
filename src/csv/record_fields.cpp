// Fields the Reader rewrites once their record is scanned (record_scan.cpp): quoted fields with
// doubled quotes, and numbers with a decimal comma. Both write into side buffers, never into the
// input bytes, which a block reader may read again.

#include <cstring>

#include <fmt/format.h>

#include "csv/reader_impl.hpp"

namespace mlctl::csv {

// Numbers written with a decimal comma ("1,5") become "1.5" in a side buffer, so that every
// caller's parse_number reads them; other text and missing-value tokens are left as written. A
// field that would read as a number with a point ("1.5", "1.234") is refused: with --decimal , it
// is ambiguous (a thousands separator?) and reading it either way could be silently wrong.
void Reader::Impl::rewrite_decimals() {
  std::size_t needed = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (fields[i].find(',') != std::string_view::npos) needed += fields[i].size();
  }
  if (decimals.size() < needed) decimals.resize(needed);  // before any view points into it
  char* write = decimals.data();
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view field = fields[i];
    if (missing.matches(field)) continue;  // --na tokens are matched as written
    const std::size_t comma = field.find(',');
    if (comma == std::string_view::npos) {
      if (field.find('.') != std::string_view::npos && parse_number(field)) {
        throw Error(ErrorKind::data,
                    fmt::format("{:?} is a number with a decimal point, but the decimal mark "
                                "is ',' (--decimal ,)",
                                field),
                    at(record_line, i + 1));
      }
      continue;
    }
    if (field.find('.') != std::string_view::npos ||
        field.find(',', comma + 1) != std::string_view::npos) {
      continue;  // text
    }
    std::memcpy(write, field.data(), field.size());
    write[comma] = '.';
    const std::string_view rewritten(write, field.size());
    if (parse_number(rewritten)) {
      fields[i] = rewritten;
      write += field.size();
    }
  }
}

void Reader::Impl::unescape() {
  std::size_t needed = 0;
  for (const std::size_t i : to_unescape) needed += fields[i].size();
  if (unescaped.size() < needed) unescaped.resize(needed);  // before any view points into it
  char* write = unescaped.data();
  auto quote = doubled_quotes.cbegin();
  for (const std::size_t i : to_unescape) {
    // Keep the first quote of each pair, drop the second: copy the stretches between pairs.
    char* const first = write;
    const char* read = fields[i].data();
    const char* const last = read + fields[i].size();
    for (; quote != doubled_quotes.cend() && *quote < last; ++quote) {
      const auto stretch = static_cast<std::size_t>(*quote + 1 - read);
      std::memcpy(write, read, stretch);
      write += stretch;
      read = *quote + 2;
    }
    const auto tail = static_cast<std::size_t>(last - read);
    std::memcpy(write, read, tail);
    write += tail;
    fields[i] = {first, static_cast<std::size_t>(write - first)};
  }
}

}  // namespace mlctl::csv
