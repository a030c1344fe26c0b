#pragma once
// A part of one CSV file that a Reader reads alone: the bytes [begin, end) of whole records
// after the header, which is read elsewhere. So that the ranks of an MPI job each read only
// their share of a large file (csv/share.hpp cuts the ranges; docs/scale.md).

#include <cstdint>
#include <string>
#include <vector>

namespace mlctl::csv {

struct ByteRange {
  std::uint64_t begin = 0;  // of the first record's first byte, in the file (decompressed)
  std::uint64_t end = 0;    // just after the last record's line break, or the file's end
  std::uint64_t line = 1;   // the physical line `begin` is on, for messages
  bool after_cr = false;    // the byte before `begin` is a CR (an LF first belongs to it)
  // `end` is a cut inside the file, not its end: a quoted field still open there was split by
  // a wrong cut (a quote inside an unquoted field miscounted), which the Reader reports as such.
  bool cut = false;
  std::vector<std::string> header;  // the file's column names, as its header row gives them
  char delimiter = ',';             // as chosen when the header was read
};

}  // namespace mlctl::csv
