#pragma once
// The Reader's state, shared by the files that implement it: reader.cpp (opening, the header,
// the buffer and the public calls), record_scan.cpp (splitting records into fields, with every
// error) and record_fields.cpp (fields rewritten after a record is scanned). Internal to
// src/csv/; nothing outside the Reader's own files includes it.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "csv/block_bytes.hpp"
#include "csv/byte_scan.hpp"
#include "csv/input.hpp"
#include "csv/missing.hpp"
#include "csv/reader.hpp"

namespace mlctl::csv {

struct Reader::Impl {
  enum class Scan { record, need_more, skipped };

  // reader.cpp: over a file (reads the header), and over a block of whole records after it.
  Impl(const std::string& path, ReaderOptions opts);
  Impl(const MemoryInput& memory, ReaderOptions opts);
  explicit Impl(std::shared_ptr<const detail::BlockBytes> of);
  // reader.cpp: over a part of a file, whose header is known.
  Impl(const std::string& path, const ByteRange& part, ReaderOptions opts);

  std::optional<Input> input;      // none for a Reader over a block in memory
  std::optional<ByteRange> range;  // the part of the file read, for a Reader over one
  bool ends_at_cut = false;        // the input ends at a cut (ByteRange::cut), not the file's end
  std::string display_name;
  ReaderOptions options;
  char delimiter;
  MissingTokens missing;

  // Input bytes: [begin, end) of `bytes` is unconsumed, bytes[end] is always a NUL sentinel,
  // followed by kScanPadding bytes the scan may read. `bytes` is the reader's own `buffer`, or
  // a block's.
  std::unique_ptr<char[]> buffer;
  std::shared_ptr<const detail::BlockBytes> block;
  const char* bytes = nullptr;
  std::size_t capacity = 0;    // bytes of data the buffer can hold (the sentinel comes on top)
  std::size_t read_block = 0;  // bytes per read: options.block_size, or less for a small file
  std::size_t begin = 0;
  std::size_t end = 0;
  bool eof = false;
  bool after_cr = false;   // the last line break was a CR, so an LF right after is part of it
  std::uint64_t line = 1;  // physical line at `begin`
  std::uint64_t rows = 0;

  // The bytes that end a run of ordinary bytes, outside quotes and inside them.
  ByteScan unquoted_scan;
  ByteScan quoted_scan;

  std::vector<std::string> header;
  // The current record. While the header is read the vector grows; afterwards it has one slot
  // per column, and extra fields of a bad record are only counted.
  std::vector<std::string_view> fields;
  bool reading_header = true;
  std::size_t count = 0;
  std::uint64_t record_line = 0;
  std::vector<std::size_t> to_unescape;     // fields holding doubled quotes
  std::vector<const char*> doubled_quotes;  // the first quote of each pair, in order
  std::string unescaped;                    // those fields, unescaped
  std::string decimals;                     // --decimal ,: numbers rewritten with a point
  // Set: a record with another field count than the header is reported here and skipped.
  std::function<void(std::uint64_t line, std::size_t fields)> ragged;

  Location at(std::uint64_t at_line, std::size_t column = 0) const {
    return {display_name, at_line, column};
  }

  // reader.cpp: what the two above share.
  template <class Source>
  Impl(std::string_view name, const Source& source, ReaderOptions opts);
  // reader.cpp: from the first byte to the header, `name` choosing a delimiter by its extension.
  void open(std::string_view name);
  // reader.cpp: the buffer.
  void allocate_buffer();
  void seal() { std::memset(buffer.get() + end, 0, 1 + kScanPadding); }
  void read_header();
  char sniff(char fallback);
  void skip_bom();
  std::size_t read_input(char* into, std::size_t size);
  void refill();
  void grow(std::size_t needed);
  void skip_blank_lines();

  // record_scan.cpp: records.
  bool read_record();  // the next record into fields/count; false at the end of the input
  template <bool Trim>
  Scan scan_record();
  const char* closing_quote(const char* p, std::uint64_t opened_on, std::uint64_t& ln,
                            bool& doubled);
  [[noreturn]] void throw_unterminated(std::uint64_t opened_on) const;
  [[noreturn]] void throw_nul(std::uint64_t at_line, std::size_t field) const;
  [[noreturn]] void throw_too_long(std::uint64_t at_line, std::size_t field) const;
  void check_length(const char* first, const char* last, std::uint64_t at_line) const {
    if (static_cast<std::size_t>(last - first) > options.max_field_bytes) {
      throw_too_long(at_line, count + 1);
    }
  }
  Scan need_more(const char* partial, std::uint64_t partial_line) const;
  void extra_field(std::string_view field);
  bool finish_record();

  // record_fields.cpp: fields rewritten once their record is scanned.
  void unescape();
  void rewrite_decimals();
};

}  // namespace mlctl::csv
