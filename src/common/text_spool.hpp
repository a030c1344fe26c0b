#pragma once
// Text kept aside on disk while it may still be needed: the values a column read as numbers
// from input that cannot be read again (a pipe), in case the column turns out to hold text and
// they must become categories as written (docs/csv-input.md, "Column types"). Memory stays one
// small buffer per column, whatever the input's size.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mlctl {

// One unlinked temporary file in $TMPDIR (else /tmp), shared by the columns of one read; gone
// when the last user lets go of it. Not thread-safe: one thread writes and reads.
class Spool {
 public:
  // Throws Error(io) naming the directory when no temporary file can be made there.
  Spool();
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  // Appends `size` bytes; returns where they start. Throws Error(io) when the write fails.
  std::uint64_t write(const char* data, std::size_t size);
  // Reads `size` bytes written at `offset` back into `into`.
  void read(std::uint64_t offset, char* into, std::size_t size) const;

 private:
  std::string directory_;  // before fd_: the file is made there
  int fd_ = -1;
  std::uint64_t end_ = 0;
};

// A sequence of texts (none holds a NUL byte), kept in a Spool in chunks of about kChunk bytes.
class SpooledTexts {
 public:
  static constexpr std::size_t kChunk = 16384;

  explicit SpooledTexts(std::shared_ptr<Spool> spool) : spool_(std::move(spool)) {}

  void add(std::string_view text) {
    buffer_.append(text);
    buffer_.push_back('\0');
    if (buffer_.size() >= kChunk) flush();
  }
  // Texts already joined as add() joins them: each followed by a NUL.
  void add_joined(std::string_view joined);

  // Calls `each(text)` for every text in order, then forgets them all.
  template <class Each>
  void drain(Each&& each) {
    std::string carry;
    std::string chunk;
    const auto split = [&](std::string_view bytes) {
      std::size_t start = 0;
      for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (bytes[i] != '\0') continue;
        if (carry.empty()) {
          each(bytes.substr(start, i - start));
        } else {
          carry.append(bytes.substr(start, i - start));
          each(std::string_view(carry));
          carry.clear();
        }
        start = i + 1;
      }
      carry.append(bytes.substr(start));
    };
    for (const auto& [offset, size] : chunks_) {
      chunk.resize(size);
      spool_->read(offset, chunk.data(), size);
      split(chunk);
    }
    split(buffer_);
    clear();
  }
  void clear();

 private:
  void flush();

  std::shared_ptr<Spool> spool_;
  std::string buffer_;
  std::vector<std::pair<std::uint64_t, std::size_t>> chunks_;  // offset, size
};

}  // namespace mlctl
