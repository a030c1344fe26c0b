// mlctl predict -m MODEL.mlm [DATA.csv | -] [-o OUT]: stream rows in, predictions out.

#include <unistd.h>

#include <algorithm>
#include <chrono>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "csv/reader.hpp"
#include "model/model_file.hpp"
#include "output.hpp"
#include "pipeline/row_encoder.hpp"
#include "progress.hpp"

namespace mlctl::cli {
namespace {

struct PredictFlags {
  std::string model;
  std::string data = "-";
  std::string output = "-";
  bool proba = false;
  std::string keep;
  bool no_header = false;
  std::string format = "csv";
  double interval = 0.0;
  int explain = 0;
  std::string stats;
  CsvFlags csv;
};

// RFC 4180 quoting, only where needed.
void write_csv_field(Output& out, std::string_view field, char delimiter) {
  if (field.find_first_of(std::string{delimiter, '"', '\n', '\r'}) == std::string_view::npos) {
    out.write(field);
    return;
  }
  std::string quoted = "\"";
  for (const char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  out.write(quoted);
}

void write_json_string(Output& out, std::string_view text) {
  out.write(nlohmann::json(std::string(text))
                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

struct Columns {
  std::vector<std::string> names;  // output columns after the kept ones
  std::vector<std::size_t> keep;   // field positions of --keep columns
  std::vector<std::string> keep_names;
};

Columns output_columns(const model::Model& m, const PredictFlags& flags,
                       const std::vector<std::string>& header, const std::string& source) {
  Columns c;
  for (const auto& name : split_list(flags.keep)) {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) {
      throw Error(ErrorKind::data, fmt::format("--keep: no column named \"{}\"", name),
                  {source, 1});
    }
    c.keep.push_back(static_cast<std::size_t>(it - header.begin()));
    c.keep_names.push_back(name);
  }
  c.names.push_back("prediction");
  if (flags.proba) {
    if (!m.is_classifier()) {
      throw Error(ErrorKind::usage, "--proba needs a classification (logistic) model");
    }
    for (const auto& cls : m.classes) c.names.push_back("proba_" + cls);
  }
  if (flags.interval > 0.0) {
    c.names.push_back("lower");
    c.names.push_back("upper");
  }
  if (flags.explain > 0) {
    c.names.push_back("score");
    for (int k = 1; k <= flags.explain; ++k) {
      c.names.push_back(fmt::format("feature_{}", k));
      c.names.push_back(fmt::format("contribution_{}", k));
    }
  }
  return c;
}

// The exact additive explanation of a linear score: contribution_j = coef_j * encoded_j, and
// score = intercept + sum of all contributions. Returns the `count` largest by magnitude.
struct Explanation {
  double score = 0.0;
  std::vector<std::pair<std::size_t, double>> top;  // (encoded feature, contribution)
};

Explanation explain_row(const models::LinearModel& linear, Eigen::Index output,
                        std::span<const double> encoded, std::size_t count) {
  Explanation e;
  // The score exactly as predictions compute it, so `score` equals a ridge prediction bit for
  // bit; the contributions add up to it up to rounding.
  std::vector<double> raw(static_cast<std::size_t>(linear.coef.rows()));
  models::decision_row(linear, encoded, raw);
  e.score = raw[static_cast<std::size_t>(output)];
  std::vector<std::pair<std::size_t, double>> all;
  all.reserve(encoded.size());
  for (std::size_t j = 0; j < encoded.size(); ++j) {
    all.emplace_back(j, linear.coef(output, static_cast<Eigen::Index>(j)) * encoded[j]);
  }
  count = std::min(count, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(count), all.end(),
                    [](const auto& a, const auto& b) {
                      return std::abs(a.second) != std::abs(b.second)
                                 ? std::abs(a.second) > std::abs(b.second)
                                 : a.first < b.first;
                    });
  all.resize(count);
  e.top = std::move(all);
  return e;
}

nlohmann::json counters_json(const pipeline::EncodingCounters& counters, const model::Model& m,
                             double seconds) {
  nlohmann::json unseen = nlohmann::json::object();
  nlohmann::json missing = nlohmann::json::object();
  const auto& features = m.pipeline.features();
  for (std::size_t j = 0; j < features.size(); ++j) {
    if (counters.unseen_by_feature[j] > 0) unseen[features[j].name] = counters.unseen_by_feature[j];
    if (counters.missing_by_feature[j] > 0)
      missing[features[j].name] = counters.missing_by_feature[j];
  }
  return {{"model_id", m.provenance.id},
          {"rows", counters.rows},
          {"seconds", seconds},
          {"rows_per_second", seconds > 0 ? static_cast<double>(counters.rows) / seconds : 0.0},
          {"rows_imputed", counters.rows_imputed},
          {"unseen_categories", counters.unseen_values},
          {"unseen_by_column", unseen},
          {"missing_by_column", missing}};
}

int run_predict(const PredictFlags& flags, const GlobalOptions& global) {
  const auto start = std::chrono::steady_clock::now();
  // Everything that can fail before the first output line does: model, header, columns.
  const model::Model m = model::load(flags.model);
  const double half_width =
      flags.interval > 0.0 ? model::conformal_half_width(m, flags.interval) : 0.0;
  if (flags.format != "csv" && flags.format != "jsonl") {
    throw Error(ErrorKind::usage,
                fmt::format("--format must be csv or jsonl, got {}", flags.format));
  }
  csv::Reader reader(flags.data, reader_options(flags.csv));
  pipeline::RowEncoder encoder(m.pipeline, reader.header(), reader.display_name());
  const Columns columns = output_columns(m, flags, reader.header(), reader.display_name());
  const bool jsonl = flags.format == "jsonl";
  const char delimiter = ',';

  Output out(flags.output);
  if (!jsonl && !flags.no_header) {
    bool first = true;
    for (const auto& name : columns.keep_names) {
      if (!first) out.write(",");
      write_csv_field(out, name, delimiter);
      first = false;
    }
    for (const auto& name : columns.names) {
      if (!first) out.write(",");
      write_csv_field(out, name, delimiter);
      first = false;
    }
    out.write("\n");
  }

  const std::size_t width = m.pipeline.width();
  const std::size_t classes = m.classes.size();
  std::vector<double> encoded(width);
  const std::vector<std::string> encoded_names = m.pipeline.encoded_names();
  const auto explain_count = static_cast<std::size_t>(std::max(flags.explain, 0));
  std::vector<double> scores(std::max<std::size_t>(classes, 1));
  // Not when the predictions themselves go to the terminal: the two would mix.
  Progress progress("predicting " + reader.display_name(),
                    global.quiet || (flags.output == "-" && ::isatty(STDOUT_FILENO) == 1));
  csv::Row row;
  while (reader.next(row)) {
    if ((reader.rows_read() & 0xfff) == 0) progress.update(reader.progress());
    encoder.encode(row, reader, encoded);
    if (jsonl) out.write("{");
    for (std::size_t k = 0; k < columns.keep.size(); ++k) {
      const std::string_view value = row.fields[columns.keep[k]];
      if (jsonl) {
        write_json_string(out, columns.keep_names[k]);
        out.write(":");
        write_json_string(out, value);
        out.write(",");
      } else {
        write_csv_field(out, value, delimiter);
        out.write(",");
      }
    }
    if (!m.is_classifier()) {
      models::decision_row(m.linear, encoded, std::span<double>(scores.data(), 1));
      const double y = scores[0];
      if (jsonl)
        out.print("\"prediction\":{}", y);
      else
        out.print("{}", y);
      if (half_width > 0.0) {
        if (jsonl)
          out.print(",\"lower\":{},\"upper\":{}", y - half_width, y + half_width);
        else
          out.print(",{},{}", y - half_width, y + half_width);
      }
    } else {
      models::proba_row(m.linear, encoded, scores);
      const auto best = static_cast<std::size_t>(
          std::max_element(scores.begin(), scores.begin() + static_cast<std::ptrdiff_t>(classes)) -
          scores.begin());
      if (jsonl) {
        out.write("\"prediction\":");
        write_json_string(out, m.classes[best]);
      } else {
        write_csv_field(out, m.classes[best], delimiter);
      }
      if (flags.proba) {
        for (std::size_t k = 0; k < classes; ++k) {
          if (jsonl) {
            out.write(",");
            write_json_string(out, "proba_" + m.classes[k]);
            out.print(":{}", scores[k]);
          } else {
            out.print(",{}", scores[k]);
          }
        }
      }
    }
    if (explain_count > 0) {
      // Which output's score is explained: the only one, or the predicted class's.
      Eigen::Index output = 0;
      if (m.linear.coef.rows() > 1) {
        output = static_cast<Eigen::Index>(
            std::max_element(scores.begin(),
                             scores.begin() + static_cast<std::ptrdiff_t>(classes)) -
            scores.begin());
      }
      const Explanation e = explain_row(m.linear, output, encoded, explain_count);
      if (jsonl) {
        out.print(",\"score\":{},\"explain\":[", e.score);
        for (std::size_t k = 0; k < e.top.size(); ++k) {
          out.write(k ? ",{\"feature\":" : "{\"feature\":");
          write_json_string(out, encoded_names[e.top[k].first]);
          out.print(",\"contribution\":{}}}", e.top[k].second);
        }
        out.write("]");
      } else {
        out.print(",{}", e.score);
        for (std::size_t k = 0; k < explain_count; ++k) {
          out.write(",");
          if (k < e.top.size()) {
            write_csv_field(out, encoded_names[e.top[k].first], delimiter);
            out.print(",{}", e.top[k].second);
          } else {
            out.write(",");
          }
        }
      }
    }
    out.write(jsonl ? "}\n" : "\n");
  }
  progress.finish();
  out.close();

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto& counters = encoder.counters();
  const std::string summary = fmt::format(
      "predicted {} rows in {:.3f} s ({:.0f} rows/s); {} rows with imputed values; {} unseen "
      "categorical values",
      counters.rows, seconds, seconds > 0 ? static_cast<double>(counters.rows) / seconds : 0.0,
      counters.rows_imputed, counters.unseen_values);
  if (counters.rows_imputed > 0 || counters.unseen_values > 0)
    spdlog::warn("{}", summary);
  else
    spdlog::info("{}", summary);
  if (!flags.stats.empty()) {
    write_file_atomically(flags.stats, counters_json(counters, m, seconds).dump(2) + "\n");
  }
  return kSuccess;
}

}  // namespace

Subcommand add_predict(CLI::App& parent, const GlobalOptions& global) {
  auto flags = std::make_shared<PredictFlags>();
  CLI::App* app =
      parent.add_subcommand("predict", "Stream predictions for CSV rows with a model file");
  app->add_option("-m,--model", flags->model, "The model file")->required()->type_name("MODEL.mlm");
  app->add_option("data", flags->data, "Rows to predict: a CSV file, or - for stdin (default)")
      ->type_name("DATA.csv");
  app->add_option("-o,--output", flags->output, "Where to write predictions (default: stdout)")
      ->type_name("OUT");
  app->add_flag("--proba", flags->proba, "Add a proba_<class> column per class (logistic)");
  app->add_option("--keep", flags->keep, "Comma-separated input columns to copy to the front")
      ->type_name("A,B,...");
  app->add_flag("--no-header", flags->no_header, "Leave out the CSV header line");
  app->add_option("--format", flags->format, "csv or jsonl")
      ->check(CLI::IsMember({"csv", "jsonl"}))
      ->capture_default_str();
  app->add_option("--interval", flags->interval,
                  "Add lower/upper columns of a conformal interval with this coverage (ridge)")
      ->type_name("COVERAGE");
  app->add_option("--explain", flags->explain,
                  "Add the score and its K largest feature contributions (coef x encoded value)")
      ->type_name("K")
      ->check(CLI::Range(1, 100000));
  app->add_option("--stats", flags->stats, "Write the monitoring counters as JSON to FILE")
      ->type_name("FILE");
  add_csv_flags(*app, flags->csv);
  set_examples(
      *app,
      "  mlctl predict -m titanic.mlm data/titanic.csv --proba --keep name\n"
      "  cat new.csv | mlctl predict -m titanic.mlm --format jsonl\n"
      "  mlctl predict -m diabetes.mlm data/diabetes.csv --interval 0.9 -o predictions.csv\n");
  return {app, [flags, &global] { return run_predict(*flags, global); }};
}

}  // namespace mlctl::cli
