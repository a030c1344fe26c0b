#pragma once
// Reading an input a second time, from its first record: table::read_table and describe do
// when a column turns out to be text after some of its values were read as numbers, and the
// text of those values is needed exactly as written (docs/csv-input.md, "Column types").

#include <optional>

#include "csv/reader.hpp"

namespace mlctl::csv {

// True when the input of `reader` can be read again: a regular file, or stdin redirected from
// one. False for a pipe, a terminal or a socket (whose bytes are gone once read), and for
// bytes in memory (MemoryInput).
bool can_reopen(const Reader& reader);

// True when `reader` reads stdin ("-").
bool reads_stdin(const Reader& reader);

// A fresh Reader over the same input with the same options, positioned before its first
// record (of its ByteRange, for a Reader over a part of a file); nullopt when
// !can_reopen(reader). Throws Error(io) when the input cannot be opened
// again, or when its header is not the one `reader` read (the file changed in between).
std::optional<Reader> reopen(const Reader& reader);

}  // namespace mlctl::csv
