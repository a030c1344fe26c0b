#pragma once
// Where train reads its rows: one CSV file or stdin (mlctl train), or this process's share of
// DATA, one or more files or glob patterns, under an MPI job (mlctl-mpi train: csv/share.hpp).

#include <optional>
#include <string>
#include <vector>

#include "csv/reader.hpp"
#include "csv/share.hpp"
#include "distributed/communicator.hpp"
#include "table/share_table.hpp"
#include "table/table.hpp"

namespace mlctl::cli {

class TrainingInput {
 public:
  // One file, or "-" for stdin.
  TrainingInput(const std::string& data, const csv::ReaderOptions& options);
  // This process's share of `data` (collective over `job`: every rank opens every header).
  TrainingInput(const std::vector<std::string>& data, const csv::ReaderOptions& options,
                distributed::Communicator& job);

  const std::vector<std::string>& header() const { return header_; }
  // The input as messages and the model name it: the file, or DATA as given.
  const std::string& display_name() const { return display_name_; }
  char delimiter() const { return delimiter_; }

  // The rows (of this process's share: collective, its errors agreed by every rank).
  table::Table read(const table::ShareReading& how);

 private:
  csv::ReaderOptions options_;
  std::optional<csv::Reader> reader_;
  std::optional<csv::Share> share_;
  distributed::Communicator* job_ = nullptr;
  std::vector<std::string> header_;
  std::string display_name_;
  char delimiter_ = ',';
};

}  // namespace mlctl::cli
