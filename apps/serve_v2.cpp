#include "serve_v2.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "common/error.hpp"
#include "predict_rows.hpp"
#include "serve_predict.hpp"

namespace mlctl::cli {
namespace {

using nlohmann::json;

const char* datatype_of(const pipeline::Feature& feature) {
  return feature.type == table::ColumnType::numeric ? "FP64" : "BYTES";
}

V2Reply refuse(int status, const std::string& message) {
  return {status, {{"error", message}}};
}

// Nested arrays (shape [N, 1]) read as their elements in row-major order.
void flatten(const json& data, std::vector<const json*>& into) {
  if (data.is_array()) {
    for (const auto& item : data) flatten(item, into);
  } else {
    into.push_back(&data);
  }
}

// One CSV field for a tensor element: numbers as the shortest text that reads back the same,
// strings as given, null as a missing value.
bool append_element(fmt::memory_buffer& text, const json& value) {
  if (value.is_null()) return true;
  if (value.is_number_integer()) {
    fmt::format_to(std::back_inserter(text), "{}", value.get<std::int64_t>());
  } else if (value.is_number()) {
    fmt::format_to(std::back_inserter(text), "{}", value.get<double>());
  } else if (value.is_string()) {
    append_csv_field(text, value.get_ref<const std::string&>());
  } else if (value.is_boolean()) {
    append_csv_field(text, value.get<bool>() ? "true" : "false");
  } else {
    return false;
  }
  return true;
}

// The CSV body of the request's inputs: a header of their names, then one line per row.
std::string csv_of(const json& inputs, std::string& error) {
  std::vector<std::vector<const json*>> columns;
  fmt::memory_buffer text;
  for (const auto& input : inputs) {
    if (!input.is_object() || !input.contains("name") || !input["name"].is_string() ||
        !input.contains("data")) {
      error = "each input needs a \"name\" and \"data\"";
      return {};
    }
    if (!columns.empty()) text.push_back(',');
    append_csv_field(text, input["name"].get_ref<const std::string&>());
    flatten(input["data"], columns.emplace_back());
    if (columns.back().size() != columns.front().size()) {
      error = fmt::format("input \"{}\" has {} values, input \"{}\" has {}",
                          input["name"].get<std::string>(), columns.back().size(),
                          inputs[0]["name"].get<std::string>(), columns.front().size());
      return {};
    }
  }
  text.push_back('\n');
  const std::size_t rows = columns.empty() ? 0 : columns.front().size();
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c > 0) text.push_back(',');
      if (!append_element(text, *columns[c][r])) {
        error = fmt::format("input \"{}\", element {}: not a number, string or null",
                            inputs[c]["name"].get<std::string>(), r);
        return {};
      }
    }
    text.push_back('\n');
  }
  return {text.data(), text.size()};
}

// The output tensors a request names in its "outputs" (in its order), or all of them when it
// names none, as the protocol asks; `error` says why for a name the model does not write.
json requested_outputs(const json& request, json outputs, std::string& error) {
  if (!request.contains("outputs")) return outputs;
  const json& wanted = request["outputs"];
  if (!wanted.is_array()) {
    error = "\"outputs\" must be an array of {\"name\": ...}";
    return {};
  }
  json chosen = json::array();
  for (const json& entry : wanted) {
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string()) {
      error = "\"outputs\" must be an array of {\"name\": ...}";
      return {};
    }
    const auto name = entry["name"].get<std::string>();
    const auto found = std::find_if(outputs.begin(), outputs.end(),
                                    [&](const json& output) { return output["name"] == name; });
    if (found == outputs.end()) {
      std::string known;
      for (const json& output : outputs) {
        known += (known.empty() ? "" : ", ") + output["name"].get<std::string>();
      }
      error = fmt::format("unknown output \"{}\" (the model writes {})", name, known);
      return {};
    }
    chosen.push_back(*found);
  }
  return chosen;
}

}  // namespace

json v2_metadata(const std::string& name, const model::Model& model) {
  json inputs = json::array();
  for (const auto& feature : model.pipeline.features()) {
    inputs.push_back({{"name", feature.name}, {"datatype", datatype_of(feature)}, {"shape", {-1}}});
  }
  json outputs = json::array();
  outputs.push_back({{"name", "prediction"},
                     {"datatype", model.is_classifier() ? "BYTES" : "FP64"},
                     {"shape", {-1}}});
  for (const auto& cls : model.classes)
    outputs.push_back({{"name", "proba_" + cls}, {"datatype", "FP64"}, {"shape", {-1}}});
  return {{"name", name},
          {"versions", {model.provenance.id}},
          {"platform", "mlctl"},
          {"inputs", inputs},
          {"outputs", outputs}};
}

V2Reply v2_infer(const std::string& name, const model::Model& model, const std::string& text) {
  const json request = json::parse(text, nullptr, false);
  if (request.is_discarded() || !request.is_object() || !request.contains("inputs") ||
      !request["inputs"].is_array()) {
    return refuse(400, "the body must be a JSON object with an \"inputs\" array");
  }
  std::string error;
  const std::string csv = csv_of(request["inputs"], error);
  if (!error.empty()) return refuse(400, error);
  serve::PredictQuery query;
  query.jsonl = true;
  query.proba = model.is_classifier();
  const PredictReply reply = predict_written_csv(model, query, csv);
  if (reply.status != 200) {
    std::string message = reply.body;
    if (!message.empty() && message.back() == '\n') message.pop_back();
    return refuse(reply.status, message);
  }
  // predict's JSON Lines, column by column: one output tensor per key, in the order written.
  std::vector<std::string> names;
  std::vector<json> data;
  std::size_t start = 0;
  while (start < reply.body.size()) {
    const std::size_t end = reply.body.find('\n', start);
    const std::string text_line = reply.body.substr(start, end - start);
    const json line = json::parse(text_line);
    if (names.empty()) {
      // The keys in the order predict writes them (json's objects sort theirs).
      const auto ordered = nlohmann::ordered_json::parse(text_line);
      for (auto it = ordered.begin(); it != ordered.end(); ++it) {
        names.push_back(it.key());
        data.emplace_back(json::array());
      }
    }
    for (std::size_t k = 0; k < names.size(); ++k) data[k].push_back(line[names[k]]);
    start = end + 1;
  }
  json outputs = json::array();
  for (std::size_t k = 0; k < names.size(); ++k) {
    const bool bytes = names[k] == "prediction" && model.is_classifier();
    outputs.push_back({{"name", names[k]},
                       {"datatype", bytes ? "BYTES" : "FP64"},
                       {"shape", {data[k].size()}},
                       {"data", data[k]}});
  }
  outputs = requested_outputs(request, std::move(outputs), error);
  if (!error.empty()) return refuse(400, error);
  json body = {{"model_name", name}, {"model_version", model.provenance.id}, {"outputs", outputs}};
  if (request.contains("id")) body["id"] = request["id"];
  return {200, body};
}

}  // namespace mlctl::cli
