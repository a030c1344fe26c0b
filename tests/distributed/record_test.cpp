#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "distributed/record.hpp"

using mlctl::Error;
using mlctl::distributed::RecordReader;
using mlctl::distributed::RecordWriter;

TEST_CASE("record: values, runs and texts read back in the order written") {
  RecordWriter out;
  out.put<std::uint64_t>(7);
  out.put(-0.0);
  const std::vector<double> run{1.5, -2.25, 1e300};
  out.put_values<double>(run);
  out.put_values<std::int32_t>({});
  out.put_text("yes, \"quoted\"\nline");
  out.put_text("");
  out.put('x');
  const std::vector<std::byte> bytes = std::move(out).bytes();
  CHECK(bytes.size() == 8 + 8 + (8 + 24) + 8 + (8 + 18) + 8 + 1);

  RecordReader in(bytes, "a test record");
  CHECK(in.get<std::uint64_t>() == 7);
  const double zero = in.get<double>();
  CHECK(zero == 0.0);
  CHECK(std::signbit(zero));
  std::vector<double> values{9.0};
  in.get_values(values);  // appends
  CHECK(values == std::vector<double>{9.0, 1.5, -2.25, 1e300});
  std::vector<std::int32_t> none;
  in.get_values(none);
  CHECK(none.empty());
  CHECK(in.get_text() == "yes, \"quoted\"\nline");
  CHECK(in.get_text().empty());
  CHECK_FALSE(in.at_end());
  CHECK(in.get<char>() == 'x');
  CHECK(in.at_end());
  CHECK_NOTHROW(in.expect_end());
}

TEST_CASE("record: a record cut short or too long is an internal error naming it") {
  RecordWriter out;
  out.put_text("abcdef");
  out.put_values<double>(std::vector<double>{1.0, 2.0});
  const auto& bytes = out.bytes();

  const auto message = [](auto read) {
    try {
      read();
    } catch (const Error& e) {
      CHECK(e.kind() == mlctl::ErrorKind::internal);
      return e.message();
    }
    return std::string("no error");
  };
  const std::span<const std::byte> all(bytes);
  // The text's size says 6 bytes; 3 are left.
  CHECK(message([&] { RecordReader(all.first(11), "the counts").get_text(); }) ==
        "the counts is malformed");
  // The run's count says 2 doubles; one is left.
  CHECK(message([&] {
          RecordReader in(all.first(all.size() - 8), "the moments");
          in.get_text();
          std::vector<double> v;
          in.get_values(v);
        }) == "the moments is malformed");
  CHECK(message([&] { RecordReader(all.first(4), "a word").get<std::uint64_t>(); }) ==
        "a word is malformed");
  CHECK(message([&] {
          RecordReader in(all, "a record");
          in.get_text();
          in.expect_end();
        }) == "a record is malformed");
  // A huge count does not overflow the size check.
  RecordWriter huge;
  huge.put<std::uint64_t>(UINT64_MAX / 4);
  CHECK(message([&] {
          std::vector<double> v;
          RecordReader(huge.bytes(), "a run").get_values(v);
        }) == "a run is malformed");
}
