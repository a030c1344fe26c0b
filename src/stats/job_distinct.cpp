#include "stats/job_distinct.hpp"

#include <algorithm>
#include <limits>

#include "distributed/record.hpp"

namespace mlctl::stats {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The distinct values of ascending `sorted`, 0.0 for -0.0.
std::vector<double> distinct_values(std::span<const double> sorted) {
  std::vector<double> out;
  for (const double x : sorted) {
    if (out.empty() || out.back() != x) out.push_back(x == 0.0 ? 0.0 : x);
  }
  return out;
}

// The distinct values among the ranks' runs of one round.
std::uint64_t count_merged(std::vector<double>& values) {
  std::sort(values.begin(), values.end());
  return static_cast<std::uint64_t>(std::unique(values.begin(), values.end()) - values.begin());
}

}  // namespace

std::vector<std::uint64_t> job_distinct_counts(std::span<const std::span<const double>> sorted,
                                               distributed::Communicator& comm,
                                               std::size_t values_per_round) {
  const std::size_t columns = sorted.size();
  std::vector<std::uint64_t> counts(columns, 0);
  if (columns == 0) return counts;
  const std::size_t chunk = std::max<std::size_t>(
      1, values_per_round / (columns * static_cast<std::size_t>(comm.size())));
  std::vector<std::vector<double>> mine(columns);
  for (std::size_t c = 0; c < columns; ++c) mine[c] = distinct_values(sorted[c]);
  std::vector<std::size_t> sent(columns, 0);
  std::vector<bool> done(columns, false);
  std::vector<double> bounds(columns);
  while (std::find(done.begin(), done.end(), false) != done.end()) {
    for (std::size_t c = 0; c < columns; ++c) {
      const std::size_t left = mine[c].size() - sent[c];
      bounds[c] = done[c] || left <= chunk ? kInfinity : mine[c][sent[c] + chunk - 1];
    }
    comm.allreduce(bounds, distributed::Reduction::min);
    distributed::RecordWriter record;
    for (std::size_t c = 0; c < columns; ++c) {
      const std::vector<double>& values = mine[c];
      const double* from = values.data() + sent[c];
      const double* to =
          done[c] ? from : std::upper_bound(from, values.data() + values.size(), bounds[c]);
      record.put_values(std::span<const double>(from, to));
      sent[c] += static_cast<std::size_t>(to - from);
    }
    std::vector<std::vector<double>> round(columns);
    for (const auto& bytes : comm.allgather(record.bytes())) {
      distributed::RecordReader in(bytes, "a rank's distinct values");
      for (auto& values : round) in.get_values(values);
      in.expect_end();
    }
    for (std::size_t c = 0; c < columns; ++c) {
      if (done[c]) continue;
      counts[c] += count_merged(round[c]);
      done[c] = bounds[c] == kInfinity;
    }
  }
  return counts;
}

}  // namespace mlctl::stats
