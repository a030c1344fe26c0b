#pragma once
// The records ranks exchange through Communicator::allgather and broadcast: values in the
// machine's byte order (every rank of a job runs the same binary), texts and runs of values
// each after their length. A record is read back in the order it was written; one that ends
// early or holds more than its reader takes was made by another rank of a different build or
// through a bug: Error(internal) naming what the record held, on every rank that reads it.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/error.hpp"

namespace mlctl::distributed {

class RecordWriter {
 public:
  template <typename T>
  void put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    append(&value, sizeof value);
  }
  // The count, then the values.
  template <typename T>
  void put_values(std::span<const T> values) {
    static_assert(std::is_trivially_copyable_v<T>);
    put<std::uint64_t>(values.size());
    append(values.data(), values.size_bytes());
  }
  // The size, then the bytes.
  void put_text(std::string_view text) {
    put<std::uint64_t>(text.size());
    append(text.data(), text.size());
  }

  const std::vector<std::byte>& bytes() const& { return bytes_; }
  std::vector<std::byte> bytes() && { return std::move(bytes_); }

 private:
  // resize and memcpy, not insert: GCC 12 warns (-Wstringop-overflow) about a range insert
  // into a vector it believes empty.
  void append(const void* data, std::size_t size) {
    if (size == 0) return;  // memcpy must not see the null data() of an empty run
    const std::size_t at = bytes_.size();
    bytes_.resize(at + size);
    std::memcpy(bytes_.data() + at, data, size);
  }
  std::vector<std::byte> bytes_;
};

class RecordReader {
 public:
  // `what` names the record in the error: "a rank's category counts".
  RecordReader(std::span<const std::byte> bytes, const char* what) : bytes_(bytes), what_(what) {}

  template <typename T>
  T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    T value;
    std::memcpy(&value, take(sizeof value), sizeof value);
    return value;
  }
  // Appends a run written by put_values.
  template <typename T>
  void get_values(std::vector<T>& out) {
    const auto count = get<std::uint64_t>();
    if (count > left() / sizeof(T)) malformed();
    const auto* first = take(count * sizeof(T));
    const std::size_t old = out.size();
    out.resize(old + count);
    if (count > 0) std::memcpy(out.data() + old, first, count * sizeof(T));
  }
  // A text written by put_text; it points into the record.
  std::string_view get_text() {
    const auto size = get<std::uint64_t>();
    const auto* first = take(size);
    return {reinterpret_cast<const char*>(first), static_cast<std::size_t>(size)};
  }

  bool at_end() const { return at_ == bytes_.size(); }
  // Throws unless every byte was read.
  void expect_end() const {
    if (!at_end()) malformed();
  }

 private:
  std::size_t left() const { return bytes_.size() - at_; }
  const std::byte* take(std::uint64_t size) {
    if (size > left()) malformed();
    const std::byte* first = bytes_.data() + at_;
    at_ += static_cast<std::size_t>(size);
    return first;
  }
  [[noreturn]] void malformed() const {
    throw Error(ErrorKind::internal, std::string(what_) + " is malformed");
  }

  std::span<const std::byte> bytes_;
  const char* what_;
  std::size_t at_ = 0;
};

}  // namespace mlctl::distributed
