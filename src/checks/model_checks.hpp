#pragma once
// New data against the data a model was trained on: the columns the model reads (its features
// and its target, when present) compared with the per-column statistics stored in the model
// (src/training/training_stats.hpp) and the categories its pipeline knows.

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "checks/cell.hpp"
#include "checks/column_profile.hpp"
#include "checks/finding.hpp"
#include "model/model.hpp"

namespace mlctl::checks {

struct LintOptions;

class ModelChecks {
 public:
  // Reports required feature columns absent from `header` as missing-column errors.
  ModelChecks(const model::Model& model, const std::vector<std::string>& header);
  void add(std::span<const Cell> row, std::uint64_t line);
  void findings(const LintOptions& options, std::vector<Finding>& out) const;

 private:
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Index = std::unordered_map<std::string, std::size_t, TextHash, std::equal_to<>>;

  struct Column {
    std::string name;
    std::size_t field = 0;  // position in the record
    bool numeric = true;    // as trained
    double training_missing_share = 0.0;
    std::uint64_t rows = 0;
    std::uint64_t missing = 0;
    // numeric
    std::vector<double> edges, reference_bins;
    std::vector<double> bins;
    double min = 0.0, max = 0.0;
    bool has_range = false;
    std::uint64_t numbers = 0;
    Examples out_of_range;
    Examples not_numbers;
    // categorical
    Index reference_index;                 // category -> slot in reference_shares
    std::vector<double> reference_shares;  // last slot: every other category
    std::vector<double> shares;
    bool has_reference = false;
    Index known;  // categories the model can encode (features) or the classes (target)
    bool check_unseen = false;
    std::uint64_t values = 0;
    Examples unseen;
  };

  std::vector<Column> columns_;
  std::vector<Finding> missing_columns_;
};

}  // namespace mlctl::checks
