#pragma once
// One input's bytes as the readers take them: from a file or stdin (decompressed as read, see
// csv/byte_source.hpp), counted, and hashed when asked, so that a Reader and the block reader
// reading on through it (csv/block_reader.hpp) report one total and one fingerprint. Internal to
// src/csv/.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <xxhash.h>

#include "csv/byte_source.hpp"

namespace mlctl::csv {

struct MemoryInput;  // csv/reader.hpp

class Input {
 public:
  // Opens `path` ("-" = stdin); throws Error(io) when it cannot. `hash`: keep an xxh3-64 of every
  // byte read (ReaderOptions::hash_input).
  Input(const std::string& path, bool hash);
  // Only bytes [begin, end) of `path` (a Reader over a part of a file, csv/byte_range.hpp):
  // reading starts at `begin` and ends at `end` or the end of the file; bytes_read() and
  // total_bytes() count from `begin`.
  Input(const std::string& path, bool hash, std::uint64_t begin, std::uint64_t end);
  // Over bytes in memory (Reader's MemoryInput).
  Input(const MemoryInput& memory, bool hash);
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  // The path as given, or "<stdin>".
  const std::string& display_name() const { return source_.display_name(); }

  // Reads up to `size` bytes into `into`; 0 at the end of the input, and from then on. Throws
  // Error(io) on a read error.
  std::size_t read(char* into, std::size_t size);

  std::uint64_t bytes_read() const { return bytes_; }  // decompressed
  std::uint64_t hash() const;                          // of those bytes; 0 without `hash`
  // The size of the file as stored, when it has one (not for a pipe).
  std::optional<std::uint64_t> total_bytes() const { return limit_ ? limit_ : source_.size(); }
  // True when the input is decompressed as it is read: its size says little of its data.
  bool compressed() const { return source_.compression() != Compression::none; }
  bool in_memory() const { return source_.in_memory(); }
  // How far the input is read, against total_bytes(): bytes_read(), or for a compressed input
  // the stored bytes read so far.
  std::uint64_t progress_bytes() const {
    return compressed() && !limit_ ? source_.raw_bytes_read() : bytes_read();
  }

 private:
  void start_hash();

  struct HashDeleter {
    void operator()(XXH3_state_t* state) const { XXH3_freeState(state); }
  };

  ByteSource source_;
  std::unique_ptr<XXH3_state_t, HashDeleter> hash_;
  std::uint64_t bytes_ = 0;
  bool at_end_ = false;
  std::optional<std::uint64_t> limit_;  // the bytes to read at most, for a part of a file
};

}  // namespace mlctl::csv
