#pragma once
// Two DatasetStats of the same rows compared field by field in doctest checks: one from a job's
// ranks (stats/job_dataset_stats.hpp), one from one process. Everything equal, but means and
// standard deviations within 1e-12 relative unless `exact`.

#include <cmath>

#include <doctest/doctest.h>

#include "stats/column_stats.hpp"

namespace mlctl::testing {

inline void check_close(double job, double one, bool exact) {
  if (std::isnan(one)) {
    CHECK(std::isnan(job));
  } else if (exact) {
    CHECK(job == one);
  } else {
    CHECK(std::fabs(job - one) <= 1e-12 * std::fabs(one));
  }
}

inline void check_same(const stats::DatasetStats& job, const stats::DatasetStats& one, bool exact) {
  CHECK(job.rows == one.rows);
  CHECK(job.rows_with_missing == one.rows_with_missing);
  REQUIRE(job.columns.size() == one.columns.size());
  for (std::size_t c = 0; c < one.columns.size(); ++c) {
    const stats::ColumnStats& a = job.columns[c];
    const stats::ColumnStats& b = one.columns[c];
    CAPTURE(b.name);
    CHECK(a.name == b.name);
    CHECK(a.type == b.type);
    CHECK(a.count == b.count);
    CHECK(a.missing == b.missing);
    CHECK(a.distinct == b.distinct);
    REQUIRE(a.numeric.has_value() == b.numeric.has_value());
    REQUIRE(a.categorical.has_value() == b.categorical.has_value());
    if (b.numeric) {
      const auto& x = *a.numeric;
      const auto& y = *b.numeric;
      check_close(x.mean, y.mean, exact);
      check_close(x.std, y.std, exact);
      CHECK(x.min == y.min);
      CHECK(x.q25 == y.q25);
      CHECK(x.median == y.median);
      CHECK(x.q75 == y.q75);
      CHECK(x.max == y.max);
      CHECK(x.histogram.edges == y.histogram.edges);
      CHECK(x.histogram.counts == y.histogram.counts);
    }
    if (b.categorical) {
      CHECK(a.categorical->because.value == b.categorical->because.value);
      CHECK(a.categorical->because.line == b.categorical->because.line);
      REQUIRE(a.categorical->top.size() == b.categorical->top.size());
      for (std::size_t i = 0; i < b.categorical->top.size(); ++i) {
        CHECK(a.categorical->top[i].value == b.categorical->top[i].value);
        CHECK(a.categorical->top[i].count == b.categorical->top[i].count);
      }
    }
  }
}

}  // namespace mlctl::testing
