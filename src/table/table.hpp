#pragma once
// The training data in memory, column by column, as read from CSV: numbers as doubles (NaN for
// missing), strings dictionary-encoded (one copy per distinct value). This is the raw input, not
// the encoded design matrix: one-hot expansion happens block by block when a solver asks.

#include <cstdint>
#include <functional>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/spill_allocator.hpp"

namespace mlctl::csv {
class Reader;
struct ReadProgress;
}  // namespace mlctl::csv

namespace mlctl::table {

enum class ColumnType { numeric, categorical };

// Per-row storage: on the heap, or spilled to a temporary file past a memory limit
// (common/spill_arena.hpp, read_table's `arena`); new elements are left unwritten on resize().
template <class T>
using RowVector = std::vector<T, SpillAllocator<T>>;

using Numbers = RowVector<double>;
using Codes = RowVector<std::int32_t>;
using Lines = RowVector<std::uint64_t>;

const char* to_string(ColumnType type);

struct Column {
  std::string name;
  ColumnType type = ColumnType::numeric;
  Numbers numbers;                  // numeric: one per row, NaN = missing
  Codes codes;                      // categorical: index into labels, -1 = missing
  std::vector<std::string> labels;  // categorical: distinct values in order of first appearance
  // Why a column is categorical: the first value that is not a finite number, and its line.
  std::string first_non_number;
  std::uint64_t first_non_number_line = 0;

  bool is_missing(std::size_t row) const;
  std::size_t missing_count() const;
  std::size_t distinct_count() const;  // among non-missing values
  // The value of a row as text ("" when missing); numbers in shortest round-trip form.
  std::string text(std::size_t row) const;
};

struct Table {
  std::vector<Column> columns;
  Lines lines;         // the CSV line of each row, for messages
  std::string source;  // display name of the input (of its first file, for several)
  // Rows read from several files (table/share_table.hpp): the rows from `first_row` on, up to
  // the next part's, come from `source`; the line numbers in `lines` are that file's. Empty:
  // every row is from `source` above.
  struct Part {
    std::size_t first_row = 0;
    std::string source;
  };
  std::vector<Part> parts;
  std::uint64_t input_bytes = 0;
  std::uint64_t input_hash = 0;  // xxh3-64 of the input's bytes

  std::size_t rows() const { return lines.size(); }
  // The file `row` was read from (for a message with its line).
  const std::string& source_of(std::size_t row) const;
  // Where the per-row storage lives (read_table's arena; null: the heap). Per-row vectors made
  // for this table (a fit's targets, its splits) take their memory from it too.
  SpillArena* arena() const { return lines.get_allocator().arena(); }
  // Throws Error(usage) naming the column and the file when there is no such column.
  const Column& column(std::string_view name) const;
  const Column* find(std::string_view name) const;
};

// Types declared by the user (train's --categorical and --numeric, a model's stored reading
// settings): they win over inference. A declared column that is not in the data is an error.
struct DeclaredTypes {
  std::vector<std::string> categorical;
  std::vector<std::string> numeric;
};

// Reads every record of `reader`, keeping the columns named in `keep` (all when empty).
// Types are inferred per column from all its values: numeric when every non-missing value parses
// as a finite number, else categorical, every value a label exactly as written ("02134", "1.0"
// and "1" are three labels), however many values before the first non-number looked like
// numbers. To get their text, a file is read a second time up to the last such value, and the
// numbers read from a pipe keep their text until the read ends (table/column_builder.hpp).
// `declared` wins over inference: a declared categorical column is text from its first value;
// a value of a declared numeric column that is not a number is Error(data) naming the file,
// line, column and value. A declared name that is not in the header is Error(usage).
// `progress`, when set, is called every few thousand rows (the caller shows how far it got).
// With `threads` > 1 the input is parsed in blocks on that many threads (csv/block_reader.hpp);
// the Table is the same, column for column, label for label, as the sequential read's.
// With `arena`, the per-row storage (numbers, codes, lines) comes from it: past its budget, from
// temporary files (common/spill_arena.hpp), so the table may be larger than memory. The arena
// must outlive the Table.
Table read_table(csv::Reader& reader, const std::vector<std::string>& keep = {},
                 const std::function<void(const csv::ReadProgress&)>& progress = {},
                 unsigned threads = 1, const DeclaredTypes& declared = {},
                 SpillArena* arena = nullptr);

}  // namespace mlctl::table
