#include "model/model_file.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/hash.hpp"
#include "common/version.hpp"
#include "model/json_field.hpp"
#include "model/metadata_json.hpp"

namespace mlctl::model {
namespace {

using nlohmann::json;
using table::ColumnType;

container::Array vector_array(const std::vector<double>& values) {
  return {{static_cast<std::int64_t>(values.size())}, values};
}

json pipeline_json(const pipeline::FeaturePipeline& p) {
  json features = json::array();
  for (const auto& f : p.features()) {
    json entry = {{"name", f.name}, {"type", table::to_string(f.type)}};
    if (f.type == ColumnType::categorical) {
      entry["categories"] = f.categories;
      entry["missing_category"] = f.missing_category;
    }
    features.push_back(std::move(entry));
  }
  return {{"impute", pipeline::to_string(p.options().impute)},
          {"scale", pipeline::to_string(p.options().scale)},
          {"features", std::move(features)}};
}

// "" = by file name, "auto" = sniffed, else the character itself.
std::string delimiter_text(char delimiter) {
  if (delimiter == '\0') return "";
  if (delimiter == csv::kSniffDelimiter) return "auto";
  return std::string(1, delimiter);
}

char delimiter_from(const detail::JsonField& field) {
  const std::string text = field.string();
  if (text.empty()) return '\0';
  if (text == "auto") return csv::kSniffDelimiter;
  if (text.size() != 1 || std::string_view(",;\t|").find(text[0]) == std::string_view::npos) {
    field.fail(R"(is not one of "", "auto", ",", ";", "\t", "|")");
  }
  return text[0];
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

char one_of(const detail::JsonField& field, std::string_view allowed, std::string_view names) {
  const std::string text = field.string();
  if (text.size() != 1 || allowed.find(text[0]) == std::string_view::npos) {
    field.fail(fmt::format("is not one of {}", names));
  }
  return text[0];
}

ReadSettings reading_from_json(const detail::JsonField& j) {
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

// The data fingerprint and the lineage (model.hpp's to_json writes them), checked field by field
// like the rest of the metadata.
DataFingerprint fingerprint_from(const detail::JsonField& j) {
  DataFingerprint data;
  data.source = j.at("source").string();
  data.bytes = j.at("bytes").count();
  data.rows = j.at("rows").count();
  const detail::JsonField xxh3 = j.at("xxh3");
  const auto hash = parse_hex64(xxh3.string());
  if (!hash) xxh3.fail("is not 16 hex digits");
  data.hash = *hash;
  return data;
}

Ancestor ancestor_from(const detail::JsonField& j) {
  Ancestor ancestor;
  ancestor.id = j.at("id").string();
  ancestor.parent_id = j.at("parent_id").string();
  ancestor.created = j.at("created").string();
  ancestor.forced = j.at("forced").boolean();
  ancestor.data = fingerprint_from(j.at("data"));
  return ancestor;
}

json metadata_without_provenance(const Model& m) {
  json meta = {{"model",
                {{"algorithm", to_string(m.algorithm)},
                 {"alpha", m.alpha},
                 {"target", m.target},
                 {"classes", m.classes}}},
               {"pipeline", pipeline_json(m.pipeline)},
               {"recipe", to_json(m.recipe)},
               {"evaluation", to_json(m.evaluation)},
               {"conformal", {{"residual_count", m.residual_count}}},
               {"data", to_json(m.data)},
               {"training_stats", to_json(m.training_stats)}};
  // Absent for a model whose reading settings were never recorded (read from a format 1.0 file
  // and not retrained, or trained by code that read no CSV): it reads back the same.
  if (m.read_settings.recorded) meta["reading"] = reading_json(m.read_settings);
  return meta;
}

container::Container container_without_provenance(const Model& m) {
  container::Container c;
  c.metadata = metadata_without_provenance(m);
  const auto outputs = m.linear.coef.rows();
  const auto width = m.linear.coef.cols();
  if (m.linear.intercept.size() != outputs) {
    throw Error(ErrorKind::internal, fmt::format("model has {} outputs but {} intercepts", outputs,
                                                 m.linear.intercept.size()));
  }
  std::vector<double> coef(static_cast<std::size_t>(outputs * width));
  for (Eigen::Index i = 0; i < outputs; ++i) {
    for (Eigen::Index j = 0; j < width; ++j) {
      coef[static_cast<std::size_t>(i * width + j)] = m.linear.coef(i, j);  // row-major
    }
  }
  c.arrays["coef"] = {{outputs, width}, std::move(coef)};
  c.arrays["intercept"] = vector_array(
      std::vector<double>(m.linear.intercept.data(), m.linear.intercept.data() + outputs));
  std::vector<double> fill;
  std::vector<double> center;
  std::vector<double> scale;
  for (const auto& f : m.pipeline.features()) {
    if (f.type != ColumnType::numeric) continue;
    fill.push_back(f.fill);
    center.push_back(f.center);
    scale.push_back(f.scale);
  }
  if (!fill.empty()) {
    c.arrays["numeric.fill"] = vector_array(fill);
    c.arrays["numeric.center"] = vector_array(center);
    c.arrays["numeric.scale"] = vector_array(scale);
  }
  if (!m.residuals.empty()) c.arrays["conformal.residuals"] = vector_array(m.residuals);
  if (!m.evaluation_sample.empty()) {
    c.arrays["evaluation.sample"] = {
        {static_cast<std::int64_t>(m.evaluation_sample.size() / m.evaluation_sample_width),
         static_cast<std::int64_t>(m.evaluation_sample_width)},
        m.evaluation_sample};
  }
  return c;
}

std::string iso8601_utc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

[[noreturn]] void invalid(const std::string& name, const std::string& what) {
  throw Error(ErrorKind::model, fmt::format("invalid model: {}", what), {name});
}

const container::Array& array(const container::Container& c, const std::string& key,
                              const std::string& name) {
  const auto it = c.arrays.find(key);
  if (it == c.arrays.end()) invalid(name, fmt::format("array \"{}\" is missing", key));
  return it->second;
}

}  // namespace

container::Container to_container(const Model& m) {
  container::Container c = container_without_provenance(m);
  c.metadata["provenance"] = {{"mlctl_version", m.provenance.mlctl_version},
                              {"created", m.provenance.created},
                              {"id", m.provenance.id},
                              {"parent_id", m.provenance.parent_id},
                              {"forced", m.provenance.forced}};
  if (!m.provenance.lineage.empty()) {
    json lineage = json::array();
    for (const auto& a : m.provenance.lineage) lineage.push_back(json(to_json(a)));
    c.metadata["provenance"]["lineage"] = std::move(lineage);
  }
  return c;
}

void stamp_provenance(Model& m) {
  m.provenance.mlctl_version = kVersion;
  // The id names what defines the model; the path its data was read from does not.
  Model defining = m;
  defining.data.source.clear();
  m.provenance.id = to_hex64(xxh3_64(container::serialize(container_without_provenance(defining))));
  std::time_t now = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    char* end = nullptr;
    const long long value = std::strtoll(epoch, &end, 10);
    if (*end == '\0' && value >= 0) now = static_cast<std::time_t>(value);
  }
  m.provenance.created = iso8601_utc(now);
}

Model from_container(const container::Container& c, const std::string& name) {
  Model m;
  try {
    const json& meta = c.metadata;
    // A top-level entry, checked by name.
    const auto top = [&](const char* key) {
      const auto it = meta.find(key);
      if (it == meta.end()) {
        throw Error(ErrorKind::data, fmt::format("no \"{}\" in the metadata", key));
      }
      return detail::JsonField(*it, key);
    };
    const detail::JsonField model = top("model");
    m.algorithm = parse_algorithm(model.at("algorithm").string());
    m.alpha = model.at("alpha").number();
    m.target = model.at("target").string();
    m.classes = model.at("classes").strings();

    const detail::JsonField p = top("pipeline");
    pipeline::PipelineOptions options;
    options.impute = pipeline::parse_imputation(p.at("impute").string());
    options.scale = pipeline::parse_scaling(p.at("scale").string());
    std::vector<pipeline::Feature> features;
    for (const detail::JsonField& entry : p.at("features").elements()) {
      pipeline::Feature f;
      f.name = entry.at("name").string();
      const auto type = entry.at("type").string();
      if (type == "numeric") {
        f.type = ColumnType::numeric;
      } else if (type == "categorical") {
        f.type = ColumnType::categorical;
        f.categories = entry.at("categories").strings();
        f.missing_category = entry.at("missing_category").boolean();
        if (std::adjacent_find(f.categories.begin(), f.categories.end(), std::greater_equal<>()) !=
            f.categories.end()) {
          invalid(name, fmt::format("categories of \"{}\" are not sorted and distinct", f.name));
        }
      } else {
        invalid(name, fmt::format("feature \"{}\" has unknown type \"{}\"", f.name, type));
      }
      features.push_back(std::move(f));
    }
    std::size_t numeric = 0;
    for (const auto& f : features) numeric += f.type == ColumnType::numeric ? 1 : 0;
    if (numeric > 0) {
      const auto& fill = array(c, "numeric.fill", name).values;
      const auto& center = array(c, "numeric.center", name).values;
      const auto& scale = array(c, "numeric.scale", name).values;
      if (fill.size() != numeric || center.size() != numeric || scale.size() != numeric) {
        invalid(name,
                fmt::format("{} numeric features but {} scaling entries", numeric, fill.size()));
      }
      std::size_t k = 0;
      for (auto& f : features) {
        if (f.type != ColumnType::numeric) continue;
        if (scale[k] == 0.0) invalid(name, fmt::format("feature \"{}\" has scale 0", f.name));
        f.fill = fill[k];
        f.center = center[k];
        f.scale = scale[k];
        ++k;
      }
    }
    m.pipeline = pipeline::FeaturePipeline(options, std::move(features));

    const std::size_t classes = m.classes.size();
    if (m.algorithm == Algorithm::logistic && classes < 2) {
      invalid(name, "a logistic model needs at least 2 classes");
    }
    const std::size_t outputs = (m.algorithm == Algorithm::ridge || classes == 2) ? 1 : classes;
    const auto& coef = array(c, "coef", name);
    const auto& intercept = array(c, "intercept", name);
    const std::vector<std::int64_t> expected_shape = {
        static_cast<std::int64_t>(outputs), static_cast<std::int64_t>(m.pipeline.width())};
    if (coef.shape != expected_shape) {
      invalid(name,
              fmt::format("coefficients have shape [{}], expected [{}] for {} encoded features",
                          fmt::join(coef.shape, ", "), fmt::join(expected_shape, ", "),
                          m.pipeline.width()));
    }
    if (intercept.values.size() != outputs) {
      invalid(name, fmt::format("{} intercepts, expected {}", intercept.values.size(), outputs));
    }
    const auto rows = static_cast<Eigen::Index>(outputs);
    const auto cols = static_cast<Eigen::Index>(m.pipeline.width());
    m.linear.coef.resize(rows, cols);
    for (Eigen::Index i = 0; i < rows; ++i) {
      for (Eigen::Index j = 0; j < cols; ++j) {
        m.linear.coef(i, j) = coef.values[static_cast<std::size_t>(i * cols + j)];
      }
    }
    m.linear.intercept = Eigen::Map<const Eigen::VectorXd>(intercept.values.data(), rows);

    m.recipe = recipe_from_json(top("recipe"));
    m.evaluation = evaluation_from_json(top("evaluation"));
    m.residual_count = top("conformal").at("residual_count").count();
    if (const auto it = c.arrays.find("conformal.residuals"); it != c.arrays.end()) {
      m.residuals = it->second.values;
      if (!std::is_sorted(m.residuals.begin(), m.residuals.end()) ||
          m.residuals.size() > m.residual_count) {
        invalid(name, "conformal residuals are not sorted order statistics");
      }
    }
    if (const auto it = c.arrays.find("evaluation.sample"); it != c.arrays.end()) {
      const std::size_t expected = 1 + (m.is_classifier() ? classes : 1);
      if (it->second.shape.size() != 2 ||
          it->second.shape[1] != static_cast<std::int64_t>(expected)) {
        invalid(name, fmt::format("the evaluation sample does not have {} columns", expected));
      }
      m.evaluation_sample = it->second.values;
      m.evaluation_sample_width = expected;
    }
    m.data = fingerprint_from(top("data"));
    m.training_stats = training_stats_from_json(top("training_stats"));
    // Format 1.0 files did not record how their data was read: they read as the defaults.
    if (const auto it = meta.find("reading"); it != meta.end()) {
      m.read_settings = reading_from_json(detail::JsonField(*it, "reading"));
    }
    const detail::JsonField provenance = top("provenance");
    m.provenance.mlctl_version = provenance.at("mlctl_version").string();
    m.provenance.created = provenance.at("created").string();
    m.provenance.id = provenance.at("id").string();
    m.provenance.parent_id = provenance.at("parent_id").string();
    m.provenance.forced = provenance.at("forced").boolean();
    if (const auto lineage = provenance.find("lineage")) {
      for (const auto& a : lineage->elements()) m.provenance.lineage.push_back(ancestor_from(a));
    }
  } catch (const json::exception& e) {
    invalid(name, fmt::format("metadata: {}", e.what()));
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::model) throw;
    invalid(name, e.message());
  }
  return m;
}

void save(const Model& model, const std::string& path) {
  container::write_file(path, to_container(model));
}

Model load(const std::string& path) {
  return from_container(container::read_file(path), path);
}

}  // namespace mlctl::model
