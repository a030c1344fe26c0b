#include <doctest/doctest.h>

#include <array>
#include <string>
#include <vector>

#include "distributed/single_process.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::distributed::Reduction;
using mlctl::distributed::SingleProcess;

namespace {

std::vector<std::byte> bytes_of(const std::string& text) {
  std::vector<std::byte> out;
  for (const char c : text) out.push_back(static_cast<std::byte>(c));
  return out;
}

}  // namespace

TEST_CASE("single process: rank 0 of 1, every reduction is the identity") {
  SingleProcess comm;
  CHECK(comm.rank() == 0);
  CHECK(comm.size() == 1);
  for (const auto op : {Reduction::sum, Reduction::min, Reduction::max}) {
    std::array<double, 3> d{1.5, -2.25, 1e300};
    comm.allreduce(d, op);
    CHECK(d == std::array<double, 3>{1.5, -2.25, 1e300});
    std::array<std::int64_t, 2> i{-7, INT64_MAX};
    comm.allreduce(i, op);
    CHECK(i == std::array<std::int64_t, 2>{-7, INT64_MAX});
  }
  std::vector<double> empty;
  comm.allreduce(empty, Reduction::sum);
  CHECK(empty.empty());
}

TEST_CASE("single process: the exclusive prefix sum of rank 0 is zero") {
  SingleProcess comm;
  std::array<std::int64_t, 3> counts{5, -1, 1000};
  comm.exclusive_prefix_sum(counts);
  CHECK(counts == std::array<std::int64_t, 3>{0, 0, 0});
}

TEST_CASE("single process: broadcast from rank 0 keeps the bytes, from another root is a bug") {
  SingleProcess comm;
  auto bytes = bytes_of("ab\0c");
  comm.broadcast(bytes, 0);
  CHECK(bytes == bytes_of("ab\0c"));
  try {
    comm.broadcast(bytes, 1);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::internal);
    CHECK(std::string(e.what()) == "broadcast from rank 1 of a single process");
  }
  CHECK(bytes == bytes_of("ab\0c"));
}

TEST_CASE("raise_if_any: returns without an error, rethrows this rank's error whole") {
  SingleProcess comm;
  comm.raise_if_any(nullptr);
  const Error local(ErrorKind::data, "not a number: 'x'", {"part-3.csv", 12, 4});
  try {
    comm.raise_if_any(&local);
    FAIL("no error");
  } catch (const mlctl::distributed::JobError& e) {  // agreed: every rank may end as usual
    CHECK(e.kind() == ErrorKind::data);
    CHECK(e.message() == "not a number: 'x'");
    CHECK(e.where().file == "part-3.csv");
    CHECK(e.where().line == 12);
    CHECK(e.where().column == 4);
    CHECK(std::string(e.what()) == "part-3.csv:12:4: not a number: 'x'");
  }
}

TEST_CASE("error records round-trip, and malformed ones are refused") {
  using mlctl::distributed::decode_error;
  using mlctl::distributed::encode_error;
  for (const Error& e :
       {Error(ErrorKind::io, "cannot open", {"a.csv"}), Error(ErrorKind::internal, ""),
        Error(ErrorKind::usage, "x", {"", 0, 9})}) {
    const Error back = decode_error(encode_error(e));
    CHECK(back.kind() == e.kind());
    CHECK(back.message() == e.message());
    CHECK(back.where().file == e.where().file);
    CHECK(back.where().line == e.where().line);
    CHECK(back.where().column == e.where().column);
  }
  auto bytes = encode_error(Error(ErrorKind::data, "bad", {"f.csv", 1, 2}));
  const std::vector<std::vector<std::byte>> broken{{},
                                                   {bytes.begin(), bytes.end() - 1},
                                                   [&] {
                                                     auto b = bytes;
                                                     b.push_back({});
                                                     return b;
                                                   }(),
                                                   [&] {
                                                     auto b = bytes;
                                                     b[0] = std::byte{99};
                                                     return b;
                                                   }(),
                                                   [&] {
                                                     auto b = bytes;
                                                     b[24] = std::byte{0xff};
                                                     return b;
                                                   }()};
  for (const auto& b : broken)
    CHECK_THROWS_WITH_AS(decode_error(b), "a broadcast error record is malformed", Error);
}
