// table::read_share: the ranks' tables, in rank order, hold the rows one process reads (values,
// types, line numbers), and an error in one rank's share stops every rank with its real place.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/thread_group.hpp"
#include "table/share_table.hpp"
#include "table/table_test_support.hpp"

namespace mlctl::table {
namespace {

using testing::dataset_path;
using testing::TempFile;

// A table as text: per row its file, line and values as text; and the column types.
struct Flat {
  std::vector<std::string> types;
  std::vector<std::string> rows;
  bool operator==(const Flat&) const = default;
};

void add_rows(const Table& table, Flat& flat) {
  if (flat.types.empty()) {
    for (const auto& c : table.columns) flat.types.push_back(c.name + ":" + to_string(c.type));
  }
  for (std::size_t r = 0; r < table.rows(); ++r) {
    std::string row = table.source_of(r) + ":" + std::to_string(table.lines[r]);
    for (const auto& c : table.columns) row += "|" + c.text(r);
    flat.rows.push_back(std::move(row));
  }
}

Flat single_read(const std::vector<std::string>& paths, const ShareReading& reading = {}) {
  const csv::Share share = csv::share_of(paths, {}, nullptr);
  const ShareTable read = read_share(share, {}, reading, nullptr);
  CHECK(read.first_row == 0);
  CHECK(read.job_rows == read.table.rows());
  Flat flat;
  add_rows(read.table, flat);
  return flat;
}

Flat shared_read(const std::vector<std::string>& args, int ranks, const ShareReading& reading = {},
                 const csv::ReaderOptions& options = {}) {
  std::vector<Table> tables(static_cast<std::size_t>(ranks));
  std::vector<ShareTable> counts(static_cast<std::size_t>(ranks));
  mlctl::testing::ThreadGroup::run(ranks, [&](distributed::Communicator& comm) {
    const csv::Share share = csv::share_of(args, options, &comm);
    ShareTable read = read_share(share, options, reading, &comm);
    const auto r = static_cast<std::size_t>(comm.rank());
    tables[r] = std::move(read.table);
    counts[r].first_row = read.first_row;
    counts[r].job_rows = read.job_rows;
  });
  Flat flat;
  std::uint64_t before = 0;
  for (std::size_t r = 0; r < tables.size(); ++r) {
    CHECK(counts[r].first_row == before);
    before += tables[r].rows();
    add_rows(tables[r], flat);
  }
  for (const auto& c : counts) CHECK(c.job_rows == before);
  return flat;
}

TEST_CASE("read_share: a real dataset over 1 to 4 ranks is the table one process reads") {
  const std::string path = dataset_path("titanic.csv");
  csv::Reader reader(path);
  Flat expected;
  add_rows(read_table(reader), expected);
  CHECK(single_read({path}) == expected);
  for (int ranks = 1; ranks <= 4; ++ranks) {
    CAPTURE(ranks);
    CHECK(shared_read({path}, ranks) == expected);
  }
  ShareReading parallel;  // the block reader inside each share, blocks of a few records
  parallel.threads = 2;
  csv::ReaderOptions small_blocks;
  small_blocks.parallel_block_size = 512;
  CHECK(shared_read({path}, 3, parallel, small_blocks) == expected);
}

TEST_CASE("read_share: the block reader reports a cut inside a quoted field too") {
  std::string text = "a,b\n5\"2,x\n";
  for (int i = 0; i < 40; ++i) text += std::to_string(i) + ",\"p\nq\"\n";
  const TempFile file(text);
  ShareReading parallel;
  parallel.threads = 2;
  csv::ReaderOptions small_blocks;
  small_blocks.parallel_block_size = 16;
  try {
    shared_read({file.path()}, 2, parallel, small_blocks);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.message().starts_with("quoted field runs past where the input was split"));
    CHECK(e.where().file == file.path());
  }
}

TEST_CASE("read_share: a column with text in one share only is text in every share") {
  // "1.0" and "02" must keep their text on the ranks that saw only numbers, and the parts of a
  // share that saw only numbers are read again.
  std::string text = "x,y\n";
  for (int i = 0; i < 30; ++i)
    text += (i == 3 ? "1.0" : i == 4 ? "02" : std::to_string(i)) + ",1\n";
  text += "tail,2\n";
  const TempFile file(text);
  const Flat expected = single_read({file.path()});
  CHECK(expected.types == std::vector<std::string>{"x:categorical", "y:numeric"});
  CHECK(expected.rows[3] == file.path() + ":5|1.0|1");
  for (int ranks = 1; ranks <= 4; ++ranks) {
    CAPTURE(ranks);
    CHECK(shared_read({file.path()}, ranks) == expected);
  }
}

TEST_CASE("read_share: files of a glob give one table naming each row's file") {
  const TempFile a("k,v\n1,a\n2,b\n", "a.csv");
  const std::string dir = a.path().substr(0, a.path().rfind('/'));
  const std::string b = dir + "/b.csv";
  const std::string c = dir + "/c.csv";
  {
    std::ofstream(b) << "k,v\n";
    std::ofstream(c) << "k,v\nx,c\n3,a\n";
  }
  const Flat expected{{"k:categorical", "v:categorical"},
                      {a.path() + ":2|1|a", a.path() + ":3|2|b", c + ":2|x|c", c + ":3|3|a"}};
  CHECK(single_read({dir + "/*.csv"}) == expected);
  for (int ranks = 1; ranks <= 7; ++ranks) {
    CAPTURE(ranks);
    CHECK(shared_read({dir + "/*.csv"}, ranks) == expected);
  }
}

TEST_CASE("read_share: a bad cell in rank 2's share names its line in the whole file") {
  std::string text = "a,b\n";
  for (int i = 0; i < 40; ++i) text += std::to_string(i) + "," + (i == 25 ? "oops" : "1") + "\n";
  const TempFile file(text);
  ShareReading reading;
  reading.declared.numeric = {"b"};
  for (int ranks = 1; ranks <= 4; ++ranks) {
    CAPTURE(ranks);
    try {
      shared_read({file.path()}, ranks, reading);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::data);
      CHECK(e.where().file == file.path());
      CHECK(e.where().line == 27);
      CHECK(e.where().column == 2);
    }
  }
}

}  // namespace
}  // namespace mlctl::table
