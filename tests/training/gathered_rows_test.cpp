#include <doctest/doctest.h>

#include <mutex>
#include <vector>

#include "support/thread_group.hpp"
#include "table/table_test_support.hpp"
#include "training/gathered_rows.hpp"

using mlctl::distributed::Communicator;
using mlctl::table::Table;
using mlctl::table::testing::table_of;
using mlctl::testing::ThreadGroup;
using mlctl::training::gather_rows;

namespace {

// Every value of a table as text, row by row, with the line: tables compared by what they hold.
std::vector<std::string> texts(const Table& t) {
  std::vector<std::string> out;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    std::string row = std::to_string(t.lines[r]);
    for (const auto& column : t.columns) row += "|" + column.text(r);
    out.push_back(row);
  }
  return out;
}

}  // namespace

TEST_CASE("gather_rows: alone, the rows asked for, in the order asked") {
  const Table t = table_of("x,c\n1,red\n2,\n3,blue\n");
  const std::vector<std::size_t> rows{2, 0};
  const Table g = gather_rows(t, rows, nullptr);
  CHECK(texts(g) == std::vector<std::string>{"4|3|blue", "2|1|red"});
  CHECK(g.columns[1].labels == std::vector<std::string>{"blue", "red"});
}

TEST_CASE("gather_rows: every rank's rows in rank order, categories by label") {
  // Rank r holds its own table (its own codes, the same column types: read_share agrees them);
  // it sends its row 0, and rank 1 its row 1 too.
  const std::vector<std::string> csv{"x,c\n1,red\n2,\n", "x,c\n3,blue\n4,red\n",
                                     "x,c\n5,\n6,green\n"};
  std::mutex mutex;
  ThreadGroup::run(3, [&](Communicator& comm) {
    const auto r = static_cast<std::size_t>(comm.rank());
    const Table t = table_of(csv[r]);
    std::vector<std::size_t> rows{0};
    if (r == 1) rows.push_back(1);
    const Table g = gather_rows(t, rows, &comm);
    std::lock_guard lock(mutex);
    CHECK(texts(g) == std::vector<std::string>{"2|1|red", "2|3|blue", "3|4|red", "2|5|"});
    CHECK(g.columns[1].labels == std::vector<std::string>{"red", "blue"});
  });
}
