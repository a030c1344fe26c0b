#pragma once
// Where the reader's bytes come from: a file or stdin, read with read(2) in caller-sized blocks,
// and decompressed on the way when it is gzip or zstd (found by its first bytes, not its name).
// Internal to src/csv/.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <libfccp/csv.h>

namespace mlctl::csv {

enum class Compression { none, gzip, zstd };

// `bytes` rounded up to whole 4 KiB pages: what a buffer for a small file of that size takes.
constexpr std::uint64_t whole_pages(std::uint64_t bytes) {
  constexpr std::uint64_t kPage = 4096;
  return (bytes + kPage - 1) / kPage * kPage;
}

// The compression that `first` (the first bytes of an input, `size` of them) starts with:
// gzip's 1f 8b, zstd's 28 b5 2f fd.
Compression compression_of(const unsigned char* first, std::size_t size);

// fast-cpp-csv-parser's byte-source interface is exactly the seam we need between "get bytes"
// and "tokenize bytes", so the file/stdin source implements it. Bytes already in memory (a
// request's body) go through the same class rather than another io::ByteSourceBase, so that
// they are decompressed, counted and sized exactly as a file of those bytes would be.
class ByteSource final : public io::ByteSourceBase {
 public:
  // "-" = stdin (not closed). Throws Error(io) naming `path` if it cannot be opened or is a
  // directory. Reads the input's first bytes to tell whether it is compressed.
  explicit ByteSource(const std::string& path);
  // Over `bytes` in memory (they must outlive the source), named `display_name` in messages:
  // read as a regular file of that size would be, without a system call.
  ByteSource(std::string_view bytes, std::string display_name);
  ~ByteSource() override;
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  // Reads up to `size` bytes (decompressed); 0 at end of input. Throws Error(io) on a read
  // failure, Error(data) naming the file on corrupt or truncated compressed data.
  int read(char* buffer, int size) override;
  // Skips the next `count` bytes (decompressed): a seek in a plain regular file, else read and
  // dropped. For a Reader over a part of a file (csv/byte_range.hpp). Throws as read() does.
  void skip(std::uint64_t count);

  const std::string& display_name() const { return display_name_; }
  // st_size for a regular file; nothing for a pipe, terminal or socket. Of the file as stored
  // (compressed, for a compressed file).
  std::optional<std::uint64_t> size() const { return size_; }
  Compression compression() const { return compression_; }
  bool in_memory() const { return fd_ < 0; }
  // Bytes of the file as stored read so far (for progress against size()).
  std::uint64_t raw_bytes_read() const { return raw_bytes_; }

 private:
  // Reads the first bytes and tells the compression from them.
  void find_compression();
  // Reads up to `size` stored bytes; 0 at end of input.
  std::size_t read_raw(char* into, std::size_t size);
  std::size_t read_decompressed(char* into, std::size_t size);

  int fd_ = -1;
  bool owns_fd_ = false;
  std::string_view memory_;  // the bytes not read yet, for a source over memory (fd_ is -1)
  std::string display_name_;
  std::optional<std::uint64_t> size_;
  Compression compression_ = Compression::none;
  std::uint64_t raw_bytes_ = 0;

  // Stored bytes read but not handed on yet: the first bytes (read to find the compression),
  // then, for a compressed input, its input buffer.
  std::unique_ptr<char[]> raw_;
  std::size_t raw_capacity_ = 0;
  std::size_t raw_begin_ = 0;
  std::size_t raw_end_ = 0;
  bool raw_eof_ = false;

  struct Decoder;
  std::unique_ptr<Decoder> decoder_;
};

}  // namespace mlctl::csv
