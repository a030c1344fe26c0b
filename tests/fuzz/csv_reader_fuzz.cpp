// The CSV reader and type inference (csv::Reader, table::read_table) on arbitrary bytes. The
// first byte picks the block size, the delimiter and small limits, so buffer refills, field
// boundaries across blocks and the limit errors are all reached. A last byte 0xA0-0xBF also
// picks dialect options (--trim, --decimal ,, --delimiter auto or '|', headerless input); any
// other leaves the default dialect. Input starting with gzip's or zstd's bytes is decompressed.
// The same bytes are read from memory too (csv::MemoryInput), and in tiny blocks on two threads
// (csv/block_reader.hpp: the record cutter, and plain or quoted blocks read in one pass by
// csv/plain_block.hpp), which must each give the same table or the same refusal.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "csv/reader.hpp"
#include "fuzz_support.hpp"
#include "table/table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t knobs = data[0];
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  mlctl::fuzz::MemFile file(bytes);

  mlctl::csv::ReaderOptions options;
  constexpr std::size_t kBlocks[] = {1 << 20, 1, 7, 4096};
  options.block_size = kBlocks[knobs & 3u];
  constexpr char kDelimiters[] = {'\0', ',', ';', '\t'};
  options.delimiter = kDelimiters[(knobs >> 2) & 3u];
  if (knobs & 0x10u) options.max_field_bytes = 16;
  if (knobs & 0x20u) options.max_columns = 4;
  if (knobs & 0x40u) options.extra_na = {"?", "-"};
  options.hash_input = (knobs & 0x80u) != 0;
  const auto last = static_cast<std::uint8_t>(data[size - 1]);
  if (size >= 2 && (last & 0xE0u) == 0xA0u) {
    options.trim = (last & 1u) != 0;
    if (last & 2u) options.decimal = ',';
    if (last & 4u) options.delimiter = (last & 8u) ? '|' : mlctl::csv::kSniffDelimiter;
    if (last & 0x10u) {
      options.header = false;
      options.columns = {"a", "b", "c"};
    }
  }

  // The table as text, or the refusal's message: what the file and the same bytes in memory
  // (MemoryInput, as `mlctl serve` reads a body) must agree on.
  const auto outcome = [&](const auto& open, unsigned threads = 1) {
    std::string seen;
    try {
      mlctl::csv::Reader reader = open();
      const auto table = mlctl::table::read_table(reader, {}, {}, threads);
      // Every row has every column, and the text of each value can be formed.
      for (const auto& column : table.columns) {
        const std::size_t n = column.type == mlctl::table::ColumnType::numeric
                                  ? column.numbers.size()
                                  : column.codes.size();
        if (n != table.rows()) std::abort();
        for (std::size_t r = 0; r < n; ++r) seen += column.text(r) + '\x1f';
        (void)column.missing_count();
        (void)column.distinct_count();
      }
      seen += std::to_string(reader.input_hash());
    } catch (const mlctl::Error& e) {
      // A refusal is the expected outcome of most fuzzed bytes; an internal error is a bug.
      if (e.kind() == mlctl::ErrorKind::internal) std::abort();
      seen = "refused: " + e.message() + " at line " + std::to_string(e.where().line) + ", field " +
             std::to_string(e.where().column);
    }
    return seen;
  };
  const std::string from_file = outcome([&] { return mlctl::csv::Reader(file.path(), options); });
  const std::string from_memory = outcome([&] {
    return mlctl::csv::Reader(mlctl::csv::MemoryInput{bytes, "body"}, options);
  });
  if (from_file != from_memory) std::abort();
  mlctl::csv::ReaderOptions in_blocks = options;
  in_blocks.parallel_block_size = (knobs & 1u) ? 7 : 64;
  const std::string from_blocks =
      outcome([&] { return mlctl::csv::Reader(file.path(), in_blocks); }, 2);
  if (from_file != from_blocks) std::abort();
  return 0;
}
