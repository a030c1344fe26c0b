#pragma once
// Where records start in a part of a plain CSV file, found without reading the file from its
// start: the two passes that cut a file between the ranks of a job (csv/share.hpp). Internal
// to src/csv/.
//
// A record starts after a line break outside quoted fields. Whether a byte is inside quotes is
// the parity of the quotes before it in the file's data: a quoted field holds an opening
// quote, doubled quotes and a closing one, an even count, and a line break inside it sees an
// odd one. So the count of quotes before a range, summed over the ranges of the ranks before
// (an exclusive prefix sum), tells where the first record of a range starts. A quote inside an
// unquoted field (5"2, which the Reader takes as data) upsets the parity; the Reader over the
// range then finds a quoted field open at its cut and says so (csv/byte_range.hpp).

#include <cstdint>
#include <string>

namespace mlctl::csv::detail {

// The byte at `offset` of `path` (which has one).
char byte_at(const std::string& path, std::uint64_t offset);

// Quotes and physical lines (csv/syntax.hpp line_breaks) in bytes [begin, end) of `path`.
// `after_cr`: the byte before `begin` is a CR. One pass, sixteen bytes at a time.
struct QuotesAndLines {
  std::uint64_t quotes = 0;
  std::uint64_t lines = 0;
};
QuotesAndLines count_quotes_and_lines(const std::string& path, std::uint64_t begin,
                                      std::uint64_t end, bool after_cr);

// The first record start at or after `at` (begin < at <= end) in the bytes [begin, end) of
// `path`, `end` counting as one: the offset just after a line break outside quotes (after the
// LF of a CRLF), its physical line and whether the byte before it is a CR. `quotes`, `line`:
// the quotes in [begin, at) and the physical line `at` is on.
struct RecordStart {
  std::uint64_t offset = 0;
  std::uint64_t line = 1;
  bool after_cr = false;
};
RecordStart next_record_start(const std::string& path, std::uint64_t at, std::uint64_t end,
                              std::uint64_t quotes, std::uint64_t line);

}  // namespace mlctl::csv::detail
