#include "training_input.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace mlctl::cli {

TrainingInput::TrainingInput(const std::string& data, const csv::ReaderOptions& options)
    : options_(options), reader_(std::in_place, data, options) {
  header_ = reader_->header();
  display_name_ = reader_->display_name();
  delimiter_ = reader_->delimiter();
}

TrainingInput::TrainingInput(const std::vector<std::string>& data,
                             const csv::ReaderOptions& options, distributed::Communicator& job)
    : options_(options), share_(csv::share_of(data, options, &job)), job_(&job) {
  header_ = share_->header;
  display_name_ = fmt::format("{}", fmt::join(data, " "));
  // As the first file's reader chose it (asked for, by the file's name, or sniffed).
  delimiter_ = csv::Reader(share_->first_file, options).delimiter();
}

table::Table TrainingInput::read(const table::ShareReading& how) {
  if (reader_) {
    return table::read_table(*reader_, how.keep, how.progress, how.threads, how.declared,
                             how.arena);
  }
  return table::read_share(*share_, options_, how, job_).table;
}

}  // namespace mlctl::cli
