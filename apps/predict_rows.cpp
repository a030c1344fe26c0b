#include "predict_rows.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <iterator>
#include <limits>
#include <utility>

#include <fmt/compile.h>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "csv/block_reader.hpp"
#include "csv/plain_block.hpp"
#include "progress.hpp"

namespace mlctl::cli {
namespace {

// Shortest round-trip text of a double, as fmt's "{}" writes it; compiled, so no format string
// is parsed per value.
void append_number(fmt::memory_buffer& text, double value) {
  fmt::format_to(fmt::appender(text), FMT_COMPILE("{}"), value);
}

void append(fmt::memory_buffer& text, std::string_view part) {
  text.append(part.data(), part.data() + part.size());
}

std::string csv_field(std::string_view field) {
  fmt::memory_buffer text;
  append_csv_field(text, field);
  return fmt::to_string(text);
}

std::string json_string(std::string_view value) {
  fmt::memory_buffer text;
  append_json_string(text, value);
  return fmt::to_string(text);
}

}  // namespace

void append_csv_field(fmt::memory_buffer& text, std::string_view field) {
  const bool plain = std::none_of(field.begin(), field.end(), [](char c) {
    return c == ',' || c == '"' || c == '\n' || c == '\r';
  });
  if (plain) {
    append(text, field);
    return;
  }
  text.push_back('"');
  for (const char c : field) {
    if (c == '"') text.push_back('"');
    text.push_back(c);
  }
  text.push_back('"');
}

void append_json_string(fmt::memory_buffer& text, std::string_view value) {
  // Printable ASCII without quote or backslash is written as it is; anything else (escapes,
  // UTF-8 and its validation) goes to nlohmann::json, whose output this must equal.
  const bool plain = std::all_of(value.begin(), value.end(), [](char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (plain) {
    text.push_back('"');
    append(text, value);
    text.push_back('"');
    return;
  }
  append(text, nlohmann::json(std::string(value))
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

RowPredictor::RowPredictor(const model::Model& model, const pipeline::RowEncoder& encoder,
                           PredictLayout layout)
    : model_(model),
      predictor_(model),
      encoder_(encoder),
      layout_(std::move(layout)),
      used_fields_(encoder.field_positions()) {
  used_fields_.insert(used_fields_.end(), layout_.keep.begin(), layout_.keep.end());
  for (const auto& name : layout_.keep_names) keep_keys_.push_back(json_string(name) + ":");
  for (const auto& cls : model_.classes) {
    labels_.push_back(layout_.jsonl ? json_string(cls) : csv_field(cls));
    proba_keys_.push_back("," + json_string("proba_" + cls) + ":");
  }
  if (layout_.explain > 0) {
    for (const auto& name : model_.pipeline.encoded_names()) {
      encoded_names_.push_back(layout_.jsonl ? json_string(name) : csv_field(name));
    }
  }
}

RowPredictor::Scratch RowPredictor::new_scratch() const {
  Scratch scratch;
  scratch.encoded.reserve(model_.pipeline.features().size());
  scratch.scores.resize(predictor_.score_count());
  return scratch;
}

bool RowPredictor::predict_rows(csv::Reader& reader, Scratch& scratch,
                                pipeline::EncodingCounters& counters, fmt::memory_buffer& text,
                                std::size_t flush_at) const {
  csv::Row row;
  while (text.size() < flush_at) {
    if (!reader.next(row)) return false;
    encoder_.encode_sparse(row, reader, scratch.encoded, counters);
    append_row(row, scratch, text);
  }
  return true;
}

namespace {

// Receives the fields of csv::read_plain_records: a record's fields as they come, handed to
// `record` at its end. Field i is column i (the fields no one reads are skipped).
template <class Record>
struct PlainRecords {
  std::vector<std::string_view> fields;
  std::vector<double> numbers;
  std::vector<std::uint8_t> is_number;
  Record record;  // (const csv::Row&, pipeline::ParsedNumbers)

  void number(int column, double value, std::string_view text, std::uint64_t) {
    const auto i = static_cast<std::size_t>(column);
    fields[i] = text;
    numbers[i] = value;
    is_number[i] = 1;
  }
  void field(int column, std::string_view text, std::uint64_t) {
    const auto i = static_cast<std::size_t>(column);
    fields[i] = text;
    is_number[i] = 0;
  }
  void end_record(std::uint64_t line) { record({fields, line}, {numbers, is_number}); }
};

}  // namespace

void RowPredictor::predict_block(csv::Reader& block, Scratch& scratch,
                                 pipeline::EncodingCounters& counters,
                                 fmt::memory_buffer& text) const {
  const std::size_t text_size = text.size();
  const pipeline::EncodingCounters counted = counters;
  if (predict_plain_block(block, scratch, counters, text)) return;
  // Thrown away: the Reader reads the block again from its first record.
  text.resize(text_size);
  counters = counted;
  predict_rows(block, scratch, counters, text, std::numeric_limits<std::size_t>::max());
}

bool RowPredictor::predict_plain_block(csv::Reader& block, Scratch& scratch,
                                       pipeline::EncodingCounters& counters,
                                       fmt::memory_buffer& text) const {
  const auto plain = csv::plain_block(block);
  if (!plain) return false;
  std::vector<int> column_of_field(plain->fields, -1);
  for (const std::size_t i : used_fields_) column_of_field[i] = static_cast<int>(i);
  const auto record = [&](const csv::Row& row, pipeline::ParsedNumbers numbers) {
    encoder_.encode_sparse(row, numbers, block, scratch.encoded, counters);
    append_row(row, scratch, text);
  };
  PlainRecords<decltype(record)> sink{std::vector<std::string_view>(plain->fields),
                                      std::vector<double>(plain->fields),
                                      std::vector<std::uint8_t>(plain->fields), record};
  const auto rows = csv::read_plain_records(*plain, column_of_field, sink);
  if (!rows) return false;
  csv::finish_plain_block(block, *rows);
  return true;
}

void RowPredictor::append_row(const csv::Row& row, Scratch& scratch,
                              fmt::memory_buffer& text) const {
  const bool jsonl = layout_.jsonl;
  if (jsonl) text.push_back('{');
  for (std::size_t k = 0; k < layout_.keep.size(); ++k) {
    const std::string_view value = row.fields[layout_.keep[k]];
    if (jsonl) {
      append(text, keep_keys_[k]);
      append_json_string(text, value);
    } else {
      append_csv_field(text, value);
    }
    text.push_back(',');
  }
  const std::vector<double>& scores = scratch.scores;
  const std::size_t best = predictor_.score(scratch.encoded, scratch.scores);
  if (jsonl) append(text, "\"prediction\":");
  if (!model_.is_classifier()) {
    const double y = scores[0];
    append_number(text, y);
    if (layout_.half_width > 0.0) {
      append(text, jsonl ? ",\"lower\":" : ",");
      append_number(text, y - layout_.half_width);
      append(text, jsonl ? ",\"upper\":" : ",");
      append_number(text, y + layout_.half_width);
    }
  } else {
    append(text, labels_[best]);
    if (layout_.proba) {
      for (std::size_t k = 0; k < scores.size(); ++k) {
        if (jsonl)
          append(text, proba_keys_[k]);
        else
          text.push_back(',');
        append_number(text, scores[k]);
      }
    }
  }
  if (layout_.explain > 0) append_explanation(scratch.encoded, best, text);
  append(text, jsonl ? "}\n" : "\n");
}

void RowPredictor::append_explanation(const solvers::SparseRow& encoded, std::size_t predicted,
                                      fmt::memory_buffer& text) const {
  const model::Explanation e = predictor_.explain(encoded, predicted, layout_.explain);
  if (layout_.jsonl) {
    append(text, ",\"score\":");
    append_number(text, e.score);
    append(text, ",\"explain\":[");
    for (std::size_t k = 0; k < e.top.size(); ++k) {
      append(text, k ? ",{\"feature\":" : "{\"feature\":");
      append(text, encoded_names_[e.top[k].first]);
      append(text, ",\"contribution\":");
      append_number(text, e.top[k].second);
      text.push_back('}');
    }
    text.push_back(']');
    return;
  }
  text.push_back(',');
  append_number(text, e.score);
  for (std::size_t k = 0; k < layout_.explain; ++k) {
    text.push_back(',');
    if (k < e.top.size()) {
      append(text, encoded_names_[e.top[k].first]);
      text.push_back(',');
      append_number(text, e.top[k].second);
    } else {
      text.push_back(',');
    }
  }
}

namespace {

// Output is handed to the sink in chunks of about this size.
constexpr std::size_t kChunkBytes = 1 << 16;

// One thread: rows stream through one buffer, written every kChunkBytes.
void predict_sequentially(const RowPredictor& predictor, csv::Reader& reader, const TextSink& write,
                          pipeline::EncodingCounters& counters, Progress& progress) {
  RowPredictor::Scratch scratch = predictor.new_scratch();
  fmt::memory_buffer text;
  try {
    while (predictor.predict_rows(reader, scratch, counters, text, kChunkBytes)) {
      write({text.data(), text.size()});
      text.clear();
      progress.update(reader.progress());
    }
  } catch (const Error&) {
    // The rows before the bad one are predictions like any other: out they go, then the error.
    write({text.data(), text.size()});
    throw;
  }
  write({text.data(), text.size()});
}

// What a worker makes of one block: its output lines, its counts, and the error that ended it
// early, if one did (raised only once the lines before it are written, as sequentially).
struct BlockOutput {
  fmt::memory_buffer text;
  pipeline::EncodingCounters counters;
  std::exception_ptr error;
};

// Several threads: each block of records becomes a block of text on a worker; the blocks are
// written in input order on this thread. The model, encoder and predictor are shared read-only.
void predict_in_parallel(const RowPredictor& predictor, csv::Reader& reader, unsigned threads,
                         const TextSink& write, pipeline::EncodingCounters& counters,
                         Progress& progress) {
  const pipeline::EncodingCounters zero = counters;  // sized for the features, all 0
  csv::read_blocks<BlockOutput>(
      reader, threads,
      [&](csv::Reader& block) {
        BlockOutput result;
        result.counters = zero;
        // Scratch per block rather than per thread: a few small vectors per block of 1 MiB.
        RowPredictor::Scratch scratch = predictor.new_scratch();
        try {
          predictor.predict_block(block, scratch, result.counters, result.text);
        } catch (const Error&) {
          result.error = std::current_exception();
        }
        return result;
      },
      [&](BlockOutput&& result) {
        write({result.text.data(), result.text.size()});
        counters.add(result.counters);
        if (result.error) std::rethrow_exception(result.error);
      },
      [&](const csv::ReadProgress& read) { progress.update(read); });
}

}  // namespace

void predict_all(const RowPredictor& predictor, csv::Reader& reader, unsigned threads,
                 const TextSink& write, pipeline::EncodingCounters& counters, Progress& progress) {
  // Sequentially only what read_blocks would hand over whole: a pipe is then predicted as it
  // comes, in chunks of kChunkBytes, rather than a block at a time.
  if (csv::reads_in_blocks(reader, threads))
    predict_in_parallel(predictor, reader, threads, write, counters, progress);
  else
    predict_sequentially(predictor, reader, write, counters, progress);
}

}  // namespace mlctl::cli
