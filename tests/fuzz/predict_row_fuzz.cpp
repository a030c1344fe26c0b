// predict's row path with a valid model (MLCTL_FUZZ_MODEL, a small logistic model with numeric
// and one-hot features) on fuzzed records: the fuzzed bytes are the data rows under the model's
// own header, read by csv::Reader and encoded by pipeline::RowEncoder as `mlctl predict` does,
// and each record's fields also go through model::Predictor, the embedding API.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "csv/reader.hpp"
#include "fuzz_support.hpp"
#include "model/model_file.hpp"
#include "model/predictor.hpp"
#include "pipeline/row_encoder.hpp"
#include "solvers/linear_model.hpp"

namespace {

const mlctl::model::Model& fuzz_model() {
  static const mlctl::model::Model model = mlctl::model::load(MLCTL_FUZZ_MODEL);
  return model;
}

void check_probabilities(const std::vector<double>& proba) {
  double sum = 0;
  for (const double p : proba) {
    if (!(p >= 0 && p <= 1)) std::abort();
    sum += p;
  }
  if (std::abs(sum - 1) > 1e-9) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& model = fuzz_model();
  std::string csv;
  for (const auto& f : model.pipeline.features()) csv += (csv.empty() ? "" : ",") + f.name;
  csv += '\n';
  csv.append(reinterpret_cast<const char*>(data), size);
  mlctl::fuzz::MemFile file(csv);

  mlctl::fuzz::refuse_cleanly([&] {
    mlctl::csv::Reader reader(file.path());
    mlctl::pipeline::RowEncoder encoder(model.pipeline, reader.header(), reader.display_name());
    const mlctl::model::Predictor predictor(model, {"?"});
    std::vector<double> encoded(model.pipeline.width());
    std::vector<double> proba(model.classes.size());
    mlctl::csv::Row row;
    while (reader.next(row)) {
      mlctl::fuzz::refuse_cleanly([&] { (void)predictor.predict(row.fields); });
      encoder.encode(row, reader, encoded);
      for (const double v : encoded) {
        if (!std::isfinite(v)) std::abort();
      }
      mlctl::solvers::proba_row(model.linear, encoded, proba);
      check_probabilities(proba);
    }
  });
  return 0;
}
