#include "distributed/communicator.hpp"

#include <array>
#include <string>
#include <utility>

#include "distributed/record.hpp"

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

namespace {}  // namespace

// Layout: kind, line, column, then the file and the message (distributed/record.hpp).
std::vector<std::byte> encode_error(const Error& error) {
  RecordWriter out;
  out.put(static_cast<std::uint64_t>(error.kind()));
  out.put<std::uint64_t>(error.where().line);
  out.put<std::uint64_t>(error.where().column);
  out.put_text(error.where().file);
  out.put_text(error.message());
  return std::move(out).bytes();
}

Error decode_error(std::span<const std::byte> bytes) {
  RecordReader in(bytes, "a broadcast error record");
  const auto kind = in.get<std::uint64_t>();
  Location where;
  where.line = in.get<std::uint64_t>();
  where.column = in.get<std::uint64_t>();
  where.file = std::string(in.get_text());
  std::string message(in.get_text());
  in.expect_end();
  if (kind > static_cast<std::uint64_t>(ErrorKind::internal)) {
    throw Error(ErrorKind::internal, "a broadcast error record is malformed");
  }
  return Error(static_cast<ErrorKind>(kind), std::move(message), std::move(where));
}

}  // namespace mlctl::distributed
