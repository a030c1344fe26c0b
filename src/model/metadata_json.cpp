#include "model/metadata_json.hpp"

#include <cmath>

#include <fmt/format.h>

#include "common/error.hpp"
#include "model/hashing_json.hpp"
#include "model/model.hpp"

namespace mlctl::model {
namespace {

using detail::JsonField;
using nlohmann::json;

template <typename Parse>
auto parsed(const JsonField& field, Parse parse) {
  const std::string text = field.string();
  try {
    return parse(text);
  } catch (const Error&) {
    field.fail(fmt::format("has an unknown value \"{}\"", text));
  }
}

Metric metric_field(const JsonField& field) {
  const std::string text = field.string();
  const auto metric = metric_named(text);
  if (!metric) field.fail(fmt::format("names no metric mlctl knows (\"{}\")", text));
  return *metric;
}

}  // namespace

json to_json(const Metrics& m) {
  json j = {{"n", m.n}};
  for (const auto& [metric, value] : m.values) j[std::string(name_of(metric))] = value;
  if (!m.classes.empty()) {
    j["classes"] = m.classes;
    j["confusion_matrix"] = m.confusion_matrix;
  }
  return j;
}

json to_json(const Evaluation& e) {
  json j = {{"method", to_string(e.method)}};
  if (e.method == EvaluationMethod::none) return j;
  if (e.method == EvaluationMethod::holdout) {
    j["fraction"] = e.fraction;
    j["train_rows"] = e.train_rows;
  } else {
    j["folds"] = e.folds;
    if (e.alpha_selected_by_cv) j["alpha_selected_by_cv"] = true;
  }
  j["seed"] = e.seed;
  j["rows"] = e.rows;
  j["metrics"] = to_json(e.metrics);
  if (e.permutation_importance) {
    const auto& p = *e.permutation_importance;
    json features = json::array();
    for (const auto& f : p.features) {
      features.push_back({{"feature", f.feature}, {"mean", f.mean}, {"std", f.std}});
    }
    j["permutation_importance"] = {{"metric", name_of(p.metric)},
                                   {"rows", p.rows},
                                   {"repeats", p.repeats},
                                   {"features", std::move(features)}};
  }
  return j;
}

json to_json(const RecipeRecord& r) {
  json j = {{"target", r.target},
            {"features", r.features},
            {"exclude", r.exclude},
            {"algorithm", r.algorithm ? to_string(*r.algorithm) : "auto"},
            {"alphas", r.alphas},
            {"impute", pipeline::to_string(r.impute)},
            {"scale", pipeline::to_string(r.scale)},
            {"class_weight", r.balanced_class_weight ? "balanced" : "none"},
            {"holdout", r.holdout},
            {"cv", r.cv},
            {"seed", r.seed},
            {"max_iter", r.max_iterations}};
  if (r.features_used) j["features_used"] = *r.features_used;
  if (r.hashing.enabled()) j["hashing"] = to_json(r.hashing);
  if (r.min_frequency) {
    // A count as an integer, a fraction as a number.
    const double m = *r.min_frequency;
    j["min_frequency"] = m >= 1.0 ? json(static_cast<std::uint64_t>(m)) : json(m);
  }
  if (r.max_categories) j["max_categories"] = *r.max_categories;
  return j;
}

Metrics metrics_from_json(const JsonField& j) {
  Metrics m;
  m.n = j.at("n").count();
  for (const auto& info : kMetrics) {
    if (const auto field = j.find(info.name))
      m.values.emplace_back(info.metric, field->number_or_nan());
  }
  if (const auto classes = j.find("classes")) {
    m.classes = classes->strings();
    const JsonField matrix = j.at("confusion_matrix");
    for (const auto& row : matrix.elements()) {
      std::vector<std::uint64_t> counts;
      for (const auto& cell : row.elements()) counts.push_back(cell.count());
      if (counts.size() != m.classes.size()) row.fail("does not have one count per class");
      m.confusion_matrix.push_back(std::move(counts));
    }
    if (m.confusion_matrix.size() != m.classes.size()) {
      matrix.fail("does not have one row per class");
    }
  }
  return m;
}

Evaluation evaluation_from_json(const JsonField& j) {
  Evaluation e;
  const JsonField method = j.at("method");
  const std::string text = method.string();
  if (text == "none") return e;
  if (text == "holdout") {
    e.method = EvaluationMethod::holdout;
    const JsonField fraction = j.at("fraction");
    e.fraction = fraction.number();
    if (!(e.fraction > 0.0 && e.fraction < 1.0)) fraction.fail("is not between 0 and 1");
    e.train_rows = j.at("train_rows").count();
  } else if (text == "cv") {
    e.method = EvaluationMethod::cv;
    e.folds = j.at("folds").count();
    if (e.folds < 2) j.at("folds").fail("is less than 2");
    if (const auto selected = j.find("alpha_selected_by_cv")) {
      e.alpha_selected_by_cv = selected->boolean();
    }
  } else {
    method.fail(fmt::format("is not one of none, holdout, cv (\"{}\")", text));
  }
  e.seed = j.at("seed").count();
  e.rows = j.at("rows").count();
  e.metrics = metrics_from_json(j.at("metrics"));
  if (const auto p = j.find("permutation_importance")) {
    PermutationImportance importance;
    importance.metric = metric_field(p->at("metric"));
    importance.rows = p->at("rows").count();
    importance.repeats = p->at("repeats").count();
    for (const auto& f : p->at("features").elements()) {
      importance.features.push_back(
          {f.at("feature").string(), f.at("mean").number_or_nan(), f.at("std").number_or_nan()});
    }
    e.permutation_importance = std::move(importance);
  }
  return e;
}

RecipeRecord recipe_from_json(const JsonField& j) {
  RecipeRecord r;
  r.target = j.at("target").string();
  r.features = j.at("features").strings();
  r.exclude = j.at("exclude").strings();
  const JsonField algorithm = j.at("algorithm");
  if (algorithm.string() != "auto") r.algorithm = parsed(algorithm, parse_algorithm);
  r.alphas = j.at("alphas").numbers();
  r.impute = parsed(j.at("impute"), pipeline::parse_imputation);
  r.scale = parsed(j.at("scale"), pipeline::parse_scaling);
  const JsonField class_weight = j.at("class_weight");
  const std::string weight = class_weight.string();
  if (weight != "none" && weight != "balanced") {
    class_weight.fail(fmt::format("is not none or balanced (\"{}\")", weight));
  }
  r.balanced_class_weight = weight == "balanced";
  r.holdout = j.at("holdout").number();
  r.cv = j.at("cv").integer();
  r.seed = j.at("seed").count();
  r.max_iterations = j.at("max_iter").integer();
  if (const auto used = j.find("features_used")) r.features_used = used->strings();
  if (const auto hashing = j.find("hashing")) r.hashing = hashing_from_json(*hashing);
  if (const auto m = j.find("min_frequency")) {
    r.min_frequency = m->number();
    const double v = *r.min_frequency;
    if (!((v > 0.0 && v < 1.0) || (v >= 1.0 && v == std::floor(v)))) {
      m->fail("is not a whole count >= 1 or a fraction in (0, 1)");
    }
  }
  if (const auto k = j.find("max_categories")) {
    r.max_categories = k->count();
    if (*r.max_categories < 2) k->fail("is less than 2");
  }
  return r;
}

json to_json(const TrainingStats& stats) {
  if (stats.rows == 0 && stats.columns.empty()) return json::object();
  json columns = json::array();
  for (const auto& c : stats.columns) {
    json j = {{"name", c.name},
              {"type", table::to_string(c.type)},
              {"count", c.count},
              {"missing", c.missing},
              {"distinct", c.distinct}};
    if (c.numeric) {
      const NumericSummary& n = *c.numeric;
      j["mean"] = n.mean;
      j["std"] = n.std;
      j["min"] = n.min;
      j["max"] = n.max;
      j["sampled"] = n.sampled;
      j["quantiles"] = n.quantiles;
      j["bin_edges"] = n.bin_edges;
      j["bin_shares"] = n.bin_shares;
    }
    if (c.categorical) {
      j["shares"] = c.categorical->shares;
      j["other_share"] = c.categorical->other_share;
    }
    columns.push_back(std::move(j));
  }
  return {{"rows", stats.rows}, {"columns", std::move(columns)}};
}

namespace {

std::map<std::string, double> number_map(const JsonField& field) {
  std::vector<std::string> keys;
  const auto values = field.members(keys);
  std::map<std::string, double> out;
  for (std::size_t i = 0; i < keys.size(); ++i) out.emplace(keys[i], values[i].number());
  return out;
}

}  // namespace

TrainingStats training_stats_from_json(const JsonField& j) {
  TrainingStats stats;
  if (!j.json().is_object()) j.fail("is not an object");
  if (j.json().empty()) return stats;
  stats.rows = j.at("rows").count();
  for (const auto& field : j.at("columns").elements()) {
    ColumnStats c;
    c.name = field.at("name").string();
    const JsonField type = field.at("type");
    const std::string type_name = type.string();
    if (type_name == "numeric") {
      c.type = table::ColumnType::numeric;
    } else if (type_name == "categorical") {
      c.type = table::ColumnType::categorical;
    } else {
      type.fail(fmt::format("is not numeric or categorical (\"{}\")", type_name));
    }
    c.count = field.at("count").count();
    c.missing = field.at("missing").count();
    c.distinct = field.at("distinct").count();
    if (c.type == table::ColumnType::numeric && field.find("mean")) {
      NumericSummary n;
      n.mean = field.at("mean").number();
      n.std = field.at("std").number();
      n.min = field.at("min").number();
      n.max = field.at("max").number();
      n.sampled = field.at("sampled").boolean();
      n.quantiles = number_map(field.at("quantiles"));
      n.bin_edges = field.at("bin_edges").numbers();
      const JsonField shares = field.at("bin_shares");
      n.bin_shares = shares.numbers();
      if (n.bin_shares.size() != n.bin_edges.size() + 1) {
        shares.fail("does not have one share more than bin_edges has edges");
      }
      c.numeric = std::move(n);
    }
    if (c.type == table::ColumnType::categorical) {
      c.categorical =
          CategoryShares{number_map(field.at("shares")), field.at("other_share").number()};
    }
    stats.columns.push_back(std::move(c));
  }
  return stats;
}

}  // namespace mlctl::model
