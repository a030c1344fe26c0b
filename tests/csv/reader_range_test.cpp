// A Reader over a byte range of a file: the rows, line numbers and errors of the whole file's
// Reader for the records in the range, and one more error for a quoted field open at a cut.
#include <doctest/doctest.h>

#include <string>

#include "csv/csv_test_support.hpp"
#include "csv/reopen.hpp"

namespace mlctl::csv {
namespace {

using testing::kBlockSizes;
using testing::TempFile;

// "a,b" then rows; the second record starts at byte 8 on line 3.
constexpr std::string_view kText = "a,b\n1,2\n\"x\r\ny\",3\n\n4,5";

ByteRange range_of(std::uint64_t begin, std::uint64_t end, std::uint64_t line, bool cut) {
  return {begin, end, line, false, cut, {"a", "b"}, ','};
}

TEST_CASE("Reader over a range: the rows of the range with the file's line numbers") {
  const TempFile file(kText);
  for (const std::size_t block : kBlockSizes) {
    CAPTURE(block);
    ReaderOptions options;
    options.block_size = block;
    Reader reader(file.path(), range_of(8, kText.size(), 3, false), options);
    CHECK(reader.header() == std::vector<std::string>{"a", "b"});
    REQUIRE(reader.range() != nullptr);
    CHECK(reader.range()->begin == 8);
    CHECK(reader.total_bytes() == kText.size() - 8);
    Row row;
    REQUIRE(reader.next(row));
    CHECK(row.line == 3);
    CHECK(std::string(row.fields[0]) == "x\r\ny");
    REQUIRE(reader.next(row));
    CHECK(row.line == 6);
    CHECK(std::string(row.fields[1]) == "5");
    CHECK_FALSE(reader.next(row));
    CHECK(reader.bytes_read() == kText.size() - 8);
    // Read again (read_table does for text typed late): the same range.
    auto again = reopen(reader);
    REQUIRE(again.has_value());
    REQUIRE(again->next(row));
    CHECK(row.line == 3);
  }
  Reader none(file.path(), range_of(8, 8, 3, true), {});
  Row row;
  CHECK_FALSE(none.next(row));
}

TEST_CASE("Reader over a range: a quoted field open at a cut, or at the file's end") {
  const TempFile file(kText);
  const auto error_at = [&](const ByteRange& range) {
    Reader reader(file.path(), range, {});
    Row row;
    try {
      while (reader.next(row)) {
      }
    } catch (const Error& e) {
      return e;
    }
    FAIL("no error");
    return Error(ErrorKind::internal, "");
  };
  const Error cut = error_at(range_of(8, 12, 3, true));  // ends after "x\r\n
  CHECK(cut.message().starts_with("quoted field runs past where the input was split"));
  CHECK(cut.where().line == 3);
  CHECK(cut.where().column == 1);
  const Error end = error_at(range_of(8, 12, 3, false));
  CHECK(end.message() == "unterminated quoted field (opened here)");
}

}  // namespace
}  // namespace mlctl::csv
