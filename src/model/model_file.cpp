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
#include "model/model_sections.hpp"

namespace mlctl::model {
namespace {

using detail::JsonField;
using nlohmann::json;

[[noreturn]] void refuse(std::string what) {
  throw Error(ErrorKind::data, std::move(what));
}

// ---- Writing: the metadata's sections, then the arrays ----

json model_json(const Model& m) {
  return {{"algorithm", to_string(m.algorithm)},
          {"alpha", m.alpha},
          {"target", m.target},
          {"classes", m.classes}};
}

json metadata_without_provenance(const Model& m) {
  json meta = {{"model", model_json(m)},
               {"pipeline", detail::pipeline_json(m.pipeline)},
               {"recipe", to_json(m.recipe)},
               {"evaluation", to_json(m.evaluation)},
               {"conformal", {{"residual_count", m.residual_count}}},
               {"data", to_json(m.data)},
               {"training_stats", to_json(m.training_stats)}};
  // Absent for a model whose reading settings were never recorded (read from a format 1.0 file
  // and not retrained, or trained by code that read no CSV): it reads back the same.
  if (m.read_settings.recorded) meta["reading"] = detail::reading_json(m.read_settings);
  return meta;
}

void write_evaluation_sample(const Model& m, container::Container& c) {
  if (m.evaluation_sample.empty()) return;
  c.arrays["evaluation.sample"] = {
      {static_cast<std::int64_t>(m.evaluation_sample.size() / m.evaluation_sample_width),
       static_cast<std::int64_t>(m.evaluation_sample_width)},
      m.evaluation_sample};
}

container::Container container_without_provenance(const Model& m) {
  container::Container c;
  c.metadata = metadata_without_provenance(m);
  detail::write_linear(m.linear, c);
  detail::write_numeric_arrays(m.pipeline, c);
  if (!m.residuals.empty()) {
    c.arrays["conformal.residuals"] = {{static_cast<std::int64_t>(m.residuals.size())},
                                       m.residuals};
  }
  write_evaluation_sample(m, c);
  return c;
}

std::string iso8601_utc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

// ---- Reading: the same parts, in the order their checks are reported ----

// A top-level entry of the metadata, checked by name.
JsonField section(const json& meta, const char* key) {
  const auto it = meta.find(key);
  if (it == meta.end()) refuse(fmt::format("no \"{}\" in the metadata", key));
  return JsonField(*it, key);
}

void read_model_json(const JsonField& j, Model& m) {
  m.algorithm = parse_algorithm(j.at("algorithm").string());
  m.alpha = j.at("alpha").number();
  m.target = j.at("target").string();
  m.classes = j.at("classes").strings();
}

// Rows of the coefficient matrix: one for ridge and binary logistic, one per class beyond.
std::size_t outputs_of(const Model& m) {
  const std::size_t classes = m.classes.size();
  if (m.algorithm == Algorithm::logistic && classes < 2) {
    refuse("a logistic model needs at least 2 classes");
  }
  return (m.algorithm == Algorithm::ridge || classes == 2) ? 1 : classes;
}

void read_conformal(const JsonField& j, const container::Container& c, Model& m) {
  m.residual_count = j.at("residual_count").count();
  if (const auto it = c.arrays.find("conformal.residuals"); it != c.arrays.end()) {
    m.residuals = it->second.values;
    if (!std::is_sorted(m.residuals.begin(), m.residuals.end()) ||
        m.residuals.size() > m.residual_count) {
      refuse("conformal residuals are not sorted order statistics");
    }
  }
}

void read_evaluation_sample(const container::Container& c, Model& m) {
  const auto it = c.arrays.find("evaluation.sample");
  if (it == c.arrays.end()) return;
  const std::size_t expected = 1 + (m.is_classifier() ? m.classes.size() : 1);
  if (it->second.shape.size() != 2 || it->second.shape[1] != static_cast<std::int64_t>(expected)) {
    refuse(fmt::format("the evaluation sample does not have {} columns", expected));
  }
  m.evaluation_sample = it->second.values;
  m.evaluation_sample_width = expected;
}

Model read_model(const container::Container& c) {
  const json& meta = c.metadata;
  Model m;
  read_model_json(section(meta, "model"), m);
  m.pipeline = detail::pipeline_from(section(meta, "pipeline"), c);
  m.linear = detail::linear_from(c, outputs_of(m), m.pipeline.width());
  m.recipe = recipe_from_json(section(meta, "recipe"));
  m.evaluation = evaluation_from_json(section(meta, "evaluation"));
  read_conformal(section(meta, "conformal"), c, m);
  read_evaluation_sample(c, m);
  m.data = detail::fingerprint_from(section(meta, "data"));
  m.training_stats = training_stats_from_json(section(meta, "training_stats"));
  // Format 1.0 files did not record how their data was read: they read as the defaults.
  if (const auto it = meta.find("reading"); it != meta.end()) {
    m.read_settings = detail::reading_from(JsonField(*it, "reading"));
  }
  m.provenance = detail::provenance_from(section(meta, "provenance"));
  return m;
}

}  // namespace

container::Container to_container(const Model& m) {
  container::Container c = container_without_provenance(m);
  c.metadata["provenance"] = detail::provenance_json(m.provenance);
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
  // Every problem, whichever reader finds it, becomes one "invalid model" error naming the file.
  const auto invalid = [&name](const std::string& what) {
    return Error(ErrorKind::model, fmt::format("invalid model: {}", what), {name});
  };
  try {
    return read_model(c);
  } catch (const json::exception& e) {
    throw invalid(fmt::format("metadata: {}", e.what()));
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::model) throw;
    throw invalid(e.message());
  }
}

void save(const Model& model, const std::string& path) {
  container::write_file(path, to_container(model));
}

Model load(const std::string& path) {
  return from_container(container::read_file(path), path);
}

}  // namespace mlctl::model
