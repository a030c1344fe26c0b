#include "report/card_text.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/hash.hpp"
#include "common/plural.hpp"
#include "report/coefficients.hpp"
#include "report/evaluation.hpp"
#include "report/feature_encoding.hpp"

namespace mlctl::report {
namespace {

std::string fingerprint_text(const model::DataFingerprint& d) {
  return fmt::format("{}: {}, {}, xxh3 {}", d.source, count_of(d.rows, "row"),
                     count_of(d.bytes, "byte"), to_hex64(d.hash));
}

// How the training data was read, which predict, retrain and lint-data -m repeat.
std::string reading_text(const model::ReadSettings& r) {
  const csv::Dialect& d = r.dialect;
  std::string out =
      fmt::format("delimiter {}, decimal '{}'", model::delimiter_name(d.delimiter), d.decimal);
  out += d.header ? ", header row"
                  : fmt::format(", no header (columns {})",
                                d.columns.empty() ? "in the model's order"
                                                  : fmt::format("{}", fmt::join(d.columns, ", ")));
  if (d.trim) out += ", fields trimmed";
  out += fmt::format(", missing-value tokens {}",
                     d.extra_na.empty() ? "the defaults only"
                                        : "the defaults and " + model::quoted_list(d.extra_na));
  if (!r.types.categorical.empty()) {
    out += fmt::format(", declared categorical: {}", fmt::join(r.types.categorical, ", "));
  }
  if (!r.types.numeric.empty()) {
    out += fmt::format(", declared numeric: {}", fmt::join(r.types.numeric, ", "));
  }
  return out;
}

// Who the model is: its file, id, parent, algorithm, target and the data it was trained on.
std::string identity_text(const model::Model& m, const std::string& path) {
  std::string out;
  out += fmt::format("model        {}\n", path);
  out += fmt::format("id           {}\n", m.provenance.id);
  out += fmt::format("parent       {}\n", m.provenance.parent_id.empty()
                                              ? "(none: trained from scratch)"
                                              : m.provenance.parent_id);
  if (m.provenance.forced) out += "promotion    forced (retrain --force overrode the gate)\n";
  out += fmt::format("created      {} by mlctl {}\n", m.provenance.created,
                     m.provenance.mlctl_version);
  out += fmt::format("algorithm    {} (alpha {:g}{})\n", model::to_string(m.algorithm), m.alpha,
                     m.is_classifier() ? fmt::format(", C {:g}", 1.0 / m.alpha) : "");
  out += fmt::format("target       {}", m.target);
  if (m.is_classifier()) out += fmt::format(" (classes: {})", fmt::join(m.classes, ", "));
  out += "\n";
  out += fmt::format("trained on   {}\n", fingerprint_text(m.data));
  if (m.read_settings.recorded) {
    out += fmt::format("read with    {}\n", reading_text(m.read_settings));
  }
  return out;
}

std::string features_text(const model::Model& m) {
  std::string out =
      fmt::format("\nfeatures ({}, {} encoded)\n", count_of(m.pipeline.features().size(), "column"),
                  m.pipeline.width());
  std::size_t name_width = 4;
  for (const auto& f : m.pipeline.features()) name_width = std::max(name_width, f.name.size());
  for (const auto& f : m.pipeline.features()) {
    out += fmt::format("  {:<{}}  {}\n", f.name, name_width,
                       feature_encoding(f, m.pipeline.options()));
  }
  return out;
}

std::string coefficients_text(const model::Model& m, std::size_t top) {
  std::string out = "\ncoefficients (on the encoded scale, largest first)\n";
  auto coefs = sorted_coefficients(m);
  const std::size_t total = coefs.size();
  if (top > 0 && coefs.size() > top) coefs.resize(top);
  std::size_t width = 9;
  for (const auto& c : coefs) width = std::max(width, c.feature.size());
  out += fmt::format("  {:<{}}", "feature", width);
  for (const auto& o : output_names(m)) out += fmt::format("  {:>12}", o.substr(0, 24));
  out += "\n";
  out += fmt::format("  {:<{}}", "intercept", width);
  for (Eigen::Index k = 0; k < m.linear.intercept.size(); ++k) {
    out += fmt::format("  {:>12.6g}", m.linear.intercept(k));
  }
  out += "\n";
  for (const auto& c : coefs) {
    out += fmt::format("  {:<{}}", c.feature, width);
    for (const double v : c.values) out += fmt::format("  {:>12.6g}", v);
    out += "\n";
  }
  if (total > coefs.size()) {
    out += fmt::format("  ... and {} more (describe --top 0 or --json lists all {})\n",
                       total - coefs.size(), total);
  }
  return out;
}

// The chain of models this one was retrained from, oldest first, ending with this model.
std::string lineage_text(const model::Model& m) {
  if (m.provenance.lineage.empty()) return "";
  std::string out = fmt::format("\nlineage ({}, oldest first)\n",
                                count_of(m.provenance.lineage.size(), "ancestor"));
  const auto line = [](const std::string& id, const std::string& created, bool forced,
                       const model::DataFingerprint& data, const char* mark) {
    return fmt::format("  {} {}  created {}{}\n      trained on {}\n", mark, id, created,
                       forced ? "  (promoted by --force)" : "", fingerprint_text(data));
  };
  for (const auto& a : m.provenance.lineage) out += line(a.id, a.created, a.forced, a.data, "-");
  out += line(m.provenance.id, m.provenance.created, m.provenance.forced, m.data, "*");
  return out;
}

// A categorical column's three most frequent values with their shares.
std::string top_shares_text(const model::CategoryShares& categories) {
  std::vector<std::pair<std::string, double>> shares(categories.shares.begin(),
                                                     categories.shares.end());
  std::stable_sort(shares.begin(), shares.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string summary;
  for (std::size_t i = 0; i < shares.size() && i < 3; ++i) {
    summary += fmt::format("{}{} {:.1f}%", i ? ", " : "", shares[i].first.substr(0, 24),
                           shares[i].second * 100);
  }
  if (shares.size() > 3) summary += ", ...";
  return summary;
}

// One line per training column: what `lint-data` compares new data with.
std::string training_stats_text(const model::TrainingStats& stats) {
  if (stats.columns.empty()) return "";
  const auto& columns = stats.columns;
  std::size_t width = 6;
  for (const auto& c : columns) width = std::max(width, c.name.size());
  std::string out =
      "\ntraining data statistics (per column; lint-data checks new data against them)\n";
  out += fmt::format("  {:<{}}  {:<11} {:>8} {:>8} {:>8}  {}\n", "column", width, "type", "count",
                     "missing", "distinct", "summary");
  for (const auto& c : columns) {
    std::string summary;
    if (c.numeric) {
      summary = fmt::format("mean {:.4g}, std {:.4g}, min {:.4g}, max {:.4g}", c.numeric->mean,
                            c.numeric->std, c.numeric->min, c.numeric->max);
    } else if (c.categorical) {
      summary = top_shares_text(*c.categorical);
    }
    out += fmt::format("  {:<{}}  {:<11} {:>8} {:>8} {:>8}  {}\n", c.name, width,
                       table::to_string(c.type), c.count, c.missing, c.distinct, summary);
  }
  return out;
}

}  // namespace

std::string model_card_text(const model::Model& m, const std::string& path, std::size_t top) {
  std::string out = identity_text(m, path);
  out += features_text(m);
  out += coefficients_text(m, top);
  out += "\nevaluation   " + evaluation_text(evaluation_rows(m.evaluation, Voice::describe, false));
  if (m.residual_count > 0) {
    out += fmt::format("intervals    split-conformal from {} (predict --interval)\n",
                       count_of(m.residual_count, "held-out residual"));
  }
  out += lineage_text(m);
  out += training_stats_text(m.training_stats);
  return out;
}

}  // namespace mlctl::report
