// predict_all (apps/predict_rows.hpp), the path of `mlctl predict`: a one-row input allocates
// little beyond the model (issue #16). Measured by glibc's own statistics (mallinfo2: bytes in
// use in the arenas plus mmapped chunks) while the reader, the encoder, the predictor and their
// buffers are all alive, each time output reaches the sink. Reading a 100-byte file into two
// blocks of 1 MiB, as the reader did, is over 2 MiB of growth.

#include <malloc.h>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include <doctest/doctest.h>

#include "apps/model_reading.hpp"
#include "apps/predict_rows.hpp"
#include "apps/progress.hpp"
#include "csv/csv_test_support.hpp"
#include "model/predictor.hpp"
#include "table/table_test_support.hpp"
#include "training/trainer.hpp"

namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
// A sanitizer's allocator takes the place of glibc's, whose statistics then stay still.
constexpr bool kGlibcAllocator = false;
#else
constexpr bool kGlibcAllocator = true;
#endif

std::size_t heap_in_use() {
  const struct mallinfo2 info = ::mallinfo2();
  return info.uordblks + info.hblkhd;
}

constexpr std::size_t kMostGrowth = 256u << 10;

}  // namespace

TEST_CASE("predict_all: a one-row predict allocates under 256 KiB beyond the model") {
  if (!kGlibcAllocator) return;
  const auto table = mlctl::table::testing::dataset("titanic.csv");
  mlctl::training::Recipe recipe;
  recipe.target = "survived";
  mlctl::training::TrainReport report;
  const mlctl::model::Model m = mlctl::training::train(table, recipe, report);
  const mlctl::csv::testing::TempFile one_row(
      "\"name\",\"sex\",\"age\",\"passengerClass\"\n"
      "\"Allen, Miss. Elisabeth Walton\",\"female\",29,\"1st\"\n");
  // The class the model gives the row, by name (model::Predictor): what the line must say.
  const std::map<std::string, std::string, std::less<>> fields{
      {"name", "Allen, Miss. Elisabeth Walton"},
      {"sex", "female"},
      {"age", "29"},
      {"passengerClass", "1st"}};
  const std::string expected = mlctl::model::Predictor(m).predict(fields).label + "\n";
  CHECK(expected == "yes\n");

  for (const unsigned threads : {1u, 2u}) {
    CAPTURE(threads);
    std::string out;
    out.reserve(1024);
    const std::size_t before = heap_in_use();
    std::size_t peak = before;
    {
      mlctl::csv::Reader reader(one_row.path(),
                                mlctl::cli::model_reader_options({}, m, /*quiet=*/true));
      const mlctl::pipeline::RowEncoder encoder(m.pipeline, reader.header(), reader.display_name());
      const mlctl::cli::RowPredictor predictor(m, encoder, {});
      mlctl::pipeline::EncodingCounters counters = encoder.new_counters();
      mlctl::cli::Progress progress("predicting", /*quiet=*/true);
      mlctl::cli::predict_all(
          predictor, reader, threads,
          [&](std::string_view chunk) {
            peak = std::max(peak, heap_in_use());
            out.append(chunk);
          },
          counters, progress);
      peak = std::max(peak, heap_in_use());
      CHECK(counters.rows == 1);
    }
    CHECK(out == expected);
    CHECK(peak - before < kMostGrowth);
  }
}
