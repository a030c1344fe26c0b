#include "describe_model.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "common/hash.hpp"
#include "common/plural.hpp"
#include "model/metadata_json.hpp"
#include "model/model_file.hpp"
#include "train_report.hpp"

namespace mlctl::cli {
namespace {

using table::ColumnType;

// One coefficient per encoded feature and output, ordered by largest magnitude first.
struct Coefficient {
  std::string feature;
  std::vector<double> values;  // one per output
  double magnitude = 0.0;
};

std::vector<Coefficient> sorted_coefficients(const model::Model& m) {
  const auto names = m.pipeline.encoded_names();
  std::vector<Coefficient> coefs;
  for (std::size_t j = 0; j < names.size(); ++j) {
    Coefficient c{names[j], {}, 0.0};
    for (Eigen::Index k = 0; k < m.linear.coef.rows(); ++k) {
      const double v = m.linear.coef(k, static_cast<Eigen::Index>(j));
      c.values.push_back(v);
      c.magnitude = std::max(c.magnitude, std::abs(v));
    }
    coefs.push_back(std::move(c));
  }
  std::stable_sort(coefs.begin(), coefs.end(), [](const Coefficient& a, const Coefficient& b) {
    return a.magnitude > b.magnitude;
  });
  return coefs;
}

std::vector<std::string> output_names(const model::Model& m) {
  if (!m.is_classifier()) return {m.target};
  if (m.classes.size() == 2) return {"log-odds of " + m.classes[1]};
  return m.classes;
}

std::string feature_encoding(const pipeline::Feature& f, const pipeline::PipelineOptions& o) {
  if (f.type == ColumnType::numeric) {
    return fmt::format("numeric: missing -> {} {:.6g}; {} scaling (center {:.6g}, scale {:.6g})",
                       pipeline::to_string(o.impute), f.fill, pipeline::to_string(o.scale),
                       f.center, f.scale);
  }
  std::string shown;
  for (std::size_t i = 0; i < f.categories.size() && i < 8; ++i) {
    shown += (i ? ", " : "") + f.categories[i];
  }
  if (f.categories.size() > 8) shown += fmt::format(", ... ({} more)", f.categories.size() - 8);
  return fmt::format("one-hot, {} categories{}: {}", f.categories.size(),
                     f.missing_category ? " + missing" : "", shown);
}

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
    const std::string type = table::to_string(c.type);
    std::string summary;
    if (c.numeric) {
      summary = fmt::format("mean {:.4g}, std {:.4g}, min {:.4g}, max {:.4g}", c.numeric->mean,
                            c.numeric->std, c.numeric->min, c.numeric->max);
    } else if (c.categorical) {
      std::vector<std::pair<std::string, double>> shares(c.categorical->shares.begin(),
                                                         c.categorical->shares.end());
      std::stable_sort(shares.begin(), shares.end(),
                       [](const auto& a, const auto& b) { return a.second > b.second; });
      for (std::size_t i = 0; i < shares.size() && i < 3; ++i) {
        summary += fmt::format("{}{} {:.1f}%", i ? ", " : "", shares[i].first.substr(0, 24),
                               shares[i].second * 100);
      }
      if (shares.size() > 3) summary += ", ...";
    }
    out += fmt::format("  {:<{}}  {:<11} {:>8} {:>8} {:>8}  {}\n", c.name, width, type, c.count,
                       c.missing, c.distinct, summary);
  }
  return out;
}

}  // namespace

std::string render_model_text(const model::Model& m, const std::string& path) {
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
  out += fmt::format("\nfeatures ({}, {} encoded)\n",
                     count_of(m.pipeline.features().size(), "column"), m.pipeline.width());
  std::size_t name_width = 4;
  for (const auto& f : m.pipeline.features()) name_width = std::max(name_width, f.name.size());
  for (const auto& f : m.pipeline.features()) {
    out += fmt::format("  {:<{}}  {}\n", f.name, name_width,
                       feature_encoding(f, m.pipeline.options()));
  }

  out += "\ncoefficients (on the encoded scale, largest first)\n";
  const auto outputs = output_names(m);
  const auto coefs = sorted_coefficients(m);
  std::size_t width = 9;
  for (const auto& c : coefs) width = std::max(width, c.feature.size());
  out += fmt::format("  {:<{}}", "feature", width);
  for (const auto& o : outputs) out += fmt::format("  {:>12}", o.substr(0, 24));
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

  const model::Evaluation& e = m.evaluation;
  out += "\nevaluation   ";
  if (e.method == model::EvaluationMethod::none) {
    out += "none (trained with --holdout 0)\n";
  } else {
    out += e.method == model::EvaluationMethod::holdout
               ? fmt::format("holdout of {} ({}, seed {})\n", count_of(e.rows, "row"),
                             held_out_share(e.rows, e.train_rows), e.seed)
               : fmt::format("{}-fold cross-validation over {} (seed {})\n", e.folds,
                             count_of(e.rows, "row"), e.seed);
    out += format_metrics(e.metrics) + "\n";
  }
  if (m.residual_count > 0) {
    out += fmt::format("intervals    split-conformal from {} (predict --interval)\n",
                       count_of(m.residual_count, "held-out residual"));
  }
  out += lineage_text(m);
  out += training_stats_text(m.training_stats);
  return out;
}

nlohmann::ordered_json model_to_json(const model::Model& m, const std::string& path) {
  nlohmann::ordered_json j;
  j["kind"] = "model";
  j["path"] = path;
  j["provenance"] = {{"id", m.provenance.id},
                     {"parent_id", m.provenance.parent_id},
                     {"forced", m.provenance.forced},
                     {"created", m.provenance.created},
                     {"mlctl_version", m.provenance.mlctl_version},
                     {"lineage", nlohmann::ordered_json::array()}};
  for (const auto& a : m.provenance.lineage)
    j["provenance"]["lineage"].push_back(model::to_json(a));
  j["algorithm"] = model::to_string(m.algorithm);
  j["alpha"] = m.alpha;
  j["target"] = m.target;
  j["classes"] = m.classes;
  j["recipe"] = model::to_json(m.recipe);
  j["data"] = model::to_json(m.data);
  if (m.read_settings.recorded) {  // absent for a format 1.0 file, which did not record them
    const csv::Dialect& d = m.read_settings.dialect;
    j["reading"] = {{"delimiter", std::string(1, d.delimiter)},
                    {"decimal", std::string(1, d.decimal)},
                    {"header", d.header},
                    {"columns", d.columns},
                    {"trim", d.trim},
                    {"na", d.extra_na},
                    {"categorical", m.read_settings.types.categorical},
                    {"numeric", m.read_settings.types.numeric}};
  }
  nlohmann::ordered_json features = nlohmann::ordered_json::array();
  for (const auto& f : m.pipeline.features()) {
    nlohmann::ordered_json e = {{"name", f.name}, {"type", table::to_string(f.type)}};
    if (f.type == ColumnType::numeric) {
      e["impute"] = pipeline::to_string(m.pipeline.options().impute);
      e["fill"] = f.fill;
      e["scale"] = pipeline::to_string(m.pipeline.options().scale);
      e["center"] = f.center;
      e["divisor"] = f.scale;
    } else {
      e["categories"] = f.categories;
      e["missing_category"] = f.missing_category;
    }
    features.push_back(std::move(e));
  }
  j["features"] = std::move(features);
  nlohmann::ordered_json coefficients = nlohmann::ordered_json::array();
  const auto outputs = output_names(m);
  for (const auto& c : sorted_coefficients(m)) {
    coefficients.push_back({{"feature", c.feature}, {"values", c.values}});
  }
  std::vector<double> intercepts(m.linear.intercept.data(),
                                 m.linear.intercept.data() + m.linear.intercept.size());
  j["outputs"] = outputs;
  j["intercept"] = intercepts;
  j["coefficients"] = std::move(coefficients);
  j["evaluation"] = model::to_json(m.evaluation);
  j["conformal_residuals"] = m.residual_count;
  j["training_stats"] = model::to_json(m.training_stats);
  return j;
}

void describe_model(const std::string& path, bool json, Output& out) {
  const model::Model m = model::load(path);
  if (json) {
    out.write(model_to_json(m, path).dump(2));
    out.write("\n");
  } else {
    out.write(render_model_text(m, path));
  }
}

}  // namespace mlctl::cli
