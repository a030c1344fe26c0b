#include "metrics/classification.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/spill_allocator.hpp"

namespace mlctl::metrics {

namespace {

std::size_t index(int k) {
  return static_cast<std::size_t>(k);
}

int argmax(const Eigen::Ref<const Eigen::MatrixXd>& proba, Eigen::Index row) {
  Eigen::Index best = 0;
  for (Eigen::Index k = 1; k < proba.cols(); ++k) {
    if (proba(row, k) > proba(row, best)) best = k;
  }
  return static_cast<int>(best);
}

double safe_ratio(double numerator, double denominator) {
  return denominator == 0 ? 0.0 : numerator / denominator;
}

double mean_log_loss(std::span<const int> y_true, const Eigen::Ref<const Eigen::MatrixXd>& proba) {
  const double eps = std::numeric_limits<double>::epsilon();
  double total = 0;
  for (Eigen::Index i = 0; i < proba.rows(); ++i) {
    double row_sum = 0;
    for (Eigen::Index k = 0; k < proba.cols(); ++k)
      row_sum += std::clamp(proba(i, k), eps, 1 - eps);
    const double p = std::clamp(proba(i, y_true[static_cast<std::size_t>(i)]), eps, 1 - eps);
    total -= std::log(p / row_sum);
  }
  return total / static_cast<double>(proba.rows());
}

}  // namespace

std::optional<double> roc_auc(std::span<const int> y_true, std::span<const double> scores,
                              SpillArena* arena) {
  if (y_true.size() != scores.size()) {
    throw Error(ErrorKind::internal, "roc_auc: y_true and scores differ in length");
  }
  for (const double score : scores) {
    if (!std::isfinite(score)) throw Error(ErrorKind::internal, "roc_auc: scores must be finite");
  }
  std::vector<std::size_t, SpillAllocator<std::size_t>> order(y_true.size(),
                                                              SpillAllocator<std::size_t>(arena));
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  // Walk the thresholds from the highest score down; each distinct score adds one ROC point.
  double tp = 0, fp = 0, area = 0;
  for (std::size_t start = 0; start < order.size();) {
    const double prev_tp = tp, prev_fp = fp;
    std::size_t end = start;
    for (; end < order.size() && scores[order[end]] == scores[order[start]]; ++end) {
      (y_true[order[end]] == 1 ? tp : fp) += 1;
    }
    area += (fp - prev_fp) * (tp + prev_tp) / 2;
    start = end;
  }
  if (tp == 0 || fp == 0) return std::nullopt;
  return area / (tp * fp);
}

ClassificationMetrics classification_metrics(std::span<const int> y_true,
                                             const Eigen::Ref<const Eigen::MatrixXd>& proba,
                                             int num_classes, SpillArena* arena) {
  if (num_classes < 2 || proba.cols() != num_classes ||
      proba.rows() != static_cast<Eigen::Index>(y_true.size())) {
    throw Error(ErrorKind::internal,
                fmt::format("classification_metrics: {} labels, {} x {} probabilities, {} classes",
                            y_true.size(), proba.rows(), proba.cols(), num_classes));
  }
  if (y_true.empty()) throw Error(ErrorKind::data, "no rows to score");
  if (!proba.allFinite()) {
    throw Error(ErrorKind::internal, "classification_metrics: probabilities must be finite");
  }
  for (const int label : y_true) {
    if (label < 0 || label >= num_classes) {
      throw Error(ErrorKind::internal,
                  fmt::format("classification_metrics: class index {} out of range", label));
    }
  }

  ClassificationMetrics m{};
  m.n = y_true.size();
  m.num_classes = num_classes;
  m.confusion.assign(index(num_classes), std::vector<std::uint64_t>(index(num_classes), 0));
  std::uint64_t correct = 0;
  for (std::size_t i = 0; i < m.n; ++i) {
    const int predicted = argmax(proba, static_cast<Eigen::Index>(i));
    ++m.confusion[index(y_true[i])][index(predicted)];
    if (predicted == y_true[i]) ++correct;
  }
  m.accuracy = static_cast<double>(correct) / static_cast<double>(m.n);

  int present = 0;
  for (int k = 0; k < num_classes; ++k) {
    double true_count = 0, predicted_count = 0;
    for (int j = 0; j < num_classes; ++j) {
      true_count += static_cast<double>(m.confusion[index(k)][index(j)]);
      predicted_count += static_cast<double>(m.confusion[index(j)][index(k)]);
    }
    if (true_count == 0 && predicted_count == 0) continue;  // not among sklearn's labels
    ++present;
    const auto hits = static_cast<double>(m.confusion[index(k)][index(k)]);
    const double precision = safe_ratio(hits, predicted_count);
    const double recall = safe_ratio(hits, true_count);
    m.precision_macro += precision;
    m.recall_macro += recall;
    m.f1_macro += safe_ratio(2 * precision * recall, precision + recall);
  }
  m.precision_macro /= present;
  m.recall_macro /= present;
  m.f1_macro /= present;

  m.log_loss = mean_log_loss(y_true, proba);
  if (num_classes == 2) {
    m.roc_auc = roc_auc(y_true, std::span<const double>(proba.col(1).data(), m.n), arena);
  }
  return m;
}

}  // namespace mlctl::metrics
