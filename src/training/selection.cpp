#include "training/selection.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "common/error.hpp"
#include "training/job_facts.hpp"

namespace mlctl::training {
namespace {

using table::ColumnType;

// The labels some row uses, sorted: a share's labels may include values of rows it does not
// hold (pipeline/category_index.hpp).
std::vector<std::string> used_labels(const table::Column& column) {
  std::vector<bool> used(column.labels.size(), false);
  for (const auto code : column.codes) {
    if (code >= 0) used[static_cast<std::size_t>(code)] = true;
  }
  std::vector<std::string> sorted;
  for (std::size_t code = 0; code < used.size(); ++code) {
    if (used[code]) sorted.push_back(column.labels[code]);
  }
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

// A string column whose values are (almost) all distinct identifies rows (a name, an id): as a
// feature it would one-hot into one column per row and teach the model nothing that transfers.
// Over processes, the distinct values of every share are merged only when their sum (an upper
// bound) passes the threshold.
bool looks_like_identifier(const table::Column& column, distributed::Communicator* processes) {
  if (column.type != ColumnType::categorical) return false;
  const std::uint64_t count = job_sum(processes, column.codes.size() - column.missing_count());
  const auto many = [&](std::uint64_t distinct) {
    return count >= 20 && static_cast<double>(distinct) > 0.9 * static_cast<double>(count);
  };
  const std::uint64_t distinct = job_sum(processes, column.distinct_count());
  if (processes == nullptr || !many(distinct)) return many(distinct);
  return many(job_union(processes, used_labels(column)).size());
}

// Stops at the first value: cheaper than counting every missing one.
bool all_missing(const table::Column& column) {
  const std::size_t n =
      column.type == ColumnType::numeric ? column.numbers.size() : column.codes.size();
  for (std::size_t r = 0; r < n; ++r) {
    if (!column.is_missing(r)) return false;
  }
  return true;
}

// Whether a numeric column holds exactly two distinct values (-0 and 0 are one): each share
// stops at its third, where counting them all would sort a copy of the column.
bool has_two_distinct_values(const table::Column& column, distributed::Communicator* processes) {
  std::vector<double> seen;
  for (const double v : column.numbers) {
    if (std::isnan(v) || std::find(seen.begin(), seen.end(), v) != seen.end()) continue;
    seen.push_back(v == 0.0 ? 0.0 : v);
    if (seen.size() == 3) break;
  }
  std::sort(seen.begin(), seen.end());
  return job_union(processes, std::move(seen)).size() == 2;
}

}  // namespace

model::Algorithm choose_algorithm(const table::Column& target, const Recipe& recipe,
                                  TrainReport& report, distributed::Communicator* processes) {
  if (recipe.algorithm) {
    if (*recipe.algorithm == model::Algorithm::ridge && target.type == ColumnType::categorical) {
      if (target.first_non_number_line == 0) {
        throw Error(ErrorKind::usage,
                    fmt::format("--algorithm ridge needs a numeric target; \"{}\" is declared "
                                "categorical (--categorical)",
                                target.name));
      }
      throw Error(ErrorKind::usage,
                  fmt::format("--algorithm ridge needs a numeric target; \"{}\" holds text "
                              "(e.g. \"{}\")",
                              target.name, target.first_non_number));
    }
    report.algorithm_reason = "chosen with --algorithm";
    return *recipe.algorithm;
  }
  if (target.type == ColumnType::categorical) {
    report.algorithm_reason = fmt::format("target \"{}\" holds {} classes", target.name,
                                          job_union(processes, used_labels(target)).size());
    return model::Algorithm::logistic;
  }
  if (has_two_distinct_values(target, processes)) {
    report.algorithm_reason = fmt::format("target \"{}\" holds 2 distinct values", target.name);
    return model::Algorithm::logistic;
  }
  report.algorithm_reason = fmt::format("target \"{}\" is numeric", target.name);
  return model::Algorithm::ridge;
}

Target prepare_target(const table::Table& table, const table::Column& column,
                      model::Algorithm algorithm, distributed::Communicator* processes) {
  Target t{{},
           table::RowVector<double>(SpillAllocator<double>(table.arena())),
           table::RowVector<std::size_t>(SpillAllocator<std::size_t>(table.arena())),
           table::RowVector<int>(SpillAllocator<int>(table.arena()))};
  const std::size_t n = table.rows();
  t.y.assign(n, std::numeric_limits<double>::quiet_NaN());
  t.rows.reserve(n);
  if (algorithm == model::Algorithm::ridge) {
    for (std::size_t r = 0; r < n; ++r) {
      if (column.is_missing(r)) continue;
      t.y[r] = column.numbers[r];
      t.rows.push_back(r);
    }
    return t;
  }
  // Classes sorted as scikit-learn's np.unique: by number for a numeric target, else by text.
  std::vector<std::size_t> class_of_code;
  if (column.type == ColumnType::numeric) {
    std::set<double> values;
    for (std::size_t r = 0; r < n; ++r) {
      if (!column.is_missing(r)) values.insert(column.numbers[r] == 0.0 ? 0.0 : column.numbers[r]);
    }
    std::map<double, int> index;
    for (const double v : job_union(processes, std::vector<double>(values.begin(), values.end()))) {
      index[v] = static_cast<int>(t.classes.size());
      t.classes.push_back(fmt::format("{}", v));
    }
    for (std::size_t r = 0; r < n; ++r) {
      if (column.is_missing(r)) continue;
      t.y[r] = index.at(column.numbers[r] == 0.0 ? 0.0 : column.numbers[r]);
      t.rows.push_back(r);
    }
  } else {
    const std::vector<std::string> sorted = job_union(processes, used_labels(column));
    t.classes = sorted;
    std::vector<int> index(column.labels.size(), -1);
    for (std::size_t code = 0; code < column.labels.size(); ++code) {
      const auto it = std::lower_bound(sorted.begin(), sorted.end(), column.labels[code]);
      if (it != sorted.end() && *it == column.labels[code]) {
        index[code] = static_cast<int>(it - sorted.begin());
      }
    }
    for (std::size_t r = 0; r < n; ++r) {
      if (column.codes[r] < 0) continue;
      t.y[r] = index[static_cast<std::size_t>(column.codes[r])];
      t.rows.push_back(r);
    }
  }
  t.row_classes.reserve(t.rows.size());
  for (const auto r : t.rows) t.row_classes.push_back(static_cast<int>(t.y[r]));
  return t;
}

std::vector<std::string> choose_features(const table::Table& table, const Recipe& recipe,
                                         TrainReport& report,
                                         distributed::Communicator* processes) {
  const auto listed = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  for (const auto& name : recipe.features) {
    if (name == recipe.target) {
      throw Error(ErrorKind::usage, fmt::format("the target \"{}\" cannot be a feature", name));
    }
    table.column(name);  // throws for an unknown column
  }
  for (const auto& name : recipe.exclude) table.column(name);
  std::vector<std::string> features;
  const bool explicit_list = !recipe.features.empty();
  for (const auto& column : table.columns) {
    const std::string& name = column.name;
    if (name == recipe.target || listed(recipe.exclude, name)) continue;
    if (explicit_list && !listed(recipe.features, name)) continue;
    if (job_all(processes, all_missing(column))) {
      report.excluded.push_back(name);
      report.warnings.push_back(
          fmt::format("column \"{}\" is empty (every value missing): left out", name));
      continue;
    }
    if (!explicit_list && looks_like_identifier(column, processes)) {
      report.excluded.push_back(name);
      report.warnings.push_back(fmt::format(
          "column \"{}\" looks like an identifier ({} distinct values in {} rows): left out; "
          "name it in --features to use it",
          name,
          processes ? job_union(processes, used_labels(column)).size() : column.distinct_count(),
          job_sum(processes, table.rows())));
      continue;
    }
    features.push_back(name);
  }
  if (features.empty()) {
    throw Error(ErrorKind::usage, "no feature columns left to train on", {table.source});
  }
  // Keep the order of --features when given, so the model lists them as the user did.
  if (explicit_list) {
    std::vector<std::string> ordered;
    for (const auto& name : recipe.features) {
      if (listed(features, name)) ordered.push_back(name);
    }
    return ordered;
  }
  return features;
}

}  // namespace mlctl::training
