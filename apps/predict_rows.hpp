#pragma once
// The per-row work of `mlctl predict`: encode a record, have model::Predictor score it (what a
// prediction and its explanation are is defined there, once), and append its output line (CSV
// or JSONL) to a text buffer. Separate from the command so that a block of records becomes a
// block of text in one call, on whichever thread reads the block.
//
// A RowPredictor is read-only once built and is shared by all threads; each thread brings its
// own Scratch, counters and text buffer.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "csv/reader.hpp"
#include "model/model.hpp"
#include "model/predictor.hpp"
#include "pipeline/row_encoder.hpp"

namespace mlctl::cli {

// What each output line holds, fixed before the first row.
struct PredictLayout {
  bool jsonl = false;
  bool proba = false;
  double half_width = 0.0;              // --interval's, or 0 for no interval columns
  std::size_t explain = 0;              // --explain K
  std::vector<std::size_t> keep;        // field positions of --keep columns
  std::vector<std::string> keep_names;  // their names
};

// RFC 4180 quoting, only where needed (the delimiter is always a comma on output).
void append_csv_field(fmt::memory_buffer& text, std::string_view field);
// A JSON string literal exactly as nlohmann::json::dump (invalid UTF-8 replaced) writes it.
void append_json_string(fmt::memory_buffer& text, std::string_view value);

class RowPredictor {
 public:
  // `model` and `encoder` must outlive the predictor.
  RowPredictor(const model::Model& model, const pipeline::RowEncoder& encoder,
               PredictLayout layout);

  // Buffers one thread needs; reused from row to row so that no row allocates.
  struct Scratch {
    solvers::SparseRow encoded;  // one value per feature, not per encoded column: wide one-hot
                                 // features cost nothing per row
    std::vector<double> scores;
  };
  Scratch new_scratch() const;

  // Predicts records of `reader` until its end (returns false) or until `text` holds at least
  // `flush_at` bytes (returns true). A bad record throws, with `text` holding the lines of
  // every record before it.
  bool predict_rows(csv::Reader& reader, Scratch& scratch, pipeline::EncodingCounters& counters,
                    fmt::memory_buffer& text, std::size_t flush_at) const;

  // Predicts every record of `block`, a Reader of csv::read_blocks: in one pass over its bytes
  // when they are plain (csv/plain_block.hpp), numbers parsed as the fields are found, else by
  // predict_rows. The same lines, counts and error either way.
  void predict_block(csv::Reader& block, Scratch& scratch, pipeline::EncodingCounters& counters,
                     fmt::memory_buffer& text) const;

 private:
  // predict_block's one pass; false when the block must be read by the Reader instead.
  bool predict_plain_block(csv::Reader& block, Scratch& scratch,
                           pipeline::EncodingCounters& counters, fmt::memory_buffer& text) const;
  void append_row(const csv::Row& row, Scratch& scratch, fmt::memory_buffer& text) const;
  void append_explanation(const solvers::SparseRow& encoded, std::size_t predicted,
                          fmt::memory_buffer& text) const;

  const model::Model& model_;
  model::Predictor predictor_;
  const pipeline::RowEncoder& encoder_;
  PredictLayout layout_;
  std::vector<std::size_t> used_fields_;    // the record fields features or --keep read
  std::vector<std::string> keep_keys_;      // jsonl: "\"name\":" per kept column
  std::vector<std::string> labels_;         // per class: the prediction as written
  std::vector<std::string> proba_keys_;     // jsonl: ",\"proba_<class>\":" per class
  std::vector<std::string> encoded_names_;  // --explain: as written (quoted where needed)
};

class Progress;  // progress.hpp

// Where the output lines go, in input order, a chunk at a time.
using TextSink = std::function<void(std::string_view chunk)>;

// Predicts every record of `reader` after its header and hands the lines to `write`: on this
// thread, or with `threads` above 1 block by block on worker threads (csv::read_blocks; an
// input of one block is read on this thread all the same), with the same bytes either way. A
// bad record throws once the lines of every record before it are written.
void predict_all(const RowPredictor& predictor, csv::Reader& reader, unsigned threads,
                 const TextSink& write, pipeline::EncodingCounters& counters, Progress& progress);

}  // namespace mlctl::cli
