#pragma once
// Helpers for the CSV reader's unit tests: inputs written to temporary files or fed to stdin
// through a pipe, whole-file reads repeated at tiny block sizes, the error a read ends with, and
// decimal texts for the parsers.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <unistd.h>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "csv/reader.hpp"

// Vectors of strings, numbers and rows print as {a, b, ...} in failure reports.
namespace doctest {
template <typename T>
struct StringMaker<std::vector<T>> {
  static String convert(const std::vector<T>& values) {
    String text = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) text += ", ";
      text += toString(values[i]);
    }
    return text + "}";
  }
};
}  // namespace doctest

namespace mlctl::csv::testing {

// Block sizes that make records, quotes, CRLFs and the BOM straddle reads, plus the default.
inline const std::vector<std::size_t> kBlockSizes = {1, 2, 3, 7, ReaderOptions{}.block_size};

// A file in a fresh temporary directory, removed with its directory.
// Puts `fd` on stdin for the lifetime of the object.
class StdinFrom {
 public:
  explicit StdinFrom(int fd) : saved_(::dup(STDIN_FILENO)) {
    REQUIRE(saved_ >= 0);
    REQUIRE(::dup2(fd, STDIN_FILENO) == STDIN_FILENO);
  }
  ~StdinFrom() {
    ::dup2(saved_, STDIN_FILENO);
    ::close(saved_);
  }
  StdinFrom(const StdinFrom&) = delete;
  StdinFrom& operator=(const StdinFrom&) = delete;

 private:
  int saved_;
};

// `content` on stdin through a pipe, written by a thread in writes of at most `chunk` bytes: input
// with no size whose reads come up short. Stdin comes back, and the writer ends, with the object.
class StdinPipe {
 public:
  explicit StdinPipe(std::string content,
                     std::size_t chunk = std::numeric_limits<std::size_t>::max())
      : content_(std::move(content)) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    writer_ = std::thread([this, fd = fds[1], chunk] {
      std::size_t done = 0;
      while (done < content_.size()) {
        const auto n = ::write(fd, content_.data() + done, std::min(chunk, content_.size() - done));
        if (n <= 0) break;  // the reader stopped early and closed its end
        done += static_cast<std::size_t>(n);
      }
      ::close(fd);
    });
    redirect_.emplace(fds[0]);
    ::close(fds[0]);
  }
  ~StdinPipe() {
    redirect_.reset();  // closes the read end, so that a writer still blocked gets EPIPE
    writer_.join();
  }
  StdinPipe(const StdinPipe&) = delete;
  StdinPipe& operator=(const StdinPipe&) = delete;

 private:
  std::string content_;
  std::thread writer_;
  std::optional<StdinFrom> redirect_;
};

class TempFile {
 public:
  explicit TempFile(std::string_view content, const std::string& name = "input.csv") {
    std::string pattern = (std::filesystem::temp_directory_path() / "mlctl-csv-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    dir_ = pattern;
    path_ = (dir_ / name).string();
    std::ofstream out(path_, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    REQUIRE(out.good());
  }
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::filesystem::path dir_;
  std::string path_;
};

struct Parsed {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::uint64_t> lines;
};

// Every record of `reader` (none read yet), with its header.
inline Parsed read_all(Reader& reader) {
  Parsed parsed{reader.header(), {}, {}};
  Row row;
  while (reader.next(row)) {
    REQUIRE(row.fields.size() == parsed.header.size());
    parsed.rows.emplace_back(row.fields.begin(), row.fields.end());
    parsed.lines.push_back(row.line);
  }
  CHECK(reader.rows_read() == parsed.rows.size());
  return parsed;
}

inline Parsed read_all(const std::string& path, ReaderOptions options = {}) {
  Reader reader(path, options);
  return read_all(reader);
}

// Reads `content` at every block size in kBlockSizes and checks the outcome is `expected`.
inline void check_parse(std::string_view content, const Parsed& expected,
                        ReaderOptions options = {}, const std::string& name = "input.csv") {
  const TempFile file(content, name);
  for (const std::size_t block : kBlockSizes) {
    CAPTURE(block);
    options.block_size = block;
    const Parsed got = read_all(file.path(), options);
    CHECK(got.header == expected.header);
    CHECK(got.rows == expected.rows);
    CHECK(got.lines == expected.lines);
  }
}

// The error that opening and reading all of `path` ends with; fails the test if there is none.
inline std::optional<Error> error_of(const std::string& path, ReaderOptions options = {}) {
  try {
    Reader reader(path, options);
    Row row;
    while (reader.next(row)) {
    }
  } catch (const Error& error) {
    return error;
  }
  FAIL_CHECK("no error for " << path);
  return std::nullopt;
}

// Checks that `error` is a data error with this message, naming this file, line and column.
inline void check_data_error(const std::optional<Error>& error, const std::string& message,
                             const std::string& file, std::uint64_t line, std::uint64_t column) {
  REQUIRE(error.has_value());
  CHECK(error->kind() == ErrorKind::data);
  CHECK(error->message() == message);
  CHECK(error->where().file == file);
  CHECK(error->where().line == line);
  CHECK(error->where().column == column);
}

// Checks that reading `content` fails with exactly this data error at every block size.
inline void check_error(std::string_view content, const std::string& message, std::uint64_t line,
                        std::uint64_t column, ReaderOptions options = {}) {
  const TempFile file(content);
  for (const std::size_t block : kBlockSizes) {
    CAPTURE(block);
    options.block_size = block;
    check_data_error(error_of(file.path(), options), message, file.path(), line, column);
  }
}

// Checks the progress calls of a sequential read of `input_bytes` bytes and 40000 rows: one
// every 16384 rows (csv::kProgressEveryRows), with the reader's growing byte counts.
inline void check_progress_of_40000_rows(const std::vector<ReadProgress>& calls,
                                         std::size_t input_bytes) {
  REQUIRE(calls.size() == 2);
  CHECK(calls[0].rows == 16384);
  CHECK(calls[1].rows == 32768);
  CHECK(calls[0].total_bytes == input_bytes);
  CHECK(calls[0].bytes > 0);
  CHECK(calls[0].bytes <= calls[1].bytes);
  CHECK(calls[1].bytes <= input_bytes);
}

// Decimal texts for the number parsers' tests, from a fixed seed: `digits` digits with the
// point anywhere (or not at all), signed or not, a third with an exponent (e or E, signed or
// not, 0 to 29). A valid number for from_chars whenever it has a digit.
class DecimalWalk {
 public:
  explicit DecimalWalk(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
    return state_ >> 33;
  }

  std::string decimal(std::uint64_t min_digits, std::uint64_t max_digits) {
    std::string text = next() % 2 ? "-" : "";
    const auto digits = min_digits + next() % (max_digits - min_digits + 1);
    const auto point = next() % (digits + 2);
    for (std::uint64_t d = 0; d < digits; ++d) {
      if (d == point) text += '.';
      text += static_cast<char>('0' + next() % 10);
    }
    if (next() % 3 == 0) {
      text += next() % 2 ? 'e' : 'E';
      text += next() % 3 == 0 ? "-" : (next() % 2 ? "+" : "");
      text += std::to_string(next() % 30);
    }
    return text;
  }

 private:
  std::uint64_t state_;
};

// `options` reading an input in blocks of `bytes` (csv::read_blocks' blocks: many for a small
// test file), its reads at most 256 bytes at a time.
inline ReaderOptions blocks_of(std::size_t bytes, ReaderOptions options = {}) {
  options.block_size = std::min<std::size_t>(bytes, 256);
  options.parallel_block_size = bytes;
  return options;
}

}  // namespace mlctl::csv::testing
