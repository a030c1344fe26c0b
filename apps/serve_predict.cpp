#include "serve_predict.hpp"

#include <limits>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "common/error.hpp"
#include "csv/reader.hpp"
#include "model_reading.hpp"
#include "pipeline/row_encoder.hpp"
#include "predict_columns.hpp"
#include "predict_rows.hpp"
#include "serve/jsonl_rows.hpp"

namespace mlctl::cli {
namespace {

// An error answer: one line, the message's own line breaks (a field's value quoted in it may
// hold one) written as \n and \r.
std::string one_line(const std::string& message) {
  std::string line;
  for (const char c : message) {
    if (c == '\n') {
      line += "\\n";
    } else if (c == '\r') {
      line += "\\r";
    } else {
      line += c;
    }
  }
  return line + "\n";
}

// predict's path over a CSV body read with `options`. `from_jsonl`: the CSV the server wrote
// from a JSON Lines body, whose messages name the client's lines.
PredictReply predict_csv(const model::Model& model, const serve::PredictQuery& query,
                         std::string_view body, csv::ReaderOptions options,
                         const serve::JsonlRows* from_jsonl) {
  // Read as predict reads a file (the same dialect detection, limits and messages), from memory.
  const std::string name(kBodyName);
  // The message as the CLI words it, the body named where predict names its input.
  const auto refuse = [&](int status, const Error& e) -> PredictReply {
    Location where = e.where();
    if (where.file == name && from_jsonl != nullptr) where = from_jsonl->body_location(where, name);
    return {status, one_line(format_error(e.message(), where)), 0, 0, 0};
  };
  try {
    const double half_width =
        query.interval > 0.0 ? model::conformal_half_width(model, query.interval) : 0.0;
    csv::Reader reader(csv::MemoryInput{body, name}, std::move(options));
    // Columns the model needs that the body lacks: 422, every one named (the encoder's message).
    std::optional<pipeline::RowEncoder> encoder;
    Columns columns;
    try {
      encoder.emplace(model.pipeline, reader.header(), reader.display_name());
      columns = output_columns(model, {query.keep, false, 0.0, 0}, reader.header(),
                               reader.display_name());
    } catch (const Error& e) {
      return refuse(422, e);
    }
    columns = output_columns(model, {query.keep, query.proba, query.interval, query.explain},
                             reader.header(), reader.display_name());
    PredictReply reply;
    fmt::memory_buffer text;
    if (!query.jsonl) append_header(text, columns);
    const RowPredictor predictor(
        model, *encoder,
        {query.jsonl, query.proba, half_width, static_cast<std::size_t>(query.explain),
         std::move(columns.keep), std::move(columns.keep_names)});
    RowPredictor::Scratch scratch = predictor.new_scratch();
    pipeline::EncodingCounters counters = encoder->new_counters();
    predictor.predict_rows(reader, scratch, counters, text,
                           std::numeric_limits<std::size_t>::max());
    reply.body.assign(text.data(), text.size());
    reply.rows = counters.rows;
    reply.rows_imputed = counters.rows_imputed;
    reply.unseen_values = counters.unseen_values;
    return reply;
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::io || e.kind() == ErrorKind::internal) throw;
    return refuse(400, e);
  }
}

// How to read a CSV the server wrote from JSON: comma, decimal point, a header, whatever the
// model was trained on (a TSV, a decimal comma); its missing-value tokens and trimming still
// apply, to string values as to CSV cells.
csv::ReaderOptions written_csv_options(const model::Model& model) {
  csv::ReaderOptions options = model_reader_options(CsvFlags{}, model, true);
  options.delimiter = ',';
  options.decimal = '.';
  options.header = true;
  options.columns.clear();
  return options;
}

}  // namespace

PredictReply predict_body(const model::Model& model, const serve::PredictQuery& query,
                          std::string_view body) {
  return predict_csv(model, query, body, model_reader_options(CsvFlags{}, model, true), nullptr);
}

PredictReply predict_jsonl_body(const model::Model& model, serve::PredictQuery query,
                                std::string_view body) {
  const std::string name(kBodyName);
  serve::JsonlRows rows;
  try {
    rows = serve::jsonl_rows(body, name);
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::data) throw;
    return {400, one_line(e.what()), 0, 0, 0};
  }
  query.jsonl = true;
  if (rows.body_line.empty()) return {};  // no rows, no predictions
  if (rows.columns.empty()) {
    // Only empty objects: every feature is missing (the encoder's message names them).
    try {
      pipeline::RowEncoder encoder(model.pipeline, {}, name);
    } catch (const Error& e) {
      return {422, one_line(format_error(e.message(), {name, 0, 0})), 0, 0, 0};
    }
  }
  return predict_csv(model, query, rows.csv, written_csv_options(model), &rows);
}

PredictReply predict_written_csv(const model::Model& model, const serve::PredictQuery& query,
                                 std::string_view csv) {
  return predict_csv(model, query, csv, written_csv_options(model), nullptr);
}

}  // namespace mlctl::cli
