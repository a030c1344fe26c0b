// One input's bytes, counted and hashed (csv/input.hpp).

#include <string>

#include <doctest/doctest.h>
#include <xxhash.h>

#include "common/error.hpp"
#include "compress_support.hpp"
#include "csv/byte_source.hpp"
#include "csv/input.hpp"
#include "csv_test_support.hpp"

using mlctl::csv::Input;
using mlctl::csv::testing::gzip_of;
using mlctl::csv::testing::TempFile;

namespace {

// Everything `input` gives, `step` bytes at a time.
std::string read_all(Input& input, std::size_t step) {
  std::string all;
  std::string chunk(step, '\0');
  for (std::size_t n; (n = input.read(chunk.data(), step)) > 0;) all.append(chunk, 0, n);
  return all;
}

}  // namespace

TEST_CASE("input: reads every byte, counts and hashes them, then gives 0 for good") {
  const std::string text = "a,b\n1,2\n3,4\n";
  const TempFile file(text);
  Input input(file.path(), true);
  CHECK(input.display_name() == file.path());
  CHECK(input.total_bytes() == text.size());
  CHECK_FALSE(input.compressed());
  CHECK(read_all(input, 5) == text);
  CHECK(input.bytes_read() == text.size());
  CHECK(input.progress_bytes() == text.size());
  CHECK(input.hash() == XXH3_64bits(text.data(), text.size()));
  char byte = 0;
  CHECK(input.read(&byte, 1) == 0);
}

TEST_CASE("input: no hash unless asked for") {
  const TempFile file("a\n1\n");
  Input input(file.path(), false);
  read_all(input, 64);
  CHECK(input.bytes_read() == 4);
  CHECK(input.hash() == 0);
}

TEST_CASE("input: compressed input counts the data, and the stored bytes for progress") {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "1,2,3\n";
  const std::string stored = gzip_of(text);
  const TempFile file(stored, "input.csv.gz");
  Input input(file.path(), true);
  CHECK(input.compressed());
  CHECK(read_all(input, 1000) == text);
  CHECK(input.bytes_read() == text.size());
  CHECK(input.hash() == XXH3_64bits(text.data(), text.size()));
  CHECK(input.total_bytes() == stored.size());
  CHECK(input.progress_bytes() == stored.size());
}

TEST_CASE("input: a missing file is an io error") {
  CHECK_THROWS_AS(Input("/nonexistent/mlctl/input.csv", false), mlctl::Error);
}

TEST_CASE("byte source: a small file's buffer is its size in whole 4 KiB pages") {
  using mlctl::csv::whole_pages;
  CHECK(whole_pages(0) == 0);
  CHECK(whole_pages(1) == 4096);
  CHECK(whole_pages(270) == 4096);
  CHECK(whole_pages(4096) == 4096);
  CHECK(whole_pages(4097) == 8192);
  CHECK(whole_pages(1u << 20) == (1u << 20));
}
