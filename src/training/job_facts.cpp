#include "training/job_facts.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <span>

#include "common/error.hpp"
#include "common/hash.hpp"

namespace mlctl::training {
namespace {

void put(std::vector<std::byte>& out, const void* data, std::size_t size) {
  const auto* bytes = static_cast<const std::byte*>(data);
  out.insert(out.end(), bytes, bytes + size);
}

// Reads `size` bytes at `at`; a record another rank made is malformed only through a bug.
void take(std::span<const std::byte> in, std::size_t& at, void* data, std::size_t size) {
  if (size > in.size() - at) throw Error(ErrorKind::internal, "a gathered set is malformed");
  if (size == 0) return;  // memcpy must not see the null data() of an empty vector
  std::memcpy(data, in.data() + at, size);
  at += size;
}

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
  std::vector<std::byte> mine;
  put(mine, rows.data(), static_cast<std::size_t>(rows.size()) * sizeof(double));
  const auto parts = processes->allgather(mine);
  std::size_t total = 0;
  for (const auto& part : parts) total += part.size();
  const auto width = static_cast<std::size_t>(local.cols());
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> all(
      width == 0 ? 0 : static_cast<Eigen::Index>(total / sizeof(double) / width), local.cols());
  std::size_t at = 0;
  for (const auto& part : parts) {
    if (part.empty()) continue;  // a rank without rows; memcpy must not see a null pointer
    std::memcpy(reinterpret_cast<std::byte*>(all.data()) + at, part.data(), part.size());
    at += part.size();
  }
  return all;
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
  std::vector<std::byte> shares;
  data.rows = data.bytes = 0;
  for (Eigen::Index r = 0; r < all.rows(); ++r) {
    const auto rows = static_cast<std::uint64_t>(all(r, 0));
    const auto bytes = static_cast<std::uint64_t>(all(r, 1));
    std::memcpy(&hash_bits, &all(r, 2), sizeof hash_bits);
    data.process_rows.push_back(rows);
    data.rows += rows;
    data.bytes += bytes;
    put(shares, &bytes, sizeof bytes);
    put(shares, &hash_bits, sizeof hash_bits);
  }
  data.hash = xxh3_64(shares);
  return data;
}

std::vector<std::string> job_union(distributed::Communicator* processes,
                                   std::vector<std::string> local) {
  if (processes == nullptr || processes->size() == 1) return local;
  std::vector<std::byte> mine;
  for (const auto& text : local) {
    const std::uint64_t size = text.size();
    put(mine, &size, sizeof size);
    put(mine, text.data(), text.size());
  }
  std::vector<std::vector<std::string>> parts;
  for (const auto& bytes : processes->allgather(mine)) {
    auto& part = parts.emplace_back();
    for (std::size_t at = 0; at < bytes.size();) {
      std::uint64_t size = 0;
      take(bytes, at, &size, sizeof size);
      std::string text(size, '\0');
      take(bytes, at, text.data(), size);
      part.push_back(std::move(text));
    }
  }
  return merged(std::move(parts));
}

std::vector<double> job_union(distributed::Communicator* processes, std::vector<double> local) {
  if (processes == nullptr || processes->size() == 1) return local;
  std::vector<std::byte> mine;
  put(mine, local.data(), local.size() * sizeof(double));
  std::vector<std::vector<double>> parts;
  for (const auto& bytes : processes->allgather(mine)) {
    auto& part = parts.emplace_back(bytes.size() / sizeof(double));
    std::size_t at = 0;
    take(bytes, at, part.data(), part.size() * sizeof(double));
  }
  return merged(std::move(parts));
}

}  // namespace mlctl::training
