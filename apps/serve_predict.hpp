#pragma once
// `POST /predict` of `mlctl serve`, apart from HTTP: a request body of CSV (or JSON Lines) rows
// becomes exactly the bytes `mlctl predict` writes for the same rows and flags, through the
// same reader, encoder and RowPredictor; an error becomes the status and the one-line message
// of the CLI.

#include <cstdint>
#include <string>
#include <string_view>

#include "model/model.hpp"
#include "serve/query.hpp"

namespace mlctl::cli {

struct PredictReply {
  int status = 200;  // 200; 400 malformed body or bad choice; 422 missing columns
  std::string body;  // the predictions, or the message and a newline
  std::uint64_t rows = 0;
  std::uint64_t rows_imputed = 0;  // as predict --stats counts them
  std::uint64_t unseen_values = 0;
};

// The body's name in messages, where predict names its file or "<stdin>".
inline constexpr std::string_view kBodyName = "<body>";

PredictReply predict_body(const model::Model& model, const serve::PredictQuery& query,
                          std::string_view body);

// The same for a JSON Lines body (serve/jsonl_rows.hpp): the rows take predict_body's path and
// the answer is JSON Lines whatever ?format= says. Messages name the body's line (a line that
// is not a JSON object of values: 400), and for a value, its column. No rows: 200, no lines.
PredictReply predict_jsonl_body(const model::Model& model, serve::PredictQuery query,
                                std::string_view body);

// predict_body for CSV the server wrote itself from JSON (the V2 protocol's tensors): read as
// comma-separated with a decimal point and a header, whatever dialect the model recorded.
PredictReply predict_written_csv(const model::Model& model, const serve::PredictQuery& query,
                                 std::string_view csv);

}  // namespace mlctl::cli
