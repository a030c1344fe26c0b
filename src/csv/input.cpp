#include "csv/input.hpp"

#include <algorithm>
#include <climits>
#include <new>

#include "csv/reader.hpp"

namespace mlctl::csv {

Input::Input(const std::string& path, bool hash) : source_(path) {
  if (hash) start_hash();
}

Input::Input(const MemoryInput& memory, bool hash) : source_(memory.bytes, memory.name) {
  if (hash) start_hash();
}

void Input::start_hash() {
  hash_.reset(XXH3_createState());
  if (!hash_) throw std::bad_alloc();
  XXH3_64bits_reset(hash_.get());
}

Input::Input(const std::string& path, bool hash, std::uint64_t begin, std::uint64_t end)
    : Input(path, hash) {
  source_.skip(begin);
  limit_ = end > begin ? end - begin : 0;
}

std::size_t Input::read(char* into, std::size_t size) {
  if (at_end_) return 0;
  if (limit_) {
    size = static_cast<std::size_t>(std::min<std::uint64_t>(size, *limit_ - bytes_));
    if (size == 0) {
      at_end_ = true;
      return 0;
    }
  }
  const int n = source_.read(into, static_cast<int>(std::min(size, std::size_t{INT_MAX})));
  if (n <= 0) {
    at_end_ = true;
    return 0;
  }
  const auto got = static_cast<std::size_t>(n);
  if (hash_) XXH3_64bits_update(hash_.get(), into, got);
  bytes_ += got;
  return got;
}

std::uint64_t Input::hash() const {
  return hash_ ? XXH3_64bits_digest(hash_.get()) : 0;
}

}  // namespace mlctl::csv
