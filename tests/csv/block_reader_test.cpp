// The parallel block reader: the same rows, lines, totals and errors as the sequential reader,
// whatever the number of threads and the block size; results in input order; exceptions from
// work and consume reach the caller; memory bounded by the blocks in flight.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "compress_support.hpp"
#include "csv/block_reader.hpp"
#include "csv/reader.hpp"
#include "csv_test_support.hpp"

using mlctl::Error;
using mlctl::csv::BlockSource;
using mlctl::csv::read_blocks;
using mlctl::csv::Reader;
using mlctl::csv::ReaderOptions;
using mlctl::csv::Row;
using mlctl::csv::testing::Parsed;
using mlctl::csv::testing::StdinPipe;
using mlctl::csv::testing::TempFile;

namespace {

const std::vector<unsigned> kThreads = {1, 2, 4};
const std::vector<std::size_t> kParallelBlockSizes = {1, 2, 3, 4,
                                                      5, 6, 7, ReaderOptions{}.parallel_block_size};

// The rows of some blocks and their line numbers.
struct RowsRead {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::uint64_t> lines;
};

RowsRead rows_of(Reader& reader) {
  RowsRead got;
  Row row;
  while (reader.next(row)) {
    got.rows.emplace_back(row.fields.begin(), row.fields.end());
    got.lines.push_back(row.line);
  }
  return got;
}

struct Totals {
  Parsed parsed;
  std::uint64_t bytes = 0;
  std::uint64_t rows = 0;
  std::uint64_t hash = 0;
  std::size_t blocks = 0;
};

Totals read_in_blocks(const std::string& path, ReaderOptions options, unsigned threads) {
  options.hash_input = true;
  Reader reader(path, options);
  Totals totals;
  totals.parsed.header = reader.header();
  read_blocks<RowsRead>(reader, threads, rows_of, [&](RowsRead&& part) {
    ++totals.blocks;
    for (auto& r : part.rows) totals.parsed.rows.push_back(std::move(r));
    for (auto l : part.lines) totals.parsed.lines.push_back(l);
  });
  Row row;
  CHECK_FALSE(reader.next(row));
  totals.bytes = reader.bytes_read();
  totals.rows = reader.rows_read();
  totals.hash = reader.input_hash();
  return totals;
}

Totals read_sequentially(const std::string& path, ReaderOptions options) {
  options.hash_input = true;
  Reader reader(path, options);
  Totals totals;
  totals.parsed.header = reader.header();
  RowsRead all = rows_of(reader);
  totals.parsed.rows = std::move(all.rows);
  totals.parsed.lines = std::move(all.lines);
  totals.bytes = reader.bytes_read();
  totals.rows = reader.rows_read();
  totals.hash = reader.input_hash();
  return totals;
}

// Reads `path` with every thread count and block size and compares with the sequential read.
void check_same_as_sequential(const std::string& path, ReaderOptions options = {},
                              const std::vector<std::size_t>& sizes = kParallelBlockSizes) {
  const Totals expected = read_sequentially(path, options);
  for (const unsigned threads : kThreads) {
    for (const std::size_t size : sizes) {
      CAPTURE(threads);
      CAPTURE(size);
      options.block_size = std::min<std::size_t>(size, ReaderOptions{}.block_size);
      options.parallel_block_size = size;
      const Totals got = read_in_blocks(path, options, threads);
      CHECK(got.parsed.header == expected.parsed.header);
      CHECK(got.parsed.rows == expected.parsed.rows);
      CHECK(got.parsed.lines == expected.parsed.lines);
      CHECK(got.bytes == expected.bytes);
      CHECK(got.rows == expected.rows);
      CHECK(got.hash == expected.hash);
      CHECK(got.blocks >= 1);
    }
  }
}

// The error a read in blocks ends with.
std::optional<Error> block_error_of(const std::string& path, ReaderOptions options,
                                    unsigned threads) {
  try {
    Reader reader(path, options);
    read_blocks<RowsRead>(reader, threads, rows_of, [](RowsRead&&) {});
  } catch (const Error& error) {
    return error;
  }
  return std::nullopt;
}

// Reading `content` fails with exactly this error, sequentially and in blocks of every size.
void check_block_error(const std::string& content, const std::string& message, std::uint64_t line,
                       std::uint64_t column, ReaderOptions options = {}) {
  const TempFile file(content);
  const auto sequential = mlctl::csv::testing::error_of(file.path(), options);
  REQUIRE(sequential.has_value());
  CHECK(sequential->message() == message);
  CHECK(sequential->where().line == line);
  CHECK(sequential->where().column == column);
  for (const unsigned threads : kThreads) {
    for (const std::size_t size : kParallelBlockSizes) {
      CAPTURE(threads);
      CAPTURE(size);
      options.block_size = std::min<std::size_t>(size, ReaderOptions{}.block_size);
      options.parallel_block_size = size;
      mlctl::csv::testing::check_data_error(block_error_of(file.path(), options, threads), message,
                                            file.path(), line, column);
    }
  }
}

// A column of the numbers 0..299, and options that read it in blocks of 8 bytes.
std::string numbers_300() {
  std::string content = "a\n";
  for (int i = 0; i < 300; ++i) content += std::to_string(i) + "\n";
  return content;
}
ReaderOptions tiny_blocks() {
  ReaderOptions options;
  options.block_size = 8;
  options.parallel_block_size = 8;
  return options;
}

}  // namespace

TEST_CASE("block reader: nasty inputs read as the sequential reader reads them") {
  const std::vector<std::string> inputs = {
      "a,b\n1,2\n3,4\n5,6\n",
      "a,b\n1,2\n3,4\n5,6",                           // no final line break
      "a,b\r\n1,2\r\n3,4\r\n\r\n5,6\r\n",             // CRLF, a blank line
      "a,b\r1,2\r3,4\r\r5,6\r",                       // lone CRs
      "a,b\n1,\"x\ny\"\n\"p\r\nq\",4\n5,\"\"\"\"\n",  // line breaks and quotes inside quotes
      "a,b\n1,ab\"c\n\"x,\"\"y\",\"\n\"\n",           // a quote inside a field is text
      "\xEF\xBB\xBF"
      "a,b\n\n\n1,2\n\r\n\r3,\n,\n",              // BOM, blank lines, empty fields
      "a,b\r\n\n1,2\n",                           // LF after the header's CR
      "a;b\n1;\"2\n\n\"\n3;4\n",                  // another delimiter, blank lines quoted
      "a,b\n\"1\",\"2\"\r\"3\r\",4\r\n5,\"\"\r",  // quoted fields at the end of lines
      "a\n\n\n\n",                                // no records at all
      "a\n",                                      // nothing after the header
      "a",                                        // no line break after the header
  };
  for (const auto& input : inputs) {
    CAPTURE(input);
    const TempFile file(input);
    ReaderOptions options;
    if (input.find(';') != std::string::npos) options.delimiter = ';';
    check_same_as_sequential(file.path(), options);
  }
}

TEST_CASE("block reader: 300 random quoted inputs read or fail as the sequential reader") {
  // Quotes in every place (opening, doubled, closing, inside unquoted fields), delimiters and
  // line breaks inside quotes, CRLF and lone CRs: where the cutter skips records by their
  // quotes alone, the blocks must still end where records do.
  const std::vector<std::string> pieces = {"a",  "1",    ",",          ",",      "\"",   "\"\"",
                                           "\n", "\n",   "\r\n",       "\r",     "x\"y", "\"q,r\"",
                                           " ",  "\"\n", "\"s\"\"t\"", "\"\",\""};
  std::uint64_t state = 11;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  const std::vector<std::size_t> sizes = {1, 2, 3, 5, 8, 13};
  for (int i = 0; i < 300; ++i) {
    std::string content = "a,b\n";
    const std::size_t length = 1 + next() % 30;
    for (std::size_t k = 0; k < length; ++k) content += pieces[next() % pieces.size()];
    CAPTURE(content);
    const TempFile file(content);
    std::optional<Error> sequential;
    try {
      read_sequentially(file.path(), {});
    } catch (const Error& error) {
      sequential = error;
    }
    if (!sequential) {
      check_same_as_sequential(file.path(), {}, sizes);
      continue;
    }
    for (const unsigned threads : kThreads) {
      for (const std::size_t size : sizes) {
        ReaderOptions options;
        options.block_size = size;
        options.parallel_block_size = size;
        const auto error = block_error_of(file.path(), options, threads);
        REQUIRE(error.has_value());
        CHECK(error->message() == sequential->message());
        CHECK(error->where().line == sequential->where().line);
        CHECK(error->where().column == sequential->where().column);
      }
    }
  }
}

TEST_CASE("block reader: every dataset in data/ reads as the sequential reader reads it") {
  for (const char* name : {"titanic.csv", "penguins.csv", "breast_cancer.csv", "diabetes.csv",
                           "ames.csv", "credit.csv"}) {
    CAPTURE(name);
    const std::string path = std::string(MLCTL_DATA_DIR) + "/" + name;
    // Blocks of one byte and of 997 bytes (a few records each), and the default.
    check_same_as_sequential(path, {}, {1, 997, ReaderOptions{}.parallel_block_size});
  }
}

TEST_CASE("block reader: errors in the first and in a late block, as the sequential reader's") {
  check_block_error("a,b\n1,2,3\n4,5\n", "expected 2 fields (as in the header), found 3", 2, 3);
  check_block_error("a,b\n1,2\n3,4\n5,6\n\n7,\"x\ny\",z\n8,9\n",
                    "expected 2 fields (as in the header), found 3", 6, 3);
  check_block_error("a,b\n1,2\r\n3,4\r\n5,\"6\n7,8\n", "unterminated quoted field (opened here)", 4,
                    2);
  check_block_error("a,b\n1,2\n3,4\n5,\"6\"x\n7,8\n",
                    "unexpected text after a closing quote (a quote inside a quoted field is "
                    "written as two quotes)",
                    4, 2);
  check_block_error(std::string("a,b\n1,2\n3,4\n5,6\n7,8\0\n9,9\n", 25),
                    "NUL byte in input (is this a binary file?)", 5, 2);
  // The first error in input order wins, however quickly a later block fails.
  check_block_error("a,b\n1,2\n3,4,5\n6\n", "expected 2 fields (as in the header), found 3", 3, 3);
}

TEST_CASE("block reader: a record over the limits fails as it does sequentially, unbuffered") {
  ReaderOptions options;
  options.max_field_bytes = 8;
  check_block_error("a,b\n1,2\n3,4\n5,123456789\n7,8\n",
                    "field is longer than 8 bytes (raise the limit with --max-field-size)", 4, 2,
                    options);
  check_block_error("a,b\n1,2\n3,4\n5,\"12345\n\n6789\n7,8\n",
                    "field is longer than 8 bytes (raise the limit with --max-field-size)", 4, 2,
                    options);
  check_block_error("a,b\n1,2\n3,4\n5," + std::string(200, 'x'),
                    "field is longer than 8 bytes (raise the limit with --max-field-size)", 4, 2,
                    options);
  check_block_error("a,b\n1,2\n\"x\ny\",\"" + std::string(200, 'x'),
                    "field is longer than 8 bytes (raise the limit with --max-field-size)", 4, 2,
                    options);
  ReaderOptions columns;
  columns.max_columns = 4;
  check_block_error("a,b\n1,2\n3,4\n5,6,7,8,9,10,11,12\n",
                    "expected 2 fields (as in the header), found more than 4", 4, 3, columns);

  // A field without end, longer than the limit, stops the read long before the end of input.
  ReaderOptions small;
  small.max_field_bytes = 1000;
  small.block_size = 64;
  small.parallel_block_size = 64;
  const TempFile file("a,b\n1,\"" + std::string(1 << 20, 'x'));
  Reader reader(file.path(), small);
  try {
    read_blocks<RowsRead>(reader, 2, rows_of, [](RowsRead&&) {});
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.message() ==
          "field is longer than 1000 bytes (raise the limit with --max-field-size)");
    CHECK(error.where().line == 2);
  }
  CHECK(reader.bytes_read() < 4096);
}

TEST_CASE("block reader: stdin through a pipe") {
  std::string content = "a,b\n";
  for (int i = 0; i < 2000; ++i)
    content += std::to_string(i) + ",\"x\r\n" + std::to_string(i) + "\"\n";
  const TempFile file(content);
  const Totals expected = read_sequentially(file.path(), {});
  for (const std::size_t size : {std::size_t{5}, std::size_t{4096}}) {
    CAPTURE(size);
    Totals got;
    {
      const StdinPipe stdin_pipe(content, 777);
      ReaderOptions options;
      options.block_size = 64;
      options.parallel_block_size = size;
      got = read_in_blocks("-", options, 2);
    }
    CHECK(got.parsed.rows == expected.parsed.rows);
    CHECK(got.parsed.lines == expected.parsed.lines);
    CHECK(got.bytes == content.size());
    CHECK(got.hash == expected.hash);
    CHECK(got.blocks > 1);
  }
}

TEST_CASE("block reader: one block or a small file needs no threads, and results come in order") {
  const TempFile file("a\n1\n2\n3\n4\n5\n6\n7\n8\n9\n");
  const auto main_thread = std::this_thread::get_id();
  for (const unsigned threads : kThreads) {
    CAPTURE(threads);
    Reader reader(file.path());
    std::vector<std::thread::id> ids;
    read_blocks<std::uint64_t>(
        reader, threads,
        [&](Reader& block) {
          ids.push_back(std::this_thread::get_id());
          return rows_of(block).lines.size();
        },
        [](std::uint64_t&&) {});
    CHECK(ids == std::vector<std::thread::id>{main_thread});
    CHECK(reader.rows_read() == 9);
  }
  ReaderOptions tiny;
  tiny.block_size = 2;
  tiny.parallel_block_size = 2;
  Reader reader(file.path(), tiny);
  std::vector<std::uint64_t> firsts;
  read_blocks<std::uint64_t>(
      reader, 4, [](Reader& block) { return rows_of(block).lines.front(); },
      [&](std::uint64_t&& first) { firsts.push_back(first); });
  CHECK(firsts == std::vector<std::uint64_t>{2, 3, 4, 5, 6, 7, 8, 9, 10});
}

TEST_CASE("block reader: one thread reads a file of several blocks block by block, here") {
  const TempFile file("a\n1\n2\n3\n4\n5\n6\n7\n8\n9\n");
  ReaderOptions tiny;
  tiny.block_size = 2;
  tiny.parallel_block_size = 2;
  {
    Reader small(file.path());  // one block of 1 MiB holds it: handed over whole
    CHECK_FALSE(mlctl::csv::reads_in_blocks(small, 1));
    CHECK_FALSE(mlctl::csv::reads_in_blocks(small, 2));
  }
  Reader reader(file.path(), tiny);
  CHECK(mlctl::csv::reads_in_blocks(reader, 1));
  CHECK(mlctl::csv::reads_in_blocks(reader, 2));
  const auto main_thread = std::this_thread::get_id();
  std::vector<std::uint64_t> firsts;
  read_blocks<std::uint64_t>(
      reader, 1,
      [&](Reader& block) {
        CHECK(std::this_thread::get_id() == main_thread);
        CHECK(mlctl::csv::is_block(block));
        return rows_of(block).lines.front();
      },
      [&](std::uint64_t&& first) { firsts.push_back(first); });
  CHECK(firsts == std::vector<std::uint64_t>{2, 3, 4, 5, 6, 7, 8, 9, 10});
  CHECK(reader.rows_read() == 9);
  // A pipe is read as it comes with one thread (no blocks), in blocks with more; so is a
  // compressed input, whose size says nothing of its blocks.
  {
    const StdinPipe stdin_pipe("a\n1\n2\n", 3);
    Reader piped("-", tiny);
    CHECK_FALSE(mlctl::csv::reads_in_blocks(piped, 1));
    CHECK(mlctl::csv::reads_in_blocks(piped, 2));
  }
  const TempFile gz(mlctl::csv::testing::gzip_of("a\n1\n2\n3\n4\n5\n6\n7\n8\n9\n"));
  Reader compressed(gz.path(), tiny);
  CHECK_FALSE(mlctl::csv::reads_in_blocks(compressed, 1));
  CHECK(mlctl::csv::reads_in_blocks(compressed, 2));
}

TEST_CASE("block reader: at most 2 x threads blocks in flight") {
  std::string content = "a,b\n";
  for (int i = 0; i < 500; ++i) content += "1,2\n";
  const TempFile file(content);
  ReaderOptions options;
  options.block_size = 4;
  options.parallel_block_size = 4;  // one record per block
  std::atomic<int> alive{0};
  int most = 0;
  Reader reader(file.path(), options);
  read_blocks<int>(
      reader, 2,
      [&](Reader& block) {
        (void)rows_of(block);
        return ++alive;
      },
      [&](int&&) {
        most = std::max(most, alive.load());
        --alive;
      });
  CHECK(most >= 1);
  CHECK(most <= 4);
  CHECK(reader.rows_read() == 500);
}

TEST_CASE("block reader: exceptions from work and consume reach the caller, threads joined") {
  const TempFile file(numbers_300());
  const ReaderOptions options = tiny_blocks();
  {
    Reader reader(file.path(), options);
    // Every block from line 100 on fails; the first of them in input order is reported.
    CHECK_THROWS_WITH_AS(read_blocks<int>(
                             reader, 4,
                             [](Reader& block) {
                               const auto lines = rows_of(block).lines;
                               for (const auto l : lines) {
                                 if (l >= 100)
                                   throw std::runtime_error("line " + std::to_string(l));
                               }
                               return 0;
                             },
                             [](int&&) {}),
                         "line 100", std::runtime_error);
  }
  {
    Reader reader(file.path(), options);
    int consumed = 0;
    CHECK_THROWS_WITH_AS(
        read_blocks<int>(
            reader, 2, [](Reader& block) { return static_cast<int>(rows_of(block).lines.size()); },
            [&](int&&) {
              if (++consumed == 5) throw std::runtime_error("stop");
            }),
        "stop", std::runtime_error);
    CHECK(consumed == 5);
  }
}

TEST_CASE("block reader: a consumer that has read enough ends the read") {
  const TempFile file(numbers_300());
  const ReaderOptions options = tiny_blocks();
  for (const unsigned threads : kThreads) {
    CAPTURE(threads);
    Reader reader(file.path(), options);
    std::atomic<int> parsed{0};
    std::vector<std::uint64_t> lines;
    mlctl::csv::read_blocks_while<RowsRead>(
        reader, threads,
        [&](Reader& block) {
          ++parsed;
          return rows_of(block);
        },
        [&](RowsRead&& part) {
          lines.insert(lines.end(), part.lines.begin(), part.lines.end());
          return lines.size() < 50;
        });
    // Blocks in input order up to the one that made 50 rows, none after it; the reader counts
    // the rows of the blocks consumed.
    REQUIRE(lines.size() >= 50);
    CHECK(lines.size() < 60);
    for (std::size_t i = 0; i < lines.size(); ++i) CHECK(lines[i] == i + 2);
    CHECK(reader.rows_read() == lines.size());
    // At most the blocks in flight were parsed beyond those consumed.
    const auto most = 50 + 2 * mlctl::csv::detail::blocks_in_flight(threads) + 2;
    CHECK(static_cast<std::size_t>(parsed.load()) <= most);
  }
}

TEST_CASE("block reader: a block's source reads the same records again") {
  const TempFile file("a,b\n1,\"x\"\"y\"\n2,\"p\nq\"\n3,4\n");
  ReaderOptions options;
  options.block_size = 4;
  options.parallel_block_size = 9;
  Reader reader(file.path(), options);
  std::vector<bool> same;
  read_blocks<std::optional<BlockSource>>(
      reader, 2,
      [](Reader& block) {
        CHECK(mlctl::csv::is_block(block));
        (void)rows_of(block);
        return std::optional<BlockSource>(BlockSource(block));
      },
      [&](std::optional<BlockSource>&& source) {
        Reader again = source->open();
        Reader twice = source->open();
        const RowsRead first = rows_of(again);
        const RowsRead second = rows_of(twice);
        same.push_back(!first.rows.empty() && first.rows == second.rows &&
                       first.lines == second.lines);
      });
  CHECK(same == std::vector<bool>(same.size(), true));
  CHECK(same.size() >= 2);
  Reader whole(file.path());
  CHECK_FALSE(mlctl::csv::is_block(whole));
  CHECK_THROWS_AS(BlockSource{whole}, Error);
}

TEST_CASE("block reader: the dialect options read as the sequential reader reads them") {
  struct Case {
    std::string content;
    ReaderOptions options;
  };
  std::vector<Case> cases;
  ReaderOptions trim;
  trim.trim = true;
  cases.push_back({"a , b\n 1 ,  \"x\ny\"  \n\"p\" , q \n \"\"\"\" ,\t\"r\ns\"\t\n", trim});
  ReaderOptions decimal;
  decimal.delimiter = ';';
  decimal.decimal = ',';
  cases.push_back({"a;b\n1,5;x,y\n\"2,5\n\";3\n-0,1;4,\n", decimal});
  ReaderOptions headerless;
  headerless.header = false;
  headerless.columns = {"a", "b"};
  cases.push_back({"1,2\n\n3,\"4\n\"\n5,6\n", headerless});
  ReaderOptions sniffed;
  sniffed.delimiter = mlctl::csv::kSniffDelimiter;
  cases.push_back({"a|b\n1|\"x|\ny\"\n3|4\n", sniffed});
  ReaderOptions pipe;
  pipe.delimiter = '|';
  cases.push_back({"a|b\n1|2\n3|\"|\"\n", pipe});
  for (const auto& c : cases) {
    CAPTURE(c.content);
    const TempFile file(c.content);
    check_same_as_sequential(file.path(), c.options);
    const TempFile gz(mlctl::csv::testing::gzip_of(c.content));
    check_same_as_sequential(gz.path(), c.options);
    const TempFile zst(mlctl::csv::testing::zstd_of(c.content));
    check_same_as_sequential(zst.path(), c.options);
  }
}

TEST_CASE("block reader: compressed input reports progress in compressed bytes") {
  std::string content = "a,b\n";
  for (int i = 0; i < 2000; ++i) content += std::to_string(i) + ",x\n";
  const TempFile gz(mlctl::csv::testing::gzip_of(content));
  ReaderOptions options;
  options.block_size = 64;
  options.parallel_block_size = 1000;
  Reader reader(gz.path(), options);
  std::vector<mlctl::csv::ReadProgress> calls;
  read_blocks<RowsRead>(
      reader, 2, rows_of, [](RowsRead&&) {},
      [&](const mlctl::csv::ReadProgress& read) { calls.push_back(read); });
  REQUIRE(calls.size() > 1);
  for (const auto& read : calls) {
    CHECK(read.total_bytes == std::filesystem::file_size(gz.path()));
    CHECK(read.bytes <= *read.total_bytes);
  }
  CHECK(calls.back().bytes == *calls.back().total_bytes);
  CHECK(calls.back().rows == 2000);
}
