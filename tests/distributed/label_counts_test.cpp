#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "distributed/label_counts.hpp"

using mlctl::distributed::LabelCounts;
using mlctl::distributed::put_label_counts;
using mlctl::distributed::RecordReader;
using mlctl::distributed::RecordWriter;

namespace {

std::vector<std::byte> record(std::uint64_t missing, const std::vector<std::string>& labels,
                              const std::vector<std::uint64_t>& counts) {
  RecordWriter out;
  put_label_counts(out, missing, labels, counts);
  out.put<char>('!');  // what follows in the same record stays readable
  return std::move(out).bytes();
}

}  // namespace

TEST_CASE("label counts: summed by label over records, in std::string's order") {
  // Each rank has its own codes; a label counted 0 times is not sent.
  const auto a = record(2, {"north", "south", "east"}, {3, 0, 1});
  const auto b = record(0, {"east", "North", "west", "north"}, {4, 1, 0, 2});
  const auto c = record(5, {}, {});  // a rank without levels
  LabelCounts counts;
  for (const auto* bytes : {&a, &b, &c}) {
    RecordReader in(*bytes, "counts");
    counts.add(in);
    CHECK(in.get<char>() == '!');
    CHECK(in.at_end());
  }
  CHECK(counts.missing() == 7);
  const auto merged = std::move(counts).merged();
  CHECK(merged.labels == std::vector<std::string_view>{"North", "east", "north"});
  CHECK(merged.counts == std::vector<std::uint64_t>{1, 5, 5});
}

TEST_CASE("label counts: a record of a label present but cut short is malformed") {
  auto bytes = record(0, {"only"}, {1});
  bytes.erase(bytes.end() - 3, bytes.end());  // into the label and the '!'
  LabelCounts counts;
  RecordReader in(bytes, "a rank's category counts");
  CHECK_THROWS_WITH(counts.add(in), "a rank's category counts is malformed");
}
