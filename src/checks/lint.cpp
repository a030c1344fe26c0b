#include "checks/lint.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <span>
#include <unordered_map>

#include <fmt/format.h>

#include "checks/cell.hpp"
#include "checks/column_profile.hpp"
#include "checks/leakage.hpp"
#include "checks/model_checks.hpp"
#include "checks/pending_values.hpp"
#include "checks/row_block.hpp"
#include "checks/sketches.hpp"
#include "common/error.hpp"
#include "common/near_match.hpp"
#include "common/plural.hpp"
#include "csv/block_reader.hpp"
#include "csv/reopen.hpp"

namespace mlctl::checks {
namespace {

// A target is read as classes when it has text values, or at most this many distinct integers.
constexpr std::uint64_t kMaxIntegerClasses = 20;
// Class counts kept for the imbalance check; a target with more distinct values is not classes.
constexpr std::size_t kMaxClasses = 1000;
// train's default limit on classes, and its integer-target warning (training/target_checks.cpp).
constexpr std::size_t kTrainMaxClasses = 100;
constexpr std::size_t kTrainRowsPerClass = 5;
constexpr std::size_t kTrainClassesAlwaysAllowed = 10;
constexpr std::uint64_t kRowsPerIntegerClass = 10;

// Ragged rows listed one finding each; the rest are counted in one more finding.
constexpr std::size_t kMaxRaggedListed = 20;

struct ClassCounts {
  std::unordered_map<std::string, std::uint64_t> counts;
  bool overflow = false;
  void add(std::string_view value) {
    if (overflow) return;
    auto it = counts.find(std::string(value));
    if (it != counts.end()) {
      ++it->second;
    } else if (counts.size() < kMaxClasses) {
      counts.emplace(std::string(value), 1);
    } else {
      overflow = true;
    }
  }
};

bool is_classification(const ColumnProfile& target, const ClassCounts& classes,
                       const model::Model* m) {
  if (m != nullptr && !m->target.empty() && m->target == target.name) return m->is_classifier();
  if (target.texts.count > 0) return !classes.overflow;
  return target.all_integers && target.distinct.exact() &&
         target.distinct.estimate() <= static_cast<double>(kMaxIntegerClasses);
}

void class_findings(const ColumnProfile& target, const ClassCounts& classes,
                    const LintOptions& options, std::vector<Finding>& out) {
  if (classes.overflow || classes.counts.size() < 2) return;
  std::uint64_t total = 0;
  const std::pair<const std::string, std::uint64_t>* rarest = nullptr;
  for (const auto& entry : classes.counts) {
    total += entry.second;
    if (rarest == nullptr || entry.second < rarest->second ||
        (entry.second == rarest->second && entry.first < rarest->first)) {
      rarest = &entry;
    }
  }
  const double share = static_cast<double>(rarest->second) / static_cast<double>(total);
  if (share < options.minority_share) {
    out.push_back({"class-imbalance", Severity::warning, target.name, share,
                   fmt::format("the rarest class \"{}\" is {:.1f}% of labelled rows ({} of {}; "
                               "--min-class-share {})",
                               excerpt(rarest->first), share * 100.0, rarest->second, total,
                               options.minority_share),
                   0});
  }
}

// What train refuses or warns about in a target (training/target_checks.hpp): numbers with a
// few non-numbers, more classes than its default limit, a few integers fitted as numbers.
// True when the target is numbers with a few strays: then its "classes" are not classes.
bool target_value_findings(const ColumnProfile& target, const ClassCounts& classes,
                           const model::Model* m, bool classification, std::vector<Finding>& out) {
  const bool model_classifies = m != nullptr && m->target == target.name && m->is_classifier();
  if (target.few_non_numbers() && !model_classifies) {
    out.push_back(
        {"target-non-numbers", Severity::error, target.name,
         static_cast<double>(target.texts.count),
         fmt::format("the target holds {} numbers and {} {} not: {}; train refuses it: {}",
                     target.numbers, target.texts.count,
                     target.texts.count == 1 ? "value that is" : "values that are",
                     target.texts.list(), na_advice(target)),
         target.texts.first_line});
    return true;
  }
  // A text target is classes to train, even past the class counts kept here.
  const bool as_classes = classification || (m == nullptr && target.texts.count > 0);
  if (as_classes && (classes.overflow || classes.counts.size() > kTrainMaxClasses ||
                     (classes.counts.size() > kTrainClassesAlwaysAllowed &&
                      classes.counts.size() * kTrainRowsPerClass > target.present()))) {
    const std::string count = classes.overflow ? fmt::format("more than {}", kMaxClasses)
                                               : fmt::format("{}", classes.counts.size());
    out.push_back({"too-many-classes", Severity::warning, target.name,
                   static_cast<double>(classes.overflow ? kMaxClasses + 1 : classes.counts.size()),
                   fmt::format("{} classes in {} labelled rows: without --max-classes, train "
                               "refuses more than {}, and beyond {} more than one per {} rows",
                               count, target.present(), kTrainMaxClasses,
                               kTrainClassesAlwaysAllowed, kTrainRowsPerClass),
                   0});
    return false;
  }
  if (m == nullptr && target.numeric() && target.all_integers && target.distinct.exact()) {
    const auto distinct = static_cast<std::uint64_t>(target.distinct.estimate());
    if (distinct >= 3 && distinct <= kMaxIntegerClasses &&
        distinct * kRowsPerIntegerClass <= target.present()) {
      out.push_back({"integer-target", Severity::info, target.name, static_cast<double>(distinct),
                     fmt::format("the target holds only {} distinct integers ({} to {}): train "
                                 "fits them as numbers (ridge) unless --algorithm logistic",
                                 distinct, target.min, target.max),
                     0});
    }
  }
  return false;
}

void check_options(const LintOptions& o) {
  auto share = [](double v, const char* flag) {
    if (!(v >= 0.0 && v <= 1.0)) {
      throw Error(ErrorKind::usage, fmt::format("{} must be in [0, 1], got {}", flag, v));
    }
  };
  share(o.missing_threshold, "--max-missing");
  share(o.js_warning, "--js-warn");
  share(o.js_error, "--js-fail");
  share(o.unseen_warning, "--unseen-warn");
  share(o.range_warning, "--range-warn");
  share(o.missing_increase, "--missing-increase");
  share(o.minority_share, "--min-class-share");
  share(o.leakage_threshold, "--leakage");
  if (!(o.psi_warning >= 0.0) || !std::isfinite(o.psi_warning)) {
    throw Error(ErrorKind::usage, fmt::format("--psi-warn must be >= 0, got {}", o.psi_warning));
  }
  if (!(o.psi_error >= o.psi_warning) || !std::isfinite(o.psi_error)) {
    throw Error(ErrorKind::usage, fmt::format("--psi-fail must be >= --psi-warn ({}), got {}",
                                              o.psi_warning, o.psi_error));
  }
  if (!(o.js_error >= o.js_warning)) {
    throw Error(ErrorKind::usage, fmt::format("--js-fail must be >= --js-warn ({}), got {}",
                                              o.js_warning, o.js_error));
  }
}

void sort_findings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return static_cast<int>(a.severity) > static_cast<int>(b.severity);
  });
}

}  // namespace

std::size_t LintReport::count(Severity severity) const {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(),
                    [severity](const Finding& f) { return f.severity == severity; }));
}

bool LintReport::fails(Severity level) const {
  return std::any_of(findings.begin(), findings.end(), [level](const Finding& f) {
    return static_cast<int>(f.severity) >= static_cast<int>(level);
  });
}

LintReport empty_file_report(const std::string& source) {
  LintReport report;
  report.source = source;
  report.findings.push_back(
      {"empty-file", Severity::error, "", 0.0, "the file is empty: no header, no rows", 0});
  return report;
}

namespace {

// Rows whose field count differs from the header's: findings, not the end of the read. The
// first kMaxRaggedListed are listed one by one; one more finding counts the rest.
class RaggedRows {
 public:
  explicit RaggedRows(std::size_t width) : width_(width) {}

  void add(std::uint64_t line, std::size_t fields) {
    ++rows_;
    if (listed_.size() < kMaxRaggedListed) {
      listed_.push_back(
          {"ragged-row", Severity::error, "", static_cast<double>(fields),
           fmt::format("expected {} fields (as in the header), found {}", width_, fields), line});
    } else if (first_unlisted_line_ == 0) {
      first_unlisted_line_ = line;
    }
  }

  void findings(std::vector<Finding>& out) const {
    out.insert(out.end(), listed_.begin(), listed_.end());
    if (rows_ <= listed_.size()) return;
    const std::uint64_t more = rows_ - listed_.size();
    out.push_back({"ragged-row", Severity::error, "", static_cast<double>(more),
                   fmt::format("{} more {} another field count than the header ({} in all, the "
                               "first {} listed)",
                               more, more == 1 ? "row has" : "rows have", rows_, listed_.size()),
                   first_unlisted_line_});
  }

 private:
  std::size_t width_;
  std::vector<Finding> listed_;
  std::uint64_t rows_ = 0;
  std::uint64_t first_unlisted_line_ = 0;
};

// Rows that repeat an earlier row exactly, compared by hash with the first rows only.
class DuplicateRows {
 public:
  explicit DuplicateRows(std::size_t cap) : hashes_(cap), cap_(cap) {}

  // Room for the rows the input is expected to hold (the table stays within the cap).
  void reserve(std::uint64_t rows) { hashes_.reserve(rows); }

  void add(std::uint64_t key, std::uint64_t line) {
    if (!hashes_.seen_before(key)) return;
    if (count_ == 0) first_line_ = line;
    ++count_;
  }

  void findings(std::vector<Finding>& out) const {
    if (count_ == 0) return;
    out.push_back(
        {"duplicate-rows", Severity::warning, "", static_cast<double>(count_),
         fmt::format(
             "{} an earlier row exactly{}",
             count_ == 1 ? std::string("1 row repeats") : count_of(count_, "row") + " repeat",
             hashes_.full() ? fmt::format(" (rows are compared with the first {} rows only)", cap_)
                            : ""),
         first_line_});
  }

 private:
  SeenHashes hashes_;
  std::size_t cap_;
  std::uint64_t count_ = 0;
  std::uint64_t first_line_ = 0;
};

// The index of --target in the header; the header's width when no target was asked for.
std::size_t target_index(const csv::Reader& reader, const std::string& target) {
  const auto& header = reader.header();
  if (target.empty()) return header.size();
  const auto at =
      static_cast<std::size_t>(std::find(header.begin(), header.end(), target) - header.begin());
  if (at == header.size()) {
    throw Error(
        ErrorKind::usage,
        fmt::format("--target: no column named \"{}\"{}", target, did_you_mean(target, header)),
        {reader.display_name(), 1});
  }
  return at;
}

// Everything lint-data learns in its one pass over the rows.
struct RowChecks {
  std::vector<ColumnProfile> profiles;
  std::optional<ModelChecks> against;
  DuplicateRows duplicates;
  RaggedRows ragged;
  std::optional<LeakageSample> sample;  // with a target only
  ClassCounts classes;
  std::uint64_t rows = 0;
  std::vector<csv::BlockExtent> extents;  // where the read in blocks cut the input

  RowChecks(const csv::Reader& reader, const model::Model* model, const LintOptions& options,
            std::size_t target)
      : profiles(reader.header().size()),
        duplicates(options.duplicate_rows_cap),
        ragged(reader.header().size()) {
    const auto& header = reader.header();
    for (std::size_t j = 0; j < header.size(); ++j) profiles[j].name = header[j];
    if (!csv::can_reopen(reader)) {
      const auto spool = std::make_shared<Spool>();
      for (auto& p : profiles) p.keep_text(spool);
    }
    if (model != nullptr) against.emplace(*model, header);
    if (target < header.size()) {
      sample.emplace(header.size(), leakage_capacity(options.leakage_sample_rows, header.size()));
    }
  }

  // One record's checks, in input order.
  void check(std::span<const Cell> cells, std::uint64_t line, std::uint64_t key,
             std::size_t target) {
    check_but_duplicates(cells, line, target);
    duplicates.add(key, line);
  }

  void check_but_duplicates(std::span<const Cell> cells, std::uint64_t line, std::size_t target) {
    ++rows;
    for (std::size_t j = 0; j < cells.size(); ++j) profiles[j].add(cells[j], line);
    if (against) against->add(cells, line);
    if (sample) {
      sample->add(cells);
      if (!cells[target].missing) classes.add(cells[target].text);
    }
  }

  void read(csv::Reader& reader, std::size_t target, unsigned threads,
            const std::function<void(const csv::ReadProgress&)>& report) {
    // After the first rows, the duplicate table sized for the rows the input's size suggests
    // (its doublings were 6% of the joining thread's time on a 1M-row file).
    bool reserved = false;
    const auto progress = [&](const csv::ReadProgress& read) {
      if (const auto expected = reserved ? std::nullopt : csv::estimated_rows(read)) {
        reserved = true;
        duplicates.reserve(*expected);
      }
      if (report) report(read);
    };
    if (threads > 1) {
      read_blocks(reader, target, threads, progress);
    } else {
      reader.skip_ragged_records(
          [this](std::uint64_t line, std::size_t fields) { ragged.add(line, fields); });
      std::vector<Cell> cells(profiles.size());
      std::string buffer;
      csv::Row row;
      while (reader.next(row)) {
        read_cells(row, reader, cells);
        check(cells, row.line, row_key(cells, buffer), target);
        if (rows % csv::kProgressEveryRows == 0) progress(reader.progress());
      }
    }
    count_pending(reader, profiles, threads, extents);
  }

  // The cells made on worker threads, block by block (checks/row_block.hpp).
  void read_blocks(csv::Reader& reader, std::size_t target, unsigned threads,
                   const std::function<void(const csv::ReadProgress&)>& progress) {
    RowBlockPool pool;
    csv::read_blocks<RowBlock>(
        reader, threads,
        [&](csv::Reader& block) {
          RowBlock out = pool.take();
          read_row_block(block, out);
          return out;
        },
        [&](RowBlock&& block) {
          for (const auto& [line, fields] : block.ragged) ragged.add(line, fields);
          for (std::size_t r = 0; r < block.rows(); ++r) {
            check_but_duplicates(
                std::span<const Cell>(block.cells).subspan(r * block.width, block.width),
                block.lines[r], target);
          }
          // The block's row hashes in a loop of their own: each look in the table (larger
          // than the caches) is a miss, and between the rows' other checks one waited for
          // the next; here they overlap. Over a quarter of the time of a 1M-row file.
          for (std::size_t r = 0; r < block.rows(); ++r)
            duplicates.add(block.keys[r], block.lines[r]);
          pool.give(std::move(block));
        },
        progress, &extents);
  }
};

// The target's own findings: missing labels, stray values, class balance, leaking features.
void target_findings(const RowChecks& checks, std::size_t target, const model::Model* model,
                     const LintOptions& options, std::vector<Finding>& out) {
  const ColumnProfile& t = checks.profiles[target];
  if (t.missing > 0) {
    out.push_back({"target-missing", Severity::warning, t.name, static_cast<double>(t.missing),
                   fmt::format("{} no value for the target (training drops them)",
                               t.missing == 1 ? std::string("1 row has")
                                              : count_of(t.missing, "row") + " have"),
                   t.first_missing_line});
  }
  const bool classification = is_classification(t, checks.classes, model);
  const bool stray_texts = target_value_findings(t, checks.classes, model, classification, out);
  if (classification && !stray_texts) class_findings(t, checks.classes, options, out);
  leakage_findings(*checks.sample, checks.profiles, target, classification,
                   options.leakage_threshold, out);
}

}  // namespace

LintReport lint(csv::Reader& reader, const model::Model* model, const LintOptions& options,
                const std::function<void(const csv::ReadProgress&)>& progress, unsigned threads) {
  check_options(options);
  const std::size_t width = reader.header().size();
  const std::size_t target = target_index(reader, options.target);
  RowChecks checks(reader, model, options, target);
  checks.read(reader, target, threads, progress);

  LintReport report;
  report.source = reader.display_name();
  report.rows = checks.rows;
  auto& out = report.findings;
  checks.ragged.findings(out);
  if (checks.rows == 0) {
    out.push_back(
        {"no-rows", Severity::error, "", 0.0, "the file has a header but no data rows", 0});
  }
  checks.duplicates.findings(out);
  for (std::size_t j = 0; j < width; ++j) {
    column_findings(checks.profiles[j], checks.rows, j == target, options, out);
  }
  if (target < width && checks.rows > 0) target_findings(checks, target, model, options, out);
  if (checks.against) checks.against->findings(options, out);
  sort_findings(out);
  return report;
}

}  // namespace mlctl::checks
