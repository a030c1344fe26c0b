#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "stats/quantile.hpp"
#include "stats/reference_stats.hpp"
#include "support/numbers.hpp"

using mlctl::stats::category_reference;
using mlctl::stats::CategoryReference;
using mlctl::stats::kReferenceSample;
using mlctl::stats::numeric_reference;
using mlctl::stats::NumericReference;

using mlctl::testing::kNaN;

namespace {

std::vector<double> quantile_values(const NumericReference& r) {
  std::vector<double> out;
  for (const auto& q : r.quantiles) out.push_back(q.value);
  return out;
}

// Every `stride`-th present value, sorted: the sample the order statistics must come from.
std::vector<double> expected_sample(const std::vector<double>& values, std::size_t stride) {
  std::vector<double> sample;
  std::size_t present = 0;
  for (const double v : values) {
    if (std::isnan(v)) continue;
    if (present++ % stride == 0) sample.push_back(v);
  }
  std::sort(sample.begin(), sample.end());
  return sample;
}

void check_near(const std::vector<double>& got, const std::vector<double>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) CHECK(got[i] == doctest::Approx(want[i]));
}

void check_order_statistics_of(const NumericReference& r, const std::vector<double>& sample) {
  REQUIRE(r.quantiles.size() == 5);
  const double percents[] = {0.05, 0.25, 0.5, 0.75, 0.95};
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(r.quantiles[i].value == mlctl::stats::quantile_sorted(sample, percents[i]));
  }
  REQUIRE(r.bin_edges.size() == 9);
  CHECK(r.bin_edges[4] == mlctl::stats::quantile_sorted(sample, 0.5));
}

}  // namespace

TEST_CASE("numeric reference: moments, quantiles, decile bins and shares of a small column") {
  std::vector<double> values;
  for (int i = 1; i <= 20; ++i) values.push_back(i);
  values.push_back(kNaN);
  const NumericReference r = numeric_reference(values);
  CHECK(r.count == 20);
  CHECK(r.missing == 1);
  CHECK(r.distinct == 20);
  CHECK(r.mean == 10.5);
  CHECK(r.std == doctest::Approx(5.9160797831));
  CHECK(r.min == 1);
  CHECK(r.max == 20);
  CHECK_FALSE(r.sampled);
  CHECK(r.quantiles[0].percent == 5);
  CHECK(r.quantiles[4].percent == 95);
  check_near(quantile_values(r), {1.95, 5.75, 10.5, 15.25, 19.05});
  check_near(r.bin_edges, {2.9, 4.8, 6.7, 8.6, 10.5, 12.4, 14.3, 16.2, 18.1});
  CHECK(r.bin_shares == std::vector<double>(10, 0.1));
}

TEST_CASE("numeric reference: tied decile edges merge, a bin holds values above its lower edge") {
  const NumericReference r = numeric_reference(std::vector<double>{1, 1, 1, 1, 1, 1, 1, 1, 1, 2});
  CHECK(r.distinct == 2);
  check_near(r.bin_edges, {1.0, 1.1});                        // eight deciles are 1
  CHECK(r.bin_shares == std::vector<double>{0.9, 0.0, 0.1});  // the 1s are in the first bin
}

TEST_CASE("numeric reference: one value has std 0 - none present has only the missing count") {
  const NumericReference one = numeric_reference(std::vector<double>{kNaN, 4.5});
  CHECK(one.count == 1);
  CHECK(one.std == 0.0);
  CHECK(one.mean == 4.5);
  const NumericReference none = numeric_reference(std::vector<double>{kNaN, kNaN});
  CHECK(none.count == 0);
  CHECK(none.missing == 2);
  CHECK(none.distinct == 0);
  CHECK(none.quantiles.empty());
  CHECK(numeric_reference({}).count == 0);
}

TEST_CASE("numeric reference: -0.0 is stored as 0.0") {
  const NumericReference r = numeric_reference(std::vector<double>{-0.0, -0.0, -0.0});
  CHECK_FALSE(std::signbit(r.quantiles[2].value));
  CHECK_FALSE(std::signbit(r.bin_edges[0]));
}

namespace {

// n values, every `missing_every`-th one missing (none for 0), the first `leading` missing too.
std::vector<double> large_column(std::size_t n, std::size_t missing_every, std::size_t leading) {
  std::vector<double> values(n);
  for (std::size_t i = 0; i < n; ++i) {
    const bool missing = i < leading || (missing_every > 0 && i % missing_every == 0);
    values[i] = missing ? kNaN : std::fmod(static_cast<double>(i) * 7919.0, 1e4);
  }
  return values;
}

void check_sampled(const std::vector<double>& values) {
  std::size_t present = 0;
  for (const double v : values) present += std::isnan(v) ? 0 : 1;
  const NumericReference r = numeric_reference(values);
  CHECK(r.count == present);
  CHECK(r.missing == values.size() - present);
  const std::size_t stride = (present + kReferenceSample - 1) / kReferenceSample;
  CHECK(r.sampled == (stride > 1));
  check_order_statistics_of(r, expected_sample(values, stride));
}

}  // namespace

TEST_CASE("numeric reference: beyond kReferenceSample values, every stride-th present value") {
  const std::size_t over = 3 * kReferenceSample + 7;      // stride 4
  const std::size_t under = 3 * kReferenceSample - 1000;  // stride 3
  SUBCASE("no value missing") {
    check_sampled(large_column(over, 0, 0));
  }
  SUBCASE("missing values that keep the stride") {
    check_sampled(large_column(under, 1000, 0));
  }
  SUBCASE("missing values that lower the stride") {
    check_sampled(large_column(over, 13, 0));
  }
  SUBCASE("whole blocks missing first") {
    check_sampled(large_column(over, 0, 10000));
  }
  SUBCASE("a few missing, then clean blocks") {
    check_sampled(large_column(under, 0, 3));
  }
}

TEST_CASE("category reference: shares of the most frequent, the rest as other") {
  const std::vector<std::string> labels{"b", "a", "c", "unused", "d"};
  const std::vector<std::int32_t> codes{0, 1, 0, -1, 2, 1, 0, 4, 1, -1};  // b3 a3 c1 d1
  const CategoryReference r = category_reference(codes, labels, 3);
  CHECK(r.count == 8);
  CHECK(r.missing == 2);
  CHECK(r.distinct == 4);
  REQUIRE(r.shares.size() == 3);
  CHECK(r.shares[0] == std::pair<std::string, double>{"a", 3.0 / 8});
  CHECK(r.shares[1] == std::pair<std::string, double>{"b", 3.0 / 8});
  CHECK(r.shares[2] == std::pair<std::string, double>{"c", 1.0 / 8});
  CHECK(r.other_share == doctest::Approx(1.0 / 8));
  CHECK(category_reference(codes, labels).other_share == 0.0);
}

TEST_CASE("category reference: nothing present") {
  const std::vector<std::string> labels{"x"};
  const CategoryReference r = category_reference(std::vector<std::int32_t>{-1, -1}, labels);
  CHECK(r.count == 0);
  CHECK(r.missing == 2);
  CHECK(r.distinct == 0);
  CHECK(r.shares.empty());
  CHECK(r.other_share == 0.0);
}

TEST_CASE("reference pieces: a column's parts sampled apart give the whole column's reference") {
  using mlctl::stats::add_stride_sample;
  using mlctl::stats::numeric_reference_from;
  using mlctl::stats::reference_stride;
  CHECK(reference_stride(1) == 1);
  CHECK(reference_stride(kReferenceSample) == 1);
  CHECK(reference_stride(kReferenceSample + 1) == 2);
  CHECK(reference_stride(3 * kReferenceSample + 7) == 4);
  const std::vector<double> values = large_column(3 * kReferenceSample + 7, 13, 0);
  const std::span<const double> all(values);
  const NumericReference whole = numeric_reference(values);
  const mlctl::stats::Moments m = mlctl::stats::moments_of(values);
  const std::size_t stride = reference_stride(m.present);
  REQUIRE(stride == 3);
  // Parts cut at rows that are not multiples of the stride, one empty; each starts at the count
  // of present values before it.
  std::vector<double> sample;
  std::uint64_t before = 0;
  const std::vector<std::size_t> cuts{0, 1, 70001, 70001, 123458, values.size()};
  for (std::size_t p = 0; p + 1 < cuts.size(); ++p) {
    const auto part = all.subspan(cuts[p], cuts[p + 1] - cuts[p]);
    add_stride_sample(part, stride, before, sample);
    before += mlctl::stats::moments_of(part).present;
  }
  std::vector<double> sorted = sample;
  std::sort(sorted.begin(), sorted.end());
  CHECK(sorted == expected_sample(values, stride));
  const NumericReference r =
      numeric_reference_from(m, values.size() - m.present, std::move(sample));
  CHECK(r.count == whole.count);
  CHECK(r.missing == whole.missing);
  CHECK(r.distinct == whole.distinct);
  CHECK(r.mean == whole.mean);
  CHECK(r.std == whole.std);
  CHECK(r.min == whole.min);
  CHECK(r.max == whole.max);
  CHECK(r.sampled);
  CHECK(quantile_values(r) == quantile_values(whole));
  CHECK(r.bin_edges == whole.bin_edges);
  CHECK(r.bin_shares == whole.bin_shares);
}

TEST_CASE("reference pieces: -0.0 in a part is sampled as 0.0") {
  std::vector<double> sample;
  // Present values number 2, 3 and 4 of their column: 2 and 4 are sampled.
  mlctl::stats::add_stride_sample(std::vector<double>{kNaN, -0.0, 5.0, -0.0}, 2, 2, sample);
  CHECK(sample == std::vector<double>{0.0, 0.0});
  for (const double v : sample) CHECK_FALSE(std::signbit(v));
}

TEST_CASE("reference pieces: category shares from counts by label") {
  std::vector<mlctl::stats::LabelCount> counts{{"d", 1}, {"a", 3}, {"c", 1}, {"b", 3}};
  const CategoryReference r = mlctl::stats::category_reference_from(counts, 2, 3);
  const std::vector<std::string> labels{"b", "a", "c", "unused", "d"};
  const std::vector<std::int32_t> codes{0, 1, 0, -1, 2, 1, 0, 4, 1, -1};  // b3 a3 c1 d1
  const CategoryReference one = category_reference(codes, labels, 3);
  CHECK(r.count == one.count);
  CHECK(r.missing == one.missing);
  CHECK(r.distinct == one.distinct);
  CHECK(r.shares == one.shares);
  CHECK(r.other_share == one.other_share);
}
