#include "checks/leakage.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "checks/finding.hpp"

namespace mlctl::checks {

// A leakage score at or above this is an exact relation (a copy or a one-to-one recoding).
constexpr double kExactLeak = 0.999;
namespace {

constexpr std::size_t kMinPairs = 30;
constexpr double kMinRowsPerValue = 5.0;

// splitmix64: a portable generator, so the sample is the same on every platform.
std::uint64_t next_random(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

struct Pair {
  SampledCell feature;
  SampledCell target;
};

// Majority share of class keys.
double majority_share(const std::unordered_map<std::uint64_t, std::size_t>& counts,
                      std::size_t total) {
  std::size_t best = 0;
  for (const auto& [key, n] : counts) best = std::max(best, n);
  return static_cast<double>(best) / static_cast<double>(total);
}

// Classification, discrete feature: the share of majority-guess errors a lookup on the value
// removes.
double purity_score(const std::vector<Pair>& pairs, double& purity, double& baseline) {
  std::unordered_map<std::uint64_t, std::size_t> classes;
  std::unordered_map<std::uint64_t, std::unordered_map<std::uint64_t, std::size_t>> groups;
  for (const auto& p : pairs) {
    ++classes[p.target.key];
    ++groups[p.feature.key][p.target.key];
  }
  std::size_t correct = 0;
  for (const auto& [value, counts] : groups) {
    std::size_t best = 0;
    for (const auto& [cls, n] : counts) best = std::max(best, n);
    correct += best;
  }
  const auto n = static_cast<double>(pairs.size());
  purity = static_cast<double>(correct) / n;
  baseline = majority_share(classes, pairs.size());
  return baseline >= 1.0 ? 0.0 : (purity - baseline) / (1.0 - baseline);
}

// Classification, continuous feature: neighbours in feature order agreeing on the class.
double neighbour_score(std::vector<Pair> pairs, double& agree, double& chance) {
  std::stable_sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
    return a.feature.number < b.feature.number;
  });
  std::unordered_map<std::uint64_t, std::size_t> classes;
  for (const auto& p : pairs) ++classes[p.target.key];
  std::size_t same = 0;
  for (std::size_t i = 1; i < pairs.size(); ++i) {
    if (pairs[i].target.key == pairs[i - 1].target.key) ++same;
  }
  agree = static_cast<double>(same) / static_cast<double>(pairs.size() - 1);
  chance = 0.0;
  for (const auto& [key, count] : classes) {
    const double share = static_cast<double>(count) / static_cast<double>(pairs.size());
    chance += share * share;
  }
  return chance >= 1.0 ? 0.0 : std::max(0.0, (agree - chance) / (1.0 - chance));
}

// Regression, discrete feature: eta^2 = 1 - within-value variance / total variance.
double eta_squared(const std::vector<Pair>& pairs) {
  double mean = 0.0;
  for (const auto& p : pairs) mean += p.target.number;
  mean /= static_cast<double>(pairs.size());
  struct Group {
    double sum = 0.0;
    std::size_t n = 0;
  };
  std::unordered_map<std::uint64_t, Group> groups;
  double total = 0.0;
  for (const auto& p : pairs) {
    total += (p.target.number - mean) * (p.target.number - mean);
    auto& g = groups[p.feature.key];
    g.sum += p.target.number;
    ++g.n;
  }
  if (total <= 0.0) return 0.0;
  double between = 0.0;
  for (const auto& [key, g] : groups) {
    const double group_mean = g.sum / static_cast<double>(g.n);
    between += static_cast<double>(g.n) * (group_mean - mean) * (group_mean - mean);
  }
  return std::clamp(between / total, 0.0, 1.0);
}

double abs_correlation(const std::vector<Pair>& pairs) {
  const auto n = static_cast<double>(pairs.size());
  double mx = 0.0;
  double my = 0.0;
  for (const auto& p : pairs) {
    mx += p.feature.number;
    my += p.target.number;
  }
  mx /= n;
  my /= n;
  double sxx = 0.0;
  double syy = 0.0;
  double sxy = 0.0;
  for (const auto& p : pairs) {
    const double dx = p.feature.number - mx;
    const double dy = p.target.number - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx <= 0.0 || syy <= 0.0) return 0.0;
  return std::min(1.0, std::abs(sxy) / std::sqrt(sxx * syy));
}

}  // namespace

LeakageSample::LeakageSample(std::size_t columns, std::size_t capacity)
    : columns_(columns), capacity_(capacity) {
  cells_.reserve(std::min<std::size_t>(capacity, 1024) * columns);
}

void LeakageSample::add(std::span<const Cell> row) {
  ++seen_;
  std::size_t slot = rows_;
  if (rows_ == capacity_) {
    // Reservoir sampling (algorithm R): row n replaces a kept row with probability k / n.
    const std::uint64_t pick = next_random(state_) % seen_;
    if (pick >= capacity_) return;
    slot = static_cast<std::size_t>(pick);
  } else {
    ++rows_;
    cells_.resize(rows_ * columns_);
  }
  for (std::size_t j = 0; j < columns_; ++j) {
    auto& cell = cells_[slot * columns_ + j];
    cell.number = row[j].number ? *row[j].number : std::numeric_limits<double>::quiet_NaN();
    cell.key = row[j].key;
  }
}

std::size_t leakage_capacity(std::size_t wanted_rows, std::size_t columns) {
  constexpr std::size_t kMaxCells = 4u << 20;
  return std::max<std::size_t>(
      1, std::min(wanted_rows, kMaxCells / std::max<std::size_t>(1, columns)));
}

void leakage_findings(const LeakageSample& sample, const std::vector<ColumnProfile>& profiles,
                      std::size_t target, bool classification, double threshold,
                      std::vector<Finding>& out) {
  const ColumnProfile& t = profiles[target];
  if (!classification && !t.numeric()) return;
  std::vector<Pair> pairs;
  for (std::size_t j = 0; j < profiles.size(); ++j) {
    const ColumnProfile& f = profiles[j];
    if (j == target || f.present() == 0 || f.constant()) continue;
    pairs.clear();
    std::unordered_map<std::uint64_t, std::size_t> values;
    for (std::size_t r = 0; r < sample.rows(); ++r) {
      const SampledCell& x = sample.at(r, j);
      const SampledCell& y = sample.at(r, target);
      if (x.key == 0 || y.key == 0) continue;
      if (f.numeric() && std::isnan(x.number)) continue;
      pairs.push_back({x, y});
      ++values[x.key];
    }
    if (pairs.size() < kMinPairs) continue;
    const double rows_per_value =
        static_cast<double>(pairs.size()) / static_cast<double>(values.size());
    const bool discrete = !f.numeric() || rows_per_value >= kMinRowsPerValue;
    if (!f.numeric() && rows_per_value < kMinRowsPerValue) continue;  // an id, not a recoding
    double score = 0.0;
    std::string why;
    if (classification && discrete) {
      double purity = 0.0;
      double baseline = 0.0;
      score = purity_score(pairs, purity, baseline);
      why = fmt::format(
          "its value alone gives the class of \"{}\" in {} of sampled rows "
          "(the majority class alone: {})",
          t.name, percent(purity), percent(baseline));
    } else if (classification) {
      double agree = 0.0;
      double chance = 0.0;
      score = neighbour_score(pairs, agree, chance);
      why = fmt::format(
          "sorted by it, neighbouring rows share the class of \"{}\" {} of the "
          "time (chance: {}): it separates the classes",
          t.name, percent(agree), percent(chance));
    } else if (discrete) {
      score = eta_squared(pairs);
      why = fmt::format("its values explain {} of the variance of \"{}\"", percent(score), t.name);
    } else {
      score = abs_correlation(pairs);
      why = fmt::format("it correlates with \"{}\" at |r| = {:.4f}", t.name, score);
    }
    if (score >= threshold) {
      // An exact relation is a copy or a recoding of the target: an error. A merely very strong
      // feature may be honest (flipper length separates penguin species on one island): a
      // warning that asks whether it is known when predictions are made.
      if (score >= kExactLeak) {
        out.push_back({"target-leakage", Severity::error, f.name, score,
                       fmt::format("determines the target, a likely leak: {}", why), 0});
      } else {
        out.push_back(
            {"target-leakage", Severity::warning, f.name, score,
             fmt::format("predicts the target almost perfectly: is it known when predicting? {}",
                         why),
             0});
      }
    }
  }
}

}  // namespace mlctl::checks
