// The streaming CSV reader (rules in reader.hpp and docs/csv-input.md): opening an input, its
// header, the buffer, and the public calls. Records are split in record_scan.cpp.
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
#include <cstring>

#include "common/error.hpp"
#include "csv/header.hpp"
#include "csv/reader_impl.hpp"
#include "csv/syntax.hpp"

namespace mlctl::csv {

// A file's and bytes in memory's alike: `source` makes the Input, `name` chooses a delimiter
// by its extension.
template <class Source>
Reader::Impl::Impl(std::string_view name, const Source& source, ReaderOptions opts)
    : input((detail::check_dialect(opts),
             std::optional<Input>(std::in_place, source, opts.hash_input))),
      display_name(input->display_name()),
      options(std::move(opts)),
      delimiter(options.delimiter == kSniffDelimiter
                    ? ','
                    : detail::chosen_delimiter(name, options.delimiter)),
      missing(options.extra_na),
      unquoted_scan(syntax::unquoted_scan(delimiter)),
      quoted_scan(syntax::quoted_scan()) {
  open(name);
}

Reader::Impl::Impl(const std::string& path, ReaderOptions opts)
    : Impl(std::string_view(path), path, std::move(opts)) {}

Reader::Impl::Impl(const MemoryInput& memory, ReaderOptions opts)
    : Impl(std::string_view(memory.name), memory, std::move(opts)) {}

void Reader::Impl::open(std::string_view name) {
  allocate_buffer();
  skip_bom();
  if (options.delimiter == kSniffDelimiter) {
    delimiter = sniff(detail::delimiter_by_name(name));
    unquoted_scan = syntax::unquoted_scan(delimiter);
  }
  if (options.decimal == ',' && delimiter == ',') {
    throw Error(ErrorKind::usage,
                "--decimal , needs another delimiter than ',' (--delimiter ';', tab, '|' or "
                "auto)");
  }
  read_header();
}

// Over a block of whole records after the header: everything is read already.
Reader::Impl::Impl(std::shared_ptr<const detail::BlockBytes> of)
    : ends_at_cut(of->setup->ends_at_cut),
      display_name(of->setup->display_name),
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
      unquoted_scan(syntax::unquoted_scan(delimiter)),
      quoted_scan(syntax::quoted_scan()),
      header(block->setup->header),
      reading_header(false) {
  fields.assign(header.size(), {});
}

// Over a part of a file: the header is known, the bytes start at a record.
Reader::Impl::Impl(const std::string& path, const ByteRange& part, ReaderOptions opts)
    : input((detail::check_dialect(opts),
             std::optional<Input>(std::in_place, path, opts.hash_input, part.begin, part.end))),
      range(part),
      ends_at_cut(part.cut),
      display_name(input->display_name()),
      options(std::move(opts)),
      delimiter(part.delimiter),
      missing(options.extra_na),
      after_cr(part.after_cr),
      line(part.line),
      unquoted_scan(syntax::unquoted_scan(delimiter)),
      quoted_scan(syntax::quoted_scan()),
      header(part.header),
      reading_header(false) {
  allocate_buffer();
  fields.assign(header.size(), {});
}

namespace {

// Bytes per read of `input`: `block_size`, or for a file known to be smaller its size rounded
// up to a page. A 270-byte file read into two blocks of 1 MiB spent most of a one-row predict
// allocating and faulting them in (issue #16). A pipe keeps the block size, and so does a
// compressed file (its size says little of its data) and a file whose size reads 0 (/proc).
std::size_t read_block_size(const Input& input, std::size_t block_size, bool part) {
  const auto total = input.total_bytes();
  if (!total || input.compressed() || (*total == 0 && !part)) return block_size;
  return static_cast<std::size_t>(
      std::min<std::uint64_t>(block_size, whole_pages(std::max<std::uint64_t>(*total, 1))));
}

// Uninitialised: read() fills it, and seal() zeroes only what the scan looks at after the data.
std::unique_ptr<char[]> new_buffer(std::size_t data_bytes) {
  return std::unique_ptr<char[]>(new char[data_bytes + 1 + kScanPadding]);
}

}  // namespace

void Reader::Impl::allocate_buffer() {
  if (options.block_size == 0) options.block_size = 1;
  read_block = read_block_size(*input, options.block_size, range.has_value());
  capacity = 2 * read_block;
  buffer = new_buffer(capacity);
  bytes = buffer.get();
  seal();
}

void Reader::Impl::read_header() {
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
char Reader::Impl::sniff(char fallback) {
  const auto line_breaks_buffered = [&] {
    return static_cast<std::size_t>(
        std::count_if(bytes + begin, bytes + end, [](char c) { return syntax::is_line_break(c); }));
  };
  while (!eof && end - begin < kSniffBytes && line_breaks_buffered() <= kSniffRecords) refill();
  return sniff_delimiter({bytes + begin, end - begin}, eof, options.decimal, fallback);
}

void Reader::Impl::skip_bom() {
  while (end - begin < 3 && !eof) refill();
  if (end - begin >= 3 && std::memcmp(bytes + begin, "\xEF\xBB\xBF", 3) == 0) begin += 3;
}

// Reads up to `size` bytes into `into`, counted and hashed; 0 at the end of the input.
std::size_t Reader::Impl::read_input(char* into, std::size_t size) {
  if (eof || !input) return 0;
  const std::size_t got = input->read(into, size);
  if (got == 0) eof = true;
  return got;
}

// Appends input after [begin, end), first moving that partial record to the front.
void Reader::Impl::refill() {
  const std::size_t keep = end - begin;
  if (begin > 0) std::memmove(buffer.get(), buffer.get() + begin, keep);
  begin = 0;
  end = keep;
  // A record longer than a block gets as many new bytes as it already has, so that
  // rescanning it costs time linear in its length.
  const std::size_t want = std::max(read_block, keep);
  if (capacity - end < want) grow(end + want);
  std::size_t got = 0;
  do {
    const std::size_t n = read_input(buffer.get() + end, std::min(read_block, capacity - end));
    if (n == 0) break;
    end += n;
    got += n;
  } while (keep >= read_block && got < want);
  seal();
}

void Reader::Impl::grow(std::size_t needed) {
  const std::size_t new_capacity = std::max(needed, 2 * capacity);
  auto bigger = new_buffer(new_capacity);
  std::memcpy(bigger.get(), buffer.get() + begin, end - begin);
  end -= begin;
  begin = 0;
  buffer = std::move(bigger);
  bytes = buffer.get();
  capacity = new_capacity;
}

// Blank lines are no records (csv/syntax.hpp); they still count as lines.
void Reader::Impl::skip_blank_lines() {
  for (;;) {
    const char* data = bytes;
    while (begin < end) {
      const char c = data[begin];
      if (!syntax::is_line_break(c)) {
        after_cr = false;
        return;
      }
      if (!(after_cr && syntax::continues_line_break('\r', c))) ++line;
      after_cr = c == '\r';
      ++begin;
    }
    if (eof) return;
    refill();
  }
}

Reader::Reader(const std::string& path, ReaderOptions options)
    : impl_(std::make_unique<Impl>(path, std::move(options))), missing_(&impl_->missing) {}
Reader::Reader(const MemoryInput& input, ReaderOptions options)
    : impl_(std::make_unique<Impl>(input, std::move(options))), missing_(&impl_->missing) {}
Reader::Reader(const std::string& path, const ByteRange& range, ReaderOptions options)
    : impl_(std::make_unique<Impl>(path, range, std::move(options))), missing_(&impl_->missing) {}
Reader::Reader(std::shared_ptr<const detail::BlockBytes> block)
    : impl_(std::make_unique<Impl>(std::move(block))), missing_(&impl_->missing) {}
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
const ByteRange* Reader::range() const {
  return impl_->range ? &*impl_->range : nullptr;
}
const ReaderOptions& Reader::options() const {
  return impl_->options;
}

void Reader::skip_ragged_records(std::function<void(std::uint64_t, std::size_t)> report) {
  impl_->ragged = std::move(report);
}

std::uint64_t Reader::bytes_read() const {
  return impl_->input ? impl_->input->bytes_read() : 0;
}
std::optional<std::uint64_t> Reader::total_bytes() const {
  return impl_->input ? impl_->input->total_bytes() : std::nullopt;
}
bool Reader::compressed() const {
  return impl_->input && impl_->input->compressed();
}
bool Reader::in_memory() const {
  return impl_->input && impl_->input->in_memory();
}
std::optional<std::uint64_t> estimated_rows(const ReadProgress& read) {
  if (!read.total_bytes || read.bytes == 0 || read.bytes >= *read.total_bytes) return std::nullopt;
  const double ratio = static_cast<double>(*read.total_bytes) / static_cast<double>(read.bytes);
  return static_cast<std::uint64_t>(static_cast<double>(read.rows) * ratio * 1.02);
}

ReadProgress Reader::progress() const {
  return {impl_->input ? impl_->input->progress_bytes() : 0, total_bytes(), rows_read()};
}
std::uint64_t Reader::rows_read() const {
  return impl_->rows;
}
std::uint64_t Reader::input_hash() const {
  return impl_->input ? impl_->input->hash() : 0;
}

Reader::Rest Reader::take_rest() {
  Impl& impl = *impl_;
  Rest rest;
  rest.buffered.assign(impl.bytes + impl.begin, impl.end - impl.begin);
  rest.line = impl.line;
  rest.after_cr = impl.after_cr;
  rest.at_end = impl.eof;
  rest.offset = bytes_read() - rest.buffered.size();
  impl.begin = impl.end;
  return rest;
}

std::size_t Reader::read_more(char* into, std::size_t size) {
  return impl_->read_input(into, size);
}

void Reader::mark_read(std::uint64_t rows) {
  impl_->begin = impl_->end;
  impl_->rows += rows;
}

const std::shared_ptr<const detail::BlockBytes>& Reader::block() const {
  return impl_->block;
}

}  // namespace mlctl::csv
