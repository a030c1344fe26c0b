#pragma once
// One rank's share of a job's input (csv/share.hpp) read into a Table: the rows of its parts
// in order, typed as the whole job's data is typed, so that the ranks' tables concatenated in
// rank order hold the rows, values, types and line numbers one process reads from all files
// (each rank numbers its own category codes, in order of first appearance in its share).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "csv/reader.hpp"
#include "csv/share.hpp"
#include "distributed/communicator.hpp"
#include "table/table.hpp"

namespace mlctl::table {

// read_table's settings, for every part of the share.
struct ShareReading {
  std::vector<std::string> keep;
  std::function<void(const csv::ReadProgress&)> progress;  // per part, as read_table's
  unsigned threads = 1;
  DeclaredTypes declared;
  SpillArena* arena = nullptr;
};

struct ShareTable {
  Table table;
  std::uint64_t first_row = 0;  // the rows of the ranks before this one (its first row's number)
  std::uint64_t job_rows = 0;   // the rows of all ranks
};

// Reads `share` (made by csv::share_of with `options`) with read_table, part by part, and
// appends the parts (table/append.hpp). A column categorical anywhere in the job (any part,
// any rank) is categorical in every rank's table: the parts that read it as numbers are read
// again with it declared categorical, to get their text as written. Collective over `comm`
// (nullptr: this process alone): errors are agreed (every rank throws the lowest rank's, so a
// bad cell names its file, line and column on every rank); then one allreduce (a flag per
// column) and one exclusive prefix sum (the row counts). An empty share gives a table with the
// columns and no rows. Table::source is the file of the first part (of the whole input when
// none), Table::parts names the file of each part when there are several.
ShareTable read_share(const csv::Share& share, const csv::ReaderOptions& options,
                      const ShareReading& reading, distributed::Communicator* comm);

}  // namespace mlctl::table
