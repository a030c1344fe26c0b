#include "distributed/communicator.hpp"

#include <array>
#include <cstring>
#include <string>
#include <utility>

namespace mlctl::distributed {

void Communicator::raise_if_any(const Error* local) {
  // A minimum finds the lowest failing rank (size() when none); only then does a broadcast
  // carry its error, so an agreement point with no error costs one small allreduce.
  std::array<std::int64_t, 1> first{local ? rank() : size()};
  allreduce(first, Reduction::min);
  if (first[0] == size()) return;
  const int root = static_cast<int>(first[0]);
  std::vector<std::byte> bytes;
  if (rank() == root) bytes = encode_error(*local);
  broadcast(bytes, root);
  throw JobError(decode_error(bytes));
}

std::vector<std::vector<std::byte>> Communicator::allgather(std::span<const std::byte> mine) {
  std::vector<std::vector<std::byte>> all(static_cast<std::size_t>(size()));
  for (int root = 0; root < size(); ++root) {
    auto& bytes = all[static_cast<std::size_t>(root)];
    if (root == rank()) bytes.assign(mine.begin(), mine.end());
    broadcast(bytes, root);
  }
  return all;
}

namespace {

// Layout: kind, line, column, file length, message length (five uint64s in the machine's byte
// order: every rank runs the same binary), then the file's and the message's bytes.
constexpr std::size_t header_words = 5;

void put(std::vector<std::byte>& out, std::uint64_t value) {
  const auto at = out.size();
  out.resize(at + sizeof value);
  std::memcpy(out.data() + at, &value, sizeof value);
}

std::uint64_t word(std::span<const std::byte> bytes, std::size_t index) {
  std::uint64_t value = 0;
  std::memcpy(&value, bytes.data() + index * sizeof value, sizeof value);
  return value;
}

[[noreturn]] void malformed() {
  throw Error(ErrorKind::internal, "a broadcast error record is malformed");
}

}  // namespace

std::vector<std::byte> encode_error(const Error& error) {
  std::vector<std::byte> out;
  const auto& where = error.where();
  put(out, static_cast<std::uint64_t>(error.kind()));
  put(out, where.line);
  put(out, where.column);
  put(out, where.file.size());
  put(out, error.message().size());
  const auto* file = reinterpret_cast<const std::byte*>(where.file.data());
  const auto* message = reinterpret_cast<const std::byte*>(error.message().data());
  out.insert(out.end(), file, file + where.file.size());
  out.insert(out.end(), message, message + error.message().size());
  return out;
}

Error decode_error(std::span<const std::byte> bytes) {
  const std::size_t head = header_words * sizeof(std::uint64_t);
  if (bytes.size() < head) malformed();
  const auto kind = word(bytes, 0);
  const auto file_size = word(bytes, 3);
  const auto message_size = word(bytes, 4);
  if (kind > static_cast<std::uint64_t>(ErrorKind::internal) || file_size > bytes.size() - head ||
      message_size != bytes.size() - head - file_size)
    malformed();
  const auto* text = reinterpret_cast<const char*>(bytes.data() + head);
  Location where{std::string(text, file_size), word(bytes, 1), word(bytes, 2)};
  return Error(static_cast<ErrorKind>(kind), std::string(text + file_size, message_size),
               std::move(where));
}

}  // namespace mlctl::distributed
