#pragma once
// A trained model: everything `predict`, `describe`, `lint-data` and `retrain` need, and
// exactly what the model file holds (src/model/model_file.hpp reads and writes it).

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/metadata.hpp"
#include "model/read_settings.hpp"
#include "pipeline/feature_pipeline.hpp"
#include "solvers/linear_model.hpp"
#include "table/table.hpp"

namespace mlctl::model {

const char* to_string(Algorithm algorithm);
Algorithm parse_algorithm(std::string_view text);  // throws Error(usage)

// The training data's fingerprint: enough to tell whether two models saw the same bytes.
struct DataFingerprint {
  std::string source;  // the file name as given ("<stdin>" for stdin)
  std::uint64_t bytes = 0;
  std::uint64_t rows = 0;  // data rows read (before dropping rows with a missing target)
  std::uint64_t hash = 0;  // xxh3-64 of the input's bytes
  // mlctl-mpi: the data rows each process read, in rank order (their sum is `rows`); `hash` is
  // then the xxh3-64 of each share's (bytes, xxh3-64) in rank order, and `source` names every
  // input. Empty for one process (and then not in the file).
  std::vector<std::uint64_t> process_rows;
};

// A model this one descends from, as it was when it was retrained: enough for `describe` to show
// the chain without the old model files.
struct Ancestor {
  std::string id;
  std::string parent_id;
  std::string created;
  DataFingerprint data;
  bool forced = false;
};

struct Provenance {
  std::string mlctl_version;
  std::string created;    // UTC, ISO 8601; from SOURCE_DATE_EPOCH when set
  std::string id;         // hash of everything that defines the model (not `created`)
  std::string parent_id;  // the model this one was retrained from; empty for a fresh train
  bool forced = false;    // promoted by `retrain --force` despite the gate
  // Every ancestor, oldest first (the last one is the parent); empty for a fresh train. The
  // file omits an empty lineage, so files written before it existed read back unchanged.
  std::vector<Ancestor> lineage;
};

struct Model {
  Algorithm algorithm = Algorithm::ridge;
  double alpha = 1.0;
  std::string target;
  std::vector<std::string> classes;  // logistic: class labels, sorted; class k = index k
  pipeline::FeaturePipeline pipeline;
  solvers::LinearModel linear;
  RecipeRecord recipe;    // the effective training options
  Evaluation evaluation;  // how it was measured, and metrics
  // Ridge: sorted absolute held-out residuals (at most kMaxResiduals order statistics) for
  // split-conformal prediction intervals; `residual_count` is how many residuals they summarise.
  std::vector<double> residuals;
  std::uint64_t residual_count = 0;
  // Up to kMaxEvaluationSample held-out rows, row-major, `evaluation_sample_width` values each:
  // the truth (value or class index), then the prediction (ridge) or the K class probabilities.
  // Empty for a model trained without evaluation or written before the sample existed.
  std::vector<double> evaluation_sample;
  std::size_t evaluation_sample_width = 0;
  DataFingerprint data;
  ReadSettings read_settings;    // how the training data was read: new data is read the same way
  TrainingStats training_stats;  // per-column statistics of the training data
  Provenance provenance;

  bool is_classifier() const { return algorithm == Algorithm::logistic; }
};

inline constexpr std::size_t kMaxResiduals = 2001;
inline constexpr std::size_t kMaxEvaluationSample = 2000;

// The fingerprint of the input `table` was read from.
DataFingerprint fingerprint_of(const table::Table& table);

// The JSON spelling of a fingerprint ({source, rows, bytes, xxh3}) and of a lineage entry, shared
// by the model file, `describe --json` and the audit log; keys in the order describe shows them.
nlohmann::ordered_json to_json(const DataFingerprint& data);
nlohmann::ordered_json to_json(const Ancestor& ancestor);
// The model file reads them back, checking every field (model_file.cpp).

// Half-width of the split-conformal interval with the given coverage (0 < coverage < 1):
// the ceil((n+1) * coverage)-th smallest held-out absolute residual. Throws Error(usage) when
// the model has no residuals or too few for that coverage.
double conformal_half_width(const Model& model, double coverage);

}  // namespace mlctl::model
