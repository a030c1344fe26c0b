#include "training/job_facts.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <span>

#include "common/error.hpp"
#include "common/hash.hpp"
#include "distributed/record.hpp"

namespace mlctl::training {
namespace {

template <typename T>
std::vector<T> merged(std::vector<std::vector<T>> parts) {
  std::vector<T> all;
  for (auto& part : parts) all.insert(all.end(), part.begin(), part.end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

}  // namespace

std::uint64_t job_sum(distributed::Communicator* processes, std::uint64_t local) {
  if (processes == nullptr) return local;
  std::array<std::int64_t, 1> value{static_cast<std::int64_t>(local)};
  processes->allreduce(value, distributed::Reduction::sum);
  return static_cast<std::uint64_t>(value[0]);
}

std::uint64_t rows_before(distributed::Communicator* processes, std::uint64_t local) {
  if (processes == nullptr) return 0;
  std::array<std::int64_t, 1> value{static_cast<std::int64_t>(local)};
  processes->exclusive_prefix_sum(value);
  return static_cast<std::uint64_t>(value[0]);
}

bool job_all(distributed::Communicator* processes, bool local) {
  if (processes == nullptr) return local;
  std::array<std::int64_t, 1> value{local ? 1 : 0};
  processes->allreduce(value, distributed::Reduction::min);
  return value[0] == 1;
}

Eigen::MatrixXd job_rows(distributed::Communicator* processes, const Eigen::MatrixXd& local) {
  if (processes == nullptr || processes->size() == 1) return local;
  // Row-major bytes, so that each rank's rows are one run.
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rows = local;
  distributed::RecordWriter mine;
  mine.put_values<double>({rows.data(), static_cast<std::size_t>(rows.size())});
  std::vector<double> values;
  for (const auto& part : processes->allgather(std::move(mine).bytes())) {
    distributed::RecordReader in(part, "gathered rows of numbers");
    in.get_values(values);
    in.expect_end();
  }
  const auto width = static_cast<std::size_t>(local.cols());
  const auto height = static_cast<Eigen::Index>(width == 0 ? 0 : values.size() / width);
  return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      values.data(), height, local.cols());
}

Eigen::MatrixXd job_rows_by_split(distributed::Communicator* processes,
                                  const Eigen::MatrixXd& local,
                                  std::span<const std::size_t> split_ends) {
  if (processes == nullptr || processes->size() == 1) return local;
  std::vector<Eigen::MatrixXd> splits;
  Eigen::Index rows = 0, begin = 0;
  for (const auto end : split_ends) {
    const auto length = static_cast<Eigen::Index>(end) - begin;
    splits.push_back(job_rows(processes, local.middleRows(begin, length)));
    rows += splits.back().rows();
    begin = static_cast<Eigen::Index>(end);
  }
  Eigen::MatrixXd all(rows, local.cols());
  Eigen::Index at = 0;
  for (const auto& split : splits) {
    all.middleRows(at, split.rows()) = split;
    at += split.rows();
  }
  return all;
}

model::DataFingerprint job_fingerprint(const table::Table& table, std::string source,
                                       distributed::Communicator* processes) {
  model::DataFingerprint data = model::fingerprint_of(table);
  data.source = std::move(source);
  if (processes == nullptr || processes->size() == 1) return data;
  // Per rank: rows, bytes, hash; gathered in rank order as three columns.
  Eigen::MatrixXd mine(1, 3);
  mine << static_cast<double>(table.rows()), static_cast<double>(table.input_bytes), 0.0;
  std::uint64_t hash_bits = table.input_hash;
  std::memcpy(&mine(0, 2), &hash_bits, sizeof hash_bits);  // carried as bits, not as a number
  const Eigen::MatrixXd all = job_rows(processes, mine);
  distributed::RecordWriter shares;
  data.rows = data.bytes = 0;
  for (Eigen::Index r = 0; r < all.rows(); ++r) {
    const auto rows = static_cast<std::uint64_t>(all(r, 0));
    const auto bytes = static_cast<std::uint64_t>(all(r, 1));
    std::memcpy(&hash_bits, &all(r, 2), sizeof hash_bits);
    data.process_rows.push_back(rows);
    data.rows += rows;
    data.bytes += bytes;
    shares.put(bytes);
    shares.put(hash_bits);
  }
  data.hash = xxh3_64(shares.bytes());
  return data;
}

std::vector<std::string> job_union(distributed::Communicator* processes,
                                   std::vector<std::string> local) {
  if (processes == nullptr || processes->size() == 1) return local;
  distributed::RecordWriter mine;
  for (const auto& text : local) mine.put_text(text);
  std::vector<std::vector<std::string>> parts;
  for (const auto& bytes : processes->allgather(std::move(mine).bytes())) {
    auto& part = parts.emplace_back();
    distributed::RecordReader in(bytes, "a gathered set");
    while (!in.at_end()) part.emplace_back(in.get_text());
  }
  return merged(std::move(parts));
}

std::vector<double> job_union(distributed::Communicator* processes, std::vector<double> local) {
  if (processes == nullptr || processes->size() == 1) return local;
  distributed::RecordWriter mine;
  mine.put_values<double>(local);
  std::vector<std::vector<double>> parts;
  for (const auto& bytes : processes->allgather(std::move(mine).bytes())) {
    distributed::RecordReader in(bytes, "a gathered set");
    in.get_values(parts.emplace_back());
    in.expect_end();
  }
  return merged(std::move(parts));
}

}  // namespace mlctl::training
