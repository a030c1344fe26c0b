// read_blocks_again: the blocks of a first read_blocks, read again by the workers from the file
// at their offsets: the same records and lines, an early stop, and a file changed in between
// found out. Also the extents read_blocks records, and OffsetFile.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "compress_support.hpp"
#include "csv/block_reader.hpp"
#include "csv/offset_file.hpp"
#include "csv/reader.hpp"
#include "csv_test_support.hpp"

using mlctl::Error;
using mlctl::csv::BlockExtent;
using mlctl::csv::Reader;
using mlctl::csv::ReaderOptions;
using mlctl::csv::Row;
using mlctl::csv::testing::blocks_of;
using mlctl::csv::testing::TempFile;

namespace {

// Each record of a block as "line:field|field|...".
std::vector<std::string> records_of(Reader& block) {
  std::vector<std::string> out;
  Row row;
  while (block.next(row)) {
    std::string text = std::to_string(row.line) + ":";
    for (const auto field : row.fields) text += std::string(field) + "|";
    out.push_back(text);
  }
  return out;
}

// The records of a first read in blocks, and where it cut them.
struct FirstRead {
  std::vector<std::string> records;
  std::vector<BlockExtent> extents;
};

FirstRead read_first(Reader& reader, unsigned threads) {
  FirstRead first;
  mlctl::csv::read_blocks<std::vector<std::string>>(
      reader, threads, records_of,
      [&](std::vector<std::string>&& block) {
        first.records.insert(first.records.end(), block.begin(), block.end());
      },
      {}, &first.extents);
  return first;
}

// The records read again, block by block, up to `most` blocks.
std::vector<std::string> read_again(const Reader& reader, const std::vector<BlockExtent>& extents,
                                    unsigned threads, std::size_t most = SIZE_MAX) {
  std::vector<std::string> records;
  std::size_t blocks = 0;
  mlctl::csv::read_blocks_again<std::vector<std::string>>(
      reader, extents, threads, records_of, [&](std::vector<std::string>&& block) {
        records.insert(records.end(), block.begin(), block.end());
        return ++blocks < most;
      });
  return records;
}

// A header, a byte order mark before it, quoted fields with delimiters, doubled quotes and line
// breaks, CRLF and CR line ends, blank lines, missing values: blocks of every kind.
std::string awkward_content() {
  std::string content = "\xEF\xBB\xBFid,text,x\r\n";
  for (int i = 0; i < 200; ++i) {
    content += std::to_string(i) + ",";
    content += i % 5 == 0 ? "\"a, \"\"b\"\"\nc\"" : (i % 7 == 0 ? "" : "plain");
    content += "," + std::to_string(i * 0.25);
    content += i % 3 == 0 ? "\r\n" : (i % 11 == 0 ? "\n\n" : "\n");
  }
  return content;
}

void overwrite(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

}  // namespace

TEST_CASE("read_blocks_again: the records and lines of the first read, on any thread count") {
  const std::string content = awkward_content();
  const TempFile file(content);
  for (const std::size_t size : {std::size_t{1}, std::size_t{37}, std::size_t{500}}) {
    for (const unsigned threads : {1u, 2u, 4u}) {
      CAPTURE(size);
      CAPTURE(threads);
      Reader reader(file.path(), blocks_of(size));
      REQUIRE(mlctl::csv::can_read_blocks_again(reader));
      const FirstRead first = read_first(reader, threads);
      REQUIRE(first.records.size() == 200);
      // The extents cover the input after the header, in order, block after block.
      REQUIRE(first.extents.size() > 1);
      std::uint64_t rows = 0;
      for (std::size_t i = 0; i + 1 < first.extents.size(); ++i) {
        CHECK(first.extents[i].offset + first.extents[i].size == first.extents[i + 1].offset);
      }
      for (const BlockExtent& extent : first.extents) rows += extent.rows;
      CHECK(rows == 200);
      CHECK(first.extents.back().offset + first.extents.back().size == content.size());
      for (const unsigned again_threads : {1u, 3u}) {
        CHECK(read_again(reader, first.extents, again_threads) == first.records);
      }
    }
  }
}

TEST_CASE("read_blocks_again: a consumer that has read enough ends the read") {
  std::string content = "a\n";
  for (int i = 0; i < 300; ++i) content += std::to_string(i) + "\n";
  const TempFile file(content);
  Reader reader(file.path(), blocks_of(8));
  const FirstRead first = read_first(reader, 2);
  const std::vector<std::string> three = read_again(reader, first.extents, 2, 3);
  std::uint64_t rows = 0;
  for (std::size_t i = 0; i < 3; ++i) rows += first.extents[i].rows;
  CHECK(three.size() == rows);
  CHECK(three.front() == "2:0|");
}

TEST_CASE("read_blocks_again: a file changed since the first read is an error") {
  std::string content = "a\n";
  for (int i = 0; i < 300; ++i) content += std::to_string(i) + "\n";
  const TempFile file(content);
  Reader reader(file.path(), blocks_of(64));
  const FirstRead first = read_first(reader, 2);
  const auto error_of = [&] {
    std::optional<Error> error;
    try {
      read_again(reader, first.extents, 2);
    } catch (const Error& e) {
      error = e;
    }
    return error;
  };
  // Shorter: a block's bytes are not all there.
  overwrite(file.path(), content.substr(0, content.size() / 2));
  auto error = error_of();
  REQUIRE(error.has_value());
  CHECK(error->kind() == mlctl::ErrorKind::io);
  CHECK(error->message() == "the input changed while it was read (it is shorter)");
  CHECK(error->where().file == file.path());
  // As long, but two records made one: a block holds fewer.
  std::string merged = content;
  merged[merged.find("\n150\n")] = '7';
  overwrite(file.path(), merged);
  error = error_of();
  REQUIRE(error.has_value());
  CHECK(error->message() == "the input changed while it was read (its records moved)");
  overwrite(file.path(), content);
  CHECK(read_again(reader, first.extents, 2) == first.records);
}

TEST_CASE("read_blocks_again: only a file read from its start, uncompressed and whole") {
  std::string content = "a\n";
  for (int i = 0; i < 100; ++i) content += std::to_string(i) + "\n";
  const TempFile plain(content);
  CHECK(mlctl::csv::can_read_blocks_again(Reader(plain.path())));
  const TempFile gzip(mlctl::csv::testing::gzip_of(content), "input.csv.gz");
  CHECK_FALSE(mlctl::csv::can_read_blocks_again(Reader(gzip.path())));
  mlctl::csv::ByteRange part;
  part.begin = 2;
  part.end = content.size();
  part.line = 2;
  part.header = {"a"};
  CHECK_FALSE(mlctl::csv::can_read_blocks_again(Reader(plain.path(), part, {})));
  {
    const mlctl::csv::testing::StdinPipe pipe(content);
    CHECK_FALSE(mlctl::csv::can_read_blocks_again(Reader("-")));
  }
  // A second read takes the first's blocks with extents, threads and an input read at offsets.
  Reader reader(plain.path(), blocks_of(16));
  const FirstRead first = read_first(reader, 2);
  CHECK(mlctl::csv::reads_blocks_again(reader, first.extents, 2));
  CHECK_FALSE(mlctl::csv::reads_blocks_again(reader, first.extents, 1));
  CHECK_FALSE(mlctl::csv::reads_blocks_again(reader, {}, 2));
  CHECK_FALSE(mlctl::csv::reads_blocks_again(Reader(gzip.path()), first.extents, 2));
  // Asked anyway: an internal error, not a wrong read.
  const mlctl::csv::testing::StdinPipe pipe(content);
  Reader from_stdin("-");
  CHECK_THROWS_AS(read_again(from_stdin, {BlockExtent{}}, 2), Error);
}

TEST_CASE("OffsetFile: bytes at an offset, fewer at the end, a clear error when missing") {
  const TempFile file("0123456789");
  const mlctl::csv::detail::OffsetFile at(file.path());
  char bytes[8] = {};
  CHECK(at.read(bytes, 4, 3) == 4);
  CHECK(std::string(bytes, 4) == "3456");
  CHECK(at.read(bytes, 8, 6) == 4);
  CHECK(std::string(bytes, 4) == "6789");
  CHECK(at.read(bytes, 8, 100) == 0);
  const std::string missing = file.path() + ".missing";
  try {
    const mlctl::csv::detail::OffsetFile none(missing);
    FAIL("opened a missing file");
  } catch (const Error& error) {
    CHECK(error.message() == "cannot open: No such file or directory");
    CHECK(error.where().file == missing);
  }
}
