// One input read by several Readers (reader.hpp, "One input read by several Readers"): the rest
// of the input handed over after the header, read on through the Reader, and Readers over blocks
// of it. read_blocks' own tests are in block_reader_test.cpp.

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <xxhash.h>

#include "csv/block_bytes.hpp"
#include "csv/byte_scan.hpp"
#include "csv/reader.hpp"
#include "csv_test_support.hpp"

using mlctl::csv::Reader;
using mlctl::csv::ReaderOptions;
using mlctl::csv::Row;
using mlctl::csv::testing::TempFile;

namespace {

// A block holding `text`, read as records of `reader`'s input from `first_line` on.
std::shared_ptr<const mlctl::csv::detail::BlockBytes> block_of(const Reader& reader,
                                                               const std::string& text,
                                                               std::uint64_t first_line) {
  auto block = std::make_shared<mlctl::csv::detail::BlockBytes>();
  block->setup = mlctl::csv::detail::setup_of(reader);
  block->data = std::make_unique<char[]>(text.size() + 1 + mlctl::csv::kScanPadding);
  std::memcpy(block->data.get(), text.data(), text.size());
  std::memset(block->data.get() + text.size(), 0, 1 + mlctl::csv::kScanPadding);
  block->size = text.size();
  block->first_line = first_line;
  return block;
}

std::vector<std::string> firsts(Reader& reader, std::vector<std::uint64_t>* lines = nullptr) {
  std::vector<std::string> values;
  Row row;
  while (reader.next(row)) {
    values.emplace_back(row.fields[0]);
    if (lines) lines->push_back(row.line);
  }
  return values;
}

}  // namespace

TEST_CASE("reader handover: the rest after the header, then the input read on, all counted") {
  const std::string text = "a,b\n1,2\n3,4\n5,6\n";
  const TempFile file(text);
  ReaderOptions options;
  options.block_size = 6;
  options.hash_input = true;
  Reader reader(file.path(), options);
  Reader::Rest rest = reader.take_rest();
  CHECK(rest.line == 2);
  CHECK_FALSE(rest.after_cr);
  CHECK(rest.offset == 4);
  CHECK(text.substr(4, rest.buffered.size()) == rest.buffered);
  std::string more(64, '\0');
  std::string all = rest.buffered;
  for (std::size_t n; (n = reader.read_more(more.data(), more.size())) > 0;) all.append(more, 0, n);
  CHECK(all == text.substr(4));
  Row row;
  CHECK_FALSE(reader.next(row));  // every byte is handed over
  CHECK(reader.bytes_read() == text.size());
  CHECK(reader.input_hash() == XXH3_64bits(text.data(), text.size()));
  reader.mark_read(3);
  CHECK(reader.rows_read() == 3);
}

TEST_CASE("reader handover: a CR before the rest, and the end of the input once met") {
  const TempFile file("a,b\r\n1,2\r\n");
  Reader reader(file.path());
  const Reader::Rest rest = reader.take_rest();
  CHECK(rest.line == 2);
  CHECK(rest.after_cr);  // the header's CR: an LF first in the rest belongs to it
  CHECK(rest.buffered == "\n1,2\r\n");
  CHECK_FALSE(rest.at_end);  // no read has met the end yet
  char byte = 0;
  CHECK(reader.read_more(&byte, 1) == 0);
  CHECK(reader.take_rest().at_end);
}

TEST_CASE("reader handover: a Reader over a block gives its rows with absolute lines") {
  const TempFile file("a,b\n");
  Reader reader(file.path());
  CHECK(reader.block() == nullptr);
  const auto block = block_of(reader, "7,8\n\n\"x\ny\",9\n10,11", 40);
  Reader over(block);
  CHECK(over.block() == block);
  CHECK(over.header() == reader.header());
  CHECK(over.display_name() == reader.display_name());
  std::vector<std::uint64_t> lines;
  CHECK(firsts(over, &lines) == std::vector<std::string>{"7", "x\ny", "10"});
  CHECK(lines == std::vector<std::uint64_t>{40, 42, 44});
  CHECK(over.rows_read() == 3);
  CHECK(over.bytes_read() == 0);
  char byte = 0;
  CHECK(over.read_more(&byte, 1) == 0);
}

TEST_CASE("reader handover: a block's errors name the input and the absolute line") {
  const TempFile file("a,b\n");
  Reader reader(file.path());
  Reader over(block_of(reader, "1,2\n3\n", 10));
  Row row;
  CHECK(over.next(row));
  try {
    over.next(row);
    FAIL("no error for a short record");
  } catch (const mlctl::Error& e) {
    CHECK(e.message() == "expected 2 fields (as in the header), found 1");
    CHECK(e.where().line == 11);
    CHECK(e.where().file == file.path());
  }
}

TEST_CASE("reader handover: records read elsewhere are counted and not returned again") {
  const TempFile file("a,b\n");
  Reader reader(file.path());
  Reader over(block_of(reader, "1,2\n3,4\n", 2));
  over.mark_read(2);
  Row row;
  CHECK_FALSE(over.next(row));
  CHECK(over.rows_read() == 2);
}

TEST_CASE("reader handover: the options read with, and whether the input is compressed") {
  const TempFile file("a;b\n1;2\n", "input.txt");
  ReaderOptions options;
  options.delimiter = mlctl::csv::kSniffDelimiter;
  options.max_columns = 7;
  Reader reader(file.path(), options);
  CHECK(reader.delimiter() == ';');
  CHECK(reader.options().delimiter == mlctl::csv::kSniffDelimiter);
  CHECK(reader.options().max_columns == 7);
  CHECK_FALSE(reader.compressed());
}
