#include "model/model_sections.hpp"

#include <algorithm>
#include <functional>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/hash.hpp"
#include "model/hashing_json.hpp"

namespace mlctl::model::detail {
namespace {

using nlohmann::json;
using table::ColumnType;

[[noreturn]] void refuse(std::string what) {
  throw Error(ErrorKind::data, std::move(what));
}

container::Array vector_array(const std::vector<double>& values) {
  return {{static_cast<std::int64_t>(values.size())}, values};
}

json feature_json(const pipeline::Feature& f) {
  json entry = {{"name", f.name}, {"type", table::to_string(f.type)}};
  if (f.type == ColumnType::categorical) {
    // A hashed feature has "hash" in place of "categories", which older readers require: they
    // refuse the file rather than read it as a feature without columns.
    if (f.hash) {
      entry["hash"] = to_json(*f.hash);
    } else {
      entry["categories"] = f.categories;
    }
    entry["missing_category"] = f.missing_category;
    // Only with rare levels (pipeline/rare_levels.hpp): other models' files stay as they were.
    if (f.has_infrequent()) {
      entry["infrequent"] = f.infrequent;
      entry["missing_infrequent"] = f.missing_infrequent;
    }
  }
  return entry;
}

// `levels` are sorted and distinct.
void check_sorted(const std::vector<std::string>& levels, const std::string& what) {
  if (std::adjacent_find(levels.begin(), levels.end(), std::greater_equal<>()) != levels.end()) {
    refuse(fmt::format("{} are not sorted and distinct", what));
  }
}

// The infrequent levels, absent in files without rare levels: sorted, distinct, none of them
// also a category, and not empty unless missing values are the rare level.
void read_infrequent(const JsonField& entry, pipeline::Feature& f) {
  const auto infrequent = entry.find("infrequent");
  if (!infrequent) return;
  f.infrequent = infrequent->strings();
  f.missing_infrequent = entry.at("missing_infrequent").boolean();
  check_sorted(f.infrequent, fmt::format("infrequent levels of \"{}\"", f.name));
  for (const auto& level : f.infrequent) {
    if (std::binary_search(f.categories.begin(), f.categories.end(), level)) {
      refuse(fmt::format("\"{}\" of \"{}\" is both a category and an infrequent level", level,
                         f.name));
    }
  }
  if (!f.has_infrequent()) refuse(fmt::format("\"{}\" has no infrequent levels", f.name));
  if (f.missing_infrequent && f.missing_category) {
    refuse(fmt::format("missing values of \"{}\" are both a category and infrequent", f.name));
  }
}

pipeline::Feature feature_from(const JsonField& entry) {
  pipeline::Feature f;
  f.name = entry.at("name").string();
  const auto type = entry.at("type").string();
  if (type == "numeric") {
    f.type = ColumnType::numeric;
  } else if (type == "categorical") {
    f.type = ColumnType::categorical;
    if (const auto hash = entry.find("hash")) {
      f.hash = hash_scheme_from_json(*hash);
      f.missing_category = entry.at("missing_category").boolean();
      return f;
    }
    f.categories = entry.at("categories").strings();
    f.missing_category = entry.at("missing_category").boolean();
    check_sorted(f.categories, fmt::format("categories of \"{}\"", f.name));
    read_infrequent(entry, f);
  } else {
    refuse(fmt::format("feature \"{}\" has unknown type \"{}\"", f.name, type));
  }
  return f;
}

// The numeric features' fill, center and scale, in feature order, from the "numeric.*" arrays.
void read_numeric_arrays(const container::Container& c, std::vector<pipeline::Feature>& features) {
  std::size_t numeric = 0;
  for (const auto& f : features) numeric += f.type == ColumnType::numeric ? 1 : 0;
  if (numeric == 0) return;
  const auto& fill = array(c, "numeric.fill").values;
  const auto& center = array(c, "numeric.center").values;
  const auto& scale = array(c, "numeric.scale").values;
  if (fill.size() != numeric || center.size() != numeric || scale.size() != numeric) {
    refuse(fmt::format("{} numeric features but {} scaling entries", numeric, fill.size()));
  }
  std::size_t k = 0;
  for (auto& f : features) {
    if (f.type != ColumnType::numeric) continue;
    if (scale[k] == 0.0) refuse(fmt::format("feature \"{}\" has scale 0", f.name));
    f.fill = fill[k];
    f.center = center[k];
    f.scale = scale[k];
    ++k;
  }
}

// "" = by file name, "auto" = sniffed, else the character itself.
std::string delimiter_text(char delimiter) {
  if (delimiter == '\0') return "";
  if (delimiter == csv::kSniffDelimiter) return "auto";
  return std::string(1, delimiter);
}

char delimiter_from(const JsonField& field) {
  const std::string text = field.string();
  if (text.empty()) return '\0';
  if (text == "auto") return csv::kSniffDelimiter;
  if (text.size() != 1 || std::string_view(",;\t|").find(text[0]) == std::string_view::npos) {
    field.fail(R"(is not one of "", "auto", ",", ";", "\t", "|")");
  }
  return text[0];
}

char one_of(const JsonField& field, std::string_view allowed, std::string_view names) {
  const std::string text = field.string();
  if (text.size() != 1 || allowed.find(text[0]) == std::string_view::npos) {
    field.fail(fmt::format("is not one of {}", names));
  }
  return text[0];
}

}  // namespace

const container::Array& array(const container::Container& c, const std::string& key) {
  const auto it = c.arrays.find(key);
  if (it == c.arrays.end()) refuse(fmt::format("array \"{}\" is missing", key));
  return it->second;
}

json pipeline_json(const pipeline::FeaturePipeline& p) {
  json features = json::array();
  for (const auto& f : p.features()) features.push_back(feature_json(f));
  return {{"impute", pipeline::to_string(p.options().impute)},
          {"scale", pipeline::to_string(p.options().scale)},
          {"features", std::move(features)}};
}

void write_numeric_arrays(const pipeline::FeaturePipeline& p, container::Container& c) {
  std::vector<double> fill;
  std::vector<double> center;
  std::vector<double> scale;
  for (const auto& f : p.features()) {
    if (f.type != ColumnType::numeric) continue;
    fill.push_back(f.fill);
    center.push_back(f.center);
    scale.push_back(f.scale);
  }
  if (fill.empty()) return;
  c.arrays["numeric.fill"] = vector_array(fill);
  c.arrays["numeric.center"] = vector_array(center);
  c.arrays["numeric.scale"] = vector_array(scale);
}

pipeline::FeaturePipeline pipeline_from(const JsonField& p, const container::Container& c) {
  pipeline::PipelineOptions options;
  options.impute = pipeline::parse_imputation(p.at("impute").string());
  options.scale = pipeline::parse_scaling(p.at("scale").string());
  std::vector<pipeline::Feature> features;
  for (const JsonField& entry : p.at("features").elements())
    features.push_back(feature_from(entry));
  read_numeric_arrays(c, features);
  return pipeline::FeaturePipeline(options, std::move(features));
}

void write_linear(const solvers::LinearModel& linear, container::Container& c) {
  const auto outputs = linear.coef.rows();
  const auto width = linear.coef.cols();
  if (linear.intercept.size() != outputs) {
    throw Error(ErrorKind::internal, fmt::format("model has {} outputs but {} intercepts", outputs,
                                                 linear.intercept.size()));
  }
  std::vector<double> coef(static_cast<std::size_t>(outputs * width));
  for (Eigen::Index i = 0; i < outputs; ++i) {
    for (Eigen::Index j = 0; j < width; ++j) {
      coef[static_cast<std::size_t>(i * width + j)] = linear.coef(i, j);  // row-major
    }
  }
  c.arrays["coef"] = {{outputs, width}, std::move(coef)};
  c.arrays["intercept"] =
      vector_array(std::vector<double>(linear.intercept.data(), linear.intercept.data() + outputs));
}

solvers::LinearModel linear_from(const container::Container& c, std::size_t outputs,
                                 std::size_t width) {
  const auto& coef = array(c, "coef");
  const auto& intercept = array(c, "intercept");
  const std::vector<std::int64_t> expected_shape = {static_cast<std::int64_t>(outputs),
                                                    static_cast<std::int64_t>(width)};
  if (coef.shape != expected_shape) {
    refuse(fmt::format("coefficients have shape [{}], expected [{}] for {} encoded features",
                       fmt::join(coef.shape, ", "), fmt::join(expected_shape, ", "), width));
  }
  if (intercept.values.size() != outputs) {
    refuse(fmt::format("{} intercepts, expected {}", intercept.values.size(), outputs));
  }
  const auto rows = static_cast<Eigen::Index>(outputs);
  const auto cols = static_cast<Eigen::Index>(width);
  solvers::LinearModel linear;
  linear.coef.resize(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i) {
    for (Eigen::Index j = 0; j < cols; ++j) {
      linear.coef(i, j) = coef.values[static_cast<std::size_t>(i * cols + j)];
    }
  }
  linear.intercept = Eigen::Map<const Eigen::VectorXd>(intercept.values.data(), rows);
  return linear;
}

json reading_json(const ReadSettings& r) {
  return {{"delimiter", delimiter_text(r.dialect.delimiter)},
          {"decimal", std::string(1, r.dialect.decimal)},
          {"header", r.dialect.header},
          {"columns", r.dialect.columns},
          {"trim", r.dialect.trim},
          {"na", r.dialect.extra_na},
          {"categorical", r.types.categorical},
          {"numeric", r.types.numeric}};
}

ReadSettings reading_from(const JsonField& j) {
  ReadSettings r;
  r.recorded = true;
  r.dialect.delimiter = delimiter_from(j.at("delimiter"));
  r.dialect.decimal = one_of(j.at("decimal"), ".,", R"("." or ",")");
  if (r.dialect.decimal == r.dialect.delimiter) j.at("decimal").fail("is the delimiter");
  r.dialect.header = j.at("header").boolean();
  r.dialect.columns = j.at("columns").strings();
  r.dialect.trim = j.at("trim").boolean();
  r.dialect.extra_na = j.at("na").strings();
  r.types.categorical = j.at("categorical").strings();
  r.types.numeric = j.at("numeric").strings();
  return r;
}

DataFingerprint fingerprint_from(const JsonField& j) {
  DataFingerprint data;
  data.source = j.at("source").string();
  data.bytes = j.at("bytes").count();
  data.rows = j.at("rows").count();
  const JsonField xxh3 = j.at("xxh3");
  const auto hash = parse_hex64(xxh3.string());
  if (!hash) xxh3.fail("is not 16 hex digits");
  data.hash = *hash;
  if (const auto processes = j.find("process_rows")) {
    for (const JsonField& rows : processes->elements()) data.process_rows.push_back(rows.count());
  }
  return data;
}

Ancestor ancestor_from(const JsonField& j) {
  Ancestor ancestor;
  ancestor.id = j.at("id").string();
  ancestor.parent_id = j.at("parent_id").string();
  ancestor.created = j.at("created").string();
  ancestor.forced = j.at("forced").boolean();
  ancestor.data = fingerprint_from(j.at("data"));
  return ancestor;
}

json provenance_json(const Provenance& p) {
  json out = {{"mlctl_version", p.mlctl_version},
              {"created", p.created},
              {"id", p.id},
              {"parent_id", p.parent_id},
              {"forced", p.forced}};
  if (!p.lineage.empty()) {
    json lineage = json::array();
    for (const auto& a : p.lineage) lineage.push_back(json(to_json(a)));
    out["lineage"] = std::move(lineage);
  }
  return out;
}

Provenance provenance_from(const JsonField& j) {
  Provenance p;
  p.mlctl_version = j.at("mlctl_version").string();
  p.created = j.at("created").string();
  p.id = j.at("id").string();
  p.parent_id = j.at("parent_id").string();
  p.forced = j.at("forced").boolean();
  if (const auto lineage = j.find("lineage")) {
    for (const auto& a : lineage->elements()) p.lineage.push_back(ancestor_from(a));
  }
  return p;
}

}  // namespace mlctl::model::detail
