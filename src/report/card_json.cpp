#include "report/card_json.hpp"

#include "model/hashing_json.hpp"
#include "model/metadata_json.hpp"
#include "report/coefficients.hpp"

namespace mlctl::report {
namespace {

using nlohmann::ordered_json;

ordered_json provenance_json(const model::Provenance& p) {
  ordered_json j = {{"id", p.id},
                    {"parent_id", p.parent_id},
                    {"forced", p.forced},
                    {"created", p.created},
                    {"mlctl_version", p.mlctl_version},
                    {"lineage", ordered_json::array()}};
  for (const auto& a : p.lineage) j["lineage"].push_back(model::to_json(a));
  return j;
}

ordered_json reading_json(const model::ReadSettings& r) {
  const csv::Dialect& d = r.dialect;
  return {{"delimiter", std::string(1, d.delimiter)},
          {"decimal", std::string(1, d.decimal)},
          {"header", d.header},
          {"columns", d.columns},
          {"trim", d.trim},
          {"na", d.extra_na},
          {"categorical", r.types.categorical},
          {"numeric", r.types.numeric}};
}

ordered_json features_json(const pipeline::FeaturePipeline& encoding) {
  ordered_json features = ordered_json::array();
  for (const auto& f : encoding.features()) {
    ordered_json e = {{"name", f.name}, {"type", table::to_string(f.type)}};
    if (f.type == table::ColumnType::numeric) {
      e["impute"] = pipeline::to_string(encoding.options().impute);
      e["fill"] = f.fill;
      e["scale"] = pipeline::to_string(encoding.options().scale);
      e["center"] = f.center;
      e["divisor"] = f.scale;
    } else {
      if (f.hash) {
        e["hash"] = model::to_json(*f.hash);
      } else {
        e["categories"] = f.categories;
      }
      e["missing_category"] = f.missing_category;
      if (f.has_infrequent()) {
        e["infrequent"] = f.infrequent;
        e["missing_infrequent"] = f.missing_infrequent;
        e["infrequent_levels"] = f.infrequent.size() + (f.missing_infrequent ? 1 : 0);
      }
    }
    features.push_back(std::move(e));
  }
  return features;
}

}  // namespace

ordered_json model_card_json(const model::Model& m, const std::string& path) {
  ordered_json j;
  j["kind"] = "model";
  j["path"] = path;
  j["provenance"] = provenance_json(m.provenance);
  j["algorithm"] = model::to_string(m.algorithm);
  j["alpha"] = m.alpha;
  j["target"] = m.target;
  j["classes"] = m.classes;
  j["recipe"] = model::to_json(m.recipe);
  j["data"] = model::to_json(m.data);
  // Absent for a format 1.0 file, which did not record how its data was read.
  if (m.read_settings.recorded) j["reading"] = reading_json(m.read_settings);
  j["features"] = features_json(m.pipeline);
  ordered_json coefficients = ordered_json::array();
  for (const auto& c : sorted_coefficients(m)) {
    coefficients.push_back({{"feature", c.feature}, {"values", c.values}});
  }
  std::vector<double> intercepts(m.linear.intercept.data(),
                                 m.linear.intercept.data() + m.linear.intercept.size());
  j["outputs"] = output_names(m);
  j["intercept"] = intercepts;
  j["coefficients"] = std::move(coefficients);
  j["evaluation"] = model::to_json(m.evaluation);
  j["conformal_residuals"] = m.residual_count;
  j["training_stats"] = model::to_json(m.training_stats);
  return j;
}

}  // namespace mlctl::report
