// The streaming CSV reader (rules in reader.hpp and docs/csv-input.md).
//
// How it works: one buffer holds the record being scanned, whole. A record is scanned in a
// single pass that looks at sixteen bytes at a time for the next delimiter, line break or
// quote (byte_scan.hpp); a NUL sentinel after the buffered data stops the scan without a
// bounds check. When the scan reaches the end of the buffered data before the record ends, the
// partial record is moved to the front of the buffer, more is read, and the record is scanned
// again from its start. That happens about once per block; a record longer than a block gets
// as many new bytes as it already holds each time, so the rescans stay linear in its length
// and memory stays at two blocks plus at most twice the longest record. Because a record may
// be rescanned, quoted fields holding doubled quotes are unescaped only once the whole record
// has been scanned; the scan notes where each pair of quotes is, so that this copies the text
// between pairs without looking at it again. They are unescaped into a side buffer, never in
// place: the input bytes stay as read, so a block reader (csv/block_reader.hpp) can read a
// block of them again.
//
// Why not more of fast-cpp-csv-parser (libfccp/csv.h): its CSVReader fixes the column count at
// compile time (we learn it from the header), and its LineReader splits on line breaks without
// knowing about quotes, caps a line at its block length and copies nothing we could keep as
// views across a quoted newline. Its byte-source interface is the part that fits; see
// byte_source.hpp.

#include "csv/reader.hpp"

#include <algorithm>
#include <climits>
#include <cstring>
#include <functional>

#include <fmt/format.h>
#include <xxhash.h>

#include "common/error.hpp"
#include "csv/byte_scan.hpp"
#include "csv/byte_source.hpp"
#include "csv/header.hpp"
#include "csv/missing.hpp"
#include "csv/reader_access.hpp"

namespace mlctl::csv {

namespace {

constexpr char kQuote = '"';

struct HashStateDeleter {
  void operator()(XXH3_state_t* state) const { XXH3_freeState(state); }
};
using HashState = std::unique_ptr<XXH3_state_t, HashStateDeleter>;

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  const auto tail = text.substr(text.size() - suffix.size());
  return std::equal(tail.begin(), tail.end(), suffix.begin(), [](char a, char b) {
    return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a) == b;
  });
}

char delimiter_by_name(const std::string& path) {
  return ends_with_ignoring_case(path, ".tsv") || ends_with_ignoring_case(path, ".tab") ? '\t'
                                                                                        : ',';
}

char chosen_delimiter(const std::string& path, char requested) {
  if (requested == '\0') return delimiter_by_name(path);
  if (requested == kQuote || requested == '\n' || requested == '\r') {
    throw Error(ErrorKind::usage, "the delimiter cannot be a quote or a line break");
  }
  return requested;
}

// The dialect's settings that do not depend on the input.
void check_dialect(const ReaderOptions& options) {
  if (options.decimal != '.' && options.decimal != ',') {
    throw Error(ErrorKind::usage,
                fmt::format("the decimal mark must be '.' or ',', got {:?}", options.decimal));
  }
  if (!options.header && options.columns.empty()) {
    throw Error(ErrorKind::usage,
                "input without a header row needs its column names (--columns a,b,c)");
  }
  if (options.header && !options.columns.empty()) {
    throw Error(ErrorKind::usage,
                "--columns names the columns of input without a header row: "
                "give --no-header too");
  }
}

// A space or a tab that --trim drops around a field (never the delimiter itself).
bool is_blank(char c, char delimiter) {
  return (c == ' ' || c == '\t') && c != delimiter;
}

// The fields of each record in `sample` split at `delimiter`, by the reader's quoting rules;
// blank lines are not records. The last record counts only when `whole` (the sample is the
// whole input) or a line break ends it.
std::vector<std::size_t> fields_per_record(std::string_view sample, char delimiter, bool whole,
                                           std::size_t most) {
  std::vector<std::size_t> counts;
  std::size_t fields = 1;
  bool field_start = true;
  bool quoted = false;
  bool content = false;
  for (std::size_t i = 0; i < sample.size() && counts.size() < most; ++i) {
    const char c = sample[i];
    if (quoted) {
      if (c == kQuote) {
        if (i + 1 < sample.size() && sample[i + 1] == kQuote) {
          ++i;
        } else {
          quoted = false;
        }
      }
      continue;
    }
    if (c == '\n' || c == '\r') {
      if (content) counts.push_back(fields);
      fields = 1;
      field_start = true;
      content = false;
      continue;
    }
    content = true;
    if (c == delimiter) {
      ++fields;
      field_start = true;
    } else {
      quoted = field_start && c == kQuote;
      field_start = false;
    }
  }
  if (whole && content && !quoted && counts.size() < most) counts.push_back(fields);
  return counts;
}

}  // namespace

char sniff_delimiter(std::string_view sample, bool whole, char decimal, char fallback) {
  for (const char candidate : {',', ';', '\t', '|'}) {
    if (candidate == decimal) continue;
    const auto counts = fields_per_record(sample, candidate, whole, kSniffRecords);
    if (counts.empty() || counts.front() < 2) continue;
    if (std::all_of(counts.begin(), counts.end(),
                    [&](std::size_t n) { return n == counts.front(); })) {
      return candidate;
    }
  }
  return fallback;
}

struct Reader::Impl {
  enum class Scan { record, need_more, skipped };

  std::optional<FdByteSource> source;  // none for a Reader over a block in memory
  std::string display_name;
  ReaderOptions options;
  char delimiter;
  MissingTokens missing;
  HashState hash;

  // Input bytes: [begin, end) of `bytes` is unconsumed, bytes[end] is always a NUL sentinel,
  // followed by kScanPadding bytes the scan may read. `bytes` is the reader's own `buffer`, or
  // a block's.
  std::unique_ptr<char[]> buffer;
  std::shared_ptr<const detail::BlockBytes> block;
  const char* bytes = nullptr;
  std::size_t capacity = 0;  // bytes of data the buffer can hold (the sentinel comes on top)
  std::size_t begin = 0;
  std::size_t end = 0;
  bool eof = false;
  bool after_cr = false;   // the last line break was a CR, so an LF right after is part of it
  std::uint64_t line = 1;  // physical line at `begin`
  std::uint64_t bytes_count = 0;  // read so far
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

  Impl(const std::string& path, ReaderOptions opts)
      : source((check_dialect(opts), std::optional<FdByteSource>(std::in_place, path))),
        display_name(source->display_name()),
        options(std::move(opts)),
        delimiter(options.delimiter == kSniffDelimiter ? ','
                                                       : chosen_delimiter(path, options.delimiter)),
        missing(options.extra_na),
        unquoted_scan(delimiter),
        quoted_scan(kQuote) {
    if (options.block_size == 0) options.block_size = 1;
    if (options.hash_input) {
      hash.reset(XXH3_createState());
      if (!hash) throw std::bad_alloc();
      XXH3_64bits_reset(hash.get());
    }
    capacity = 2 * options.block_size;
    buffer = std::make_unique<char[]>(capacity + 1 + kScanPadding);
    buffer[0] = '\0';
    bytes = buffer.get();

    skip_bom();
    if (options.delimiter == kSniffDelimiter) {
      delimiter = sniff(delimiter_by_name(path));
      unquoted_scan = ByteScan(delimiter);
    }
    if (options.decimal == ',' && delimiter == ',') {
      throw Error(ErrorKind::usage,
                  "--decimal , needs another delimiter than ',' (--delimiter ';', tab, '|' or "
                  "auto)");
    }
    if (!options.header) {
      // The names are given; the first record is data.
      const std::vector<std::string_view> names(options.columns.begin(), options.columns.end());
      try {
        header = validated_header(names, display_name, 0);
      } catch (const Error& e) {
        throw Error(ErrorKind::usage, "--columns: " + e.message());
      }
    } else {
      if (!read_record()) {
        throw Error(ErrorKind::data, "empty file: no header row", {display_name, 1});
      }
      header = validated_header({fields.data(), count}, display_name, record_line);
    }
    fields.assign(header.size(), {});
    reading_header = false;
  }

  // The delimiter among , ; tab | that splits the first lines into the same number of fields
  // (more than one); `fallback` when none does.
  char sniff(char fallback) {
    const auto line_breaks_buffered = [&] {
      return static_cast<std::size_t>(
          std::count_if(bytes + begin, bytes + end, [](char c) { return c == '\n' || c == '\r'; }));
    };
    while (!eof && end - begin < kSniffBytes && line_breaks_buffered() <= kSniffRecords) refill();
    return sniff_delimiter({bytes + begin, end - begin}, eof, options.decimal, fallback);
  }

  // Over a block of whole records after the header: everything is read already.
  explicit Impl(std::shared_ptr<const detail::BlockBytes> of)
      : display_name(of->setup->display_name),
        options(of->setup->options),
        delimiter(of->setup->delimiter),
        missing(options.extra_na),
        block(std::move(of)),
        bytes(block->data.get()),
        capacity(block->size),
        end(block->size),
        eof(true),
        after_cr(block->after_cr),
        line(block->first_line),
        unquoted_scan(delimiter),
        quoted_scan(kQuote),
        header(block->setup->header),
        reading_header(false) {
    fields.assign(header.size(), {});
  }

  Location at(std::uint64_t at_line, std::size_t column = 0) const {
    return {display_name, at_line, column};
  }

  void skip_bom() {
    while (end - begin < 3 && !eof) refill();
    if (end - begin >= 3 && std::memcmp(bytes + begin, "\xEF\xBB\xBF", 3) == 0) begin += 3;
  }

  // Reads up to `size` bytes into `into`, counted and hashed; 0 at the end of the input.
  std::size_t read_input(char* into, std::size_t size) {
    if (eof || !source) return 0;
    const int n = source->read(into, static_cast<int>(std::min(size, std::size_t{INT_MAX})));
    if (n <= 0) {
      eof = true;
      return 0;
    }
    const auto got = static_cast<std::size_t>(n);
    if (hash) XXH3_64bits_update(hash.get(), into, got);
    bytes_count += got;
    return got;
  }

  // Appends input after [begin, end), first moving that partial record to the front.
  void refill() {
    const std::size_t keep = end - begin;
    if (begin > 0) std::memmove(buffer.get(), buffer.get() + begin, keep);
    begin = 0;
    end = keep;
    // A record longer than a block gets as many new bytes as it already has, so that
    // rescanning it costs time linear in its length.
    const std::size_t want = std::max(options.block_size, keep);
    if (capacity - end < want) grow(end + want);
    std::size_t got = 0;
    do {
      const std::size_t n =
          read_input(buffer.get() + end, std::min(options.block_size, capacity - end));
      if (n == 0) break;
      end += n;
      got += n;
    } while (keep >= options.block_size && got < want);
    buffer[end] = '\0';
  }

  void grow(std::size_t needed) {
    const std::size_t new_capacity = std::max(needed, 2 * capacity);
    auto bigger = std::make_unique<char[]>(new_capacity + 1 + kScanPadding);
    std::memcpy(bigger.get(), buffer.get() + begin, end - begin);
    end -= begin;
    begin = 0;
    buffer = std::move(bigger);
    bytes = buffer.get();
    capacity = new_capacity;
  }

  void skip_blank_lines() {
    for (;;) {
      const char* data = bytes;
      while (begin < end) {
        const char c = data[begin];
        if (c == '\n') {
          if (!after_cr) ++line;
          after_cr = false;
        } else if (c == '\r') {
          ++line;
          after_cr = true;
        } else {
          after_cr = false;
          return;
        }
        ++begin;
      }
      if (eof) return;
      refill();
    }
  }

  // Reads the next record into fields/count; false at the end of the input.
  bool read_record() {
    for (;;) {
      skip_blank_lines();
      if (begin == end) return false;
      const Scan scanned = options.trim ? scan_record<true>() : scan_record<false>();
      if (scanned == Scan::record) return true;
      if (scanned == Scan::need_more) refill();
    }
  }

  [[noreturn]] void throw_nul(std::uint64_t at_line, std::size_t field) const {
    throw Error(ErrorKind::data, "NUL byte in input (is this a binary file?)", at(at_line, field));
  }
  [[noreturn]] void throw_too_long(std::uint64_t at_line, std::size_t field) const {
    throw Error(ErrorKind::data,
                fmt::format("field is longer than {} bytes (raise the limit with --max-field-size)",
                            options.max_field_bytes),
                at(at_line, field));
  }

  void check_length(const char* first, const char* last, std::uint64_t at_line) const {
    if (static_cast<std::size_t>(last - first) > options.max_field_bytes) {
      throw_too_long(at_line, count + 1);
    }
  }

  // The scan stopped at the end of the buffered data, in a field starting at `partial`.
  Scan need_more(const char* partial, std::uint64_t partial_line) const {
    check_length(partial, bytes + end, partial_line);
    return Scan::need_more;
  }

  // A field beyond the slots in `fields` (cold path).
  void extra_field(std::string_view field) {
    if (count >= options.max_columns) {
      if (reading_header) {
        throw Error(ErrorKind::data,
                    fmt::format("more than {} columns (raise the limit with --max-columns)",
                                options.max_columns),
                    at(record_line, count + 1));
      }
      throw Error(ErrorKind::data,
                  fmt::format("expected {} fields (as in the header), found more than {}",
                              fields.size(), options.max_columns),
                  at(record_line, fields.size() + 1));
    }
    if (!reading_header) return;  // counted only; the record is refused at its end
    fields.resize(std::min(std::max<std::size_t>(16, 2 * fields.size()), options.max_columns));
    fields[count] = field;
  }

  // False when the record is skipped (a ragged record reported to `ragged`).
  bool finish_record() {
    if (!reading_header && count != fields.size()) {
      if (ragged) {
        ragged(record_line, count);
        return false;
      }
      throw Error(ErrorKind::data,
                  fmt::format("expected {} fields (as in {}), found {}", fields.size(),
                              options.header ? "the header" : "--columns", count),
                  at(record_line, std::min(count, fields.size()) + 1));
    }
    if (!to_unescape.empty()) unescape();
    if (options.decimal != '.' && !reading_header) rewrite_decimals();
    return true;
  }

  // Numbers written with a decimal comma ("1,5") become "1.5" in a side buffer, so that every
  // caller's parse_number reads them; other text and missing-value tokens are left as written. A
  // field that would read as a number with a point ("1.5", "1.234") is refused: with --decimal , it
  // is ambiguous (a thousands separator?) and reading it either way could be silently wrong.
  void rewrite_decimals() {
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

  void unescape() {
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

  // Trim: spaces and tabs around unquoted fields are dropped, and around quoted ones skipped.
  template <bool Trim>
  Scan scan_record() {
    const char* const data = bytes;
    const char* const stop = data + end;  // *stop is the NUL sentinel
    const char* p = data + begin;
    const ByteScan& plain = unquoted_scan;
    const ByteScan& quoted = quoted_scan;
    const char delim = delimiter;
    std::uint64_t ln = line;
    record_line = line;
    count = 0;
    to_unescape.clear();
    doubled_quotes.clear();
    std::string_view* slots = fields.data();
    std::size_t slot_count = fields.size();

    const auto store = [&](const char* first, const char* last) {
      const std::string_view field(first, static_cast<std::size_t>(last - first));
      if (count < slot_count) {
        slots[count] = field;
      } else {
        extra_field(field);
        slots = fields.data();
        slot_count = fields.size();
      }
      ++count;
    };

    char c;
    for (;;) {
      if constexpr (Trim) {
        while (is_blank(*p, delim)) ++p;
      }
      if (*p != kQuote) {
        const char* const first = p;
        p = plain.find(p);
        c = *p;
        if (c == '\0') {
          if (p != stop) throw_nul(ln, count + 1);
          if (!eof) return need_more(first, ln);
        }
        check_length(first, p, ln);
        if constexpr (Trim) {
          const char* last = p;
          while (last != first && is_blank(last[-1], delim)) --last;
          store(first, last);
        } else {
          store(first, p);
        }
        if (c == delim) {
          ++p;
          continue;
        }
        break;  // a line break or the end of the input
      }

      const char* const first = ++p;
      const std::uint64_t opened_on = ln;
      bool doubled = false;
      for (;;) {
        p = quoted.find(p);
        c = *p;
        if (c == kQuote) {
          if (p + 1 == stop && !eof) return need_more(first, opened_on);
          if (p[1] != kQuote) break;
          doubled = true;
          doubled_quotes.push_back(p);
          p += 2;
        } else if (c == '\n') {
          if (p[-1] != '\r') ++ln;
          ++p;
        } else if (c == '\r') {
          ++ln;
          ++p;
        } else if (p != stop) {
          throw_nul(ln, count + 1);
        } else if (!eof) {
          return need_more(first, opened_on);
        } else {
          check_length(first, p, opened_on);  // the same error whatever the block size
          throw Error(ErrorKind::data, "unterminated quoted field (opened here)",
                      at(opened_on, count + 1));
        }
      }
      check_length(first, p, opened_on);
      if (doubled) to_unescape.push_back(count);
      store(first, p);
      c = *++p;  // after the closing quote
      if constexpr (Trim) {
        while (is_blank(c, delim)) c = *++p;
      }
      if (c == delim) {
        ++p;
        continue;
      }
      if (c == '\n' || c == '\r') break;
      if (p == stop) {
        if (!eof) return need_more(first, opened_on);
        break;
      }
      if (c == '\0') throw_nul(ln, count);
      throw Error(ErrorKind::data,
                  "unexpected text after a closing quote (a quote inside a quoted field is "
                  "written as two quotes)",
                  at(ln, count));
    }

    // The record ended at c: LF, CR, or the end of the input.
    if (c == '\n' || c == '\r') {
      ++ln;
      ++p;
      after_cr = c == '\r';
    }
    begin = static_cast<std::size_t>(p - data);
    line = ln;
    return finish_record() ? Scan::record : Scan::skipped;
  }
};

Reader::Reader(const std::string& path, ReaderOptions options)
    : impl_(std::make_unique<Impl>(path, std::move(options))), missing_(&impl_->missing) {}
Reader::Reader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)), missing_(&impl_->missing) {}
Reader::~Reader() = default;
Reader::Reader(Reader&&) noexcept = default;
Reader& Reader::operator=(Reader&&) noexcept = default;

const std::vector<std::string>& Reader::header() const {
  return impl_->header;
}
const std::string& Reader::display_name() const {
  return impl_->display_name;
}
char Reader::delimiter() const {
  return impl_->delimiter;
}

void Reader::skip_ragged_records(std::function<void(std::uint64_t, std::size_t)> report) {
  impl_->ragged = std::move(report);
}

bool Reader::next(Row& row) {
  if (!impl_->read_record()) return false;
  ++impl_->rows;
  row.fields = {impl_->fields.data(), impl_->fields.size()};
  row.line = impl_->record_line;
  return true;
}

std::uint64_t Reader::bytes_read() const {
  return impl_->bytes_count;
}
std::optional<std::uint64_t> Reader::total_bytes() const {
  return impl_->source ? impl_->source->size() : std::nullopt;
}
ReadProgress Reader::progress() const {
  const bool compressed = impl_->source && impl_->source->compression() != Compression::none;
  return {compressed ? impl_->source->raw_bytes_read() : bytes_read(), total_bytes(), rows_read()};
}
std::uint64_t Reader::rows_read() const {
  return impl_->rows;
}
std::uint64_t Reader::input_hash() const {
  return impl_->hash ? XXH3_64bits_digest(impl_->hash.get()) : 0;
}

namespace detail {

std::shared_ptr<const ReaderSetup> ReaderAccess::setup(const Reader& reader) {
  const Reader::Impl& impl = *reader.impl_;
  return std::make_shared<const ReaderSetup>(
      ReaderSetup{impl.display_name, impl.header, impl.delimiter, impl.options});
}

ReaderAccess::Position ReaderAccess::take_buffered(Reader& reader) {
  Reader::Impl& impl = *reader.impl_;
  Position at;
  at.buffered.assign(impl.bytes + impl.begin, impl.end - impl.begin);
  at.line = impl.line;
  at.after_cr = impl.after_cr;
  at.at_end = impl.eof;
  at.offset = impl.bytes_count - at.buffered.size();
  impl.begin = impl.end;
  return at;
}

std::uint64_t ReaderAccess::progress_bytes(const Reader& reader, std::uint64_t offset) {
  return compressed(reader) ? reader.impl_->source->raw_bytes_read() : offset;
}

bool ReaderAccess::compressed(const Reader& reader) {
  const Reader::Impl& impl = *reader.impl_;
  return impl.source && impl.source->compression() != Compression::none;
}

std::size_t ReaderAccess::read_input(Reader& reader, char* into, std::size_t size) {
  return reader.impl_->read_input(into, size);
}

void ReaderAccess::add_rows(Reader& reader, std::uint64_t rows) {
  reader.impl_->rows += rows;
}

void ReaderAccess::skip_to_end(Reader& reader, std::uint64_t rows) {
  reader.impl_->begin = reader.impl_->end;
  reader.impl_->rows += rows;
}

Reader ReaderAccess::open(std::shared_ptr<const BlockBytes> block) {
  return Reader(std::make_unique<Reader::Impl>(std::move(block)));
}

std::shared_ptr<const BlockBytes> ReaderAccess::block_of(const Reader& reader) {
  return reader.impl_->block;
}

}  // namespace detail

}  // namespace mlctl::csv
