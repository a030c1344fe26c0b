// The pieces of a parallel describe read (stats/block_stats.hpp); stats/csv_stats_test.cpp
// checks the whole read against one pass.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "csv/block_reader.hpp"
#include "csv/csv_test_support.hpp"
#include "stats/block_stats.hpp"

using namespace mlctl;
using namespace mlctl::stats;

TEST_CASE("rows accumulated, then the numbers of a column turned to text given again") {
  const csv::testing::TempFile file("a,b\n1,2\nNA,3\n4,x\n");
  csv::Reader reader(file.path());
  DatasetAccumulator columns(reader.header());
  accumulate_rows(reader, columns);
  CHECK(columns.rows() == 3);
  CHECK(columns.rows_with_missing() == 1);
  CHECK(columns.column(0).numbers() == std::vector<double>{1.0, 4.0});
  REQUIRE(columns.column(1).pending_end() == 2);
  csv::Reader again(file.path());
  CHECK(count_pending_rows(again, columns, 0, 2) == 2);
  const auto stats = std::move(columns).summarize("f");
  CHECK(stats.columns[1].distinct == 3);  // "2", "3" and "x"
}

TEST_CASE("blocks read apart and joined in order: text found late, and text before numbers") {
  // Column a's numbers are written two ways ("3", "3.0"): their text is not theirs to make
  // again, so the rows before "late" are read again.
  std::string content = "a,b\n";
  for (int i = 0; i < 400; ++i) {
    content += std::to_string(i % 10) + (i % 3 == 0 ? ".0," : ",") +
               (i == 0 ? "first" : std::to_string(i % 4)) + "\n";
  }
  content += "late,1\n";
  const csv::testing::TempFile file(content);
  csv::ReaderOptions options;
  options.block_size = 256;  // reads smaller than the input, or it is all one block
  options.parallel_block_size = 300;
  csv::Reader reader(file.path(), options);
  DatasetAccumulator joined(reader.header());
  BlockPlan plan(2, false);
  std::size_t blocks = 0;
  csv::read_blocks<BlockPart>(
      reader, 2, [&](csv::Reader& block) { return read_block(block, plan); },
      [&](BlockPart&& part) {
        ++blocks;
        join_block(joined, std::move(part), plan);
      });
  CHECK(blocks > 3);
  CHECK(plan.text[1].load());
  CHECK(plan.text[0].load());
  CHECK(joined.rows() == 401);
  // Column a's numbers of the blocks before "late"'s are to be read again as text (that block
  // counted its own); b's were counted as text as they were joined.
  const std::uint64_t end = joined.column(0).pending_end();
  CHECK(end > 0);
  CHECK(end < 400);
  CHECK(joined.column(1).pending_end() == 0);
  csv::Reader again(file.path());
  CHECK(count_pending_rows(again, joined, 0, end) == end);
  const auto stats = std::move(joined).summarize("f");
  CHECK(stats.columns[0].distinct == 21);  // "0".."9", "0.0".."9.0", "late"
  CHECK(stats.columns[0].categorical->because.line == 402);
  CHECK(stats.columns[1].distinct == 5);  // "first", "0".."3"
  CHECK(stats.columns[1].categorical->because.line == 2);
}

namespace {

std::vector<std::pair<std::string, std::uint64_t>> top_of(const ColumnStats& column) {
  std::vector<std::pair<std::string, std::uint64_t>> top;
  for (const auto& entry : column.categorical->top) top.emplace_back(entry.value, entry.count);
  return top;
}

// The summaries of `content`'s columns after one sequential pass, with the values of a column
// that turned to text given again by count_pending_in_blocks (blocks of `block_size` bytes on
// `threads` threads), or by count_pending_rows when `threads` is 0.
std::vector<ColumnStats> summaries_with_pending(const std::string& content, unsigned threads,
                                                std::size_t block_size) {
  const csv::testing::TempFile file(content);
  csv::ReaderOptions options;
  options.block_size = std::min<std::size_t>(block_size, 256);
  options.parallel_block_size = block_size;
  csv::Reader reader(file.path(), options);
  DatasetAccumulator columns(reader.header());
  accumulate_rows(reader, columns);
  const std::uint64_t end =
      std::max(columns.column(0).pending_end(), columns.column(1).pending_end());
  REQUIRE(end > 0);
  csv::Reader again(file.path(), options);
  if (threads == 0) {
    CHECK(count_pending_rows(again, columns, 0, end) == end);
  } else {
    // Rows to the end of the block that holds `end`.
    CHECK(count_pending_in_blocks(again, columns, threads) >= end);
  }
  return std::move(columns).summarize("f").columns;
}

}  // namespace

TEST_CASE("blocks joined in order: numbers all written in one form are counted as written") {
  // a: two decimals ("3.50", "-0.25"); b: the shortest text of each number ("3.5", "100",
  // "-0"). Each turns to text in the last block: no row is read again, and the counts are
  // those of the texts as written.
  std::string content = "a,b\n";
  const char* const a_texts[] = {"3.50", "-0.25", "12.00", "0.05", "-0.00"};
  const char* const b_texts[] = {"3.5", "100", "-0", "0.125", "7"};
  for (int i = 0; i < 400; ++i) {
    content += std::string(a_texts[i % 5]) + "," + b_texts[(i / 2) % 5] + "\n";
  }
  content += "late,later\n";
  const csv::testing::TempFile file(content);
  csv::ReaderOptions options;
  options.block_size = 256;
  options.parallel_block_size = 300;
  csv::Reader reader(file.path(), options);
  DatasetAccumulator joined(reader.header());
  BlockPlan plan(2, false);
  csv::read_blocks<BlockPart>(
      reader, 2, [&](csv::Reader& block) { return read_block(block, plan); },
      [&](BlockPart&& part) { join_block(joined, std::move(part), plan); });
  CHECK(joined.pending_end() == 0);
  const auto stats = std::move(joined).summarize("f");
  REQUIRE(stats.columns[0].categorical.has_value());
  CHECK(stats.columns[0].distinct == 6);
  CHECK(top_of(stats.columns[0]) ==
        std::vector<std::pair<std::string, std::uint64_t>>{
            {"-0.00", 80}, {"-0.25", 80}, {"0.05", 80}, {"12.00", 80}, {"3.50", 80}});
  REQUIRE(stats.columns[1].categorical.has_value());
  CHECK(stats.columns[1].distinct == 6);
  CHECK(top_of(stats.columns[1]) ==
        std::vector<std::pair<std::string, std::uint64_t>>{
            {"-0", 80}, {"0.125", 80}, {"100", 80}, {"3.5", 80}, {"7", 80}});
}

TEST_CASE("pending values counted in blocks as in one pass: texts as written, up to each end") {
  // Column a turns to text on row 350, b on row 120; a's numbers are written several ways
  // ("1", "1.0", "01"), quoted or not, so that each text counts apart. Rows after a's end are
  // not a's to count again; a block holds each end.
  std::string content = "a,b,c\n";
  const char* const texts[] = {"1", "1.0", "01", "\"2\"", "NA", "\"-3\"", "2"};
  for (int i = 0; i < 400; ++i) {
    const std::string a = i == 350 ? "x" : texts[i % 7];
    const std::string b = i == 120 ? "\"y \"\"z\"\"\"" : std::to_string(i % 9);
    content += a + "," + b + "," + std::to_string(i) + "\n";
  }
  const auto expected = summaries_with_pending(content, 0, 1 << 20);
  REQUIRE(expected[0].categorical.has_value());
  CHECK(expected[0].distinct == 6);  // "1", "1.0", "01", "2", "-3", "x" ("\"2\"" is "2")
  CHECK(expected[1].distinct == 10);
  for (const unsigned threads : {1U, 2U, 4U}) {
    for (const std::size_t block :
         {std::size_t{1}, std::size_t{7}, std::size_t{64}, std::size_t{300}}) {
      CAPTURE(threads);
      CAPTURE(block);
      const auto got = summaries_with_pending(content, threads, block);
      for (std::size_t i = 0; i < 2; ++i) {
        CHECK(got[i].count == expected[i].count);
        CHECK(got[i].missing == expected[i].missing);
        CHECK(got[i].distinct == expected[i].distinct);
        CHECK(top_of(got[i]) == top_of(expected[i]));
      }
    }
  }
  // Lines that the one-pass reader gives up on (CRLF, a line break inside quotes) are read by
  // the Reader, with the same counts.
  std::string awkward = content;
  std::size_t at = 0;
  for (int line = 0; line < 200; ++line) at = awkward.find('\n', at) + 1;
  awkward.insert(at, "\"1\r\n\",0,0\r\n");
  const auto expected_awkward = summaries_with_pending(awkward, 0, 1 << 20);
  const auto got_awkward = summaries_with_pending(awkward, 2, 64);
  CHECK(got_awkward[0].distinct == expected_awkward[0].distinct);
  CHECK(top_of(got_awkward[0]) == top_of(expected_awkward[0]));
  CHECK(expected_awkward[0].distinct == 7);  // "1\r\n" too
}

TEST_CASE("pending values counted in blocks: an input shorter than the first read") {
  std::string content = "a,b\n";
  for (int i = 0; i < 100; ++i) content += std::to_string(i) + ",1\n";
  const csv::testing::TempFile longer(content + "x,1\n");
  const csv::testing::TempFile shorter(content.substr(0, content.size() / 2));
  csv::ReaderOptions options;
  options.parallel_block_size = 32;
  csv::Reader reader(longer.path(), options);
  DatasetAccumulator columns(reader.header());
  accumulate_rows(reader, columns);
  REQUIRE(columns.column(0).pending_end() == 100);
  csv::Reader again(shorter.path(), options);
  CHECK(count_pending_in_blocks(again, columns, 2) < 100);
}
