#pragma once
// lint-data's core: streams a CSV once and checks the data on its own (duplicates, constant,
// identifier-like, mostly-missing and mixed-type columns; with a target: missing labels, class
// imbalance, target leakage) and, given a model, against the data the model was trained on
// (missing or retyped columns, unseen categories, out-of-range values, missing-rate increase,
// PSI and Jensen-Shannon drift). docs/lint-data.md documents every rule and threshold.
//
// Memory does not grow with the row count beyond bounded sketches: a 64-bit hash per row for
// duplicates (up to LintOptions::duplicate_rows_cap rows), a k-minimum-values distinct sketch per
// column, and a fixed-size reservoir sample of rows for the leakage checks.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "checks/finding.hpp"
#include "csv/reader.hpp"
#include "model/model.hpp"

namespace mlctl::checks {

struct LintOptions {
  std::string target;                          // --target (optional)
  double missing_threshold = 0.5;              // --max-missing: share of missing values to flag
  double psi_warning = 0.1, psi_error = 0.25;  // --psi-warn / --psi-fail
  // Jensen-Shannon divergence with log base 2 (in [0, 1]), the quantity TFDV's
  // jensen_shannon_divergence threshold compares.
  double js_warning = 0.1, js_error = 0.2;      // --js-warn / --js-fail
  double unseen_warning = 0.01;                 // --unseen-warn: share of unseen categories
  double range_warning = 0.01;                  // --range-warn: share outside the training range
  double missing_increase = 0.1;                // --missing-increase: rise of the missing share
  double minority_share = 0.1;                  // --min-class-share: class imbalance below this
  double leakage_threshold = 0.98;              // --leakage: score at which a feature leaks
  std::uint64_t duplicate_rows_cap = 1u << 22;  // row hashes kept for duplicates (64 MB)
  std::size_t leakage_sample_rows = 10'000;     // reservoir sample for the leakage checks
};

struct LintReport {
  std::string source;
  std::uint64_t rows = 0;
  std::vector<Finding> findings;  // sorted: errors first, then warnings, then info
  std::size_t count(Severity severity) const;
  // True when some finding is at `level` or worse.
  bool fails(Severity level) const;
};

// Streams `reader` once; `model` may be null (data-only checks). A record with another field
// count than the header is a "ragged-row" finding (the first 20 one each, then one counting
// the rest) and is left out of the other checks. Throws Error(usage) when options.target names
// no column, Error(data)/Error(io) when the reader fails. `progress`, when
// set, is called every few thousand rows (the caller shows how far it got). With `threads` > 1
// the records are read and hashed in blocks on that many threads (csv/block_reader.hpp), and
// checked in input order: the same report.
LintReport lint(csv::Reader& reader, const model::Model* model, const LintOptions& options,
                const std::function<void(const csv::ReadProgress&)>& progress = {},
                unsigned threads = 1);

// The report for an input that has no header at all (a zero-byte file): one error finding.
LintReport empty_file_report(const std::string& source);

}  // namespace mlctl::checks
