#include "model/model.hpp"

#include <cmath>

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/hash.hpp"

namespace mlctl::model {

const char* to_string(Algorithm algorithm) {
  return algorithm == Algorithm::ridge ? "ridge" : "logistic";
}

Algorithm parse_algorithm(std::string_view text) {
  if (text == "ridge") return Algorithm::ridge;
  if (text == "logistic") return Algorithm::logistic;
  throw Error(ErrorKind::usage, fmt::format("unknown algorithm \"{}\" (ridge, logistic)", text));
}

DataFingerprint fingerprint_of(const table::Table& table) {
  return {.source = table.source,
          .bytes = table.input_bytes,
          .rows = table.rows(),
          .hash = table.input_hash,
          .process_rows = {}};
}

nlohmann::ordered_json to_json(const DataFingerprint& data) {
  nlohmann::ordered_json j = {{"source", data.source},
                              {"rows", data.rows},
                              {"bytes", data.bytes},
                              {"xxh3", to_hex64(data.hash)}};
  if (!data.process_rows.empty()) j["process_rows"] = data.process_rows;
  return j;
}

nlohmann::ordered_json to_json(const Ancestor& ancestor) {
  return {{"id", ancestor.id},
          {"parent_id", ancestor.parent_id},
          {"created", ancestor.created},
          {"forced", ancestor.forced},
          {"data", to_json(ancestor.data)}};
}

double conformal_half_width(const Model& model, double coverage) {
  if (!(coverage > 0.0 && coverage < 1.0)) {
    throw Error(ErrorKind::usage,
                fmt::format("--interval must be between 0 and 1 (exclusive), got {}", coverage));
  }
  if (model.algorithm != Algorithm::ridge) {
    throw Error(ErrorKind::usage,
                "--interval needs a regression (ridge) model; for a classifier use --proba");
  }
  if (model.residuals.empty()) {
    throw Error(ErrorKind::usage,
                "this model has no held-out residuals for intervals (a ridge model trained with "
                "--holdout > 0 or --cv has them)");
  }
  const auto n = static_cast<double>(model.residual_count);
  const double rank = std::ceil((n + 1.0) * coverage);  // 1-based order statistic
  if (rank > n) {
    // Not a usage error: the flag is valid, this model has too few residuals for it. Say how
    // many it needs (the least n with ceil((n + 1) c) <= n) and the most it supports.
    auto fits = [coverage](double count) { return std::ceil((count + 1.0) * coverage) <= count; };
    double needed = std::max(n + 1.0, std::ceil(coverage / (1.0 - coverage) - 1e-9));
    while (needed > n + 1.0 && fits(needed - 1.0)) needed -= 1.0;
    while (!fits(needed)) needed += 1.0;
    double most = std::floor(n / (n + 1.0) * 1000.0 + 1e-9) / 1000.0;
    while (most > 0.0 && std::ceil((n + 1.0) * most) > n) most -= 0.001;
    throw Error(
        ErrorKind::data,
        fmt::format("--interval {} needs at least {} held-out residuals; this model has {} "
                    "(--interval {:g} at most)",
                    coverage, static_cast<std::uint64_t>(needed), model.residual_count, most));
  }
  // residuals[] holds evenly spaced order statistics 1..n; map the rank onto them.
  const auto stored = static_cast<double>(model.residuals.size());
  const double position = (rank - 1.0) * (stored - 1.0) / std::max(1.0, n - 1.0);
  return model.residuals[static_cast<std::size_t>(std::ceil(position - 1e-9))];
}

}  // namespace mlctl::model
