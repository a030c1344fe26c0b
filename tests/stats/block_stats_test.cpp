// The pieces of a parallel describe read (stats/block_stats.hpp); stats/csv_stats_test.cpp
// checks the whole read against one pass.

#include <doctest/doctest.h>

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
  std::string content = "a,b\n";
  for (int i = 0; i < 400; ++i) {
    content += std::to_string(i % 10) + "," + (i == 0 ? "first" : std::to_string(i % 4)) + "\n";
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
  CHECK(stats.columns[0].distinct == 11);
  CHECK(stats.columns[0].categorical->because.line == 402);
  CHECK(stats.columns[1].distinct == 5);  // "first", "0".."3"
  CHECK(stats.columns[1].categorical->because.line == 2);
}
