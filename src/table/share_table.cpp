#include "table/share_table.hpp"

#include <algorithm>
#include <array>

#include "common/error.hpp"
#include "distributed/agreed.hpp"
#include "table/append.hpp"

namespace mlctl::table {

namespace {

// The parts to read: the share's, or for an empty share an empty range of the first file, for
// the columns (and keep's and declared's errors) of every rank alike.
std::vector<csv::SharePart> parts_to_read(const csv::Share& share) {
  if (!share.parts.empty()) return share.parts;
  csv::ByteRange none;
  none.header = share.header;
  return {{share.first_file, none}};
}

Table read_part(const csv::SharePart& part, const csv::ReaderOptions& options,
                const ShareReading& reading, const DeclaredTypes& declared) {
  csv::Reader reader = csv::open_part(part, options);
  return read_table(reader, reading.keep, reading.progress, reading.threads, declared,
                    reading.arena);
}

// Per column: 1 when it is categorical in one of `tables`.
std::vector<std::int64_t> categorical_flags(const std::vector<Table>& tables) {
  std::vector<std::int64_t> flags(tables.front().columns.size(), 0);
  for (const auto& t : tables) {
    for (std::size_t k = 0; k < flags.size(); ++k) {
      if (t.columns[k].type == ColumnType::categorical) flags[k] = 1;
    }
  }
  return flags;
}

// Reads again, with the columns of `flags` declared categorical, the parts that read one of
// them as numbers.
void retype(std::vector<Table>& tables, const std::vector<csv::SharePart>& parts,
            const csv::ReaderOptions& options, const ShareReading& reading,
            const std::vector<std::int64_t>& flags) {
  DeclaredTypes declared = reading.declared;
  const auto& columns = tables.front().columns;
  for (std::size_t k = 0; k < flags.size(); ++k) {
    if (flags[k] != 0 && std::find(declared.categorical.begin(), declared.categorical.end(),
                                   columns[k].name) == declared.categorical.end()) {
      declared.categorical.push_back(columns[k].name);
    }
  }
  for (std::size_t p = 0; p < tables.size(); ++p) {
    bool again = false;
    for (std::size_t k = 0; k < flags.size(); ++k) {
      again = again || (flags[k] != 0 && tables[p].columns[k].type == ColumnType::numeric);
    }
    if (!again) continue;
    tables[p] = Table{};  // its memory first, before the new read takes as much
    tables[p] = read_part(parts[p], options, reading, declared);
  }
}

}  // namespace

ShareTable read_share(const csv::Share& share, const csv::ReaderOptions& options,
                      const ShareReading& reading, distributed::Communicator* comm) {
  const std::vector<csv::SharePart> parts = parts_to_read(share);
  std::vector<Table> tables;
  distributed::run_agreed(comm, [&] {
    for (const auto& part : parts) {
      tables.push_back(read_part(part, options, reading, reading.declared));
    }
  });
  std::vector<std::int64_t> flags = categorical_flags(tables);
  if (comm != nullptr) comm->allreduce(flags, distributed::Reduction::max);
  distributed::run_agreed(comm, [&] { retype(tables, parts, options, reading, flags); });

  ShareTable result;
  result.table = std::move(tables.front());
  for (std::size_t p = 1; p < tables.size(); ++p) {
    append_rows(result.table, std::move(tables[p]));
    tables[p] = Table{};
  }
  const auto rows = static_cast<std::int64_t>(result.table.rows());
  std::array<std::int64_t, 1> before{rows};
  std::array<std::int64_t, 1> all{rows};
  if (comm != nullptr) {
    comm->exclusive_prefix_sum(before);
    comm->allreduce(all, distributed::Reduction::sum);
  } else {
    before[0] = 0;
  }
  result.first_row = static_cast<std::uint64_t>(before[0]);
  result.job_rows = static_cast<std::uint64_t>(all[0]);
  return result;
}

}  // namespace mlctl::table
