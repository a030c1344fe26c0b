#pragma once
// A JSON Lines body of `POST /predict` (Content-Type: application/x-ndjson) as the CSV rows
// `mlctl predict` reads: one JSON object per line, its keys the column names, its values
// numbers, strings, booleans or null. The rows then take predict's own path (reader, encoder,
// RowPredictor), so a JSON Lines request gets exactly the predictions of the same rows as CSV.
//
// The CSV is written, not the client's: comma, decimal point, a header of every key in the
// order first seen. A key a line lacks, and null, is an empty field: a missing value, imputed
// as in a CSV file. Numbers keep the text they were sent as (1.50 stays 1.50, as in a CSV
// cell); strings are quoted where CSV needs it. Parsed with nlohmann::json's SAX interface,
// straight into CSV fields, without a document per line (docs/serve.md has the measurement).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace mlctl::serve {

struct JsonlRows {
  std::string csv;                       // header line, then one line per record
  std::vector<std::string> columns;      // the header's names, in order
  std::vector<std::uint64_t> csv_line;   // per record: the CSV line it starts on (from 2)
  std::vector<std::uint64_t> body_line;  // per record: its line in the body (from 1)

  // Where an error the CSV reader or the encoder reported at `where` (a CSV line) is in the
  // body: the record's body line, named `name`, without a column (the messages name the
  // column). The header's line (1) or none maps to the body as a whole.
  Location body_location(const Location& where, const std::string& name) const;
};

// Throws Error(data) at `name`:LINE(:COLUMN) for a line that is not a JSON object of such
// values: not JSON (the column is the byte of the line where parsing failed), not an object,
// a nested array or object, a key given twice. Blank lines are skipped; a body of no records
// gives a header-only CSV (an empty header when there are no keys at all).
JsonlRows jsonl_rows(std::string_view body, const std::string& name);

}  // namespace mlctl::serve
