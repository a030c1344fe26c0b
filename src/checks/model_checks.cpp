#include "checks/model_checks.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "checks/drift.hpp"
#include "checks/finding.hpp"
#include "checks/lint.hpp"

namespace mlctl::checks {
namespace {

// Called once a figure reached its warning threshold.
Severity level(double figure, double error) {
  return figure >= error ? Severity::error : Severity::warning;
}

}  // namespace

ModelChecks::ModelChecks(const model::Model& m, const std::vector<std::string>& header) {
  auto field_of = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  struct Wanted {
    std::string name;
    const pipeline::Feature* feature;
  };
  std::vector<Wanted> wanted;
  for (const auto& f : m.pipeline.features()) wanted.push_back({f.name, &f});
  const bool target_is_feature = std::any_of(wanted.begin(), wanted.end(),
                                             [&](const Wanted& w) { return w.name == m.target; });
  if (!m.target.empty() && !target_is_feature) wanted.push_back({m.target, nullptr});

  for (const auto& w : wanted) {
    const std::size_t field = field_of(w.name);
    if (field == header.size()) {
      if (w.feature != nullptr) {
        missing_columns_.push_back(
            {"missing-column", Severity::error, w.name, 0.0,
             fmt::format("the model needs column \"{}\", which the data does not have", w.name),
             1});
      }
      continue;
    }
    Column c;
    c.name = w.name;
    c.field = field;
    const model::ColumnStats* stats = m.training_stats.find(w.name);
    if (w.feature != nullptr) {
      c.numeric = w.feature->type == table::ColumnType::numeric;
    } else if (stats != nullptr) {
      c.numeric = stats->type == table::ColumnType::numeric;
    } else {
      c.numeric = !m.is_classifier();
    }
    if (stats != nullptr) {
      const auto count = static_cast<double>(stats->count);
      const auto missing = static_cast<double>(stats->missing);
      if (count + missing > 0) c.training_missing_share = missing / (count + missing);
    }
    if (c.numeric) {
      if (stats != nullptr && stats->numeric) {
        c.min = stats->numeric->min;
        c.max = stats->numeric->max;
        c.has_range = true;
        c.edges = stats->numeric->bin_edges;
        c.reference_bins = stats->numeric->bin_shares;
        if (c.reference_bins.size() != c.edges.size() + 1) c.reference_bins.clear();
      }
      c.bins.assign(c.reference_bins.size(), 0.0);
    } else {
      if (stats != nullptr && stats->categorical) {
        for (const auto& [value, share] : stats->categorical->shares) {
          c.reference_index.emplace(value, c.reference_shares.size());
          c.reference_shares.push_back(share);
        }
        c.reference_shares.push_back(stats->categorical->other_share);
        c.has_reference = true;
      }
      c.shares.assign(c.reference_shares.size(), 0.0);
      if (w.feature != nullptr) {
        for (const auto& category : w.feature->categories) c.known.emplace(category, 0);
        for (const auto& level : w.feature->infrequent) c.known.emplace(level, 0);
        c.check_unseen = !w.feature->hash;  // hashing keeps no vocabulary: nothing is unseen
      } else if (m.is_classifier()) {
        for (const auto& cls : m.classes) c.known.emplace(cls, 0);
        c.check_unseen = true;
      }
    }
    columns_.push_back(std::move(c));
  }
}

void ModelChecks::add(std::span<const Cell> row, std::uint64_t line) {
  for (auto& c : columns_) {
    const Cell& cell = row[c.field];
    ++c.rows;
    if (cell.missing) {
      ++c.missing;
      continue;
    }
    if (c.numeric) {
      if (!cell.number) {
        c.not_numbers.add(cell.text, line);
        continue;
      }
      const double v = *cell.number;
      ++c.numbers;
      if (c.has_range && (v < c.min || v > c.max)) c.out_of_range.add(cell.text, line);
      if (!c.bins.empty()) c.bins[bin_of(c.edges, v)] += 1.0;
      continue;
    }
    ++c.values;
    if (c.check_unseen && !c.known.contains(cell.text)) c.unseen.add(cell.text, line);
    if (c.has_reference) {
      const auto it = c.reference_index.find(cell.text);
      c.shares[it == c.reference_index.end() ? c.shares.size() - 1 : it->second] += 1.0;
    }
  }
}

void ModelChecks::findings(const LintOptions& options, std::vector<Finding>& out) const {
  out.insert(out.end(), missing_columns_.begin(), missing_columns_.end());
  for (const auto& c : columns_) {
    if (c.rows == 0) continue;
    if (c.not_numbers.count > 0) {
      out.push_back({"type-mismatch", Severity::error, c.name,
                     static_cast<double>(c.not_numbers.count),
                     fmt::format("numeric in training, but {} values are not numbers: {}",
                                 c.not_numbers.count, c.not_numbers.list()),
                     c.not_numbers.first_line});
    }
    const double missing_share = static_cast<double>(c.missing) / static_cast<double>(c.rows);
    if (missing_share - c.training_missing_share >= options.missing_increase) {
      out.push_back({"missing-increase", Severity::warning, c.name, missing_share,
                     fmt::format("missing values rose from {} in training to {}",
                                 percent(c.training_missing_share), percent(missing_share)),
                     0});
    }
    if (c.numeric && c.numbers > 0) {
      const auto n = static_cast<double>(c.numbers);
      if (c.out_of_range.count > 0) {
        const double share = static_cast<double>(c.out_of_range.count) / n;
        out.push_back({"out-of-range",
                       share >= options.range_warning ? Severity::warning : Severity::info, c.name,
                       share,
                       // 6 significant digits: data/titanic.csv itself holds the float32
                       // artefact "0.666700006", which no reader wants to see as a bound.
                       fmt::format("{} of {} values ({}) lie outside the training range "
                                   "[{:.6g}, {:.6g}]: {}",
                                   c.out_of_range.count, c.numbers, percent(share), c.min, c.max,
                                   c.out_of_range.list()),
                       c.out_of_range.first_line});
      }
      if (!c.bins.empty()) {
        std::vector<double> actual = c.bins;
        for (auto& a : actual) a /= n;
        const double figure = psi(c.reference_bins, actual);
        if (figure >= options.psi_warning) {
          out.push_back({"psi-drift", level(figure, options.psi_error), c.name, figure,
                         fmt::format("PSI {:.3f} against the training deciles (warning at {}, "
                                     "error at {})",
                                     figure, options.psi_warning, options.psi_error),
                         0});
        }
      }
    }
    if (!c.numeric && c.values > 0) {
      if (c.unseen.count > 0) {
        const double share = static_cast<double>(c.unseen.count) / static_cast<double>(c.values);
        out.push_back({"unseen-category",
                       share >= options.unseen_warning ? Severity::warning : Severity::info, c.name,
                       share,
                       fmt::format("{} of {} values ({}) are categories the model never saw: {}",
                                   c.unseen.count, c.values, percent(share), c.unseen.list()),
                       c.unseen.first_line});
      }
      if (c.has_reference) {
        const double figure = js_divergence(c.reference_shares, c.shares);
        if (figure >= options.js_warning) {
          out.push_back({"js-drift", level(figure, options.js_error), c.name, figure,
                         fmt::format("Jensen-Shannon divergence {:.3f} (log base 2) against the "
                                     "training categories (warning at {}, error at {})",
                                     figure, options.js_warning, options.js_error),
                         0});
        }
      }
    }
  }
}

}  // namespace mlctl::checks
