#include "report/card_html.hpp"

#include <fmt/format.h>

#include "common/hash.hpp"
#include "model/metadata_json.hpp"
#include "report/card_charts.hpp"
#include "report/evaluation.hpp"
#include "report/feature_encoding.hpp"
#include "report/html_page.hpp"
#include "report/svg.hpp"

namespace mlctl::report {
namespace {

using nlohmann::json;

std::string value_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) return short_number(v.get<double>());
  return v.dump();
}

// The recipe's options, one row each, as stored (the target has a row of its own).
void add_recipe_rows(const model::RecipeRecord& recipe,
                     std::vector<std::pair<std::string, std::string>>& rows) {
  const json stored = model::to_json(recipe);
  for (const auto& [key, value] : stored.items()) {
    if (key == "target") continue;
    std::string text;
    if (value.is_array()) {
      std::vector<std::string> items;
      for (const auto& v : value) items.push_back(value_text(v));
      text = items.empty() ? "(none)" : fmt::format("{}", fmt::join(items, ", "));
    } else {
      text = value_text(value);
    }
    rows.emplace_back("recipe: " + key, text);
  }
}

std::string purpose_section(const model::Model& m) {
  std::vector<std::pair<std::string, std::string>> rows = {
      {"target", m.target},
      {"algorithm",
       fmt::format("{} (alpha {})", model::to_string(m.algorithm), short_number(m.alpha))}};
  if (m.is_classifier()) {
    rows.emplace_back("classes", fmt::format("{}", fmt::join(m.classes, ", ")));
  }
  rows.emplace_back("inputs", fmt::format("{} columns, {} encoded features",
                                          m.pipeline.features().size(), m.pipeline.width()));
  add_recipe_rows(m.recipe, rows);
  // How each input column is encoded, as in the text card: one-hot levels with the missing and
  // infrequent columns, or the hashing scheme and its collisions.
  std::vector<std::pair<std::string, std::string>> inputs;
  for (const auto& f : m.pipeline.features()) {
    inputs.emplace_back(f.name, feature_encoding(f, m.pipeline.options()));
  }
  return "<h2>What it is for</h2>\n" + key_values(rows) + "\n<h3>Its inputs</h3>\n" +
         key_values(inputs) + "\n";
}

// A training column's card: its chart, type, missing and distinct counts and summary.
std::string training_column_card(const model::ColumnStats& column, const std::string& target) {
  std::string info = fmt::format("<div class=\"muted\">{}, {} missing</div>",
                                 escape_xml(table::to_string(column.type)), column.missing);
  if (column.distinct > 0) {
    info += fmt::format("<div class=\"muted\">{} distinct values</div>", column.distinct);
  }
  if (column.numeric) {
    info += fmt::format("<div class=\"muted\">mean {}, std {}, range {} to {}</div>",
                        short_number(column.numeric->mean), short_number(column.numeric->std),
                        short_number(column.numeric->min), short_number(column.numeric->max));
  }
  const std::string title = column.name == target ? column.name + " (target)" : column.name;
  return html_card(title, training_column_chart(column) + info);
}

std::string data_section(const model::Model& m) {
  std::string s = "<h2>The data it saw</h2>\n";
  s += key_values({{"source", m.data.source},
                   {"rows", std::to_string(m.data.rows)},
                   {"bytes", std::to_string(m.data.bytes)},
                   {"fingerprint", "xxh3 " + to_hex64(m.data.hash)}});
  if (m.training_stats.columns.empty()) return s;
  s += "<div class=\"cards\" style=\"margin-top:10px\">\n";
  for (const auto& column : m.training_stats.columns) s += training_column_card(column, m.target);
  return s + "</div>\n";
}

std::string evaluation_section(const model::Model& m) {
  const EvaluationRows rows = evaluation_rows(m.evaluation, Voice::card, m.is_classifier());
  std::string s = "<h2>How good it is</h2>\n" + method_html(rows);
  if (!rows.measured) return s;
  s += "<div class=\"cards\">\n" + html_card("Metrics", metrics_html(rows));
  s += evaluation_charts(m, rows);
  return s + "</div>\n";
}

std::string drivers_section(const model::Model& m) {
  return "<h2>What drives it</h2>\n<div class=\"cards\">\n" + coefficient_cards(m) +
         importance_card(m) + "</div>\n";
}

std::string lineage_section(const model::Model& m) {
  std::string s =
      "<h2>Lineage</h2>\n<table><tr><th>model</th><th>created</th><th>trained on</th>"
      "<th></th></tr>\n";
  const auto row = [](const std::string& id, const std::string& created,
                      const model::DataFingerprint& d, const std::string& note) {
    return fmt::format(
        "<tr><td><code>{}</code></td><td>{}</td><td>{}: {} rows, xxh3 <code>{}</code></td>"
        "<td>{}</td></tr>\n",
        escape_xml(id), escape_xml(created), escape_xml(d.source), d.rows, to_hex64(d.hash),
        escape_xml(note));
  };
  for (const auto& a : m.provenance.lineage) {
    s += row(a.id, a.created, a.data, a.forced ? "promoted by --force" : "");
  }
  s += row(m.provenance.id, m.provenance.created, m.data,
           std::string("this model") + (m.provenance.forced ? ", promoted by --force" : ""));
  s += "</table>\n";
  if (m.provenance.lineage.empty()) s += "<p class=\"muted\">A fresh train: no ancestors.</p>\n";
  return s;
}

}  // namespace

std::string model_card_html(const model::Model& m, const std::string& path) {
  std::string body = purpose_section(m);
  body += data_section(m);
  body += evaluation_section(m);
  body += drivers_section(m);
  body += lineage_section(m);
  const std::string subtitle =
      fmt::format("{}, model id {}, created {}, mlctl {}", path, m.provenance.id,
                  m.provenance.created, m.provenance.mlctl_version);
  return html_page(fmt::format("Model card: predicts {}", m.target), subtitle, body);
}

}  // namespace mlctl::report
