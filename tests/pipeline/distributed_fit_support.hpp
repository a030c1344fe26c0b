#pragma once
// FeaturePipeline::fit over ranks as threads (support/thread_group.hpp): a table cut into
// contiguous slices, each with its own category codes as a rank that read only its share would
// have (support/table_shares.hpp), and checks that every rank's pipeline equals the one-process fit
// on all the rows.

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "pipeline/feature_pipeline.hpp"
#include "support/table_shares.hpp"
#include "support/thread_group.hpp"
#include "table/table.hpp"

namespace mlctl::pipeline::testing {

// Where each of `ranks` ranks' slice of n rows begins (and n at the end): uneven, and one rank
// empty from two ranks on.
inline std::vector<std::size_t> cuts(std::size_t n, int ranks) {
  static const std::vector<std::vector<double>> shares = {
      {1.0}, {0.0, 1.0}, {0.6, 0.1, 0.3}, {0.15, 0.5, 0.0, 0.35}};
  return mlctl::testing::cuts_of(n, shares[static_cast<std::size_t>(ranks - 1)]);
}

// Every rank's pipeline fitted on its slice of `t` (cut as cuts()) and its part of `rows`
// (ascending row numbers of `t`), one per rank.
inline std::vector<FeaturePipeline> fit_over_ranks(const table::Table& t,
                                                   const std::vector<std::string>& features,
                                                   const std::vector<std::size_t>& rows,
                                                   const PipelineOptions& options, int ranks,
                                                   unsigned threads = 1) {
  const auto at = cuts(t.rows(), ranks);
  std::vector<table::Table> slices;
  std::vector<std::vector<std::size_t>> local(static_cast<std::size_t>(ranks));
  for (std::size_t r = 0; r + 1 < at.size(); ++r) {
    slices.push_back(mlctl::testing::share_of(t, at[r], at[r + 1]));
    for (const auto row : rows) {
      if (row >= at[r] && row < at[r + 1]) local[r].push_back(row - at[r]);
    }
  }
  std::vector<FeaturePipeline> fitted(static_cast<std::size_t>(ranks));
  mlctl::testing::ThreadGroup::run(ranks, [&](distributed::Communicator& comm) {
    const auto r = static_cast<std::size_t>(comm.rank());
    fitted[r] = FeaturePipeline::fit(slices[r], features, local[r], options, threads, &comm);
  });
  return fitted;
}

// a within 1e-12 of b, relative (sums of doubles: MPI adds in its own order).
inline bool close(double a, double b) {
  return a == b || std::abs(a - b) <= 1e-12 * std::max(std::abs(a), std::abs(b));
}

inline bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// Every field of `got` equal to `want`'s: exact but for the means and stds of sums (`exact`:
// those too, to the bit).
inline void check_same_pipeline(const FeaturePipeline& got, const FeaturePipeline& want,
                                bool exact) {
  REQUIRE(got.features().size() == want.features().size());
  CHECK(got.width() == want.width());
  CHECK(got.options().hashing == want.options().hashing);
  const bool median = want.options().impute == Imputation::median;
  const bool minmax = want.options().scale == Scaling::minmax;
  for (std::size_t j = 0; j < want.features().size(); ++j) {
    const Feature& g = got.features()[j];
    const Feature& w = want.features()[j];
    CAPTURE(w.name);
    CHECK(g.name == w.name);
    CHECK(g.type == w.type);
    CHECK(g.categories == w.categories);
    CHECK(g.missing_category == w.missing_category);
    CHECK(g.hash == w.hash);
    CHECK(g.infrequent == w.infrequent);
    CHECK(g.missing_infrequent == w.missing_infrequent);
    const auto check = [exact](double a, double b, bool bits) {
      CAPTURE(a);
      CAPTURE(b);
      CHECK((exact || bits ? same_bits(a, b) : close(a, b)));
    };
    check(g.fill, w.fill, median);
    check(g.center, w.center, minmax);
    check(g.scale, w.scale, minmax);
  }
}

// Every rank's pipeline the same, to the bit, and equal to `want` (the one-process fit).
inline void check_over_ranks(const std::vector<FeaturePipeline>& fitted,
                             const FeaturePipeline& want) {
  for (std::size_t r = 0; r < fitted.size(); ++r) {
    CAPTURE(r);
    check_same_pipeline(fitted[r], fitted[0], true);
    check_same_pipeline(fitted[r], want, fitted.size() == 1);
  }
}

}  // namespace mlctl::pipeline::testing
